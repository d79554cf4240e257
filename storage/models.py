"""The schema. Every change here needs an Alembic migration (storage/migrations).

Shaped for the queries analysts run: posts bucket by `published_at`, the
current annotation of a post is `posts.annotation_id`, and mention tables
carry `post_id` so trends and exposure need no join through annotations.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from storage.types import JSONType, UTCDateTime


class Base(DeclarativeBase):
    type_annotation_map = {datetime: UTCDateTime(), dict[str, Any]: JSONType, list[Any]: JSONType}


class Source(Base):
    __tablename__ = "sources"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(32))
    cursor: Mapped[dict[str, Any]] = mapped_column(default=dict)
    retry_at: Mapped[datetime | None]
    created_at: Mapped[datetime]


class CollectionRun(Base):
    __tablename__ = "collection_runs"
    __table_args__ = (Index("ix_collection_runs_source_started", "source_id", "started_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id"))
    started_at: Mapped[datetime]
    finished_at: Mapped[datetime | None]
    status: Mapped[str] = mapped_column(String(16), default="running")
    pages: Mapped[int] = mapped_column(default=0)
    fetched: Mapped[int] = mapped_column(default=0)
    new: Mapped[int] = mapped_column(default=0)
    updated: Mapped[int] = mapped_column(default=0)
    quarantined: Mapped[int] = mapped_column(default=0)
    # How many items each cause quarantined: the counts behind a "degraded" status.
    quarantine_causes: Mapped[dict[str, Any]] = mapped_column(default=dict)
    errors: Mapped[list[Any]] = mapped_column(default=list)
    caps_hit: Mapped[list[Any]] = mapped_column(default=list)
    rate_limited_seconds: Mapped[float] = mapped_column(Float, default=0.0)
    cursor_after: Mapped[dict[str, Any] | None]


class RawPayload(Base):
    """A response body exactly as received; `body` is emptied by retention, the hash stays."""

    __tablename__ = "raw_payloads"

    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int | None] = mapped_column(ForeignKey("sources.id"), index=True)
    url: Mapped[str] = mapped_column(Text)
    fetched_at: Mapped[datetime] = mapped_column(index=True)
    status_code: Mapped[int | None]
    content_type: Mapped[str | None] = mapped_column(String(200))
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    size: Mapped[int] = mapped_column(BigInteger)
    body: Mapped[bytes | None] = mapped_column(LargeBinary)
    error: Mapped[str | None] = mapped_column(Text)


class QuarantinedItem(Base):
    """An item or payload that could not become a post, kept with the reason."""

    __tablename__ = "quarantined_items"
    __table_args__ = (
        UniqueConstraint("source_id", "dedupe_key", name="uq_quarantined_items_source_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    raw_payload_id: Mapped[int | None] = mapped_column(ForeignKey("raw_payloads.id"), index=True)
    source_id: Mapped[int | None] = mapped_column(ForeignKey("sources.id"), index=True)
    reason: Mapped[str] = mapped_column(Text)
    item: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime]
    # SHA-256 of the reason and the item (or of the whole payload when there is no item):
    # two runs that fetch the same bad item keep one row. Empty on rows older than the key.
    dedupe_key: Mapped[str | None] = mapped_column(String(64))


class Author(Base):
    __tablename__ = "authors"
    __table_args__ = (UniqueConstraint("platform", "external_id", name="uq_authors_platform_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    platform: Mapped[str] = mapped_column(String(16))
    external_id: Mapped[str] = mapped_column(String(512))
    handle: Mapped[str | None] = mapped_column(String(512))
    display_name: Mapped[str | None] = mapped_column(Text)


class Post(Base):
    """One post. `published_at` is the time queries bucket by: `created_at`, unless the
    platform-reported time is implausible (Bluesky clients can claim year 1), then
    `indexed_at` or `collected_at`."""

    __tablename__ = "posts"
    __table_args__ = (
        UniqueConstraint("platform", "external_id", name="uq_posts_platform_id"),
        Index("ix_posts_platform_published", "platform", "published_at"),
        Index("ix_posts_annotated_version", "annotated_version"),
        Index("ix_posts_updated_at", "updated_at"),
        # Most engaged first (top posts, digest, order=engagement) without sorting every match.
        Index("ix_posts_engagement", "engagement"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    platform: Mapped[str] = mapped_column(String(16))
    external_id: Mapped[str] = mapped_column(String(512))
    url: Mapped[str | None] = mapped_column(Text)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("authors.id"), index=True)
    source_id: Mapped[int | None] = mapped_column(ForeignKey("sources.id"))
    raw_payload_id: Mapped[int | None] = mapped_column(ForeignKey("raw_payloads.id"))
    created_at: Mapped[datetime]
    indexed_at: Mapped[datetime | None]
    published_at: Mapped[datetime] = mapped_column(index=True)
    collected_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    lang: Mapped[str | None] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)
    # First 64 bits of the SHA-256 of the normalised text: an integer index is several
    # times cheaper to maintain than a hex string, and collisions are negligible.
    text_hash: Mapped[int] = mapped_column(BigInteger, index=True)
    likes: Mapped[int | None] = mapped_column(BigInteger)
    reposts: Mapped[int | None] = mapped_column(BigInteger)
    replies: Mapped[int | None] = mapped_column(BigInteger)
    quotes: Mapped[int | None] = mapped_column(BigInteger)
    views: Mapped[int | None] = mapped_column(BigInteger)
    # A vote balance (Reddit), negative when voted down; engagement counts it only above zero.
    score: Mapped[int | None] = mapped_column(BigInteger)
    engagement: Mapped[int] = mapped_column(BigInteger, default=0)
    reply_to: Mapped[str | None] = mapped_column(String(512))
    quote_of: Mapped[str | None] = mapped_column(String(512))
    repost_of: Mapped[str | None] = mapped_column(String(512))
    is_copy: Mapped[bool] = mapped_column(Boolean, default=False)
    # The item had no date of its own (a feed item): created_at is its feed's date or the
    # time it was first fetched.
    undated: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # The current annotation (newest pipeline version); no FK, to avoid a cycle with annotations.
    annotation_id: Mapped[int | None]
    annotated_version: Mapped[str | None] = mapped_column(String(80))


class Annotation(Base):
    __tablename__ = "annotations"
    __table_args__ = (
        UniqueConstraint("post_id", "pipeline_version", name="uq_annotations_post_ver"),
        Index("ix_annotations_created_at", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"))
    pipeline_version: Mapped[str] = mapped_column(String(80))
    lang: Mapped[str | None] = mapped_column(String(16))
    created_at: Mapped[datetime]


class MentionSpan:
    """What every mention table shares: the annotation that found it and where it stands.

    `post_id` is carried so trends and exposure need no join through annotations.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    annotation_id: Mapped[int] = mapped_column(
        ForeignKey("annotations.id", ondelete="CASCADE"), index=True
    )
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(Text)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)


