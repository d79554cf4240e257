"""Frames in real published text, sixth set: passing mentions that are no framing (a listed
prisoner's biography, the interim authorities after Maduro's capture, a group promoting human
rights, a release alone, a law against torture)."""

from __future__ import annotations

import pytest
from tag_helpers import frame_ids

from nlp.pipeline import Pipeline


@pytest.mark.parametrize(
    "text",
    [
        "Perkins Rocha is a Venezuelan lawyer and a long-time adviser to the opposition.",
        "Freddy Superlano fell ill after a dinner in Bogotá; doctors suspected food poisoning.",
    ],
)
def test_a_listed_prisoner_named_outside_any_detention_is_not_repression(
    rules_only: Pipeline, text: str
) -> None:
    assert "political_repression" not in frame_ids(rules_only, text)


@pytest.mark.parametrize(
    "text",
    [
        "Perkins Rocha spent his birthday in a cell without seeing a lawyer.",
        "#LiberenARolandCarreño: sus colegas marcharon hasta la fiscalía.",
        "A Freddy Superlano lo agarraron a la salida de su casa.",
    ],
)
def test_a_listed_prisoner_named_with_his_detention_is_repression(
    rules_only: Pipeline, text: str
) -> None:
    assert "political_repression" in frame_ids(rules_only, text)


@pytest.mark.parametrize(
    "text",
    [
        "El gobierno interino de Delcy Rodríguez anunció nuevas medidas económicas.",
        "Washington dijo que confía en las autoridades interinas de Caracas.",
        "The interim president Delcy Rodríguez met oil executives on Monday.",
    ],
)
def test_the_interim_authorities_after_maduro_are_no_disputed_election(
    rules_only: Pipeline, text: str
) -> None:
    assert "election_legitimacy" not in frame_ids(rules_only, text)


def test_guaidos_interim_government_still_claims_the_election(rules_only: Pipeline) -> None:
    text = "Según fuentes del gobierno interino de Juan Guaidó, el periodista fue trasladado."
    assert "election_legitimacy" in frame_ids(rules_only, text)


@pytest.mark.parametrize(
    "text",
    [
        "The foundation, which promotes human rights in the Andes, published a report.",
        "La asociación, que promueve los derechos humanos, pidió una reunión con el ministro.",
    ],
)
def test_a_group_promoting_human_rights_is_no_humanitarian_frame(
    rules_only: Pipeline, text: str
) -> None:
    assert "humanitarian" not in frame_ids(rules_only, text)


def test_a_release_alone_is_not_repression(rules_only: Pipeline) -> None:
    text = "Se espera la excarcelación de tres ciudadanos canadienses esta semana."
    assert "political_repression" not in frame_ids(rules_only, text)


def test_a_release_of_political_prisoners_is_still_repression(rules_only: Pipeline) -> None:
    text = "Se anunció la excarcelación de doce presos políticos en Barquisimeto."
    assert "political_repression" in frame_ids(rules_only, text)


def test_a_law_against_torture_named_is_not_torture_inflicted(rules_only: Pipeline) -> None:
    text = (
        "Tras los allanamientos, el fiscal citó la Ley Especial para Prevenir y Sancionar la "
        "Tortura."
    )
    assert "political_repression" not in frame_ids(rules_only, text)


def test_criminal_contempt_in_spanish_is_no_criminal_charge(rules_only: Pipeline) -> None:
    text = "La jueza amenazó con declarar a los funcionarios en desacato criminal."
    assert "criminality_terrorism" not in frame_ids(rules_only, text)
