"""What the morning digest says, section by section, as data; `dashboard.digest` renders it.

Each section is one function of the session and the day, so a section can be read, tested
or reused alone; `digest_sections` gathers them in the order the digest shows them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy.orm import Session

from storage.alerts import AlertShown, alerts_shown
from storage.exposure_policy import DEFAULT_POLICY, ExposurePolicy
from storage.privacy import Names
from storage.queries.cooccurrence import cooccurrence
from storage.queries.coordination import ClusterRow, coordination_clusters
from storage.queries.exposure import ExposureChange, exposure_changes
from storage.queries.filters import QueryFilters
from storage.queries.health import DayHealth, day_health
from storage.queries.posts import PostHit, hits, search_posts
from storage.queries.review import ReviewRow, new_individuals
from storage.queries.spikes import Spike, spikes
from storage.queries.trends import trends
from storage.queries.volume import VolumeRow, unannotated_backlog, volume

WEEK = 7
TOP = 5
MOVERS = 3  # ids listed among the biggest rises, and as many among the biggest falls


@dataclass(frozen=True)
class TrendMoves:
    """Frames or actors over the week up to the day: who rose or fell most, and the series."""

    what: str  # frames | actors
    days: list[date]
    movers: list[tuple[str, float, float]]  # id, posts on the day, change against the mean
    top_series: dict[str, list[float]]  # the TOP ids with most posts over the week, per day


@dataclass(frozen=True)
class PairChange:
    actor: str
    frame: str
    posts: int  # posts naming both on the day
    change: float  # against the daily mean of the week before


@dataclass(frozen=True)
class SpikeWithPosts:
    spike: Spike
    posts: list[PostHit]


@dataclass(frozen=True)
class DigestSections:
    day: date
    volume: list[VolumeRow]
    trend_moves: list[TrendMoves]
    pair_changes: list[PairChange]
    spikes: list[SpikeWithPosts]
    most_engaged: list[PostHit]
    clusters: list[ClusterRow]
    newly_named: list[ReviewRow]
    exposure: list[ExposureChange]
    alerts: list[AlertShown]
    troubled_sources: list[DayHealth]
    backlog: int


def digest_sections(
    session: Session, day: date, names: Names, policy: ExposurePolicy = DEFAULT_POLICY
) -> DigestSections:
    """Every section of `day`'s digest; names are shown as `names` allows."""
    return DigestSections(
        day=day,
        volume=volume(session, day),
        trend_moves=[trend_moves(session, day, what) for what in ("frames", "actors")],
        pair_changes=pair_changes(session, day),
        spikes=spikes_with_posts(session, day, names, policy.min_mentions),
        most_engaged=most_engaged(session, day, names),
        clusters=coordination_clusters(session, day, limit=TOP, names=names),
        newly_named=new_individuals(session, day, names=names, min_mentions=policy.min_mentions),
        exposure=exposure_changes(session, day, TOP, names=names, policy=policy),
        alerts=alerts_shown(session, day, names),
        troubled_sources=troubled_sources(session, day),
        backlog=unannotated_backlog(session),
    )


def trend_moves(session: Session, day: date, what: str) -> TrendMoves:
    """Daily posts per id over the week; the ids that rose most, then those that fell most."""
    days = [day - timedelta(n) for n in range(WEEK, -1, -1)]
    series: dict[str, list[float]] = {}
    for r in trends(session, what, filters=QueryFilters(day - timedelta(WEEK), day)):
        series.setdefault(r.key, [0.0] * len(days))[days.index(r.period)] = r.posts
    changes = sorted(
        ((k, v[-1] - sum(v[:-1]) / WEEK) for k, v in series.items()), key=lambda kv: -kv[1]
    )
    rises = changes[:MOVERS]
    shown = [*rises, *[x for x in changes[-MOVERS:] if x not in rises]]
    top = dict(sorted(series.items(), key=lambda kv: -sum(kv[1]))[:TOP])
    return TrendMoves(what, days, [(k, series[k][-1], c) for k, c in shown], top)


def pair_changes(session: Session, day: date) -> list[PairChange]:
    """Actor x frame pairs whose count on the day moved most from the week before's mean."""
    week_before = QueryFilters(day - timedelta(WEEK), day - timedelta(1))
    before = {(r.row, r.col): r.posts / WEEK for r in cooccurrence(session, filters=week_before)}
    today = QueryFilters(day, day)
    now = {(r.row, r.col): r.posts for r in cooccurrence(session, filters=today)}
    pairs = sorted(
        ((k, now.get(k, 0) - before.get(k, 0.0)) for k in set(now) | set(before)),
        key=lambda kv: (-abs(kv[1]), kv[0]),
    )[:TOP]
    return [PairChange(a, f, now.get((a, f), 0), c) for (a, f), c in pairs]


def spikes_with_posts(
    session: Session, day: date, names: Names, min_mentions: int
) -> list[SpikeWithPosts]:
    """The day's spikes, each with its top posts (each post once)."""
    found = []
    for s in spikes(session, day, names=names, min_mentions=min_mentions):
        ids = [int(i) for i in s.top_post_ids.split()]
        posts = {h.post_id: h for h in hits(session, ids, names)}
        found.append(SpikeWithPosts(s, list(posts.values())))
    return found


def most_engaged(session: Session, day: date, names: Names) -> list[PostHit]:
    today = QueryFilters(day, day)
    return search_posts(session, filters=today, limit=TOP, names=names, order="engagement")


def troubled_sources(session: Session, day: date) -> list[DayHealth]:
    """Sources that did not run, failed, degraded, hit a cap or waited on rate limits."""
    return [
        h
        for h in day_health(session, day)
        if h.runs == 0 or h.failed or h.degraded or h.caps_hit or h.rate_limited_seconds
    ]
