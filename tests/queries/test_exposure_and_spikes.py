"""Spikes against a trailing baseline, and risk exposure with every part shown."""

from __future__ import annotations

import math

from query_dataset import DAY, JOSE, KEY

from storage.engine import transaction
from storage.exposure_policy import ExposurePolicy
from storage.privacy import pseudonym
from storage.queries.exposure import explain_exposure, exposure
from storage.queries.people import find_individual
from storage.queries.spikes import spikes
from storage.writes import name_key


def test_a_frame_and_a_person_spike_the_day_after_the_offer(engine, loaded, hidden):
    with transaction(engine) as session:
        found = spikes(session, DAY, names=hidden)
    by_key = {(s.dimension, s.label): s for s in found}
    jose = pseudonym(name_key(JOSE), KEY)
    assert set(by_key) == {("frame", "criminality_terrorism"), ("individual", jose)}
    frame = by_key[("frame", "criminality_terrorism")]
    assert (frame.posts, frame.baseline_median, frame.score) == (4, 0.0, 4.0)
    # the most engaged posts first: p4 (100 likes), p5 (20), p8 (3)
    assert frame.top_post_ids.split() == [str(loaded[p]) for p in ("p4", "p5", "p8")]


def test_bukele_with_three_posts_over_a_day_with_one_is_not_a_spike(engine, loaded, hidden):
    with transaction(engine) as session:
        found = spikes(session, DAY, names=hidden)
    assert ("actor", "bukele") not in {(s.dimension, s.key) for s in found}


def test_exposure_parts_match_the_posts_naming_the_person(engine, loaded, hidden):
    with transaction(engine) as session:
        (row,) = exposure(session, DAY, top=10, names=hidden, policy=ExposurePolicy(min_mentions=3))
    assert row.person == pseudonym(name_key(JOSE), KEY)
    assert (row.mentions, row.authors, row.reach) == (4, 4, 127)
    assert row.stigmatising_share == 0.5, "p4 p5 affirm criminality; p6 contests it"
    assert row.hostile_share == 1.0, "bukele (p4 p5), trump (p5 p6), maduro (p7)"
    assert row.details_share == 0.5, "a relative in p4, a home town in p7"
    assert row.baseline == 0.0
    growth = math.log2(5) / 4
    weighted = (
        0.15 * 4 / 14
        + 0.15 * 4 / 9
        + 0.15 * 127 / 1127
        + 0.2 * 0.5
        + 0.1
        + 0.15 * 0.5
        + 0.1 * growth
        + 0.1 * 0.0  # coordinated: no clusters in this dataset
    )
    expected = 100 * weighted / 1.1
    assert row.coordinated_share == 0.0
    assert row.score == round(expected, 1)
    parts = (
        row.mentions_points,
        row.authors_points,
        row.reach_points,
        row.stigmatising_points,
        row.hostile_points,
        row.details_points,
        row.growth_points,
        row.coordinated_points,
    )
    assert abs(sum(parts) - row.score) < 0.1


def test_a_person_named_twice_is_left_out_of_the_ranking(engine, loaded, revealed):
    with transaction(engine) as session:
        rows = exposure(session, DAY, top=10, names=revealed, policy=ExposurePolicy(min_mentions=3))
        everyone = exposure(
            session, DAY, top=10, names=revealed, policy=ExposurePolicy(min_mentions=1)
        )
    assert [r.person for r in rows] == [JOSE]
    assert {r.person for r in everyone} == {JOSE, "Ana Gómez"}


def test_explanation_lists_the_posts_behind_each_part(engine, loaded, hidden):
    with transaction(engine) as session:
        person = find_individual(session, pseudonym(name_key(JOSE), KEY), KEY)
        explained = explain_exposure(session, person.id, DAY, names=hidden)
    parts: dict[str, set[int]] = {}
    for item in explained.evidence:
        parts.setdefault(item.part, set()).add(item.post_id)
    ids = {name: loaded[name] for name in ("p4", "p5", "p6", "p7")}
    assert parts == {
        "mentions": set(ids.values()),
        "stigmatising": {ids["p4"], ids["p5"]},
        "hostile": set(ids.values()),
        "details": {ids["p4"], ids["p7"]},
    }
    assert explained.row is not None and explained.row.mentions == 4
