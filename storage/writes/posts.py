"""Posts and their authors: inserted once, metrics refreshed on every later fetch."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import cast

from sqlalchemy.orm import Session

from storage.backends import backend_of
from storage.post_rows import (
    PostValues,
    PreparedPosts,
    UpsertResult,
    prepare_posts,
    utcnow,
    with_stored_fields,
)
from storage.records import PostLike

_CHUNK = 500


def upsert_posts(
    session: Session,
    posts: Iterable[PostLike],
    *,
    source_id: int | None = None,
    raw_payload_id: int | None = None,
) -> UpsertResult:
    """Insert new posts and refresh the metrics of known ones."""
    bind_time = backend_of(session).time_binder()
    prepared = prepare_posts(
        posts, bind_time, utcnow(), source_id=source_id, raw_payload_id=raw_payload_id
    )
    return store_prepared_posts(session, prepared)


def upsert_pages(
    session: Session,
    pages: Sequence[tuple[Iterable[PostLike], int | None]],
    *,
    source_id: int | None = None,
) -> UpsertResult:
    """The posts of several pages, each with its raw payload id, as `upsert_posts` page by page.

    Stored together, a collect run's pages take a handful of statements instead of six
    each, which cost more than the pages' rows. Pages that share a post are stored page
    by page: the first keeps the row it inserts and later ones refresh its metrics
    (PostgreSQL also refuses to upsert one row twice in a statement).
    """
    bind_time = backend_of(session).time_binder()
    now = utcnow()
    prepared = [
        prepare_posts(posts, bind_time, now, source_id=source_id, raw_payload_id=payload_id)
        for posts, payload_id in pages
    ]
    keys = [(row.platform, row.external_id) for page in prepared for row in page.rows]
    if len(set(keys)) < len(keys):
        result = UpsertResult()
        for page in prepared:
            result += store_prepared_posts(session, page)
        return result
    merged = PreparedPosts()
    for page in prepared:
        merged.extend(page)
    # An author seen on several pages is written once, as the last page shows them.
    merged.authors = list({author[:2]: author for author in merged.authors}.values())
    return store_prepared_posts(session, merged)


def store_prepared_posts(session: Session, prepared: PreparedPosts) -> UpsertResult:
    """Upsert prepared rows, with their authors' row ids and copy flags filled in."""
    author_ids = _upsert_authors(session, prepared.authors)
    result = UpsertResult()
    for start in range(0, len(prepared.rows), _CHUNK):
        chunk = prepared.rows[start : start + _CHUNK]
        result += _store_rows(session, chunk, author_ids, prepared.copy_candidates)
    return result


def _store_rows(
    session: Session,
    rows: list[PostValues],
    author_ids: dict[tuple[str, str], int],
    copy_candidates: set[int],
) -> UpsertResult:
    """A post is a verbatim copy when a stored post, or an earlier new one, has its text."""
    connection = session.connection()
    backend = backend_of(connection)
    keys = ((row.platform, row.external_id) for row in rows)
    existing = set(backend.rows_by_key(connection, "posts", "platform, external_id", keys))
    candidates = {row.text_hash for row in rows} & copy_candidates
    seen_hashes = backend.seen_text_hashes(connection, candidates) if candidates else set()
    stored = []
    for row in rows:
        author_id = row.author_id
        if author_id is not None:
            author_id = author_ids[(row.platform, cast(str, author_id))]  # its external id
        is_copy = row.is_copy
        if (row.platform, row.external_id) not in existing:
            hash_key = row.text_hash
            is_copy = hash_key in seen_hashes
            if hash_key in candidates:
                seen_hashes.add(hash_key)
        stored.append(with_stored_fields(row, author_id, is_copy))
    new = backend.upsert_post_rows(connection, stored, known=len(existing))
    return UpsertResult(new=new, updated=len(rows) - new)


def _upsert_authors(
    session: Session, authors: Sequence[tuple[str, str, str | None, str | None]]
) -> dict[tuple[str, str], int]:
    connection = session.connection()
    backend = backend_of(connection)
    ids: dict[tuple[str, str], int] = {}
    for start in range(0, len(authors), _CHUNK):
        found = backend.upsert_author_rows(connection, authors[start : start + _CHUNK])
        ids.update(((platform, external_id), id_) for platform, external_id, id_ in found)
    return ids
