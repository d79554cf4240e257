"""Frames in real published text, eighth set (CRS reports, State Department human-rights reports,
Federal Register TPS notices, travel advisories): a frame's words used for something else (a
threat "posed", the legal "force, fraud, or coercion", a "peligroso" situation, illegal mining,
terrorism as a travel risk, the rule of law, a TPS "safe return", trafficking as a reported
crime), and paraphrases: rights reports on prisoners, killings and deaths in custody, free
and fair elections demanded as a list."""

from __future__ import annotations

import pytest
from tag_helpers import frame_ids

from nlp.pipeline import Pipeline


def test_a_threat_posed_by_cartels_is_no_posing_for_cameras(rules_only: Pipeline) -> None:
    text = "The order addresses the threat to national security posed by international cartels."
    assert "spectacle_propaganda" not in frame_ids(rules_only, text)


def test_posing_for_the_cameras_is_still_a_show(rules_only: Pipeline) -> None:
    text = "Noem posed in front of a packed cell while the cameras rolled."
    assert "spectacle_propaganda" in frame_ids(rules_only, text)


def test_the_legal_definition_of_trafficking_is_no_stolen_vote(rules_only: Pipeline) -> None:
    text = "Gangs recruited children into illicit activities using force, fraud, or coercion."
    assert "election_legitimacy" not in frame_ids(rules_only, text)


def test_electoral_fraud_is_still_the_election_frame(rules_only: Pipeline) -> None:
    text = "The opposition says the count was a fraud."
    assert "election_legitimacy" in frame_ids(rules_only, text)


@pytest.mark.parametrize(
    "text",
    [
        "Condenamos este peligroso entorno de intimidación contra la sociedad civil.",
        "Officials earned income from illegal gold mining in the south.",
        "U.S. citizens face a high risk of wrongful detention and terrorism in Venezuela.",
        "La alerta de viaje cita el riesgo de secuestro y terrorismo en el país.",
    ],
)
def test_danger_illegal_trade_and_travel_risks_cast_no_one_as_criminal(
    rules_only: Pipeline, text: str
) -> None:
    assert "criminality_terrorism" not in frame_ids(rules_only, text)


@pytest.mark.parametrize(
    "text",
    [
        "Si son tan peligrosos, ¿por qué no les hacen un juicio?",
        "She was accused of treason, conspiracy and terrorism.",
    ],
)
def test_dangerous_men_and_terrorism_charges_still_cast_them_as_criminals(
    rules_only: Pipeline, text: str
) -> None:
    assert "criminality_terrorism" in frame_ids(rules_only, text)


def test_the_rule_of_law_alone_is_no_due_process(rules_only: Pipeline) -> None:
    text = "The mission spoke of a new milestone in the degradation of the rule of law."
    assert "due_process" not in frame_ids(rules_only, text)


def test_the_rule_of_law_with_a_missing_hearing_is_due_process(rules_only: Pipeline) -> None:
    text = "They were sent to a foreign prison by a court order that ignored the rule of law."
    assert "due_process" in frame_ids(rules_only, text)


def test_conditions_preventing_a_safe_return_are_no_plea(rules_only: Pipeline) -> None:
    text = (
        "Venezuela was designated for TPS because conditions there prevented the safe return "
        "of its nationals."
    )
    assert "humanitarian" not in frame_ids(rules_only, text)


def test_trafficking_in_a_rights_report_list_is_no_bargain(rules_only: Pipeline) -> None:
    text = "Problems included harsh prison conditions and trafficking in persons."
    assert "exchange_bargaining" not in frame_ids(rules_only, text)


@pytest.mark.parametrize(
    "text",
    [
        "Estamos monitoreando los informes sobre las condiciones de los presos políticos.",
        "There were numerous reports Maduro agents committed arbitrary or unlawful killings.",
        "El desprecio de Maduro por los derechos fundamentales de su pueblo agudizó la crisis.",
    ],
)
def test_prisoners_conditions_killings_and_rights_are_humanitarian(
    rules_only: Pipeline, text: str
) -> None:
    assert "humanitarian" in frame_ids(rules_only, text)


def test_demanding_free_fair_elections_is_the_election_frame(rules_only: Pipeline) -> None:
    text = "Exigimos que se programen elecciones libres, justas, transparentes y multipartidistas."
    assert "election_legitimacy" in frame_ids(rules_only, text)


def test_deaths_in_a_states_custody_are_humanitarian(rules_only: Pipeline) -> None:
    text = "Cristosal documented at least three deaths in Salvadoran custody this quarter."
    assert "humanitarian" in frame_ids(rules_only, text)
