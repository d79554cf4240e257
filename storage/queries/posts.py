"""Matching posts, newest (or most engaged) first, with full-text search.

Text search uses SQLite FTS5 or PostgreSQL's to_tsvector('simple'), accents folded on both;
every word must appear. Names of individuals in the text are replaced by their
label unless the Names policy reveals them; so is anything else that may name someone
(and authors' handles and URL paths). A reader who does not see names only gets hits
whose searched words they can see, so searching a real name finds nothing.

An actor, frame, person or word can be named in a few posts or in most of them,
and SQLite's planner cannot tell which, so the query is chosen here: when fewer posts than a
threshold match, the query starts from those matches; otherwise it walks posts
newest (or most engaged) first and checks each (starting from a million matches
to sort them took over half a second; walking a million posts for a rare name, seconds).
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import (
    Select,
    exists,
    func,
    select,
    tuple_,
)
from sqlalchemy.orm import InstrumentedAttribute, Session
from sqlalchemy.sql.elements import ColumnElement

from storage.backends import backend_of
from storage.backends.base import count_upto
from storage.models import (
    ActorMention,
    Annotation,
    Author,
    FrameMention,
    Individual,
    IndividualMention,
    MentionSpan,
    Post,
)
from storage.privacy import Names, Span, redact
from storage.queries.filters import NO_FILTERS, QueryFilters, current_of

ORDERS = ("newest", "engagement")
# A reader who does not see names reads candidates in batches of this many times the limit
# (dropping hits whose words are hidden), up to this many posts.
HIDDEN_OVERFETCH = 4
HIDDEN_SCAN_LIMIT = 10_000
# Mentions from which a query walks posts in order instead (see above).
COMMON_MENTION = 5_000


@dataclass(frozen=True)
class PostHit:
    post_id: int
    published_at: datetime
    platform: str
    lang: str
    author: str
    url: str
    engagement: int
    actors: str  # space-separated ids of the current annotation
    frames: str
    text: str


def _matching(
    session: Session,
    actor: str | None,
    frame: str | None,
    individual_id: int | None,
    words: str | None,
    filters: QueryFilters,
) -> Select[int]:
    query = (
        select(Post.id)
        .outerjoin(Annotation, Annotation.id == Post.annotation_id)
        .where(*filters.on_posts())
    )
    if actor:
        query = query.where(_mentioned(session, ActorMention, ActorMention.actor_id == actor))
    if frame:
        query = query.where(_mentioned(session, FrameMention, FrameMention.frame_id == frame))
    if individual_id is not None:
        named = IndividualMention.individual_id == individual_id
        query = query.where(_mentioned(session, IndividualMention, named))
    if words and words.split():
        query = query.where(_text_matches(session, words))
    return query


def _text_matches(session: Session, words: str) -> ColumnElement[bool]:
    """Full-text matches, also among posts stored since the index was last filled."""
    return backend_of(session).text_matches(session, words, Post.id)


def _mentioned(
    session: Session, mention: type[MentionSpan], condition: ColumnElement[bool]
) -> ColumnElement[bool]:
    """Posts whose current annotation has a mention meeting `condition`."""
    rows = select(mention.post_id, mention.annotation_id).where(condition)
    if count_upto(session, rows, COMMON_MENTION) >= COMMON_MENTION:
        return exists().where(current_of(mention), condition)
    return tuple_(Post.id, Post.annotation_id).in_(rows)


def search_posts(
    session: Session,
    actor: str | None = None,
    frame: str | None = None,
    individual_id: int | None = None,
    text: str | None = None,
    filters: QueryFilters = NO_FILTERS,
    limit: int = 50,
    *,
    names: Names,
    order: str = "newest",
) -> list[PostHit]:
    if order not in ORDERS:
        raise ValueError(f"order must be one of {', '.join(ORDERS)}")
    ranked = Post.engagement.desc() if order == "engagement" else Post.published_at.desc()
    query = _matching(session, actor, frame, individual_id, text, filters).order_by(
        ranked, Post.id.desc()
    )
    words = text.split() if text else []
    if names.reveal or not words:
        return hits(session, list(session.scalars(query.limit(limit))), names)
    found: list[PostHit] = []
    offset = 0
    while len(found) < limit:
        ids = list(session.scalars(query.offset(offset).limit(limit * HIDDEN_OVERFETCH)))
        found += [h for h in hits(session, ids, names) if visible_match(h, words)]
        if len(ids) < limit * HIDDEN_OVERFETCH or offset >= HIDDEN_SCAN_LIMIT:
            break
        offset += len(ids)
    return found[:limit]


def fold(text: str) -> str:
    """Case- and accent-insensitive form, as the full-text index matches."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def visible_match(hit: PostHit, words: list[str]) -> bool:
    """Whether every searched word is in the text as this reader sees it.

    A hit that matched only inside a hidden name would tell the reader that the name is
    there (and who a pseudonym is), so it is dropped.
    """
    seen = fold(hit.text)
    return all(fold(word) in seen for word in words)


