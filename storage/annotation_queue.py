"""The posts waiting for the current NLP pipeline, claimed in batches and saved back.

Posts never annotated come first; posts annotated by an older pipeline version are
re-annotated (newest first) only with what room a batch has left, so history never
holds back new posts. Where claimed rows can stay locked (PostgreSQL, `FOR UPDATE SKIP
LOCKED`), a batch is claimed, annotated and saved in one transaction, so workers on
many machines never annotate the same post twice. Where a write transaction locks the
whole database (SQLite), the claim is a read that takes no lock and the save a short
write transaction, with the pipeline run between them, so the collector keeps writing
while posts are annotated.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from collections.abc import Set as AbstractSet

from sqlalchemy import Engine, Row, Select, or_, select
from sqlalchemy.orm import Session

from storage.backends import backend_of
from storage.engine import read_transaction, transaction
from storage.models import Post
from storage.records import AnnotationLike
from storage.writes import save_annotations

Annotated = list[tuple[int, AnnotationLike]]
ClaimedPost = Row[int, str, str | None]
"""A post to annotate: (id, text, lang)."""


def claim_and_save(
    engine: Engine,
    version: str,
    size: int,
    skip: AbstractSet[int],
    annotate: Callable[[list[ClaimedPost]], Annotated],
) -> tuple[list[ClaimedPost], list[ClaimedPost], Annotated]:
    """Claim a batch, `annotate` its rows and save what it returns: (fresh, stale, saved).

    A crash loses nothing and repeats nothing. Under row locks, the rows stay locked
    until the save commits, and a dead worker's locks go with its connection. Without,
    posts of a worker that died before its save are still unannotated and claimed
    again; the save keeps only posts still waiting for this version, in case another
    worker saved them meanwhile.
    """
    if backend_of(engine).claims_under_lock():
        with transaction(engine) as session:
            fresh, stale = claim_batch(session, version, size, skip)
            done = annotate(fresh + stale)
            save_annotations(session, done)
        return fresh, stale, done
    with read_transaction(engine) as session:
        fresh, stale = claim_batch(session, version, size, skip)
    if not fresh and not stale:
        return fresh, stale, []
    done = annotate(fresh + stale)
    with transaction(engine) as session:
        done = _still_waiting(session, version, done)
        save_annotations(session, done)
    return fresh, stale, done


def claim_batch(
    session: Session, version: str, size: int, skip: AbstractSet[int] = frozenset()
) -> tuple[list[ClaimedPost], list[ClaimedPost]]:
    """Rows (id, text, lang) to annotate: never-annotated by id, then older versions newest first.

    Posts whose text retention emptied are not re-annotated: there is nothing left to read.
    """
    columns = (Post.id, Post.text, Post.lang)
    never = select(*columns).where(Post.annotated_version.is_(None)).order_by(Post.id)
    fresh = _claim(session, never, size, skip)
    stale: list[ClaimedPost] = []
    if len(fresh) < size and _any_stale(session, version):
        older = (
            select(*columns)
            .where(Post.annotated_version.is_not(None), Post.annotated_version != version)
            .where(Post.text != "")
            .order_by(Post.published_at.desc(), Post.id.desc())
        )
        stale = _claim(session, older, size - len(fresh), skip)
    return fresh, stale


def _claim(
    session: Session, query: Select[int, str, str | None], limit: int, skip: AbstractSet[int]
) -> list[ClaimedPost]:
    if skip:
        query = query.where(Post.id.not_in(skip))
    query = backend_of(session).claim(query.limit(limit), Post)
    return list(session.execute(query).all())


def _any_stale(session: Session, version: str) -> bool:
    """Whether any readable post carries another pipeline version: two index range probes.

    The claim of stale posts is ordered by time, so the database walks posts newest first
    testing each one's version; with none stale (the usual state) that would read every
    post on every batch, while the collector waits for the write lock the claim holds.
    """
    other_version = or_(Post.annotated_version < version, Post.annotated_version > version)
    probe = select(Post.id).where(other_version, Post.text != "").limit(1)
    return session.execute(probe).first() is not None


def _still_waiting(
    session: Session, version: str, done: Sequence[tuple[int, AnnotationLike]]
) -> Annotated:
    """The annotated posts that still exist and do not carry `version` yet.

    A driver statement: SQLAlchemy's handling of an IN list of a batch's ids cost more
    than the query.
    """
    if not done:
        return list(done)
    connection = session.connection()
    post_ids = [post_id for post_id, _ in done]
    waiting = backend_of(connection).posts_waiting(connection, version, post_ids)
    return [(post_id, a) for post_id, a in done if post_id in waiting]
