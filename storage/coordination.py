"""Coordination clusters in the database: the posts detection reads, and the clusters it writes.

Detection (nlp.coordination, wired by testigo.coordination) recomputes the stretches of
time whose posts changed since it last ran, so it reads posts by `updated_at` as the
rollups do, and replaces the clusters that start in each recomputed stretch.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from storage.models import CoordinationCluster, CoordinationMember, Post, RollupWatermark
from storage.rollups import COMMIT_LAG, mark_watermark
from storage.writes import utcnow

WATERMARK_PREFIX = "coordination"
READ_BATCH = 5000


@dataclass(frozen=True, slots=True)
class PostForDetection:
    post_id: int
    author_id: int
    published_at: datetime
    platform: str
    text: str
    repost_of: str | None


@dataclass(frozen=True)
class ClusterRecord:
    """A cluster as stored: `members` are (post id, author id) pairs."""

    kinds: str
    link: str | None
    repost_of: str | None
    sample_post_id: int
    first_at: datetime
    last_at: datetime
    accounts: int
    platforms: str
    members: Sequence[tuple[int, int]]


def watermark(session: Session, name: str) -> datetime | None:
    return session.scalar(select(RollupWatermark.at).where(RollupWatermark.name == name))


def set_watermark(session: Session, name: str, at: datetime) -> None:
    """Record how far detection under `name` has read; marks of other settings are dropped,
    so changing the settings later recomputes everything again."""
    session.execute(
        delete(RollupWatermark).where(
            RollupWatermark.name.startswith(WATERMARK_PREFIX), RollupWatermark.name != name
        )
    )
    mark_watermark(session, name, at)


def changed_times(session: Session, since: datetime | None) -> Iterator[datetime]:
    """Publication times of posts stored or updated since `since` (all posts when None),
    reading back COMMIT_LAG for writers that committed late."""
    query = select(Post.published_at)
    if since is not None:
        query = query.where(Post.updated_at > since - COMMIT_LAG)
    yield from session.execute(query.execution_options(yield_per=READ_BATCH)).scalars()


def posts_between(session: Session, start: datetime, end: datetime) -> list[PostForDetection]:
    """Posts published in [start, end) that have an author (coordination counts accounts)."""
    rows = session.execute(
        select(Post.id, Post.author_id, Post.published_at, Post.platform, Post.text, Post.repost_of)
        .where(Post.published_at >= start, Post.published_at < end)
        .where(Post.author_id.is_not(None))
        .execution_options(yield_per=READ_BATCH)
    )
    return [
        PostForDetection(post_id, author_id, at, platform, text, repost_of)
        for post_id, author_id, at, platform, text, repost_of in rows
        if author_id is not None  # the query's filter, stated for the type checker
    ]


def replace_clusters(
    session: Session, start: datetime, end: datetime, clusters: Sequence[ClusterRecord]
) -> None:
    """Replace the clusters that start in [start, end) with `clusters`. The caller commits."""
    stale = select(CoordinationCluster.id).where(
        CoordinationCluster.first_at >= start, CoordinationCluster.first_at < end
    )
    session.execute(delete(CoordinationMember).where(CoordinationMember.cluster_id.in_(stale)))
    session.execute(delete(CoordinationCluster).where(CoordinationCluster.id.in_(stale)))
    now = utcnow()
    for cluster in clusters:
        row = CoordinationCluster(
            kinds=cluster.kinds,
            link=cluster.link,
            repost_of=cluster.repost_of,
            sample_post_id=cluster.sample_post_id,
            first_at=cluster.first_at,
            last_at=cluster.last_at,
            accounts=cluster.accounts,
            posts=len(cluster.members),
            platforms=cluster.platforms,
            detected_at=now,
        )
        session.add(row)
        session.flush()
        session.execute(
            insert(CoordinationMember),
            [
                {"cluster_id": row.id, "post_id": post_id, "author_id": author_id}
                for post_id, author_id in cluster.members
            ],
        )