def top_posts_for(
    session: Session, what: str, key: str, filters: QueryFilters, limit: int
) -> list[int]:
    """The most engaged posts behind one id (for spikes and the digest)."""
    if what not in ("actors", "frames", "individuals"):
        raise KeyError(what)
    query = _matching(
        session,
        actor=key if what == "actors" else None,
        frame=key if what == "frames" else None,
        individual_id=int(key) if what == "individuals" else None,
        words=None,
        filters=filters,
    )
    return list(
        session.scalars(query.order_by(Post.engagement.desc(), Post.id.desc()).limit(limit))
    )


def hits(session: Session, ids: list[int], names: Names) -> list[PostHit]:
    """Posts by id, in the order given, names redacted by the policy."""
    if not ids:
        return []
    rows = session.execute(
        select(Post, Author.handle, func.coalesce(Annotation.lang, Post.lang, "und"))
        .outerjoin(Author, Author.id == Post.author_id)
        .outerjoin(Annotation, Annotation.id == Post.annotation_id)
        .where(Post.id.in_(ids))
    ).all()
    actors = _ids_by_post(session, ActorMention.actor_id, ActorMention, ids)
    frames = _ids_by_post(session, FrameMention.frame_id, FrameMention, ids)
    spans: dict[int, list[Span]] = defaultdict(list)
    for post_id, start, end, name, key in session.execute(
        select(
            IndividualMention.post_id,
            IndividualMention.start,
            IndividualMention.end,
            Individual.name,
            Individual.name_key,
        )
        .join(Individual, Individual.id == IndividualMention.individual_id)
        .join(Post, current_of(IndividualMention))
        .where(IndividualMention.post_id.in_(ids))
    ):
        spans[post_id].append(Span(start, end, name, key))
    by_id = {
        post.id: PostHit(
            post_id=post.id,
            published_at=post.published_at,
            platform=post.platform,
            lang=lang,
            author=names.handle(handle or ""),
            url=names.link(post.url or ""),
            engagement=post.engagement,
            actors=" ".join(actors[post.id]),
            frames=" ".join(frames[post.id]),
            text=redact(post.text, spans[post.id], names),
        )
        for post, handle, lang in rows
    }
    return [by_id[i] for i in ids if i in by_id]


def _ids_by_post(
    session: Session, column: InstrumentedAttribute[str], mention: type[MentionSpan], ids: list[int]
) -> dict[int, list[str]]:
    found: dict[int, list[str]] = defaultdict(list)
    for post_id, value in session.execute(
        select(mention.post_id, column)
        .join(Post, current_of(mention))
        .where(mention.post_id.in_(ids))
        .distinct()
        .order_by(mention.post_id, column)
    ):
        found[post_id].append(value)
    return found
