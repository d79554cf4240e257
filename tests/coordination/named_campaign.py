"""A campaign of six accounts naming José Pérez within three minutes, and two organic posts
naming him hours apart, stored and annotated as the NLP worker would, clusters refreshed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from query_dataset import JOSE, Annotated, Frame, Person
from sqlalchemy import Engine, select

from collector.post import Post
from nlp.coordination import CoordinationSettings
from storage.engine import transaction
from storage.models import Post as PostRow
from storage.writes import save_annotations, upsert_posts
from testigo.coordination import refresh_coordination

DAY = datetime(2025, 4, 21, tzinfo=UTC)
CAMPAIGN = f"{JOSE} es un terrorista del Tren de Aragua y debe quedarse en el CECOT para siempre"
ORGANIC = f"La familia de {JOSE} pide noticias; nadie sabe dónde está desde marzo"


def _post(n: int, at: datetime, text: str, author: str) -> Post:
    return Post(
        platform="x",
        external_id=f"p{n}",
        created_at=at,
        text=text,
        author_id=author,
        author_handle=f"{author}_handle",
        lang="es",
    )


def store_named_campaign(engine: Engine) -> set[int]:
    """Store the posts, refresh coordination; the campaign's post ids."""
    campaign = [
        _post(n, DAY + timedelta(hours=15, seconds=30 * n), CAMPAIGN, f"c{n}") for n in range(6)
    ]
    organic = [_post(10 + n, DAY + timedelta(hours=3 + 6 * n), ORGANIC, f"o{n}") for n in range(2)]
    with transaction(engine) as session:
        upsert_posts(session, campaign + organic)
        ids = dict(session.execute(select(PostRow.external_id, PostRow.id)).all())
        save_annotations(
            session,
            [(ids[p.external_id], _annotated(p.text, p in campaign)) for p in campaign + organic],
        )
    refresh_coordination(engine, CoordinationSettings())
    return {ids[p.external_id] for p in campaign}


def _annotated(text: str, stigmatising: bool) -> Annotated:
    frames = (Frame("criminality_terrorism"),) if stigmatising else (Frame("humanitarian"),)
    return Annotated("es", (), frames, (Person(JOSE, text.index(JOSE)),))
