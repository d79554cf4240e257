"""Coordinated-amplification detection kept current: the daemon's job and the queries call this.

Posts are bucketed by the hour of their publication. Each refresh recomputes the hours
whose posts were stored or updated since the last refresh (every hour the first time, or
after the settings changed), reading CONTEXT on either side so that clusters near an
hour's edge are whole, and keeps the clusters that start inside. Hours are read a few at a
time (memory follows the posts of CHUNK_HOURS, not the database) and each chunk's clusters
are written in a short transaction of their own, so the collector is never held up long.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine

from nlp.coordination import Cluster, CoordinationSettings, SharedPost, find_clusters
from storage.coordination import (
    WATERMARK_PREFIX,
    ClusterRecord,
    changed_times,
    posts_between,
    replace_clusters,
    set_watermark,
    watermark,
)
from storage.engine import read_transaction, transaction
from storage.writes import utcnow
from testigo.config import Config, duration_seconds

HOUR = timedelta(hours=1)
CHUNK_HOURS = 24
# A cluster is found whole when it does not reach further than this past its hour.
CONTEXT = timedelta(hours=1)


@dataclass(frozen=True)
class RefreshResult:
    hours: int = 0
    clusters: int = 0

    def __str__(self) -> str:
        return f"hours={self.hours} clusters={self.clusters}"


def settings_from(config: Config) -> CoordinationSettings:
    section = config.coordination
    return CoordinationSettings(
        window_seconds=duration_seconds(section.window, "[coordination] window"),
        min_accounts=section.min_accounts,
        similarity=float(section.similarity),
    )


def watermark_name(settings: CoordinationSettings) -> str:
    """The watermark of these settings: other settings have not seen any post yet."""
    return (
        f"{WATERMARK_PREFIX} {settings.window_seconds}s {settings.min_accounts} "
        f"{settings.similarity:g}"
    )


def refresh_coordination(engine: Engine, settings: CoordinationSettings) -> RefreshResult:
    """Recompute the clusters of every hour whose posts changed since the last refresh."""
    name = watermark_name(settings)
    started = utcnow()
    with read_transaction(engine) as session:
        hours = sorted({_hour_of(at) for at in changed_times(session, watermark(session, name))})
    found = 0
    for first, end in _chunks(hours):
        found += _recompute(engine, settings, first, end)
    with transaction(engine) as session:
        set_watermark(session, name, started)
    return RefreshResult(len(hours), found)


def _recompute(
    engine: Engine, settings: CoordinationSettings, start: datetime, end: datetime
) -> int:
    context = max(CONTEXT, timedelta(seconds=2 * settings.window_seconds))
    with read_transaction(engine) as session:
        rows = posts_between(session, start - context, end + context)
    posts = [
        SharedPost(
            r.post_id, r.author_id, r.published_at.timestamp(), r.platform, r.text, r.repost_of
        )
        for r in rows
    ]
    times = {r.post_id: r.published_at for r in rows}
    kept = [
        _record(cluster, times)
        for cluster in find_clusters(posts, settings)
        if start <= times[cluster.posts[0].post_id] < end
    ]
    with transaction(engine) as session:
        replace_clusters(session, start, end, kept)
    return len(kept)


def _record(cluster: Cluster, times: dict[int, datetime]) -> ClusterRecord:
    return ClusterRecord(
        kinds=" ".join(cluster.kinds),
        link=cluster.link,
        repost_of=cluster.repost_of,
        sample_post_id=cluster.sample.post_id,
        first_at=times[cluster.posts[0].post_id],
        last_at=times[cluster.posts[-1].post_id],
        accounts=cluster.accounts,
        platforms=" ".join(cluster.platforms),
        members=[(post.post_id, post.account) for post in cluster.posts],
    )


def _hour_of(at: datetime) -> datetime:
    return at.astimezone(UTC).replace(minute=0, second=0, microsecond=0)


def _chunks(hours: list[datetime]) -> Iterator[tuple[datetime, datetime]]:
    """Runs of consecutive hours, at most CHUNK_HOURS long, as [start, end)."""
    first = last = None
    for hour in hours:
        if first is not None and last is not None:
            if hour == last + HOUR and hour - first < CHUNK_HOURS * HOUR:
                last = hour
                continue
            yield first, last + HOUR
        first = last = hour
    if first is not None and last is not None:
        yield first, last + HOUR
