"""Report, court and news prose read in actors23: a title meaning another or a past holder,
or the office alone; a state as the agent of a deed ("por parte de Estados Unidos"); the
capitalised State of report prose; courts named by their branch or rank; a government joined
to the opposition as the two sides of Venezuela's talks."""

from __future__ import annotations

import pytest
from tag_helpers import actor_ids

from nlp.pipeline import Pipeline


@pytest.mark.parametrize(
    ("text", "holder"),
    [
        ("El entonces secretario de Seguridad Nacional, Juan Pérez, amplió el programa.", "noem"),
        ("Biden's Homeland Security Secretary, Alejandro Mayorkas, extended the status.", "noem"),
        ("El secretario de Seguridad Nacional puede designar a un país para el programa.", "noem"),
        ("Such groups are formally designated by the U.S. Secretary of State.", "rubio"),
        ("The former Secretary of State announced the extension in January.", "rubio"),
    ],
)
def test_a_title_of_another_or_past_holder_or_of_the_office_alone(
    pipeline: Pipeline, text: str, holder: str
) -> None:
    assert holder not in actor_ids(pipeline, text)


@pytest.mark.parametrize(
    ("text", "holder"),
    [
        ("The Homeland Security Secretary, Kristi Noem, ended the program.", "noem"),
        ("The Secretary of State met Bukele in El Salvador on Monday.", "rubio"),
        ("Any decision the President may make under the Alien Enemies Act is his.", "trump"),
    ],
)
def test_the_holder_still_meant_by_the_title(pipeline: Pipeline, text: str, holder: str) -> None:
    assert holder in actor_ids(pipeline, text)


@pytest.mark.parametrize(
    "text",
    [
        "Tras la captura del dirigente por parte de Estados Unidos, hubo protestas.",
        "El canciller dijo haber sido notificado por Estados Unidos de los vuelos.",
    ],
)
def test_a_state_as_the_agent_of_a_deed(pipeline: Pipeline, text: str) -> None:
    assert "us_government" in actor_ids(pipeline, text)


@pytest.mark.parametrize(
    ("text", "state"),
    [
        (
            "Es una crisis en El Salvador y falta rendición de cuentas por parte del Estado.",
            "salvadoran_government",
        ),
        ("La Comisión urge al Estado de Venezuela cumplir las medidas.", "venezuelan_government"),
    ],
)
def test_the_capitalised_state_of_report_prose(pipeline: Pipeline, text: str, state: str) -> None:
    assert state in actor_ids(pipeline, text)


@pytest.mark.parametrize(
    "text",
    [
        "En Venezuela, el estado de salud del detenido empeoró.",
        "En Venezuela, el Estado de Derecho se debilitó.",
        "En Venezuela, el Estado Carabobo registró protestas.",
    ],
)
def test_a_state_that_is_no_state(pipeline: Pipeline, text: str) -> None:
    assert "venezuelan_government" not in actor_ids(pipeline, text)


@pytest.mark.parametrize(
    "text",
    [
        "Defying court orders, the Trump administration dared the judicial branch to stop it.",
        "Two of the appellate judges said the Trump administration acted unlawfully.",
    ],
)
def test_us_courts_named_by_branch_or_rank(pipeline: Pipeline, text: str) -> None:
    assert "us_courts" in actor_ids(pipeline, text)


@pytest.mark.parametrize(
    "text",
    [
        "Despite talks between the government and the opposition, nothing changed.",
        "Se reunieron representantes del gobierno y de la oposición.",
        "Los diputados avalaron el acuerdo sellado por el gobierno y la Plataforma Unitaria.",
    ],
)
def test_a_government_facing_the_opposition_is_venezuelas(pipeline: Pipeline, text: str) -> None:
    assert "venezuelan_government" in actor_ids(pipeline, text)
