"""Posts per platform and language on a day, against the 7 days before (from rollups)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from storage.models import DailyRollup, Post

PREVIOUS_DAYS = 7


@dataclass(frozen=True)
class VolumeRow:
    platform: str
    lang: str
    posts: int
    previous_mean: float  # mean posts per day over the 7 days before
    change: float  # posts - previous_mean


def volume(session: Session, day: date) -> list[VolumeRow]:
    first = day - timedelta(PREVIOUS_DAYS)
    counts: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for when, platform, lang, posts in session.execute(
        select(DailyRollup.day, DailyRollup.platform, DailyRollup.lang, func.sum(DailyRollup.posts))
        .where(DailyRollup.dimension == "posts", DailyRollup.day >= first, DailyRollup.day <= day)
        .group_by(DailyRollup.day, DailyRollup.platform, DailyRollup.lang)
    ):
        counts[(platform, lang)][0 if when == day else 1] += int(posts)
    rows = [
        VolumeRow(
            p,
            lang,
            today,
            round(before / PREVIOUS_DAYS, 2),
            round(today - before / PREVIOUS_DAYS, 2),
        )
        for (p, lang), (today, before) in counts.items()
    ]
    return sorted(rows, key=lambda r: (-r.posts, r.platform, r.lang))


def unannotated_backlog(session: Session) -> int:
    """Posts the NLP worker has not annotated yet."""
    return int(session.scalar(select(func.count()).where(Post.annotation_id.is_(None))) or 0)
