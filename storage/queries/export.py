"""Whole tables as flat rows for pandas, R and spreadsheets, with names pseudonymised."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.models import (
    ActorMention,
    Annotation,
    DetailMention,
    FrameMention,
    Individual,
    IndividualMention,
    Post,
)
from storage.privacy import Names
from storage.queries.filters import NO_FILTERS, QueryFilters, current_of
from storage.queries.posts import PostHit, hits

BATCH = 1000


@dataclass(frozen=True)
class AnnotationRow:
    """One mention of the current annotation: kind is actor, frame, individual or detail."""

    post_id: int
    kind: str
    value: str  # actor id, frame id, person label or detail kind
    polarity: str
    start: int
    end: int


def export_posts(
    session: Session, filters: QueryFilters = NO_FILTERS, *, names: Names
) -> Iterator[PostHit]:
    last = 0
    while True:
        ids = list(
            session.scalars(
                select(Post.id)
                .outerjoin(Annotation, Annotation.id == Post.annotation_id)
                .where(Post.id > last, *filters.on_posts())
                .order_by(Post.id)
                .limit(BATCH)
            )
        )
        if not ids:
            return
        yield from hits(session, ids, names)
        last = ids[-1]


def export_annotations(session: Session, *, names: Names) -> Iterator[AnnotationRow]:
    for post_id, actor, start, end in session.execute(
        select(ActorMention.post_id, ActorMention.actor_id, ActorMention.start, ActorMention.end)
        .join(Post, current_of(ActorMention))
        .order_by(ActorMention.post_id, ActorMention.start)
    ):
        yield AnnotationRow(post_id, "actor", actor, "", start, end)
    for post_id, frame, polarity, start, end in session.execute(
        select(
            FrameMention.post_id,
            FrameMention.frame_id,
            FrameMention.polarity,
            FrameMention.start,
            FrameMention.end,
        )
        .join(Post, current_of(FrameMention))
        .order_by(FrameMention.post_id, FrameMention.start)
    ):
        yield AnnotationRow(post_id, "frame", frame, polarity, start, end)
    for post_id, name, key, start, end in session.execute(
        select(
            IndividualMention.post_id,
            Individual.name,
            Individual.name_key,
            IndividualMention.start,
            IndividualMention.end,
        )
        .join(Individual, Individual.id == IndividualMention.individual_id)
        .join(Post, current_of(IndividualMention))
        .where(Individual.status != "rejected")
        .order_by(IndividualMention.post_id, IndividualMention.start)
    ):
        yield AnnotationRow(post_id, "individual", names.label(name, key), "", start, end)
    for post_id, kind, start, end in session.execute(
        select(DetailMention.post_id, DetailMention.kind, DetailMention.start, DetailMention.end)
        .join(Post, current_of(DetailMention))
        .order_by(DetailMention.post_id, DetailMention.start)
    ):
        yield AnnotationRow(post_id, "detail", kind, "", start, end)
