"""Newest-first paging with a resumable cursor, shared by the search-style collectors.

Search APIs page from the newest item backwards. A run walks down from the
head until it meets the `floor` (the newest item a previous run stored). The
floor only moves up once the walk has met it, so a crash or a `max_pages` cap
mid-walk leaves a gap that the next run closes first instead of skipping it.

A stream's state is plain JSON: ``{"floor": Mark | None, "walk": Walk | None}``
with ``Mark = {"key": str, "ids": [str]}`` (the sort key and the ids seen at
that key, so items sharing a timestamp are neither lost nor repeated) and
``Walk = {"top": Mark, "token": Any}`` (the head of the walk in progress and
where it continues).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from collector.base import Collector, Page, Quarantined
from collector.http import RawResponse
from collector.post import Post


@dataclass(slots=True)
class Item:
    """One result of a search page: its sort key, id, and the posts it yields."""

    key: str
    id: str
    posts: list[Post]


@dataclass(slots=True)
class Batch:
    """One fetched page as the collector understood it."""

    raw: RawResponse
    items: list[Item] = field(default_factory=list)
    quarantined: list[Quarantined] = field(default_factory=list)
    next_token: Any = None
    """Where the walk continues; None when the platform has nothing older."""
    failed: bool = False
    """The payload did not parse: the cursor must not move."""
    side_batches: list[Batch] = field(default_factory=list)
    """Responses fetched for this page's items (e.g. Reddit comments), stored before it."""


Fetch = Callable[[Any, dict[str, Any] | None], Batch]
"""(token or None for the head page, floor mark) -> Batch."""


def padded_id(value: str) -> str:
    """A sort key for numeric or fixed-width ids (X, Mastodon) that compares as text."""
    return value.rjust(32, "0")


def is_new(item: Item, mark: dict[str, Any] | None) -> bool:
    if mark is None:
        return True
    return item.key > mark["key"] or (item.key == mark["key"] and item.id not in mark["ids"])


def _raise_mark(mark: dict[str, Any] | None, items: list[Item]) -> dict[str, Any] | None:
    for item in items:
        if mark is None or item.key > mark["key"]:
            mark = {"key": item.key, "ids": [item.id]}
        elif item.key == mark["key"] and item.id not in mark["ids"]:
            mark = {"key": mark["key"], "ids": [*mark["ids"], item.id]}
    return mark


@dataclass(slots=True)
class Step:
    batch: Batch
    posts: list[Post]
    """The posts of this page that are newer than the floor."""
    state: dict[str, Any]
    """The stream's state once this page is stored."""
    capped: str | None = None
    """Why paging stopped before meeting the floor, for `Coverage.caps_hit`."""


def walk(state: dict[str, Any], fetch: Fetch, pages_left: int) -> Iterator[Step]:
    """Walk down from the head (or the unfinished walk) until the floor is met or pages run out.

    On a first run (no floor) the walk ends where `max_pages` stops it: older
    history is not chased on later runs, so new posts are never held back.
    """
    floor = state.get("floor")
    current = state.get("walk")
    while pages_left > 0:
        pages_left -= 1
        batch = fetch(current["token"] if current else None, floor)
        if batch.failed:
            yield Step(batch, [], {"floor": floor, "walk": current})
            return
        fresh = [item for item in batch.items if is_new(item, floor)]
        posts = [post for item in fresh for post in item.posts]
        top = _raise_mark(current["top"] if current else floor, fresh)
        met_floor = len(fresh) < len(batch.items) or not fresh
        if batch.next_token is None or met_floor:
            yield Step(batch, posts, {"floor": top, "walk": None})
            return
        if pages_left == 0 and floor is None:
            yield Step(batch, posts, {"floor": top, "walk": None}, "first run: older history")
            return
        current = {"top": top, "token": batch.next_token}
        capped = "max_pages reached before catching up" if pages_left == 0 else None
        yield Step(batch, posts, {"floor": floor, "walk": current}, capped)


def stream_pages(
    collector: Collector, cursor: dict[str, Any], fetchers: dict[str, Fetch]
) -> Iterator[Page]:
    """Walk each stream (query, tag, subreddit search) in turn; `max_pages` applies per stream.

    The cursor is ``{"streams": {name: state}}``; every page carries all of it.
    """
    streams: dict[str, Any] = dict(cursor.get("streams", {}))
    for name, fetch in fetchers.items():
        for step in walk(streams.get(name, {}), fetch, collector.source.max_pages):
            for side in step.batch.side_batches:
                yield _page(collector, side, [p for i in side.items for p in i.posts], cursor)
            streams[name] = step.state
            cursor = {**cursor, "streams": dict(streams)}
            if step.capped:
                collector.coverage.caps_hit.append(f"{name}: {step.capped}")
            yield _page(collector, step.batch, step.posts, cursor)


def _page(collector: Collector, batch: Batch, posts: list[Post], cursor: dict[str, Any]) -> Page:
    collector.coverage.pages += 1
    return Page(batch.raw, posts, batch.quarantined, cursor)


def json_body(raw: RawResponse) -> Any:
    """The JSON document of a response, or ValueError naming what came instead."""
    try:
        return json.loads(raw.body)
    except (ValueError, UnicodeDecodeError):
        what = raw.content_type or "unknown content type"
        raise ValueError(f"not a JSON document ({what}, {len(raw.body)} bytes)") from None


def quarantine_payload(raw: RawResponse, error: ValueError) -> Batch:
    """A page whose body is unusable: kept as raw evidence, the cursor stays put."""
    return Batch(raw, quarantined=[Quarantined(f"unparseable payload: {error}", None)], failed=True)
