"""Spanish news naming states as parties, read in actors24: the states a deal involves, with
Spanish's object "a" ("un canje que involucró a Estados Unidos y Venezuela"), a state as the
agent of a participle ("construido por El Salvador"), and a state before a perfect auxiliary
in another person or mood ("ni Colombia ni Venezuela habrían entregado", "que Caracas no haya
respondido")."""

from __future__ import annotations

import pytest
from tag_helpers import actor_ids

from nlp.pipeline import Pipeline


@pytest.mark.parametrize(
    ("text", "states"),
    [
        (
            "Se firmó un acuerdo que involucró a Estados Unidos, Venezuela y El Salvador.",
            {"us_government", "venezuelan_government", "salvadoran_government"},
        ),
        (
            "Fue un canje que incluyó a Venezuela y a Estados Unidos tras meses de contactos.",
            {"venezuelan_government", "us_government"},
        ),
        (
            "La cárcel, construida por El Salvador en 2023, alberga a miles de reos.",
            {"salvadoran_government"},
        ),
        (
            "Los reos fueron custodiados por Venezuela durante semanas en el sur.",
            {"venezuelan_government"},
        ),
        (
            "Ni Estados Unidos ni El Salvador habrían entregado listas a las familias.",
            {"us_government", "salvadoran_government"},
        ),
        (
            "Es grave que Caracas no haya respondido todavía a las familias.",
            {"venezuelan_government"},
        ),
    ],
)
def test_states_named_as_parties(pipeline: Pipeline, text: str, states: set[str]) -> None:
    assert states <= actor_ids(pipeline, text)


@pytest.mark.parametrize(
    ("text", "state"),
    [
        (
            "Un grupo de amigos viajó a El Salvador en un avión que incluyó escala.",
            "salvadoran_government",
        ),
        ("El muro fue construido en Venezuela por obreros de la zona.", "venezuelan_government"),
        (
            "Si Venezuela hubiera tenido otro gobierno, nada de esto pasaría.",
            "venezuelan_government",
        ),
    ],
)
def test_places_stay_places(pipeline: Pipeline, text: str, state: str) -> None:
    assert state not in actor_ids(pipeline, text)
