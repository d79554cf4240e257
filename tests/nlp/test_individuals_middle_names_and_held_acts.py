"""A given name that is also a month or a common word inside a full name keeps the name whole,
and a detention, disappearance or release said before a name makes it an individual even after
a source's title; names spoken of as counsel or who asked for a release stay out."""

from __future__ import annotations

import pytest
from tag_helpers import individual_names

from nlp.pipeline import Pipeline


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Vecinos denunciaron que se llevaron a Mateo Julio Berroterán. Berroterán sigue "
            "desaparecido.",
            ["Mateo Julio Berroterán", "Berroterán"],
        ),
        (
            "Her brother Samuel Salvador Quijada was deported in March.",
            ["Samuel Salvador Quijada"],
        ),
        ("La reunión fue el 15 de Julio en Caracas.", []),
    ],
)
def test_a_common_word_between_names_stays_in_the_name(
    pipeline: Pipeline, text: str, expected: list[str]
) -> None:
    assert individual_names(pipeline, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "La ONG denunció la desaparición de su director, Ramiro Quintal, interceptado por "
            "encapuchados.",
            ["Ramiro Quintal"],
        ),
        (
            "El partido denunció el secuestro de dos de sus coordinadores regionales, Ozren "
            "Vatkel y Tomás Ferrer, en Mérida.",
            ["Ozren Vatkel", "Tomás Ferrer"],
        ),
        (
            "Celebraron la excarcelación del abogado voluntario de Foro Penal Ramiro Quintal "
            "Mendoza.",
            ["Ramiro Quintal Mendoza"],
        ),
        (
            "Denunció la presunta detención de Ozren Vatkel, coordinador electoral del partido.",
            ["Ozren Vatkel"],
        ),
        (
            "Exigen la liberación de los presos, dijo la abogada Tania Ferrer.",
            [],
        ),
        (
            "The release of the report by Ozren Vatkel, a researcher, was delayed.",
            [],
        ),
    ],
)
def test_a_held_act_before_a_name_makes_it_an_individual(
    pipeline: Pipeline, text: str, expected: list[str]
) -> None:
    assert individual_names(pipeline, text) == expected
