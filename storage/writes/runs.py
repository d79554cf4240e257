"""Sources, their runs and cursors, raw payloads as received, and quarantined items."""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Any, TypedDict, Unpack, cast

from sqlalchemy import Table, bindparam, select, update
from sqlalchemy.orm import Session

from storage.backends import backend_of
from storage.models import CollectionRun, QuarantinedItem, RawPayload, Source
from storage.post_rows import utcnow


def ensure_source(session: Session, name: str, kind: str) -> Source:
    """The source's row, made on first use; two runs starting at once make one row."""
    find = select(Source).where(Source.name == name)
    source = session.scalars(find).one_or_none()
    if source is None:
        session.execute(
            backend_of(session)
            .insert(cast(Table, Source.__table__))
            .values(name=name, kind=kind, cursor={}, created_at=utcnow())
            .on_conflict_do_nothing(index_elements=["name"])
        )
        source = session.scalars(find).one()
    return source


_SOURCES = cast(Table, Source.__table__)
_RAW_PAYLOADS = cast(Table, RawPayload.__table__)
_SAVE_CURSOR = _SOURCES.update().where(_SOURCES.c.id == bindparam("source_id"))
_RAW_PAYLOAD_COLUMNS = (
    "source_id", "url", "fetched_at", "status_code", "content_type", "sha256", "size", "body",
    "error",
)  # fmt: skip


def save_raw_payload(
    session: Session,
    *,
    url: str,
    body: bytes,
    fetched_at: datetime,
    source_id: int | None = None,
    status_code: int | None = None,
    content_type: str | None = None,
    error: str | None = None,
) -> int:
    """Keep a body exactly as received, with its SHA-256; returns the payload id.

    Every collected page stores one: a driver statement compiled once per backend skips
    SQLAlchemy's per-call parameter and result handling, which cost more than the insert.
    """
    connection = session.connection()
    backend = backend_of(connection)
    row = (
        source_id,
        url,
        backend.time_binder()(fetched_at),
        status_code,
        content_type,
        hashlib.sha256(body).hexdigest(),
        len(body),
        body,
        error,
    )
    return backend.insert_returning_id(connection, _RAW_PAYLOADS, _RAW_PAYLOAD_COLUMNS, row)


def quarantine(
    session: Session,
    *,
    reason: str,
    item: str | None = None,
    payload_sha256: str | None = None,
    raw_payload_id: int | None = None,
    source_id: int | None = None,
) -> bool:
    """Keep an item that could not become a post; False when the source already keeps it
    (two runs fetching the same page must not store its bad items twice). Without an
    item, the whole payload (`payload_sha256`) is what was kept."""
    values = {
        "raw_payload_id": raw_payload_id,
        "source_id": source_id,
        "reason": reason,
        "item": item,
        "created_at": utcnow(),
        "dedupe_key": quarantine_key(reason, item, payload_sha256),
    }
    table = cast(Table, QuarantinedItem.__table__)
    statement = (
        backend_of(session)
        .insert(table)
        .values(values)
        .on_conflict_do_nothing(index_elements=["source_id", "dedupe_key"])
        .returning(table.c.id)
    )
    return session.connection().execute(statement).first() is not None


def quarantine_key(reason: str, item: str | None, payload_sha256: str | None) -> str:
    kept = item if item is not None else f"payload:{payload_sha256}"
    return hashlib.sha256(f"{reason}\0{kept}".encode("utf-8", "surrogatepass")).hexdigest()


def save_cursor(session: Session, source_id: int, cursor: dict[str, Any]) -> None:
    """A prebuilt Core UPDATE: it runs once per collected page, and the ORM's bulk-update
    path (session synchronisation) cost more than the page's posts."""
    session.connection().execute(_SAVE_CURSOR, {"source_id": source_id, "cursor": cursor})


def set_retry_at(session: Session, source_id: int, retry_at: datetime | None) -> None:
    session.execute(update(Source).where(Source.id == source_id).values(retry_at=retry_at))


def start_run(session: Session, source_id: int) -> int:
    run = CollectionRun(source_id=source_id, started_at=utcnow(), status="running")
    session.add(run)
    session.flush()
    return run.id


class RunOutcome(TypedDict, total=False):
    """What a finished run records (columns of `collection_runs`)."""

    status: str
    pages: int
    fetched: int
    new: int
    updated: int
    quarantined: int
    quarantine_causes: dict[str, int]
    errors: list[str]
    caps_hit: list[str]
    rate_limited_seconds: float
    cursor_after: dict[str, Any] | None


def finish_run(session: Session, run_id: int, **outcome: Unpack[RunOutcome]) -> None:
    """Close a run with its counts, errors, caps hit and time lost to rate limits."""
    allowed = {c.name for c in CollectionRun.__table__.c} - {"id", "source_id", "started_at"}
    unknown = set(outcome) - allowed
    if unknown:
        raise TypeError(f"unknown run field(s): {', '.join(sorted(unknown))}")
    session.execute(
        update(CollectionRun)
        .where(CollectionRun.id == run_id)
        .values(finished_at=utcnow(), **outcome)
    )
