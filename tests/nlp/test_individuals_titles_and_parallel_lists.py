"""Office titles and the officials and experts who hold them are not individuals at risk;
prisoners listed in parallel ("A in a cell, B in a cell") all are."""

from __future__ import annotations

import pytest
from tag_helpers import individual_names

from nlp.pipeline import Pipeline


@pytest.mark.parametrize(
    "text",
    [
        "Esperamos que los representantes de la Alta Comisionada visiten las cárceles del país.",
        "Se reunió con el Enviado Presidencial Especial para Asuntos de Rehenes, Adam Borrell, "
        "en Caracas.",
        "Habló el Relator Especial de la ONU, Julián Arreaza Toro, sobre las detenciones.",
        "The Special Envoy for Hostage Affairs, Adam Borrell, met the families.",
        "Cuando el jurista argentino Luis Moreno Ocampo le preguntó por el origen del nombre.",
        "The author of the affidavit, John Whitcombe, said the men were never charged.",
    ],
)
def test_office_titles_and_their_holders_are_not_individuals(pipeline: Pipeline, text: str) -> None:
    assert individual_names(pipeline, text) == []


@pytest.mark.parametrize(
    ("text", "listed"),
    [
        (
            "Guanipa in a cell, Superlano in a cell, Perkins in a cell, and the same people "
            "who jail them want to lecture El Salvador.",
            "Guanipa",
        ),
        ("Superlano en una celda, Villarreal en una celda y nadie dice nada.", "Villarreal"),
    ],
)
def test_names_listed_in_parallel_with_a_prisoner_are_individuals(
    pipeline: Pipeline, text: str, listed: str
) -> None:
    assert listed in individual_names(pipeline, text)


def test_a_relative_named_after_where_he_is_from_is_an_individual(pipeline: Pipeline) -> None:
    text = (
        "the guy 3rd from the left in the CECOT video is my neighbor's son from Maracay, "
        "Yorman. worked at a car wash."
    )
    assert individual_names(pipeline, text) == ["Yorman"]


def test_a_lawyer_named_after_where_he_is_from_is_not(pipeline: Pipeline) -> None:
    assert (
        individual_names(pipeline, "We spoke to the family's lawyer from Caracas, Elio Brandt.")
        == []
    )


def test_a_common_venezuelan_given_name_alone_as_subject_is_an_individual(
    pipeline: Pipeline,
) -> None:
    text = "Keiber es repartidor, chamo. Lo sacaron de su casa en Petare a las 3am sin orden."
    assert "Keiber" in individual_names(pipeline, text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("im franyelis, my husband jesus eduardo is in cecot. he has tps.", "franyelis"),
        ("I'm Franyelis and my husband has been in CECOT since March.", "Franyelis"),
    ],
)
def test_a_poster_naming_herself_is_an_individual(
    pipeline: Pipeline, text: str, expected: str
) -> None:
    assert expected in individual_names(pipeline, text)


@pytest.mark.parametrize("text", ["I am Catholic and I pray for them.", "Soy Chavista, y qué."])
def test_a_poster_saying_what_she_is_names_nobody(pipeline: Pipeline, text: str) -> None:
    assert individual_names(pipeline, text) == []
