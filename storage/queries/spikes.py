"""Ids whose count on a day stands out against their own trailing baseline.

Method (robust z-score): over the `baseline_days` before the day (days with no
posts count as 0), take the median m and the median absolute deviation MAD.
scale = max(1.4826 * MAD, sqrt(m), 1) — the sqrt(m) floor is the Poisson noise
of a count, the 1 keeps a flat zero baseline from turning every post into a
spike. A spike is count >= min_posts and (count - m) / scale >= threshold.
"""

from __future__ import annotations

import math
import statistics
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from storage.exposure_policy import DEFAULT_MIN_MENTIONS
from storage.models import DailyRollup
from storage.privacy import Names
from storage.queries.filters import NO_FILTERS, QueryFilters
from storage.queries.people import people
from storage.queries.posts import top_posts_for

WHAT = {"frame": "frames", "actor": "actors", "individual": "individuals"}


@dataclass(frozen=True)
class Spike:
    dimension: str
    key: str
    label: str
    day: date
    posts: int
    baseline_median: float
    baseline_mad: float
    score: float
    top_post_ids: str  # space-separated post ids, most engaged first


def spikes(
    session: Session,
    day: date,
    filters: QueryFilters = NO_FILTERS,
    *,
    names: Names,
    min_mentions: int = DEFAULT_MIN_MENTIONS,
    baseline_days: int = 14,
    threshold: float = 3.5,
    min_posts: int = 3,
    top: int = 3,
) -> list[Spike]:
    """Spiking frames, actors and individuals on `day`, strongest first.

    Individuals below `min_mentions` posts on the day are never reported.
    """
    first = day - timedelta(baseline_days)
    window = QueryFilters(first, day, filters.platform, filters.lang)
    query = (
        select(DailyRollup.dimension, DailyRollup.key, DailyRollup.day, func.sum(DailyRollup.posts))
        .where(DailyRollup.dimension.in_(list(WHAT)), *window.on_rollups())
        .group_by(DailyRollup.dimension, DailyRollup.key, DailyRollup.day)
    )
    series: dict[tuple[str, str], dict[date, int]] = defaultdict(dict)
    for dimension, key, when, posts in session.execute(query):
        series[(dimension, key)][when] = int(posts)
    found = []
    for (dimension, key), counts in series.items():
        today = counts.get(day, 0)
        if today < max(min_posts, min_mentions if dimension == "individual" else 0):
            continue
        baseline = [counts.get(first + timedelta(n), 0) for n in range(baseline_days)]
        median = statistics.median(baseline)
        mad = statistics.median(abs(c - median) for c in baseline)
        scale = max(1.4826 * mad, math.sqrt(median), 1.0)
        score = (today - median) / scale
        if score >= threshold:
            found.append((dimension, key, today, float(median), float(mad), round(score, 2)))
    labels = people(session, (int(f[1]) for f in found if f[0] == "individual"), names)
    result = []
    for dimension, key, today, median, mad, score in found:
        label = key
        if dimension == "individual":
            if int(key) not in labels:
                continue
            label = labels[int(key)].label
        post_ids = top_posts_for(session, WHAT[dimension], key, filters.for_day(day), top)
        result.append(
            Spike(
                dimension, key, label, day, today, median, mad, score, " ".join(map(str, post_ids))
            )
        )
    return sorted(result, key=lambda s: (-s.score, s.dimension, s.key))
