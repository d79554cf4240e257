"""A person named by a campaign: the coordinated part of exposure, and what each reader sees."""

from __future__ import annotations

import pytest
from named_campaign import DAY, store_named_campaign
from query_dataset import JOSE, KEY

from storage.engine import transaction
from storage.exposure_policy import ExposurePolicy
from storage.privacy import Names, pseudonym
from storage.queries.coordination import coordination_clusters
from storage.queries.exposure import explain_exposure, exposure
from storage.writes import name_key
from testigo.name_masking import name_masker


@pytest.fixture
def named(engine):
    return store_named_campaign(engine)


def test_the_share_of_posts_from_clusters_is_a_part_of_exposure(engine, named):
    hidden = Names(KEY, masker=name_masker())
    with transaction(engine) as session:
        (row,) = exposure(session, DAY.date(), names=hidden, policy=ExposurePolicy(min_mentions=1))
        (without,) = exposure(
            session,
            DAY.date(),
            names=hidden,
            policy=ExposurePolicy(min_mentions=1, coordinated_weight=0.0),
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
