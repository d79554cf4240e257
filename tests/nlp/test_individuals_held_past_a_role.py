"""A detention said past the role set after a name makes the titled person one held: in a
relative clause ("X, coordinadora de la ONG, quien fue detenida"), in a dash aside ("X
—detenido en marzo—") or after an apposition with commas inside; a source whose role is
followed by someone else's name, or by speech, stays out."""

from __future__ import annotations

import pytest
from tag_helpers import individual_names

from nlp.pipeline import Pipeline


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "La ONG pidió la libertad de Marisela Tovar, coordinadora regional de la "
            "organización Alerta Cívica, quien fue aprehendida hace seis meses.",
            ["Marisela Tovar"],
        ),
        (
            "Esto lo confirmó Ramiro Olmedo, director de la ONG Voces Libres, quien está en "
            "prisión desde marzo.",
            ["Ramiro Olmedo"],
        ),
        (
            "El Observatorio pidió la libertad del director de la ONG Puente, Ramiro Olmedo "
            "—detenido en marzo de 2023—, y de otros activistas.",
            ["Ramiro Olmedo"],
        ),
        (
            "El partido denunció que María Cordero, coordinadora de la organización en la "
            "parroquia Catedral, municipio Iribarren, estado Lara, fue secuestrada el lunes.",
            ["María Cordero"],
        ),
        (
            "The group said Ramiro Olmedo, director of the union, who was jailed in March, "
            "has lost weight.",
            ["Ramiro Olmedo"],
        ),
    ],
)
def test_a_detention_said_past_the_role(pipeline: Pipeline, text: str, expected: list[str]) -> None:
    assert individual_names(pipeline, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Así lo explicó Ramiro Olmedo, director de la ONG Voces Libres, quien dijo que las "
        "visitas siguen suspendidas.",
        "Ramiro Olmedo, director de la ONG Voces Libres, dijo que fue detenida una activista.",
    ],
)
def test_a_source_with_no_detention_of_their_own_stays_out(pipeline: Pipeline, text: str) -> None:
    assert individual_names(pipeline, text) == []


def test_a_detention_said_of_another_named_in_the_role(pipeline: Pipeline) -> None:
    text = "Habló Ramiro Olmedo, abogado de Pedro Pérez, quien fue detenido el lunes."
    assert "Ramiro Olmedo" not in individual_names(pipeline, text)
