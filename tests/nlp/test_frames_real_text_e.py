"""Frames in real published text, fifth set: relatives seeking proof of life or searching,
rulers holding people by the hundreds, a building used as a prison, a party named in English."""

from __future__ import annotations

import pytest
from tag_helpers import frame_ids

from nlp.pipeline import Pipeline


@pytest.mark.parametrize(
    "text",
    [
        "Las madres llevaron a la fiscalía una petición de fe de vida de sus parientes presos.",
        "Their relatives asked the consulate for proof of life last week.",
        "Decenas de familias buscan a sus parientes en las cárceles del país.",
        "Many families say the prison never informs them; no les informan ni en qué celda "
        "está su pariente.",
    ],
)
def test_relatives_seeking_proof_of_life_or_searching_are_the_humanitarian_frame(
    rules_only: Pipeline, text: str
) -> None:
    assert "humanitarian" in frame_ids(rules_only, text)


def test_a_proof_of_life_demanded_without_relatives_is_not_the_humanitarian_frame(
    rules_only: Pipeline,
) -> None:
    text = "The minister demanded proof of life for every man held in the prison."
    assert "humanitarian" not in frame_ids(rules_only, text)


@pytest.mark.parametrize(
    "text",
    [
        "Ese gobernador tiene a cientos de presos sin juicio y habla de justicia.",
        "El que tiene a medio país preso no puede dar lecciones.",
    ],
)
def test_a_ruler_holding_people_by_the_hundreds_is_political_repression(
    rules_only: Pipeline, text: str
) -> None:
    assert "political_repression" in frame_ids(rules_only, text)


def test_a_building_used_as_a_prison_is_no_bargaining_but_people_used_as_chips_are(
    rules_only: Pipeline,
) -> None:
    building = "The old mall in Caracas was finished and used as a prison and an office."
    assert "exchange_bargaining" not in frame_ids(rules_only, building)
    people = "The deportees were used as pawns in a deal between two governments."
    assert "exchange_bargaining" in frame_ids(rules_only, people)


def test_the_popular_will_party_is_the_opposition_not_the_will_of_the_people(
    rules_only: Pipeline,
) -> None:
    text = "She was a deputy for the Popular Will party until 2020."
    annotation = rules_only.annotate(text)
    assert [a.actor_id for a in annotation.actors] == ["venezuelan_opposition"]
    assert "election_legitimacy" not in {f.frame_id for f in annotation.frames}
