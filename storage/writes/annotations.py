"""Annotations and their mentions; each save makes an annotation its post's current one."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from datetime import datetime
from typing import TypedDict, cast

from sqlalchemy import Connection, Table, select
from sqlalchemy.orm import Session

from storage.backends import backend_of
from storage.backends.base import DriverRow
from storage.models import (
    ActorMention,
    Annotation,
    DetailMention,
    FrameMention,
    Individual,
    IndividualMention,
    Post,
)
from storage.post_rows import utcnow
from storage.records import AnnotationLike

_MENTION_TABLES: tuple[Table, ...] = tuple(
    cast(Table, model.__table__)
    for model in (ActorMention, FrameMention, IndividualMention, DetailMention)
)


class _IndividualValues(TypedDict):
    """A row of the individuals table, inserted unless its name key is known."""

    name: str
    name_key: str
    kind: str | None
    origin: str
    status: str
    source_url: str | None
    first_seen_at: datetime


def name_key(name: str) -> str:
    """How two spellings of one person's name are matched: case, accents and spacing folded."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.split())


def save_annotations(session: Session, annotated: Sequence[tuple[int, AnnotationLike]]) -> None:
    """Store annotations and make each the post's current one (older versions stay as history).

    Saving a (post, version) again replaces its mentions, never duplicates them. Rows go
    to the backend as tuples for statements compiled once: a batch writes about five
    rows per post, and SQLAlchemy's per-row parameter handling cost more than the
    database's own work.
    """
    if not annotated:
        return
    connection = session.connection()
    backend = backend_of(connection)
    now = utcnow()
    individual_ids = _ensure_individuals(session, annotated, now)
    created_at = backend.time_binder()(now)
    backend.write_annotation_rows(
        connection,
        cast(Table, Annotation.__table__),
        [(post_id, a.pipeline_version, a.lang, created_at) for post_id, a in annotated],
    )
    annotation_ids = _annotation_ids(connection, annotated)
    for table in _MENTION_TABLES:
        backend.delete_mentions(connection, table, annotation_ids)
    # Rows in `ANNOTATION_WRITE_COLUMNS` order.
    actors: list[tuple[str, int, int, str, int, int]] = []
    frames: list[tuple[str, str, int, int, str, int, int]] = []
    people: list[tuple[int, str, int, int, str, int, int]] = []
    details: list[tuple[str, int, int, str, int, int]] = []
    for (post_id, a), annotation_id in zip(annotated, annotation_ids, strict=True):
        actors += [(m.actor_id, annotation_id, post_id, m.text, m.start, m.end) for m in a.actors]
        frames += [
            (m.frame_id, m.polarity, annotation_id, post_id, m.text, m.start, m.end)
            for m in a.frames
        ]
        people += [
            (individual_ids[name_key(m.canonical or m.name)], m.source, annotation_id, post_id,
             m.name, m.start, m.end)
            for m in a.individuals
        ]  # fmt: skip
        details += [(m.kind, annotation_id, post_id, m.text, m.start, m.end) for m in a.details]
    mentions: tuple[Sequence[DriverRow], ...] = (actors, frames, people, details)
    for table, rows in zip(_MENTION_TABLES, mentions, strict=True):
        if rows:
            backend.write_annotation_rows(connection, table, rows)
    current = [
        (annotation_id, a.pipeline_version, post_id)
        for (post_id, a), annotation_id in zip(annotated, annotation_ids, strict=True)
    ]
    backend.write_annotation_rows(connection, cast(Table, Post.__table__), current)


def _annotation_ids(
    connection: Connection, annotated: Sequence[tuple[int, AnnotationLike]]
) -> list[int]:
    """The annotations row id of each (post, version), in the order of `annotated`.

    One query per version: SQLite scans the whole unique index for a row-value IN.
    """
    by_version: dict[str, list[int]] = {}
    for post_id, a in annotated:
        by_version.setdefault(a.pipeline_version, []).append(post_id)
    ids: dict[tuple[int, str], int] = {}
    backend = backend_of(connection)
    for version, post_ids in by_version.items():
        found = backend.annotation_ids(connection, version, post_ids)
        ids.update({(post_id, version): id_ for id_, post_id in found})
    return [ids[(post_id, a.pipeline_version)] for post_id, a in annotated]


def _ensure_individuals(
    session: Session, annotated: Sequence[tuple[int, AnnotationLike]], now: datetime
) -> dict[str, int]:
    wanted: dict[str, _IndividualValues] = {}
    for _, a in annotated:
        for m in a.individuals:
            key = name_key(m.canonical or m.name)
            on_watchlist = m.source == "watchlist"
            if key not in wanted or on_watchlist:
                wanted[key] = {
                    "name": m.canonical or m.name,
                    "name_key": key,
                    "kind": m.kind,
                    "origin": "watchlist" if on_watchlist else "discovered",
                    "status": "confirmed" if on_watchlist else "pending",
                    "source_url": None,
                    "first_seen_at": now,
                }
    if not wanted:
        return {}
    statement = (
        backend_of(session)
        .insert(cast(Table, Individual.__table__))
        .on_conflict_do_nothing(index_elements=["name_key"])
    )
    session.execute(statement, list(wanted.values()))
    return dict(
        session.execute(
            select(Individual.name_key, Individual.id).where(Individual.name_key.in_(list(wanted)))
        ).all()
    )
