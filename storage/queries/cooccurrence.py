"""Actor x frame: how often each pair appears in the same post, from the daily rollups."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from storage.models import DailyRollup
from storage.queries.filters import NO_FILTERS, QueryFilters
from storage.rollups import SEPARATOR

AXES = ("actors", "frames")


@dataclass(frozen=True)
class CooccurrenceRow:
    row: str
    col: str
    posts: int
    authors: int
    engagement: int
    contested: int
    contested_share: float


def cooccurrence(
    session: Session,
    rows: str = "actors",
    cols: str = "frames",
    filters: QueryFilters = NO_FILTERS,
) -> list[CooccurrenceRow]:
    """Posts naming both ids; `contested` counts posts where the frame is contested."""
    if {rows, cols} != set(AXES):
        raise ValueError("cooccurrence pairs actors with frames (either way round)")
    query = (
        select(
            DailyRollup.key,
            func.sum(DailyRollup.posts),
            func.sum(DailyRollup.authors),
            func.sum(DailyRollup.engagement),
            func.sum(DailyRollup.contested),
        )
        .where(DailyRollup.dimension == "actor_frame", *filters.on_rollups())
        .group_by(DailyRollup.key)
    )
    found = []
    for key, posts, authors, engagement, contested in session.execute(query):
        actor, frame = key.split(SEPARATOR, 1)
        row, col = (actor, frame) if rows == "actors" else (frame, actor)
        posts, contested = int(posts), int(contested)
        found.append(
            CooccurrenceRow(
                row,
                col,
                posts,
                int(authors),
                int(engagement),
                contested,
                round(contested / posts, 4) if posts else 0.0,
            )
        )
    return sorted(found, key=lambda r: (-r.posts, r.row, r.col))
