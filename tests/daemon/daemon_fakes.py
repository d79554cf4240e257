"""Stand-ins for a platform and the NLP pipeline, so the daemon's plumbing is tested alone."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from collector.base import Collector, Page, Quarantined
from collector.http import FetchError, RateLimited, RawResponse
from collector.post import Post
from collector.registry import SourceConfig

APRIL_21 = datetime(2025, 4, 21, 2, 30, tzinfo=UTC)


def make_source(name: str = "fake-source", kind: str = "mastodon", **options: Any) -> SourceConfig:
    return SourceConfig(
        name=name,
        kind=kind,
        base_url="http://127.0.0.1:9",
        interval_seconds=60,
        max_pages=10,
        enabled=True,
        credentials={"token": "FAKE_TOKEN_ENV"},
        options=options,
    )


def raw(body: bytes, status: int = 200) -> RawResponse:
    return RawResponse(
        url="http://127.0.0.1:9/page",
        status_code=status,
        content_type="application/json",
        body=body,
        fetched_at=datetime.now(UTC),
        headers={},
    )


def post(number: int) -> Post:
    return Post(
        platform="mastodon",
        external_id=f"post-{number}",
        created_at=APRIL_21 + timedelta(minutes=number),
        text=f"Bukele ofrece un canje humanitario a Maduro, número {number}",
        lang="es",
    )


class ScriptedCollector(Collector):
    """Pages of `per_page` posts numbered after the cursor's `last`; then what `script` says.

    `script` is a class-level list of steps shared with the test: an int yields a
    page of that many posts, an exception instance is raised at that point. Each page
    also quarantines `quarantined_per_page` items.
    """

    script: list[Any] = []
    seen_cursors: list[dict[str, Any]] = []
    quarantined_per_page: int = 1

    def parse(self, raw: RawResponse) -> tuple[list[Post], list[Quarantined]]:
        return [], []

    def pages(self, cursor: dict[str, Any]) -> Iterator[Page]:
        type(self).seen_cursors.append(dict(cursor))
        last = cursor.get("last", 0)
        for step in type(self).script:
            if isinstance(step, BaseException):
                if isinstance(step, FetchError) and step.response is not None:
                    self.http.report_failure(step.response, str(step))
                raise step
            posts = [post(n) for n in range(last + 1, last + 1 + step)]
            last += step
            yield Page(
                raw(f"page up to {last}".encode()),
                posts,
                [  # distinct items: identical ones are kept once
                    Quarantined("missing created_at", f'{{"id": "x{last}-{n}"}}')
                    for n in range(self.quarantined_per_page)
                ],
                {"last": last},
            )


@dataclass
class FakeAnnotation:
    lang: str
    pipeline_version: str
    actors: list[Any] = field(default_factory=list)
    frames: list[Any] = field(default_factory=list)
    individuals: list[Any] = field(default_factory=list)
    details: list[Any] = field(default_factory=list)


class FakePipeline:
    """The NLP pipeline's interface (version, annotate_many), annotating nothing."""

    def __init__(self, version: str = "fake-1") -> None:
        self.version = version
        self.calls: list[int] = []

    def annotate_many(self, items: list[tuple[str, str | None]]) -> list[FakeAnnotation]:
        self.calls.append(len(items))
        return [FakeAnnotation(lang or "und", self.version) for _, lang in items]


def rate_limited(minutes: int = 15) -> RateLimited:
    return RateLimited("rate limited", datetime.now(UTC) + timedelta(minutes=minutes))
