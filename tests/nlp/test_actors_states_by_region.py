"""States named the way wire copy names them after a first mention: by their region ("el país
caribeño", "the Central American regime"), or by nationalities joined after one office ("las
autoridades estadounidenses ni salvadoreñas"), each nationality its own state's."""

from __future__ import annotations

import pytest
from tag_helpers import actor_ids

from nlp.pipeline import Pipeline


@pytest.mark.parametrize(
    ("text", "state"),
    [
        ("El país caribeño rechazó la medida y llamó a sus ciudadanos.", "venezuelan_government"),
        ("La nación suramericana anunció que no aceptará más vuelos.", "venezuelan_government"),
        ("El país centroamericano aceptó guardarlos por un año.", "salvadoran_government"),
        ("Un error de las autoridades del país norteamericano lo dejó preso.", "us_government"),
        ("The Central American country agreed to hold them for a fee.", "salvadoran_government"),
        ("The South American nation denounced the flights.", "venezuelan_government"),
    ],
)
def test_a_state_named_by_its_region_is_that_state(
    pipeline: Pipeline, text: str, state: str
) -> None:
    assert state in actor_ids(pipeline, text)


def test_a_region_as_a_place_is_no_actor(pipeline: Pipeline) -> None:
    text = "Los llevaron al país centroamericano en tres vuelos."
    assert "salvadoran_government" not in actor_ids(pipeline, text)


def test_a_nationality_inside_a_regions_name_is_not_the_us(pipeline: Pipeline) -> None:
    ids = actor_ids(pipeline, "The Central American regime blames every death on old age.")
    assert "salvadoran_government" in ids
    assert "us_government" not in ids


@pytest.mark.parametrize(
    "text",
    [
        "Ni las autoridades estadounidenses ni salvadoreñas han dado una lista de nombres.",
        "Las autoridades estadunidenses o salvadoreñas no respondieron a las familias.",
        "Las autoridades salvadoreñas y estadounidenses guardan silencio.",
        "Los gobiernos estadounidense y salvadoreño firmaron el acuerdo en secreto.",
    ],
)
def test_nationalities_joined_after_one_office_are_both_states(
    pipeline: Pipeline, text: str
) -> None:
    ids = actor_ids(pipeline, text)
    assert {"us_government", "salvadoran_government"} <= ids
    assert "venezuelan_government" not in ids


def test_a_nationality_joined_to_no_office_stays_a_people(pipeline: Pipeline) -> None:
    text = "Llegaron migrantes venezolanos y salvadoreños al albergue."
    assert not {"venezuelan_government", "salvadoran_government"} & actor_ids(pipeline, text)