class ActorMention(MentionSpan, Base):
    __tablename__ = "actor_mentions"

    actor_id: Mapped[str] = mapped_column(String(64), index=True)


class FrameMention(MentionSpan, Base):
    __tablename__ = "frame_mentions"

    frame_id: Mapped[str] = mapped_column(String(64), index=True)
    polarity: Mapped[str] = mapped_column(String(16))


class Individual(Base):
    """A private or at-risk person: from the watchlist, or discovered and awaiting review."""

    __tablename__ = "individuals"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    name_key: Mapped[str] = mapped_column(String(300), unique=True)
    kind: Mapped[str | None] = mapped_column(String(32))
    origin: Mapped[str] = mapped_column(String(16))  # watchlist | discovered
    status: Mapped[str] = mapped_column(String(16))  # confirmed | pending | rejected
    source_url: Mapped[str | None] = mapped_column(Text)
    first_seen_at: Mapped[datetime]


class IndividualMention(MentionSpan, Base):
    __tablename__ = "individual_mentions"

    individual_id: Mapped[int] = mapped_column(ForeignKey("individuals.id"), index=True)
    source: Mapped[str] = mapped_column(String(16))  # watchlist | ner | heuristic


class DetailMention(MentionSpan, Base):
    """Identifying details (relatives, home town, workplace, photos) in a post."""

    __tablename__ = "detail_mentions"

    kind: Mapped[str] = mapped_column(String(32))


