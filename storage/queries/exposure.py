"""Risk exposure of named individuals: a 0-100 score that shows its parts.

For one person on one day, over the posts that name them (current annotations):

    mentions  m = posts naming them            -> m / (m + 10)
    authors   a = distinct accounts            -> a / (a + 5)
    reach     r = summed engagement            -> r / (r + 1000)
    stigma    s = share of posts with a stigmatising frame, affirmed (not contested),
                  each post weighted by its strongest frame's weight (0..1)
    hostile   h = share of posts that also name a hostile actor
    details   d = share of posts carrying identifying details (relatives, home town,
                  workplace, photos)
    growth    g = log2((m + 1) / (b + 1)) / 4, clipped to 0..1, where b is the median
                  of the person's daily posts over the 7 days before
    coordinated c = share of posts that belong to a coordinated-amplification cluster

    score = 100 * (0.15 m' + 0.15 a' + 0.15 r' + 0.20 s + 0.10 h + 0.15 d + 0.10 g + w c)
                / (1 + w)

where w is the configurable weight of the coordinated part (default 0.10); dividing by
the weights' sum keeps the score within 0-100 (w = 0 gives the score without it).
Each part's points (its share of the weights * value * 100) are in the row; they add up
to the score.
The day's parts read the day's mention rows (one day of posts, by index, then the
frame, actor and detail mentions of the current annotations of the posts naming
someone); the baseline reads the daily rollups.
"""

from __future__ import annotations

import math
import statistics
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import BindParameter, bindparam, func, select
from sqlalchemy.orm import Session

from storage.exposure_policy import DEFAULT_COORDINATED_WEIGHT, DEFAULT_POLICY, ExposurePolicy
from storage.models import (
    ActorMention,
    Annotation,
    CoordinationMember,
    DailyRollup,
    DetailMention,
    FrameMention,
    IndividualMention,
    Post,
)
from storage.privacy import Names
from storage.queries.filters import NO_FILTERS, QueryFilters, current_of
from storage.queries.people import people

DEFAULT_WEIGHTS = {
    "mentions": 0.15,
    "authors": 0.15,
    "reach": 0.15,
    "stigmatising": 0.20,
    "hostile": 0.10,
    "details": 0.15,
    "growth": 0.10,
    "coordinated": DEFAULT_COORDINATED_WEIGHT,  # the policy's weight replaces it
}
BASELINE_DAYS = 7
CHUNK = 500


@dataclass(frozen=True)
class ExposureRow:
    individual_id: int
    person: str
    kind: str
    day: date
    score: float
    mentions: int
    authors: int
    reach: int
    stigmatising_share: float
    hostile_share: float
    details_share: float
    baseline: float
    growth: float
    coordinated_share: float
    mentions_points: float
    authors_points: float
    reach_points: float
    stigmatising_points: float
    hostile_points: float
    details_points: float
    growth_points: float
    coordinated_points: float


@dataclass(frozen=True)
class Evidence:
    """One post behind one part of a score."""

    part: str
    post_id: int
    published_at: datetime
    platform: str
    url: str
    engagement: int
    why: str


@dataclass(frozen=True)
class ExposureExplanation:
    row: ExposureRow | None
    evidence: list[Evidence]


@dataclass
class _Facts:
    posts: dict[int, tuple[int | None, int]] = field(default_factory=dict)  # author, engagement
    stigma: dict[int, tuple[str, float]] = field(default_factory=dict)
    hostile: dict[int, list[str]] = field(default_factory=lambda: defaultdict(list))
    details: dict[int, list[str]] = field(default_factory=lambda: defaultdict(list))
    coordinated: dict[int, int] = field(default_factory=dict)  # post id -> cluster id


def exposure(
    session: Session,
    day: date,
    top: int = 20,
    filters: QueryFilters = NO_FILTERS,
    *,
    names: Names,
    policy: ExposurePolicy = DEFAULT_POLICY,
) -> list[ExposureRow]:
    """The `top` most exposed people on `day`; people in fewer than the policy's
    `min_mentions` posts that day are left out altogether."""
    facts = _day_facts(session, day, filters, policy)
    counted = {i: f for i, f in facts.items() if len(f.posts) >= policy.min_mentions}
    known = people(session, counted, names)
    baselines = _baselines(session, day, filters, list(known))
    weights = _weights(policy.coordinated_weight)
    rows = [
        _score(i, known[i].label, known[i].kind, day, counted[i], baselines.get(i, 0.0), weights)
        for i in known
    ]
    return sorted(rows, key=lambda r: (-r.score, r.person))[:top]


@dataclass(frozen=True)
class ExposureChange:
    row: ExposureRow
    previous: float  # the score the day before; 0 when the person was not scored then

    @property
    def rise(self) -> float:
        return self.row.score - self.previous


