"""Where each annotation sits in a post's text, so the dashboard can highlight it in place."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import String, cast, literal_column, select, union_all
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from storage.models import ActorMention, DetailMention, FrameMention, Individual, IndividualMention
from storage.models import Post as PostRow
from storage.queries.filters import current_of


@dataclass(frozen=True)
class Mark:
    kind: str  # actor | frame | individual | detail
    key: str  # actor or frame id, individual id, detail kind
    start: int
    end: int
    polarity: str = ""
    name: str = ""  # individuals only: the real name and its key, for the Names policy
    name_key: str = ""


@dataclass(frozen=True)
class MarkedText:
    text: str
    marks: list[Mark]


def _constant(value: str) -> ColumnElement[str]:
    """A typed SQL string constant (PostgreSQL cannot type a bare parameter in a UNION)."""
    return cast(literal_column("'" + value + "'"), String)


def post_marks(session: Session, post_ids: Collection[int]) -> dict[int, MarkedText]:
    """Each post's text and the spans of its CURRENT annotation, in text order."""
    ids = sorted(set(post_ids))
    if not ids:
        return {}
    rows = session.execute(select(PostRow.id, PostRow.text).where(PostRow.id.in_(ids)))
    texts = {post_id: text for post_id, text in rows}
    none = _constant("")
    parts = [
        select(
            ActorMention.post_id,
            _constant("actor"),
            ActorMention.actor_id,
            ActorMention.start,
            ActorMention.end,
            none,
            none,
            none,
        ).join(PostRow, current_of(ActorMention)),
        select(
            FrameMention.post_id,
            _constant("frame"),
            FrameMention.frame_id,
            FrameMention.start,
            FrameMention.end,
            FrameMention.polarity,
            none,
            none,
        ).join(PostRow, current_of(FrameMention)),
        select(
            DetailMention.post_id,
            _constant("detail"),
            DetailMention.kind,
            DetailMention.start,
            DetailMention.end,
            none,
            none,
            none,
        ).join(PostRow, current_of(DetailMention)),
        select(
            IndividualMention.post_id,
            _constant("individual"),
            cast(Individual.id, String),
            IndividualMention.start,
            IndividualMention.end,
            none,
            Individual.name,
            Individual.name_key,
        )
        .join(PostRow, current_of(IndividualMention))
        .join(Individual, Individual.id == IndividualMention.individual_id),
    ]
    marks: dict[int, list[Mark]] = {i: [] for i in texts}
    query = union_all(*(p.where(PostRow.id.in_(ids)) for p in parts))
    for post_id, kind, key, start, end, polarity, name, key_of_name in session.execute(query):
        marks[post_id].append(Mark(kind, str(key), start, end, polarity, name, key_of_name))
    return {
        i: MarkedText(texts[i], sorted(marks[i], key=lambda m: (m.start, -m.end))) for i in texts
    }
