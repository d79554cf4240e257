"""GDELT DOC 2.0 article lists, fetched window by window.

The API has no cursor and returns at most 250 records per request, newest
first, so the cursor is the end of the last time window fetched per query, and
a window that comes back full is cut in halves and fetched again. GDELT asks
for one request every 5 seconds and, like a bad query, says so in plain text
or HTML with status 200.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import Any

import langcodes

from collector.base import Collector, Page, Quarantined
from collector.html_text import html_to_text
from collector.http import RawResponse
from collector.ids import stable_id
from collector.post import Post
from collector.registry import SOURCE_KINDS

MAX_RECORDS = 250
REQUEST_SPACING = 5.0
"""Seconds between requests, as GDELT asks."""
INDEX_LAG = timedelta(minutes=15)
"""GDELT updates every 15 minutes: a window ends this far before now so that an
article seen just before the end is already searchable when the window is fetched."""
MIN_SLICE = timedelta(minutes=1)
DEFAULT_WINDOW = "1d"
STAMP = "%Y%m%d%H%M%S"
_WORD_JOIN = re.compile(r"(?<=[a-z])(?=[A-Z])")


class GdeltCollector(Collector):
    kind = SOURCE_KINDS["gdelt"]
    now: Callable[[], datetime] = staticmethod(lambda: datetime.now(UTC))
    monotonic: Callable[[], float] = staticmethod(time.monotonic)
    _last_request: float | None = None

    def pages(self, cursor: dict[str, Any]) -> Iterator[Page]:
        state = {q: dict(v) for q, v in cursor.get("queries", {}).items()}
        end = (self.now() - INDEX_LAG).replace(microsecond=0)
        lookback = _duration(self.source.option("window", DEFAULT_WINDOW))
        for query in self.source.option("queries", []):
            until = state.get(query, {}).get("until")
            start = datetime.strptime(until, STAMP).replace(tzinfo=UTC) if until else end - lookback
            if start >= end:
                continue
            for page, stop_run in self._windows(query, start, end, state):
                yield page
                if stop_run:
                    return

    def _windows(
        self, query: str, start: datetime, end: datetime, state: dict[str, Any]
    ) -> Iterator[tuple[Page, bool]]:
        """Fetch [start, end) oldest slice first, so the cursor only ever moves forward."""
        pending = [(start, end)]
        seen: set[str] = set()
        requests = 0
        while pending:
            if requests >= self.source.max_pages:
                self.coverage.caps_hit.append(
                    f"gdelt {query!r}: max_pages reached; resumes from {_stamp(pending[-1][0])}"
                )
                return
            low, high = pending.pop()
            raw = self._fetch(query, low, high)
            requests += 1
            try:
                posts, quarantined = self.parse(raw)
            except ValueError as error:
                message = str(error)
                self.coverage.caps_hit.append(f"gdelt {query!r}: {message}")
                page = Page(raw, [], [Quarantined(message)], {"queries": _copy(state)})
                yield page, "limit requests" in message.lower()
                return
            fresh = [p for p in posts if p.external_id not in seen]
            seen.update(p.external_id for p in fresh)
            full = len(posts) + len(quarantined) >= MAX_RECORDS
            if full and high - low > MIN_SLICE:
                middle = low + (high - low) / 2
                pending += [
                    (middle.replace(microsecond=0), high),
                    (low, middle.replace(microsecond=0)),
                ]
                yield Page(raw, fresh, quarantined, {"queries": _copy(state)}), False
                continue
            if full:
                self.coverage.caps_hit.append(
                    f"gdelt {query!r}: {MAX_RECORDS} records in {_stamp(low)}-{_stamp(high)}, "
                    "a window too short to split; some articles may be missing"
                )
            state[query] = {"until": _stamp(high)}
            yield Page(raw, fresh, quarantined, {"queries": _copy(state)}), False

    def _fetch(self, query: str, low: datetime, high: datetime) -> RawResponse:
        if self._last_request is not None:
            wait = REQUEST_SPACING - (self.monotonic() - self._last_request)
            if wait > 0:
                self.http.sleep(wait)
        try:
            return self.http.get(
                f"{self.source.base_url}/api/v2/doc/doc",
                params={
                    "query": query,
                    "mode": "artlist",
                    "format": "json",
                    "maxrecords": str(MAX_RECORDS),
                    "startdatetime": _stamp(low),
                    "enddatetime": _stamp(high),
                    "sort": "datedesc",
                },
            )
        finally:
            self._last_request = self.monotonic()
            self.coverage.pages += 1

    def parse(self, raw: RawResponse) -> tuple[list[Post], list[Quarantined]]:
        text = raw.body.decode("utf-8", errors="replace").strip()
        if not text.startswith("{"):
            said = html_to_text(text)[:300] or "an empty body"
            raise ValueError(f"GDELT answered with text instead of JSON: {said}")
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            raise ValueError(f"GDELT JSON does not parse: {error}") from None
        articles = data.get("articles", []) if isinstance(data, dict) else None
        if not isinstance(articles, list):
            raise ValueError("GDELT JSON has no list of articles")
        posts: list[Post] = []
        quarantined: list[Quarantined] = []
        for article in articles:
            try:
                posts.append(_article_post(article))
            except (TypeError, ValueError, AttributeError) as error:
                quarantined.append(Quarantined(str(error), json.dumps(article, ensure_ascii=False)))
        return posts, quarantined


def _article_post(article: dict[str, Any]) -> Post:
    url = article.get("url")
    if not url:
        raise ValueError("article has no url")
    title = html_to_text(article.get("title") or "")
    if not title:
        raise ValueError("article has no title")
    try:
        seen = datetime.strptime(article["seendate"], "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
    except (KeyError, ValueError):
        raise ValueError(
            f"article seendate is not YYYYMMDDTHHMMSSZ: {article.get('seendate')!r}"
        ) from None
    domain = article.get("domain") or None
    return Post(
        platform="gdelt",
        external_id=stable_id(url),
        created_at=seen,
        text=title,
        url=url,
        author_handle=domain,
        author_name=domain,
        lang=language_code(str(article.get("language") or "")),
    )


@lru_cache(maxsize=512)
def language_code(name: str) -> str | None:
    """GDELT's English name of a language ('Spanish', 'Sinhalese', 'NorwegianNynorsk') as
    its ISO 639-1 code, found by langcodes in CLDR's language names; None when unknown."""
    words = _WORD_JOIN.sub(" ", name.strip())
    if not words or len(words) > 64:
        return None
    try:
        return langcodes.find(words).language
    except LookupError:
        return None


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime(STAMP)


def _duration(value: str) -> timedelta:
    units = {"m": 60, "h": 3600, "d": 86400}
    number, unit = value[:-1], value[-1:]
    if unit not in units or not number.isdigit():
        raise ValueError(f"gdelt window: expected a duration like '6h' or '2d', got {value!r}")
    return timedelta(seconds=int(number) * units[unit])


def _copy(state: dict[str, Any]) -> dict[str, Any]:
    return {k: dict(v) for k, v in state.items()}


COLLECTOR = GdeltCollector
