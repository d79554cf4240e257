"""A detention said across an apposition, after a prisoners' list opener or an opener of one
held, makes the names individuals, even after a title; a first name introduced as one of the
detainees is one too. Speech, places and counsel stay out."""

from __future__ import annotations

import pytest
from tag_helpers import individual_names

from nlp.pipeline import Pipeline


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Ramiro Quintal, coordinador regional del partido, fue detenido el martes.",
            ["Ramiro Quintal"],
        ),
        (
            "In May, Ozren Vatkel, head of the party's Lara command, was arrested.",
            ["Ozren Vatkel"],
        ),
        (
            "Ramiro Quintal, el coordinador nacional del partido fue detenido ayer en su casa.",
            ["Ramiro Quintal"],
        ),
        (
            "Otros dos reporteros del diario, Ozren Vatkel y Tomás Ferrer, ambos de nacionalidad "
            "peruana, también han sido detenidos.",
            ["Ozren Vatkel", "Tomás Ferrer"],
        ),
    ],
)
def test_a_detention_said_across_an_apposition_names_the_held(
    pipeline: Pipeline, text: str, expected: list[str]
) -> None:
    assert individual_names(pipeline, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Gonzalo Pérez, director de la ONG, dijo que el activista fue detenido.",
        "En Nueva Esparta, el coordinador del partido fue detenido.",
        "Ramiro Quintal, abogado de los detenidos, pidió una audiencia.",
        "Tras la detención de su cliente, el abogado Ramiro Quintal pidió una audiencia.",
    ],
)
def test_speech_places_and_counsel_are_not_the_held(pipeline: Pipeline, text: str) -> None:
    assert individual_names(pipeline, text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Entre los detenidos se encuentran el periodista Ramiro Quintal y la coordinadora "
            "regional Ana Belzú.",
            ["Ramiro Quintal", "Ana Belzú"],
        ),
        (
            "El otro detenido es Tomás Ferrer, coordinador juvenil del partido.",
            ["Tomás Ferrer"],
        ),
        (
            "The arrest of human rights lawyer Ozren Vatkel was also recorded.",
            ["Ozren Vatkel"],
        ),
        (
            "Nos preocupan los presos políticos venezolanos, en particular Ramiro Quintal, "
            "detenido desde 2019.",
            ["Ramiro Quintal"],
        ),
    ],
)
def test_openers_name_the_held_after_a_title(
    pipeline: Pipeline, text: str, expected: list[str]
) -> None:
    assert individual_names(pipeline, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Flavio, otro de los detenidos, contó que los golpeaban a diario.", ["Flavio"]),
        ("Gonzalo, uno de los 252 venezolanos enviados, recordó la celda.", ["Gonzalo"]),
        ("Mateo, one of the deportees, recalled the beatings.", ["Mateo"]),
        ("Carlos, uno de los abogados del caso, pidió una audiencia.", []),
    ],
)
def test_a_first_name_introduced_as_one_of_the_held(
    pipeline: Pipeline, text: str, expected: list[str]
) -> None:
    assert individual_names(pipeline, text) == expected
