"""What a collector run produces: pages of posts, each with the raw response behind it.

A collector is an iterator of `Page`s. The caller stores each page (raw
payload, posts, quarantined items, and the page's cursor) in one transaction,
so a crash between pages neither loses nor repeats data.

Rate limits, one rule for every collector: `RateLimited` raised by the
`HttpClient` is not caught. It propagates out of `pages()` after the pages
already fetched were yielded (and stored by the caller), so the scheduler reads
`retry_at` from the exception and resumes from the last stored cursor.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, ClassVar

from collector.http import HttpClient, RawResponse
from collector.post import Post
from collector.registry import SourceConfig, SourceKind

_LOCATION = re.compile(r"^line \d+: ")


@dataclass(frozen=True, slots=True)
class Quarantined:
    """An item (or a whole payload, when `item` is None) that could not become a post."""

    reason: str
    item: str | None = None

    @property
    def cause(self) -> str:
        """The reason without where it happened or the parser's details, so a run counts
        its quarantined items by cause: `line 12: text: required` is `text: required`,
        `unparseable payload: Expecting value: line 1 column 1` is
        `unparseable payload: Expecting value`."""
        reason = _LOCATION.sub("", self.reason)
        return ": ".join(reason.split(": ", 2)[:2])[:120] or "no reason given"


@dataclass(slots=True)
class Page:
    raw: RawResponse
    posts: list[Post]
    quarantined: list[Quarantined]
    cursor: dict[str, Any]
    """The source's full cursor once this page is stored."""


@dataclass(slots=True)
class Coverage:
    """Where a run's view of the platform has gaps; the digest reports it. Time waited on
    rate limits is counted by the `HttpClient`, and a retry time travels in `RateLimited`."""

    pages: int = 0
    caps_hit: list[str] = field(default_factory=list)


class Collector(ABC):
    """One source kind. Subclasses turn a platform's wire format into `Page`s."""

    kind: ClassVar[SourceKind]

    def __init__(
        self,
        source: SourceConfig,
        credentials: dict[str, str | None],
        http: HttpClient,
    ) -> None:
        self.source = source
        self.credentials = credentials
        self.http = http
        self.coverage = Coverage()

    @abstractmethod
    def parse(self, raw: RawResponse) -> tuple[list[Post], list[Quarantined]]:
        """Turn one response body into posts; what cannot be a post is quarantined, not lost.

        Raises ValueError (with a clear message) when the whole payload is unusable,
        e.g. truncated JSON or HTML where JSON was expected.
        """

    @abstractmethod
    def pages(self, cursor: dict[str, Any]) -> Iterator[Page]:
        """Fetch what is new since `cursor`, at most `source.max_pages` pages."""
