"""Idempotent writes. Storing the same post twice keeps one row; a re-fetch updates metrics.

Every function takes a Session and leaves committing to the caller, so a
collected page (raw payload, posts, quarantined items, cursor) commits as one
unit. By what they write: `posts`, `annotations`, `runs` (sources, runs, raw
payloads and quarantined items).
"""

from storage.post_rows import UpsertResult, utcnow
from storage.writes.annotations import name_key, save_annotations
from storage.writes.posts import store_prepared_posts, upsert_pages, upsert_posts
from storage.writes.runs import (
    ensure_source,
    finish_run,
    quarantine,
    quarantine_key,
    save_cursor,
    save_raw_payload,
    set_retry_at,
    start_run,
)

__all__ = [
    "UpsertResult",
    "ensure_source",
    "finish_run",
    "name_key",
    "quarantine",
    "quarantine_key",
    "save_annotations",
    "save_cursor",
    "save_raw_payload",
    "set_retry_at",
    "start_run",
    "store_prepared_posts",
    "upsert_pages",
    "upsert_posts",
    "utcnow",
]
