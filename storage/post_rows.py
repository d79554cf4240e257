"""Posts as rows of the posts table, made without a database (so in any process).

Preparing is most of the Python work of storing a post, and it needs no connection,
so an import prepares in worker processes and its writer only fills in what the
database knows: author row ids and the verbatim-copy flag.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import NamedTuple

from storage.records import PostLike

# Texts shorter than this are too generic ("¡Libertad!") to call a verbatim copy.
MIN_COPY_TEXT_LENGTH = 20
EARLIEST_PLAUSIBLE = datetime(2000, 1, 1, tzinfo=UTC)

BoundTime = datetime | str | None
"""A UTCDateTime value as a backend's driver binds it: naive UTC datetime, or SQLite's text."""
TimeBinder = Callable[[datetime | None], BoundTime]
"""A backend's `time_binder()`: what binding a UTCDateTime value sends to its driver."""
AuthorValues = tuple[str, str, str | None, str | None]
"""One row of the authors upsert (`AUTHOR_COLUMNS`): platform, external id, handle, name."""


class PostValues(NamedTuple):
    """One row of the posts upsert, its fields in `POST_COLUMNS` order (what drivers bind).

    Before it is stored, `author_id` holds the author's external id (the writer puts the
    author's row id there) and `is_copy` is False (the writer decides it). Times are as
    the backend's `time_binder()` gives them to its driver.
    """

    platform: str
    external_id: str
    url: str | None
    author_id: int | str | None
    source_id: int | None
    raw_payload_id: int | None
    created_at: BoundTime
    indexed_at: BoundTime
    published_at: BoundTime
    collected_at: BoundTime
    updated_at: BoundTime
    lang: str | None
    text: str
    text_hash: int
    likes: int | None
    reposts: int | None
    replies: int | None
    quotes: int | None
    views: int | None
    score: int | None
    engagement: int
    reply_to: str | None
    quote_of: str | None
    repost_of: str | None
    is_copy: bool
    undated: bool


POST_COLUMNS = PostValues._fields
AUTHOR_COLUMNS = ("platform", "external_id", "handle", "display_name")

_AUTHOR = POST_COLUMNS.index("author_id")
_IS_COPY = POST_COLUMNS.index("is_copy")


def with_stored_fields(row: PostValues, author_id: int | str | None, is_copy: bool) -> PostValues:
    """`row` with what the writer decides: its author's row id and its copy flag.

    `PostValues._replace` by name, without its per-field dict work: it runs once per
    stored post.
    """
    return tuple.__new__(
        PostValues,
        (*row[:_AUTHOR], author_id, *row[_AUTHOR + 1 : _IS_COPY], is_copy, *row[_IS_COPY + 1 :]),
    )


@dataclass(frozen=True, slots=True)
class UpsertResult:
    new: int = 0
    updated: int = 0

    def __add__(self, other: UpsertResult) -> UpsertResult:
        return UpsertResult(self.new + other.new, self.updated + other.updated)


@dataclass(slots=True)
class PreparedPosts:
    """Posts as rows of the posts upsert, with their authors. Picklable by design."""

    rows: list[PostValues] = field(default_factory=list)
    """One per post."""
    authors: list[AuthorValues] = field(default_factory=list)
    """One per author."""
    copy_candidates: set[int] = field(default_factory=set)
    """Text hash keys of posts long enough to call a verbatim copy."""

    def extend(self, other: PreparedPosts) -> None:
        self.rows += other.rows
        self.authors += other.authors
        self.copy_candidates |= other.copy_candidates


def utcnow() -> datetime:
    return datetime.now(UTC)


def published_time(created_at: datetime, indexed_at: datetime | None, now: datetime) -> datetime:
    """The time a post is bucketed by: its own claim, unless that claim is implausible."""
    if EARLIEST_PLAUSIBLE <= created_at <= now + timedelta(days=1):
        return created_at
    return indexed_at or now


def prepare_posts(
    posts: Iterable[PostLike],
    bind_time: TimeBinder,
    now: datetime,
    *,
    source_id: int | None = None,
    raw_payload_id: int | None = None,
) -> PreparedPosts:
    """Rows for `store_prepared_posts`; of two posts with one key, the later one counts.

    `bind_time` is the database backend's `time_binder()`: times go into the rows as
    its driver takes them.
    """
    now_bound = bind_time(now)
    by_key = {(p.platform, p.external_id): p for p in posts}
    prepared = PreparedPosts()
    authors: dict[tuple[str, str], PostLike] = {}
    for post in by_key.values():
        hash_key = text_hash_key(post.text_hash)
        if len(post.text.strip()) >= MIN_COPY_TEXT_LENGTH:
            prepared.copy_candidates.add(hash_key)
        author = author_key(post)
        if author:
            authors[(post.platform, author)] = post
        metrics = post.metrics
        created_at = bind_time(post.created_at)
        published_at = published_time(post.created_at, post.indexed_at, now)
        prepared.rows.append(
            PostValues(
                post.platform,
                post.external_id,
                post.url,
                author,
                source_id,
                raw_payload_id,
                created_at,
                bind_time(post.indexed_at),
                created_at if published_at is post.created_at else bind_time(published_at),
                now_bound,
                now_bound,
                post.lang,
                post.text,
                hash_key,
                metrics.likes,
                metrics.reposts,
                metrics.replies,
                metrics.quotes,
                metrics.views,
                metrics.score,
                metrics.engagement,
                post.reply_to,
                post.quote_of,
                post.repost_of,
                False,
                post.undated,
            )
        )
    prepared.authors = [
        (platform, author_id, post.author_handle, post.author_name)
        for (platform, author_id), post in authors.items()
    ]
    return prepared


def author_key(post: PostLike) -> str | None:
    """Who wrote a post, as a key among its platform's authors: the platform's id for them,
    else the handle and name the post shows (feeds and GDELT give no id), hashed to fit."""
    if post.author_id:
        return post.author_id
    if not (post.author_handle or post.author_name):
        return None
    shown = f"{post.author_handle or ''}\n{post.author_name or ''}"
    return "shown:" + hashlib.sha256(shown.encode("utf-8")).hexdigest()


def text_hash_key(text_hash: str) -> int:
    """The hex SHA-256 of a post's normalised text as the signed 64-bit key stored in posts."""
    return int.from_bytes(bytes.fromhex(text_hash[:16]), "big", signed=True)
