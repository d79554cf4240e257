"""Daily rollups, refreshed incrementally: only the days whose posts or annotations changed.

A day is the UTC date of `posts.published_at`. Rows of `daily_rollups` per
(day, platform, lang, dimension, key), where lang is the current annotation's
language, else the platform's, else "und":

- dimension "posts", key "": every post collected;
- "actor", "frame", "individual" (key = individual id): posts whose CURRENT
  annotation mentions the id, each post counted once;
- "actor_frame" (key "actor|frame"): posts mentioning both.

`authors` is distinct authors within the row; `contested` counts posts where a
frame is mentioned with polarity "contested".
"""

from __future__ import annotations

import typing
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import (
    SQLColumnExpression,
    String,
    Subquery,
    Table,
    and_,
    case,
    cast,
    delete,
    distinct,
    func,
    insert,
    literal,
    select,
)
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from storage.backends import backend_of
from storage.models import (
    ActorMention,
    Annotation,
    DailyRollup,
    FrameMention,
    IndividualMention,
    Post,
    RollupWatermark,
)
from storage.post_rows import utcnow
from storage.search_index import index_new_posts

# Writers commit a little after they stamp `updated_at`; re-reading this much
# history each refresh catches rows that committed late (recomputing is idempotent).
COMMIT_LAG = timedelta(minutes=10)
SEPARATOR = "|"
_COLUMNS = ["day", "platform", "lang", "dimension", "key", "posts", "authors", "engagement"]


def day_start(day: date) -> datetime:
    return datetime.combine(day, time(), tzinfo=UTC)


def day_of(session: Session, column: SQLColumnExpression[datetime]) -> ColumnElement[date | str]:
    """The UTC date of a timestamp column, as the database computes it (SQLite: as text)."""
    return backend_of(session).day_of(column)


def refresh_rollups(session: Session, since_day: date | None = None) -> list[date]:
    """Recompute the days touched since the last refresh (or every day from `since_day`).

    Returns the days recomputed. The caller commits. Also indexes new posts for full-text
    search (SQLite), so the tail that searches tokenise on the fly stays short.
    """
    index_new_posts(session.connection())
    now = utcnow()
    marks = dict(session.execute(select(RollupWatermark.name, RollupWatermark.at)).all())
    if since_day is not None:
        days = _days_from(session, since_day)
    else:
        days = _touched_days(session, marks.get("posts"), marks.get("annotations"))
    for first, last in _runs(sorted(days)):
        _recompute(session, first, last)
    for name in ("posts", "annotations"):
        mark_watermark(session, name, now)
    return sorted(days)


def mark_watermark(session: Session, name: str, at: datetime) -> None:
    """Record that the reader called `name` has read up to `at` (one row per name)."""
    statement = backend_of(session).insert(typing.cast(Table, RollupWatermark.__table__))
    session.execute(
        statement.on_conflict_do_update(index_elements=["name"], set_={"at": at}),
        {"name": name, "at": at},
    )


def _days_from(session: Session, since_day: date) -> set[date]:
    last = session.scalar(select(func.max(Post.published_at)))
    if last is None:
        return set()
    return {since_day + timedelta(n) for n in range((last.date() - since_day).days + 1)}


def _touched_days(
    session: Session, posts_mark: datetime | None, annotations_mark: datetime | None
) -> set[date]:
    day = day_of(session, Post.published_at)
    changed_posts = select(day).distinct()
    if posts_mark is not None:
        changed_posts = changed_posts.where(Post.updated_at > posts_mark - COMMIT_LAG)
    annotated = select(day).distinct().join(Annotation, Annotation.post_id == Post.id)
    if annotations_mark is not None:
        annotated = annotated.where(Annotation.created_at > annotations_mark - COMMIT_LAG)
    found = set(session.scalars(changed_posts)) | set(session.scalars(annotated))
    return {d if isinstance(d, date) else date.fromisoformat(d) for d in found}


