"""Coordinated-amplification clusters as analysts read them, and accounts seen in many.

A cluster's sample text, its accounts' handles and its link are shown as the Names policy
allows (pseudonyms and masked names for readers who do not see names); the frames,
actors and individuals are those of its posts' current annotations, with how many of its
posts carry each.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import Select, SQLColumnExpression, distinct, func, select
from sqlalchemy.orm import Session

from storage.models import (
    ActorMention,
    Author,
    CoordinationCluster,
    CoordinationMember,
    FrameMention,
    IndividualMention,
    MentionSpan,
    Post,
)
from storage.privacy import Names
from storage.queries.filters import current_of
from storage.queries.people import people
from storage.queries.posts import hits
from storage.rollups import day_start


@dataclass(frozen=True)
class ClusterRow:
    cluster_id: int
    first_at: datetime
    last_at: datetime
    span_seconds: int
    accounts: int
    posts: int
    platforms: str
    shared: str  # what the posts share: text, link, repost (space-separated)
    link: str
    repost_of: str
    sample_text: str
    account_handles: str
    frames: str  # "id:posts" pairs, most posts first
    actors: str
    individuals: str


@dataclass(frozen=True)
class AccountRow:
    account: str
    platform: str
    clusters: int
    posts: int
    first_at: datetime
    last_at: datetime


def _clusters(day: date | None, min_accounts: int) -> Select[CoordinationCluster]:
    query = select(CoordinationCluster).where(CoordinationCluster.accounts >= min_accounts)
    if day is not None:
        query = query.where(
            CoordinationCluster.first_at >= day_start(day),
            CoordinationCluster.first_at < day_start(day + timedelta(1)),
        )
    return query


def coordination_clusters(
    session: Session,
    day: date | None = None,
    min_accounts: int = 1,
    limit: int = 50,
    *,
    names: Names,
) -> list[ClusterRow]:
    """The largest clusters (most accounts, then most posts, then earliest) of `day`, or
    of every day."""
    found = list(
        session.scalars(
            _clusters(day, min_accounts)
            .order_by(
                CoordinationCluster.accounts.desc(),
                CoordinationCluster.posts.desc(),
                CoordinationCluster.first_at,
                CoordinationCluster.id,
            )
            .limit(limit)
        )
    )
    if not found:
        return []
    ids = [cluster.id for cluster in found]
    samples = {hit.post_id: hit for hit in hits(session, [c.sample_post_id for c in found], names)}
    handles = _handles(session, ids, names)
    frames = _counts(session, ids, FrameMention, FrameMention.frame_id)
    actors = _counts(session, ids, ActorMention, ActorMention.actor_id)
    named = _counts(session, ids, IndividualMention, IndividualMention.individual_id)
    labels = people(session, {int(i) for per in named.values() for i in per}, names)
    return [
        ClusterRow(
            cluster_id=c.id,
            first_at=c.first_at,
            last_at=c.last_at,
            span_seconds=round((c.last_at - c.first_at).total_seconds()),
            accounts=c.accounts,
            posts=c.posts,
            platforms=c.platforms,
            shared=c.kinds,
            link=names.link(c.link or ""),
            repost_of=c.repost_of or "",
            sample_text=samples[c.sample_post_id].text if c.sample_post_id in samples else "",
            account_handles=" ".join(handles[c.id]),
            frames=_listed(frames[c.id]),
            actors=_listed(actors[c.id]),
            individuals=_listed(
                Counter(
                    {labels[int(i)].label: n for i, n in named[c.id].items() if int(i) in labels}
                )
            ),
        )
        for c in found
    ]


def cluster_individual_ids(session: Session, cluster_ids: list[int]) -> set[int]:
    """The individuals named in these clusters' posts (a reveal of their names is audited)."""
    named = _counts(session, cluster_ids, IndividualMention, IndividualMention.individual_id)
    return {int(i) for per in named.values() for i in per}


def coordinated_accounts(
    session: Session,
    day: date | None = None,
    min_accounts: int = 1,
    limit: int = 50,
    *,
    names: Names,
) -> list[AccountRow]:
    """Accounts by how many clusters they took part in (repeat members first)."""
    clusters = _clusters(day, min_accounts).with_only_columns(CoordinationCluster.id)
    rows = session.execute(
        select(
            Author.handle,
            Author.platform,
            func.count(distinct(CoordinationMember.cluster_id)),
            func.count(CoordinationMember.post_id),
            func.min(Post.published_at),
            func.max(Post.published_at),
        )
        .join(Author, Author.id == CoordinationMember.author_id)
        .join(Post, Post.id == CoordinationMember.post_id)
        .where(CoordinationMember.cluster_id.in_(clusters))
        .group_by(Author.id, Author.handle, Author.platform)
        .order_by(
            func.count(distinct(CoordinationMember.cluster_id)).desc(),
            func.count(CoordinationMember.post_id).desc(),
            Author.id,
        )
        .limit(limit)
    )
    return [
        AccountRow(names.handle(handle or ""), platform, clusters, posts, first, last)
        for handle, platform, clusters, posts, first, last in rows
    ]


def _handles(session: Session, ids: list[int], names: Names) -> dict[int, list[str]]:
    found: dict[int, list[str]] = defaultdict(list)
    for cluster_id, handle in session.execute(
        select(CoordinationMember.cluster_id, Author.handle)
        .join(Author, Author.id == CoordinationMember.author_id)
        .where(CoordinationMember.cluster_id.in_(ids))
        .distinct()
        .order_by(CoordinationMember.cluster_id, Author.handle)
    ):
        found[cluster_id].append(names.handle(handle or ""))
    return found


def _counts(
    session: Session,
    ids: list[int],
    mention: type[MentionSpan],
    column: SQLColumnExpression[str | int],
) -> dict[int, Counter[str]]:
    """Per cluster: how many of its posts' current annotations mention each id."""
    found: dict[int, Counter[str]] = defaultdict(Counter)
    for cluster_id, key, posts in session.execute(
        select(CoordinationMember.cluster_id, column, func.count(distinct(Post.id)))
        .join(Post, Post.id == CoordinationMember.post_id)
        .join(mention, current_of(mention))
        .where(CoordinationMember.cluster_id.in_(ids))
        .group_by(CoordinationMember.cluster_id, column)
    ):
        found[cluster_id][str(key)] = posts
    return found


def _listed(counts: Counter[str]) -> str:
    return " ".join(
        f"{key}:{n}" for key, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    )