def exposure_changes(
    session: Session,
    day: date,
    top: int = 20,
    filters: QueryFilters = NO_FILTERS,
    *,
    names: Names,
    policy: ExposurePolicy = DEFAULT_POLICY,
) -> list[ExposureChange]:
    """`exposure` on `day`, each row with the person's score the day before (scored however
    few posts named them then, so a rise is measured from where they really were)."""
    scored = exposure(session, day, top, filters, names=names, policy=policy)
    if not scored:
        return []
    everyone = replace(policy, min_mentions=1)
    before = exposure(session, day - timedelta(1), 10**6, filters, names=names, policy=everyone)
    previous = {r.individual_id: r.score for r in before}
    return [ExposureChange(r, previous.get(r.individual_id, 0.0)) for r in scored]


def explain_exposure(
    session: Session,
    individual_id: int,
    day: date,
    filters: QueryFilters = NO_FILTERS,
    *,
    names: Names,
    policy: ExposurePolicy = DEFAULT_POLICY,
) -> ExposureExplanation:
    """The score of one person (whatever their count) and the posts behind each part."""
    facts = _day_facts(session, day, filters, policy, individual_id)
    known = people(session, [individual_id], names)
    if individual_id not in facts or individual_id not in known:
        return ExposureExplanation(None, [])
    person, own = known[individual_id], facts[individual_id]
    baseline = _baselines(session, day, filters, [individual_id]).get(individual_id, 0.0)
    evidence = []
    shown = session.execute(
        select(Post.id, Post.published_at, Post.platform, Post.url).where(
            Post.id.in_(list(own.posts))
        )
    )
    for post_id, published, platform, url in sorted(shown):
        engagement = own.posts[post_id][1]
        reasons = [("mentions", f"names {person.label}")]
        if post_id in own.stigma:
            frame, weight = own.stigma[post_id]
            reasons.append(("stigmatising", f"{frame} (weight {weight:g})"))
        if post_id in own.hostile:
            reasons.append(("hostile", " ".join(sorted(own.hostile[post_id]))))
        if post_id in own.details:
            reasons.append(("details", " ".join(sorted(own.details[post_id]))))
        if post_id in own.coordinated:
            reasons.append(("coordinated", f"cluster {own.coordinated[post_id]}"))
        evidence += [
            Evidence(part, post_id, published, platform, names.link(url or ""), engagement, why)
            for part, why in reasons
        ]
    weights = _weights(policy.coordinated_weight)
    row = _score(individual_id, person.label, person.kind, day, own, baseline, weights)
    return ExposureExplanation(row, sorted(evidence, key=lambda e: (e.part, e.post_id)))


def _weights(coordinated_weight: float) -> dict[str, float]:
    """Each part's share of the score: the default weights with the configured one for the
    coordinated part, divided by their sum."""
    weights = {**DEFAULT_WEIGHTS, "coordinated": coordinated_weight}
    total = sum(weights.values())
    return {part: weight / total for part, weight in weights.items()}


def _score(
    individual_id: int,
    label: str,
    kind: str | None,
    day: date,
    facts: _Facts,
    baseline: float,
    weights: Mapping[str, float],
) -> ExposureRow:
    m = len(facts.posts)
    authors = len({a for a, *_ in facts.posts.values() if a is not None})
    reach = sum(e for _, e, *_ in facts.posts.values())
    stigma = sum(w for _, w in facts.stigma.values()) / m
    hostile = len(facts.hostile) / m
    details = len(facts.details) / m
    growth = min(1.0, max(0.0, math.log2((m + 1) / (baseline + 1)) / 4))
    values = {
        "mentions": m / (m + 10),
        "authors": authors / (authors + 5),
        "reach": reach / (reach + 1000),
        "stigmatising": stigma,
        "hostile": hostile,
        "details": details,
        "growth": growth,
        "coordinated": len(facts.coordinated) / m,
    }
    points = {part: round(100 * weights[part] * v, 2) for part, v in values.items()}
    return ExposureRow(
        individual_id=individual_id,
        person=label,
        kind=kind or "",
        day=day,
        score=round(sum(100 * weights[p] * v for p, v in values.items()), 1),
        mentions=m,
        authors=authors,
        reach=reach,
        stigmatising_share=round(stigma, 4),
        hostile_share=round(hostile, 4),
        details_share=round(details, 4),
        baseline=baseline,
        growth=round(growth, 4),
        coordinated_share=round(values["coordinated"], 4),
        **{f"{part}_points": p for part, p in points.items()},
    )


