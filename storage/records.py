"""The shapes storage accepts, as Protocols: collector and nlp objects fit them as they are.

Storage does not import the collector or nlp packages (the arrows point from
testigo to both); these Protocols name exactly the attributes it reads.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol


class MetricsLike(Protocol):
    likes: int | None
    reposts: int | None
    replies: int | None
    quotes: int | None
    views: int | None
    score: int | None

    @property
    def engagement(self) -> int: ...


class PostLike(Protocol):
    platform: str
    external_id: str
    created_at: datetime
    indexed_at: datetime | None
    text: str
    url: str | None
    author_id: str | None
    author_handle: str | None
    author_name: str | None
    lang: str | None
    metrics: MetricsLike
    reply_to: str | None
    quote_of: str | None
    repost_of: str | None
    undated: bool

    @property
    def text_hash(self) -> str: ...


class ActorMentionLike(Protocol):
    actor_id: str
    text: str
    start: int
    end: int


class FrameMentionLike(Protocol):
    frame_id: str
    text: str
    start: int
    end: int
    polarity: str


class IndividualMentionLike(Protocol):
    name: str
    canonical: str | None
    kind: str | None
    start: int
    end: int
    source: str


class DetailMentionLike(Protocol):
    kind: str
    text: str
    start: int
    end: int


class AnnotationLike(Protocol):
    lang: str
    actors: Sequence[ActorMentionLike]
    frames: Sequence[FrameMentionLike]
    individuals: Sequence[IndividualMentionLike]
    details: Sequence[DetailMentionLike]
    pipeline_version: str
