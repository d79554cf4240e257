"""Actor readings from Venezuelan NGO reports, Congressional and court prose: bare
authorities and officials, regimes of listed leaders, titles beside another's name, and "the
two leaders" of a post that names none."""

from __future__ import annotations

import pytest
from tag_helpers import actor_ids

from nlp.pipeline import Pipeline


@pytest.mark.parametrize(
    "text",
    [
        "Para neutralizar las protestas, las autoridades ordenaron una represión masiva y feroz.",
        "Aunque la voluntad popular hubiera sido reconocida por las actuales autoridades, el "
        "proceso no fue libre.",
        "Durante días ninguna autoridad reconoció tenerlo bajo custodia.",
        "A partir de esa hora, los funcionarios recibieron órdenes de impedir la presencia de "
        "testigos.",
    ],
)
def test_bare_authorities_of_a_report_naming_no_state_are_venezuelas(
    pipeline: Pipeline, text: str
) -> None:
    assert "venezuelan_government" in actor_ids(pipeline, text)


def test_bare_authorities_take_the_state_the_post_names(pipeline: Pipeline) -> None:
    text = "En El Salvador, las autoridades no han dicho dónde están los detenidos."
    ids = actor_ids(pipeline, text)
    assert "salvadoran_government" in ids
    assert "venezuelan_government" not in ids


def test_officials_of_a_body_of_no_state_are_that_bodys(pipeline: Pipeline) -> None:
    ids = actor_ids(pipeline, "Los funcionarios de la ONU visitaron a las familias.")
    assert "un_human_rights" in ids
    assert "venezuelan_government" not in ids


def test_the_plan_republica_is_venezuelas(pipeline: Pipeline) -> None:
    text = "Los funcionarios del Plan República impidieron la presencia de testigos."
    assert "venezuelan_government" in actor_ids(pipeline, text)


@pytest.mark.parametrize(
    "text",
    [
        "the crisis that is a direct result of the regimes of Hugo Chavez and Nicolas Maduro",
        "la crisis causada por los regímenes de Hugo Chávez y Nicolás Maduro",
    ],
)
def test_regimes_of_a_list_with_maduro_are_venezuelas(pipeline: Pipeline, text: str) -> None:
    assert {"venezuelan_government", "maduro"} <= actor_ids(pipeline, text)


def test_an_office_titled_by_another_name_is_no_government(pipeline: Pipeline) -> None:
    text = "un documento de 1952 sobre los excesos del régimen militar de Marcos Pérez Jiménez"
    assert "venezuelan_government" not in actor_ids(pipeline, text)


def test_a_title_beside_another_name_is_not_maduro(pipeline: Pipeline) -> None:
    text = "He leads the party founded by Hugo Chávez, President of Venezuela."
    assert "maduro" not in actor_ids(pipeline, text)


def test_a_title_beside_his_own_name_is_maduro(pipeline: Pipeline) -> None:
    text = "Nicolás Maduro, President of Venezuela, spoke on Tuesday."
    assert "maduro" in actor_ids(pipeline, text)


def test_two_leaders_of_a_post_without_the_swap_are_no_one(pipeline: Pipeline) -> None:
    text = "Thanks to the two leaders, violent criminals have been taken off our streets."
    assert not {"bukele", "maduro"} & actor_ids(pipeline, text)


def test_two_presidents_of_a_post_about_the_swap_are_its_leaders(pipeline: Pipeline) -> None:
    text = "el trueque del siglo: 252 de los nuestros por 252. y los dos presidentes felices"
    assert {"bukele", "maduro"} <= actor_ids(pipeline, text)