def _day_facts(
    session: Session,
    day: date,
    filters: QueryFilters,
    policy: ExposurePolicy,
    individual_id: int | None = None,
) -> dict[int, _Facts]:
    """Per person named on `day`: their posts and which of them feed each part."""
    stigmatising, hostile = policy.stigmatising, policy.hostile
    named = (
        select(
            IndividualMention.individual_id,
            Post.id,
            Post.annotation_id,
            Post.author_id,
            Post.engagement,
        )
        .select_from(Post)
        .join(IndividualMention, current_of(IndividualMention))
        .outerjoin(Annotation, Annotation.id == Post.annotation_id)
        .where(*filters.for_day(day).on_posts())
    )
    if individual_id is not None:
        named = named.where(IndividualMention.individual_id == individual_id)
    facts: dict[int, _Facts] = defaultdict(_Facts)
    current: set[int] = set()
    for person, post_id, annotation_id, author, engagement in session.connection().execute(named):
        facts[person].posts[post_id] = (author, engagement)
        if annotation_id is not None:  # never NULL (current_of joined it): for the type checker
            current.add(annotation_id)
    if not current:
        return {}
    strongest: dict[int, tuple[str, float]] = {}
    actors: dict[int, set[str]] = defaultdict(set)
    kinds: dict[int, set[str]] = defaultdict(set)
    ordered = sorted(current)
    # By current annotation id, in chunks: the posts naming someone are few, the mentions
    # of a common frame or actor are many. Frame ids are filtered here, not in SQL, so that
    # SQLite reads by annotation id rather than by the frame_id index. The statements are
    # Core, with one expanding parameter, built once per call: rows stay plain tuples.
    chunk: BindParameter[Any] = bindparam("chunk", expanding=True)
    frames = select(FrameMention.post_id, FrameMention.frame_id, FrameMention.polarity).where(
        FrameMention.annotation_id.in_(chunk)
    )
    actors_named = select(ActorMention.post_id, ActorMention.actor_id).where(
        ActorMention.annotation_id.in_(chunk)
    )
    details = select(DetailMention.post_id, DetailMention.kind).where(
        DetailMention.annotation_id.in_(chunk)
    )
    clustered = select(CoordinationMember.post_id, CoordinationMember.cluster_id).where(
        CoordinationMember.post_id.in_(chunk)
    )
    db = session.connection()
    for ids in (ordered[i : i + CHUNK] for i in range(0, len(ordered), CHUNK)):
        for post_id, frame, polarity in db.execute(frames, {"chunk": ids}):
            if frame not in stigmatising or polarity == "contested":
                continue
            if post_id not in strongest or stigmatising[frame] > strongest[post_id][1]:
                strongest[post_id] = (frame, stigmatising[frame])
        for post_id, actor in db.execute(actors_named, {"chunk": ids}):
            if actor in hostile:
                actors[post_id].add(actor)
        for post_id, kind in db.execute(details, {"chunk": ids}):
            kinds[post_id].add(kind)
    named_posts = sorted({post_id for own in facts.values() for post_id in own.posts})
    in_cluster: dict[int, int] = {}
    for ids in (named_posts[i : i + CHUNK] for i in range(0, len(named_posts), CHUNK)):
        in_cluster.update((p, c) for p, c in db.execute(clustered, {"chunk": ids}))
    for own in facts.values():
        for post_id in own.posts:
            if post_id in strongest:
                own.stigma[post_id] = strongest[post_id]
            if post_id in actors:
                own.hostile[post_id] = sorted(actors[post_id])
            if post_id in kinds:
                own.details[post_id] = sorted(kinds[post_id])
            if post_id in in_cluster:
                own.coordinated[post_id] = in_cluster[post_id]
    return facts


def _baselines(
    session: Session, day: date, filters: QueryFilters, ids: list[int]
) -> dict[int, float]:
    """Median daily posts naming each person over the BASELINE_DAYS before `day`."""
    if not ids:
        return {}
    window = QueryFilters(
        day - timedelta(BASELINE_DAYS), day - timedelta(1), filters.platform, filters.lang
    )
    daily: dict[int, dict[date, int]] = defaultdict(dict)
    for key, when, posts in session.execute(
        select(DailyRollup.key, DailyRollup.day, func.sum(DailyRollup.posts))
        .where(
            DailyRollup.dimension == "individual",
            DailyRollup.key.in_([str(i) for i in ids]),
            *window.on_rollups(),
        )
        .group_by(DailyRollup.key, DailyRollup.day)
    ):
        daily[int(key)][when] = int(posts)
    return {
        i: float(
            statistics.median(counts.get(day - timedelta(n + 1), 0) for n in range(BASELINE_DAYS))
        )
        for i, counts in daily.items()
    }
