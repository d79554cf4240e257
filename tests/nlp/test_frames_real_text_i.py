"""Frames in real published text, ninth set (encyclopedia articles on the 2024 protests, State
Department country reports, floor speeches): a frame's words naming something else (the
persecutor's verb with its object read as someone fleeing, tallies "used as evidence" read as
people used as currency, a raid judged illegal read as "illegals", a campaign against gangs read
as political repression), each next to the use that still frames."""

from __future__ import annotations

import pytest
from tag_helpers import frame_ids

from nlp.pipeline import Pipeline


@pytest.mark.parametrize(
    "text",
    [
        "Since the vote the regime has tightened surveillance, persecuted dissent and shut radios.",
        "The government persecuted its critics and jailed journalists who reported on it.",
    ],
)
def test_the_persecutor_acting_is_no_one_fleeing(rules_only: Pipeline, text: str) -> None:
    assert "asylum_protection" not in frame_ids(rules_only, text)


def test_someone_persecuted_at_home_still_seeks_protection(rules_only: Pipeline) -> None:
    text = "She was persecuted in Venezuela and now lives in Madrid."
    assert "asylum_protection" in frame_ids(rules_only, text)


@pytest.mark.parametrize(
    "text",
    [
        "Observers kept copies of the count sheets and are using them as evidence of the result.",
        "El ministro usa a los migrantes como excusa para cerrar la frontera.",
    ],
)
def test_things_used_as_evidence_are_no_people_as_currency(rules_only: Pipeline, text: str) -> None:
    assert "exchange_bargaining" not in frame_ids(rules_only, text)


def test_people_used_as_chips_still_are(rules_only: Pipeline) -> None:
    text = "Caracas is using them as leverage to win sanctions relief."
    assert "exchange_bargaining" in frame_ids(rules_only, text)


@pytest.mark.parametrize(
    "text",
    [
        "Neighbours reported illegal raids on homes in the capital after the protests.",
        "The report lists illegal searches and surveillance of union leaders.",
    ],
)
def test_a_states_illegal_act_casts_no_one_as_criminal(rules_only: Pipeline, text: str) -> None:
    assert "criminality_terrorism" not in frame_ids(rules_only, text)


def test_illegals_still_are_cast_as_criminals(rules_only: Pipeline) -> None:
    text = "We are removing the illegals who came to rob us."
    assert "criminality_terrorism" in frame_ids(rules_only, text)


@pytest.mark.parametrize(
    "text",
    [
        "The anti-gang crackdown began in 2022 after a weekend of killings.",
        "Homicides fell sharply during the government's crackdown on gangs.",
    ],
)
def test_a_campaign_against_gangs_is_no_political_repression(
    rules_only: Pipeline, text: str
) -> None:
    assert "political_repression" not in frame_ids(rules_only, text)


def test_a_crackdown_on_protesters_still_is(rules_only: Pipeline) -> None:
    text = "The regime unleashed a crackdown on students marching in the capital."
    assert "political_repression" in frame_ids(rules_only, text)
