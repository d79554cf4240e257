"""Frames carried by a name alone (frames26): aliases in actors.yaml and states.yaml that hold a
frame's cue, where every cue inside a name is skipped unless frames.yaml counts it there — the
loser of the vote after "al"/"del", a state's intelligence service, the charges the US brings."""

from __future__ import annotations

import pytest
from tag_helpers import frame_ids

from nlp.pipeline import Pipeline


@pytest.mark.parametrize(
    "text",
    [
        "Nadie le cree nada al que perdió las elecciones cuando habla de derechos humanos.",
        "Los videos del que perdió el 28 ya no engañan a nadie.",
        "Ahora el que perdió las presidenciales pide respeto para los venezolanos en Tecoluca.",
    ],
)
def test_the_loser_of_the_vote_after_al_or_del_claims_the_election(
    rules_only: Pipeline, text: str
) -> None:
    assert "election_legitimacy" in frame_ids(rules_only, text)


def test_a_rulers_own_intelligence_service_is_repression(rules_only: Pipeline) -> None:
    text = "He did not mention the detainees held by Maduro's intelligence service."
    assert "political_repression" in frame_ids(rules_only, text)


def test_federal_terrorism_charges_cast_the_accused_as_criminals(rules_only: Pipeline) -> None:
    text = "Two of the deported men now face federal terrorism charges in Texas."
    assert "criminality_terrorism" in frame_ids(rules_only, text)


def test_intelligence_agents_naming_gang_members_are_not_repression(
    rules_only: Pipeline,
) -> None:
    text = "Dijo que cada uno fue identificado como pandillero por agentes de inteligencia."
    assert "political_repression" not in frame_ids(rules_only, text)
