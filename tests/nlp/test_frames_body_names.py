"""Frame words that name something else in official prose: a body's remit inside its proper name,
crimes of officials and a reward for an official's arrest, risks a travel advisory lists, a
state's constitutional order and an election's guarantees; and the same words where they still
frame the men or their rights."""

from __future__ import annotations

import pytest
from tag_helpers import frame_ids

from nlp.body_names import body_names
from nlp.pipeline import Pipeline


@pytest.mark.parametrize(
    ("text", "frame"),
    [
        ("Questions go to the Humanitarian Affairs Division of the agency.", "humanitarian"),
        (
            "The Special Office for Terrorism and Border Finance issued the notice.",
            "criminality_terrorism",
        ),
        (
            "The Ministry controls the Federal Scientific, Criminal, and Forensic Corps.",
            "criminality_terrorism",
        ),
        ("La ONG lamenta que no exista una Comisión Nacional Contra la Tortura.", "humanitarian"),
    ],
)
def test_a_frame_word_inside_a_bodys_name_frames_nothing(
    rules_only: Pipeline, text: str, frame: str
) -> None:
    assert frame not in frame_ids(rules_only, text)


@pytest.mark.parametrize(
    ("text", "frame"),
    [
        ("The Office said the deportees were tortured in the prison.", "humanitarian"),
        ("El Departamento dice que los deportados son terroristas.", "criminality_terrorism"),
        ("The Justice Department Says Migrants Are Terrorists", "criminality_terrorism"),
    ],
)
def test_a_body_that_speaks_still_frames(rules_only: Pipeline, text: str, frame: str) -> None:
    assert frame in frame_ids(rules_only, text)


def test_a_bodys_name_runs_from_its_capitalised_words_to_what_its_preposition_governs(
    rules_only: Pipeline,
) -> None:
    doc = rules_only.nlp(
        "They wrote to the Acting Under Secretary for Terrorism and Finance today."
    )
    assert [doc[start:end].text for start, end in body_names(doc)] == [
        "Acting Under Secretary for Terrorism and Finance"
    ]


@pytest.mark.parametrize(
    "text",
    [
        "The office investigates crimes committed by public officials, above all the police.",
        "A reward is offered for news leading to the arrest or conviction of two ministers.",
        "Do not go there: wrongful detentions, terrorism, kidnapping, crime, civil unrest.",
        "La fiscalía investiga los delitos cometidos por funcionarios públicos del estado.",
        "The police corps conducts most criminal investigations in the capital.",
    ],
)
def test_crime_that_casts_no_migrant_or_prisoner(rules_only: Pipeline, text: str) -> None:
    assert "criminality_terrorism" not in frame_ids(rules_only, text)


def test_a_travel_advisorys_kidnapping_risk_is_no_abduction(rules_only: Pipeline) -> None:
    text = "Avoid the country because of terrorism, kidnapping and poor health care."
    assert "sovereignty_kidnapping" not in frame_ids(rules_only, text)


@pytest.mark.parametrize(
    "text",
    [
        "The deportees were branded terrorists and criminals by the minister.",
        "Officials called the men criminals with no evidence of any crime.",
    ],
)
def test_the_men_cast_as_criminals_still_are(rules_only: Pipeline, text: str) -> None:
    assert "criminality_terrorism" in frame_ids(rules_only, text)


@pytest.mark.parametrize(
    "text",
    [
        "El informe pide restablecer el orden constitucional y la separación de poderes.",
        "Las partes negociaron garantías electorales y el respeto al Estado de derecho.",
    ],
)
def test_a_states_order_and_an_elections_guarantees_are_no_due_process(
    rules_only: Pipeline, text: str
) -> None:
    assert "due_process" not in frame_ids(rules_only, text)


def test_guarantees_for_the_detainees_are_still_due_process(rules_only: Pipeline) -> None:
    text = "Exigen garantías judiciales para los detenidos y que un juez revise cada caso."
    assert "due_process" in frame_ids(rules_only, text)
