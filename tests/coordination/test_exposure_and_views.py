"""A person named by a campaign: the coordinated part of exposure, and what each reader sees."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from query_dataset import JOSE, KEY, Annotated, Frame, Person
from sqlalchemy import select

from collector.post import Post
from nlp.coordination import CoordinationSettings
from storage.engine import transaction
from storage.models import Post as PostRow
from storage.privacy import Names, pseudonym
from storage.queries.coordination import coordination_clusters
from storage.queries.exposure import explain_exposure, exposure
from storage.writes import name_key, save_annotations, upsert_posts
from testigo.coordination import refresh_coordination
from testigo.name_masking import name_masker

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


@pytest.fixture
def named(engine):
    """Six accounts post the campaign text in three minutes; two others name José hours apart."""
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


def test_the_share_of_posts_from_clusters_is_a_part_of_exposure(engine, named):
    hidden = Names(KEY, masker=name_masker())
    with transaction(engine) as session:
        (row,) = exposure(session, DAY.date(), min_mentions=1, names=hidden)
        (without,) = exposure(
            session, DAY.date(), min_mentions=1, names=hidden, coordinated_weight=0.0
        )
        person = row.individual_id
        evidence = explain_exposure(session, person, DAY.date(), names=hidden).evidence
    assert row.coordinated_share == 0.75, "6 of the 8 posts naming him are the campaign's"
    assert row.coordinated_points == round(100 * 0.1 / 1.1 * 0.75, 2)
    assert without.coordinated_points == 0.0 and without.score < row.score
    assert {e.post_id for e in evidence if e.part == "coordinated"} == named


def test_viewers_see_the_cluster_with_the_person_pseudonymised(engine, named):
    hidden = Names(KEY, masker=name_masker())
    with transaction(engine) as session:
        (cluster,) = coordination_clusters(session, DAY.date(), names=hidden)
        (revealed,) = coordination_clusters(session, DAY.date(), names=Names(KEY, reveal=True))
    label = pseudonym(name_key(JOSE), KEY)
    assert (cluster.accounts, cluster.posts, cluster.shared) == (6, 6, "text")
    assert JOSE not in str(cluster) and label in cluster.sample_text
    assert cluster.individuals == f"{label}:6"
    assert cluster.frames == "criminality_terrorism:6"
    assert JOSE in revealed.sample_text and revealed.individuals == f"{JOSE}:6"
