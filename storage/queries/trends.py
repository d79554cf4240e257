"""Counts per period and id, from the daily rollups."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from storage.models import DailyRollup
from storage.privacy import Names
from storage.queries.filters import NO_FILTERS, QueryFilters, period_of
from storage.queries.people import people

# What analysts ask for -> rollup dimension.
DIMENSIONS = {"frames": "frame", "actors": "actor", "individuals": "individual", "posts": "posts"}
ALL_PLATFORMS = "all"


@dataclass(frozen=True)
class TrendRow:
    period: date
    platform: str
    key: str
    label: str
    posts: int
    authors: int
    engagement: int
    share: float | None


def trends(
    session: Session,
    what: str,
    by: str = "day",
    filters: QueryFilters = NO_FILTERS,
    normalize: bool = False,
    *,
    by_platform: bool = False,
    names: Names | None = None,
    min_mentions: int = 1,
) -> list[TrendRow]:
    """Posts, distinct authors and engagement per period and id.

    `authors` adds up the distinct authors of each day, platform and language
    (an author active on two days of a week counts twice). `share` (with
    `normalize`) is posts / all posts from the same platform(s) in the period.
    Individuals need `names`; those in fewer than `min_mentions` posts over the
    whole range are left out.
    """
    if what not in DIMENSIONS:
        raise ValueError(f"what must be one of {', '.join(DIMENSIONS)}, got {what!r}")
    if what == "individuals" and names is None:
        raise ValueError("individuals need a Names policy (pseudonyms or reveal)")
    counts = _sums(session, DIMENSIONS[what], filters, by, by_platform)
    labels = {key: key for (_, _, key) in counts}
    if what == "individuals" and names is not None:  # (never None here: checked above)
        totals: dict[str, int] = defaultdict(int)
        for (_, _, key), (posts, _, _) in counts.items():
            totals[key] += posts
        known = people(session, (int(k) for k in totals), names)
        labels = {
            str(i): person.label for i, person in known.items() if totals[str(i)] >= min_mentions
        }
    volume = _sums(session, "posts", filters, by, by_platform) if normalize else {}
    rows = []
    for (period, platform, key), (posts, authors, engagement) in counts.items():
        if key not in labels:
            continue
        share = None
        if normalize:
            total = volume.get((period, platform, ""), (0, 0, 0))[0]
            share = round(posts / total, 6) if total else None
        rows.append(TrendRow(period, platform, key, labels[key], posts, authors, engagement, share))
    return sorted(rows, key=lambda r: (r.period, r.platform, -r.posts, r.key))


def _sums(
    session: Session, dimension: str, filters: QueryFilters, by: str, by_platform: bool
) -> dict[tuple[date, str, str], tuple[int, int, int]]:
    query = (
        select(
            DailyRollup.day,
            DailyRollup.platform,
            DailyRollup.key,
            func.sum(DailyRollup.posts),
            func.sum(DailyRollup.authors),
            func.sum(DailyRollup.engagement),
        )
        .where(DailyRollup.dimension == dimension, *filters.on_rollups())
        .group_by(DailyRollup.day, DailyRollup.platform, DailyRollup.key)
    )
    sums: dict[tuple[date, str, str], list[int]] = defaultdict(lambda: [0, 0, 0])
    for day, platform, key, posts, authors, engagement in session.execute(query):
        slot = sums[(period_of(day, by), platform if by_platform else ALL_PLATFORMS, key)]
        slot[0] += int(posts)
        slot[1] += int(authors)
        slot[2] += int(engagement)
    return {k: (v[0], v[1], v[2]) for k, v in sums.items()}


def scored_day(session: Session, filters: QueryFilters = NO_FILTERS) -> date | None:
    """The day a day's query is about when none is given: the filters' last day, else the
    latest day with posts (not today: an archive's last posts may be months old)."""
    if filters.until:
        return filters.until
    return max((r.period for r in trends(session, "posts", "day", filters)), default=None)
