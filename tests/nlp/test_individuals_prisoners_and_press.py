"""Jailed politicians listed as prisoners are individuals; reporters and bylines are not."""

from __future__ import annotations

import pytest
from tag_helpers import individual_names

from nlp.pipeline import Pipeline


def test_politicians_listed_as_political_prisoners_are_individuals(pipeline: Pipeline) -> None:
    text = (
        "The government should release all political prisoners, including dozens of students, "
        "opposition leader Leopoldo Lopez and Mayors Daniel Ceballos and Antonio Ledezma."
    )
    assert individual_names(pipeline, text) == [
        "Leopoldo Lopez",
        "Daniel Ceballos",
        "Antonio Ledezma",
    ]


def test_a_name_a_prisoner_is_related_to_is_not_the_prisoner(pipeline: Pipeline) -> None:
    text = (
        "Pide la liberación de presos políticos, entre ellos familiares de Edmundo González "
        "y periodistas."
    )
    assert individual_names(pipeline, text) == []


def test_an_opposition_leader_at_liberty_is_no_individual(pipeline: Pipeline) -> None:
    assert individual_names(pipeline, "Leopoldo López habló desde Madrid con la prensa.") == []


@pytest.mark.parametrize(
    "text",
    [
        "By Jane Doe, VOA\nYorbis Pérez, 23, was deported to CECOT.",
        "Por Ana Díaz\nYorbis Pérez, 23, fue deportado al CECOT.",
        "Documents reviewed by the journalist Héctor Liendo show that Yorbis Pérez, 23, was sent.",
        "En entrevista con Fernando del Rincón, la madre de Yorbis Pérez dijo que no sabe nada.",
        "The correspondent Ana Díaz spoke to the mother of Yorbis Pérez.",
    ],
)
def test_reporters_interviewers_and_bylines_are_not_individuals(
    pipeline: Pipeline, text: str
) -> None:
    assert individual_names(pipeline, text) == ["Yorbis Pérez"]


def test_a_plea_list_opening_a_line_is_no_byline(pipeline: Pipeline) -> None:
    assert "Rocío Pérez" in individual_names(pipeline, "Por Perkins, por Rocío Pérez, por Tudares.")


def test_the_person_an_interview_is_with_s_relative_is_an_individual(pipeline: Pipeline) -> None:
    text = "In an interview with Deiber Pérez's mother, she said he was never in a gang."
    assert individual_names(pipeline, text) == ["Deiber Pérez"]


def test_a_public_figure_listed_with_prisoners_stays_a_public_figure(pipeline: Pipeline) -> None:
    text = "The swap freed ten prisoners, including Alex Saab and Yeikel Mendoza."
    assert individual_names(pipeline, text) == ["Yeikel Mendoza"]


@pytest.mark.parametrize(
    "text",
    [
        "By Jane Doe and John Roe\nYorbis Pérez, 23, was deported to CECOT.",
        "By Jane Doe, John Roe, VOA\n\nYorbis Pérez, 23, was deported to CECOT.",
        "Por Ana Díaz y Luis Mora\nYorbis Pérez, 23, fue deportado al CECOT.",
    ],
)
def test_co_authors_of_a_byline_are_not_individuals(pipeline: Pipeline, text: str) -> None:
    assert individual_names(pipeline, text) == ["Yorbis Pérez"]


@pytest.mark.parametrize(
    "text",
    [
        "La madre de Yorbis Pérez protesta en Caracas. EFE/ Ana Díaz",
        "La madre de Yorbis Pérez protesta en Caracas (REUTERS/Luis Mora).",
        "The mother of Yorbis Pérez at a vigil in Caracas. / AFP/Jane Roe",
    ],
)
def test_a_wire_agency_s_photographer_is_no_individual(pipeline: Pipeline, text: str) -> None:
    assert individual_names(pipeline, text) == ["Yorbis Pérez"]
