"""Frames said in other words (frames25): a frame's cue inside a name actors.yaml reads as a
person ("el que perdió el 28", "el usurpador", "the coolest dictator"), hostages held to press a
state with quotes between, nothing heard from a man since he was taken, and years in prison
for activists."""

from __future__ import annotations

import pytest
from tag_helpers import frame_ids

from nlp.pipeline import Pipeline


@pytest.mark.parametrize(
    "text",
    [
        "The man who lost is now lecturing El Salvador about human rights.",
        "ahora el que perdió el 28 quiere hablar de derechos humanos",
        "y el usurpador sigue hablando de los presos de otro país",
    ],
)
def test_the_loser_of_the_vote_named_as_a_person_claims_the_election(
    rules_only: Pipeline, text: str
) -> None:
    assert "election_legitimacy" in frame_ids(rules_only, text)


def test_the_coolest_dictator_is_self_branding(rules_only: Pipeline) -> None:
    text = "The self-styled coolest dictator in the world now offers to swap prisoners."
    assert "spectacle_propaganda" in frame_ids(rules_only, text)


def test_hostages_to_press_a_state_with_quotes_between_are_a_bargain(rules_only: Pipeline) -> None:
    text = "El canciller dijo que El Salvador «los retiene como rehenes» para presionar a Caracas."
    assert "exchange_bargaining" in frame_ids(rules_only, text)


@pytest.mark.parametrize(
    "text",
    [
        "Nobody has heard from Yender since the plane landed in San Salvador.",
        "His wife has had no communication with him since the morning he was moved.",
        "La madre no ha tenido comunicación con él desde el 15 de marzo.",
    ],
)
def test_nothing_heard_since_he_was_taken_is_a_disappearance(
    rules_only: Pipeline, text: str
) -> None:
    assert "sovereignty_kidnapping" in frame_ids(rules_only, text)


def test_talking_with_him_since_is_no_disappearance(rules_only: Pipeline) -> None:
    text = "La madre ha tenido comunicación con él desde que llegó a Houston."
    assert "sovereignty_kidnapping" not in frame_ids(rules_only, text)


def test_years_in_prison_for_activists_is_repression(rules_only: Pipeline) -> None:
    text = "Un tribunal condenó a 30 años de prisión a tres activistas por «traición a la patria»."
    assert "political_repression" in frame_ids(rules_only, text)


def test_years_in_prison_for_gang_members_is_no_repression(rules_only: Pipeline) -> None:
    text = "A court sentenced five gang members to 40 years in prison for extortion."
    assert "political_repression" not in frame_ids(rules_only, text)
