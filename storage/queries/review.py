"""Individuals found outside the watchlist, for an analyst to confirm or reject."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from storage.exposure_policy import DEFAULT_MIN_MENTIONS
from storage.models import Individual, IndividualMention, Post
from storage.privacy import Names, record_audit
from storage.queries.filters import current_of
from storage.queries.people import find_individual
from storage.rollups import day_start


@dataclass(frozen=True)
class ReviewRow:
    individual_id: int
    person: str
    kind: str
    status: str
    posts: int
    first_seen_at: datetime


def _counted(session: Session, *conditions: ColumnElement[bool]) -> list[tuple[Individual, int]]:
    posts = func.count(func.distinct(Post.id))
    query = (
        select(Individual, posts)
        .join(IndividualMention, IndividualMention.individual_id == Individual.id)
        .join(Post, current_of(IndividualMention))
        .where(*conditions)
        .group_by(Individual.id)
        .order_by(posts.desc(), Individual.id)
    )
    return [(row, int(count)) for row, count in session.execute(query)]


def review_queue(session: Session, *, names: Names) -> list[ReviewRow]:
    """Pending individuals (discovered, not on the watchlist), most named first."""
    return [
        ReviewRow(i.id, names.label(i.name, i.name_key), i.kind or "", i.status, n, i.first_seen_at)
        for i, n in _counted(session, Individual.status == "pending")
    ]


def new_individuals(
    session: Session, day: date, *, names: Names, min_mentions: int = DEFAULT_MIN_MENTIONS
) -> list[ReviewRow]:
    """People first seen on `day`, named in at least `min_mentions` posts so far."""
    start, end = day_start(day), day_start(day + timedelta(1))
    return [
        ReviewRow(i.id, names.label(i.name, i.name_key), i.kind or "", i.status, n, i.first_seen_at)
        for i, n in _counted(
            session,
            Individual.first_seen_at >= start,
            Individual.first_seen_at < end,
            Individual.status != "rejected",
            Post.published_at < end,
        )
        if n >= min_mentions
    ]


def set_status(session: Session, name: str, status: str, *, key: bytes, actor: str) -> Individual:
    """Confirm or reject a person (by name or pseudonym); the change is audited."""
    person = find_individual(session, name, key)
    previous, person.status = person.status, status
    record_audit(
        session,
        actor,
        f"individual.{status}",
        {"individual_id": person.id, "from": previous, "to": status},
    )
    return person


def confirm_individual(session: Session, name: str, *, key: bytes, actor: str) -> Individual:
    return set_status(session, name, "confirmed", key=key, actor=actor)


def reject_individual(session: Session, name: str, *, key: bytes, actor: str) -> Individual:
    return set_status(session, name, "rejected", key=key, actor=actor)
