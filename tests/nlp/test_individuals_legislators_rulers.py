"""Members on the floor, past rulers, crime victims and signatories are not individuals at
risk; a jailed politician or a prisoner killed in custody still is."""

from __future__ import annotations

import pytest
from tag_helpers import individual_names

from nlp.pipeline import Pipeline


@pytest.mark.parametrize(
    "text",
    [
        "The SPEAKER pro tempore (Mr. Harlan of Indiana). The Clerk read the title of the bill.",
        "Mr. Brandwell moves to recommit the bill H.R. 549 to the Committee on the Judiciary.",
        "Mrs. Okafor asks unanimous consent that the gentleman from Texas (Mr. Delmonte) may "
        "be recognized.",
        "The Chair recognizes the gentlewoman from Florida (Ms. Ros-Varela) for 5 minutes. "
        "Ms. ROS-VARELA. Mr. Speaker, the situation in Venezuela is deteriorating.",
        "(Mr. QUINTANA-BELL asked and was given permission to address the House for 1 minute.)",
        "Mr. HOLLOWAY of Florida. Mr. President, I ask unanimous consent to proceed.",
        "The House Foreign Affairs Committee Chairman, Mr. Brandwell, and Ranking Member "
        "Okafor sent a letter.",
    ],
)
def test_members_named_in_floor_procedure_are_not_individuals(
    pipeline: Pipeline, text: str
) -> None:
    assert individual_names(pipeline, text) == []


def test_a_private_person_named_by_honorific_still_is(pipeline: Pipeline) -> None:
    text = "El Sr. Yohandry Colmenares fue trasladado al CECOT sin audiencia."
    assert individual_names(pipeline, text) == ["Yohandry Colmenares"]


@pytest.mark.parametrize(
    "text",
    [
        "Un documento de 1952 denunció los excesos del régimen militar de Aurelio Vance Ortega.",
        "Many were jailed during the dictatorship of Anselmo Ricart Vidal in the 1920s.",
        "Opponents to the Ricart regime were imprisoned and shackled.",
        "El ex dictador Anselmo Ricart Vidal murió en el exilio.",
        "Members of the gang are responsible for the brutal assault and murder of nursing "
        "student Jane Halbrook and 12-year-old Mary Quill.",
        "Respectfully submitted, /s/ Daniel Marsh, Ana Whitfield, Counsel for Plaintiffs.",
    ],
)
def test_rulers_crime_victims_and_signatories_are_not_individuals(
    pipeline: Pipeline, text: str
) -> None:
    assert individual_names(pipeline, text) == []


def test_a_prisoner_killed_in_custody_stays_an_individual(pipeline: Pipeline) -> None:
    text = "Denunciaron el asesinato de Ramiro Telles Ochoa bajo custodia del SEBIN."
    assert individual_names(pipeline, text) == ["Ramiro Telles Ochoa"]


def test_a_jailed_deputy_stays_an_individual(pipeline: Pipeline) -> None:
    text = "El diputado Ramiro Telles Ochoa fue detenido por el SEBIN y sigue preso."
    assert "Ramiro Telles Ochoa" in individual_names(pipeline, text)