def _runs(days: Iterable[date]) -> Iterator[tuple[date, date]]:
    """Contiguous runs of days, so each recompute reads one index range."""
    first: date | None = None
    last: date | None = None
    for day in days:
        if last is not None and day == last + timedelta(1):
            last = day
            continue
        if first is not None and last is not None:  # (set together)
            yield first, last
        first = last = day
    if first is not None and last is not None:
        yield first, last


def _recompute(session: Session, first: date, last: date) -> None:
    start, end = day_start(first), day_start(last + timedelta(1))
    session.execute(delete(DailyRollup).where(DailyRollup.day >= first, DailyRollup.day <= last))
    in_range = and_(Post.published_at >= start, Post.published_at < end)
    day = day_of(session, Post.published_at).label("day")
    lang = func.coalesce(Annotation.lang, Post.lang, "und").label("lang")
    per_post = (
        select(
            day,
            Post.platform,
            lang,
            literal("posts").label("dimension"),
            literal("").label("key"),
            Post.id.label("post_id"),
            Post.author_id,
            Post.engagement,
            literal(0).label("contested"),
        )
        .outerjoin(Annotation, Annotation.id == Post.annotation_id)
        .where(in_range)
    )
    _insert_grouped(session, per_post.subquery())
    for dimension, mention, key in (
        ("actor", ActorMention, ActorMention.actor_id),
        ("frame", FrameMention, FrameMention.frame_id),
        ("individual", IndividualMention, cast(IndividualMention.individual_id, String)),
    ):
        contested = _contested() if mention is FrameMention else literal(0)
        keyed = (
            select(
                day,
                Post.platform,
                lang,
                literal(dimension).label("dimension"),
                key.label("key"),
                Post.id.label("post_id"),
                Post.author_id,
                Post.engagement,
                contested.label("contested"),
            )
            .join(
                mention,
                and_(mention.post_id == Post.id, mention.annotation_id == Post.annotation_id),
            )
            .outerjoin(Annotation, Annotation.id == Post.annotation_id)
            .where(in_range)
            .group_by(day, Post.platform, lang, key, Post.id, Post.author_id, Post.engagement)
        )
        _insert_grouped(session, keyed.subquery())
    pair_key = ActorMention.actor_id + SEPARATOR + FrameMention.frame_id
    pairs = (
        select(
            day,
            Post.platform,
            lang,
            literal("actor_frame").label("dimension"),
            pair_key.label("key"),
            Post.id.label("post_id"),
            Post.author_id,
            Post.engagement,
            _contested().label("contested"),
        )
        .join(
            ActorMention,
            and_(ActorMention.post_id == Post.id, ActorMention.annotation_id == Post.annotation_id),
        )
        .join(
            FrameMention,
            and_(FrameMention.post_id == Post.id, FrameMention.annotation_id == Post.annotation_id),
        )
        .outerjoin(Annotation, Annotation.id == Post.annotation_id)
        .where(in_range)
        .group_by(day, Post.platform, lang, pair_key, Post.id, Post.author_id, Post.engagement)
    )
    _insert_grouped(session, pairs.subquery())


def _contested() -> ColumnElement[int]:
    """1 when the post mentions the frame as contested anywhere ("they are NOT terrorists")."""
    return func.max(case((FrameMention.polarity == "contested", 1), else_=0))


def _insert_grouped(session: Session, rows: Subquery) -> None:
    """One rollup row per (day, platform, lang, dimension, key) from per-post rows."""
    c = rows.c
    grouped = select(
        c.day,
        c.platform,
        c.lang,
        c.dimension,
        c.key,
        func.count(),
        func.count(distinct(c.author_id)),
        func.coalesce(func.sum(c.engagement), 0),
        func.coalesce(func.sum(c.contested), 0),
    ).group_by(c.day, c.platform, c.lang, c.dimension, c.key)
    session.execute(insert(DailyRollup).from_select([*_COLUMNS, "contested"], grouped))
