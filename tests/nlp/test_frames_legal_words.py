"""Legal words used for something other than the detainees' rights or their casting as
criminals: a prosecution or rights restored by a state, court records reviewed by reporters,
faces and names shown, a notice to Congress, a crime as the law defines it and the ironic
"crime" of crossing a border; and the cues those words sit beside, which still count."""

from __future__ import annotations

import pytest
from tag_helpers import frame_ids

from nlp.pipeline import Pipeline


@pytest.mark.parametrize(
    "text",
    [
        "He was returned in June, only for his wife to call the indictment a cover-up.",
        "Restoring constitutional rights that were taken away should not be applauded.",
        "A review of court and immigration records found most men had no criminal conviction.",
        "Amnistía advierte que la difusión de rostros y nombres de los detenidos los expone.",
        "Una notificación enviada al Congreso revela que el Departamento de Estado pagó la cárcel.",
    ],
)
def test_a_states_own_legal_acts_are_no_due_process(rules_only: Pipeline, text: str) -> None:
    assert "due_process" not in frame_ids(rules_only, text)


@pytest.mark.parametrize(
    "text",
    [
        "The men were held for months without charges and never saw a judge.",
        "Provea exige que el gobierno publique la lista de los detenidos.",
        "The indictment was sealed and his lawyer was never allowed to see the court file.",
    ],
)
def test_the_detainees_rights_are_still_due_process(rules_only: Pipeline, text: str) -> None:
    assert "due_process" in frame_ids(rules_only, text)


@pytest.mark.parametrize(
    "text",
    [
        "La tortura en Venezuela es un delito establecido en la Ley Especial contra la Tortura.",
        "He has been locked up for months for the crime of crossing a border to see his kid.",
    ],
)
def test_crime_as_the_law_or_irony_casts_no_one(rules_only: Pipeline, text: str) -> None:
    assert "criminality_terrorism" not in frame_ids(rules_only, text)


@pytest.mark.parametrize(
    "text",
    [
        "Los ciudadanos procesados por la comisión de delitos previstos en nuestro ordenamiento.",
        "The administration says every one of them has committed a crime.",
    ],
)
def test_prisoners_charged_with_crimes_are_still_cast(rules_only: Pipeline, text: str) -> None:
    assert "criminality_terrorism" in frame_ids(rules_only, text)


@pytest.mark.parametrize(
    "text",
    [
        "El Salvador registró 20 días sin homicidios, que el oficialismo atribuye al régimen de "
        "excepción.",
        "Venezuela rejects lectures from a government that keeps its citizens under a permanent "
        "state of exception.",
    ],
)
def test_the_state_of_exception_as_a_policy_is_no_due_process(
    rules_only: Pipeline, text: str
) -> None:
    assert "due_process" not in frame_ids(rules_only, text)


def test_the_state_of_exception_with_arrests_without_a_warrant_is(rules_only: Pipeline) -> None:
    text = "Bajo el régimen de excepción lo capturaron sin orden judicial y nunca vio a un juez."
    assert "due_process" in frame_ids(rules_only, text)