class DailyRollup(Base):
    """Per day, platform and language: counts for the whole volume and per id."""

    __tablename__ = "daily_rollups"
    __table_args__ = (Index("ix_daily_rollups_dimension_day", "dimension", "day"),)

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    platform: Mapped[str] = mapped_column(String(16), primary_key=True)
    lang: Mapped[str] = mapped_column(String(16), primary_key=True)
    dimension: Mapped[str] = mapped_column(String(16), primary_key=True)  # posts|actor|frame|...
    key: Mapped[str] = mapped_column(String(300), primary_key=True)
    posts: Mapped[int] = mapped_column(default=0)
    authors: Mapped[int] = mapped_column(default=0)
    engagement: Mapped[int] = mapped_column(BigInteger, default=0)
    contested: Mapped[int] = mapped_column(default=0)


class RollupWatermark(Base):
    """How far `refresh_rollups` has read posts.updated_at and annotations.created_at (and
    coordination detection posts.updated_at, under a name carrying its settings)."""

    __tablename__ = "rollup_watermarks"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    at: Mapped[datetime]


class CoordinationCluster(Base):
    """Posts of many distinct accounts sharing one thing (near-identical text, a link, a
    repost of one post) within minutes; `kinds` lists what was shared ("link text")."""

    __tablename__ = "coordination_clusters"

    id: Mapped[int] = mapped_column(primary_key=True)
    kinds: Mapped[str] = mapped_column(String(32))
    link: Mapped[str | None] = mapped_column(Text)
    repost_of: Mapped[str | None] = mapped_column(String(512))
    sample_post_id: Mapped[int] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"))
    first_at: Mapped[datetime] = mapped_column(index=True)
    last_at: Mapped[datetime]
    accounts: Mapped[int]
    posts: Mapped[int]
    platforms: Mapped[str] = mapped_column(String(200))
    detected_at: Mapped[datetime]


class CoordinationMember(Base):
    """A post of a cluster, with its author (for an account's clusters without a join)."""

    __tablename__ = "coordination_members"

    cluster_id: Mapped[int] = mapped_column(
        ForeignKey("coordination_clusters.id", ondelete="CASCADE"), primary_key=True
    )
    post_id: Mapped[int] = mapped_column(
        ForeignKey("posts.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    author_id: Mapped[int] = mapped_column(ForeignKey("authors.id"), index=True)


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(100), unique=True)
    password_hash: Mapped[str] = mapped_column(Text)
    role: Mapped[str] = mapped_column(String(16))  # admin | analyst | viewer
    created_at: Mapped[datetime]


class DashboardSession(Base):
    """A logged-in dashboard session. The cookie holds the token; only its SHA-256 is kept,
    so logging out, a new password, a new role or removing the user ends it for good."""

    __tablename__ = "dashboard_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]


class AuditEntry(Base):
    """Who saw or revealed what, and when."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(index=True)
    actor: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(64))
    detail: Mapped[dict[str, Any]] = mapped_column(default=dict)


class Digest(Base):
    __tablename__ = "digests"

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(Date, unique=True)
    created_at: Mapped[datetime]
    markdown: Mapped[str] = mapped_column(Text)
    html: Mapped[str] = mapped_column(Text)


class AlertDelivery(Base):
    """One alert for one rule, target and day: sent once, retried until it is.

    `target` is what the alert is about ("individual:12", "frame:criminality_terrorism");
    `facts` holds the numbers it reports (never a name: labels are made when it is sent or
    shown, by the reader's naming policy).
    """

    __tablename__ = "alert_deliveries"
    __table_args__ = (UniqueConstraint("rule", "target", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    rule: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(16))  # exposure | spike
    target: Mapped[str] = mapped_column(String(200))
    day: Mapped[date] = mapped_column(Date, index=True)
    facts: Mapped[dict[str, Any]] = mapped_column(default=dict)
    status: Mapped[str] = mapped_column(String(16), default="pending")  # pending | sent
    attempts: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime]
    next_attempt_at: Mapped[datetime] = mapped_column(index=True)
    sent_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)
