"""Actor readings from encyclopedia, State Department and news prose (actors20): the opposition
as the target of repression, regimes of a titled leader, Alex Saab, and Machado as the
opposition's candidate."""

from __future__ import annotations

import pytest
from tag_helpers import actor_ids

from nlp.pipeline import Pipeline


@pytest.mark.parametrize(
    "text",
    [
        "Maduro's announcement prompted a fear-mongering campaign targeting members of the "
        "opposition with harassment, persecution, and arbitrary detention.",
        "La declaración dio lugar a una campaña de miedo dirigida a los miembros de la "
        "oposición con acoso, persecución y detención arbitraria.",
        "Tras las elecciones volvieron los allanamientos y arrestos contra manifestantes y "
        "dirigentes opositores.",
        "La serie de allanamientos de residencias de opositores al gobierno venezolano.",
    ],
)
def test_the_opposition_targeted_by_repression_is_spoken_of(pipeline: Pipeline, text: str) -> None:
    assert "venezuelan_opposition" in actor_ids(pipeline, text)


def test_an_opposition_activist_detained_is_still_a_person_held(pipeline: Pipeline) -> None:
    text = "Roland Carreño, a journalist and opposition activist, was detained in August."
    assert "venezuelan_opposition" not in actor_ids(pipeline, text)


@pytest.mark.parametrize(
    ("text", "government"),
    [
        (
            "El régimen del presidente Nicolás Maduro ha incrementado la vigilancia.",
            "venezuelan_government",
        ),
        ("The regime of President Nicolás Maduro blocked X.", "venezuelan_government"),
        ("The government of President Nayib Bukele denied it.", "salvadoran_government"),
        ("La administración del presidente Bukele lo negó.", "salvadoran_government"),
    ],
)
def test_a_government_of_a_titled_leader_is_his_states(
    pipeline: Pipeline, text: str, government: str
) -> None:
    assert government in actor_ids(pipeline, text)


def test_a_regime_of_a_kind_is_still_no_government(pipeline: Pipeline) -> None:
    text = "Lo mantienen en el mismo régimen de aislamiento desde marzo."
    assert "venezuelan_government" not in actor_ids(pipeline, text)


def test_alex_saab_and_a_bare_saab_after_him_are_not_the_attorney_general(
    pipeline: Pipeline,
) -> None:
    text = (
        "El gobierno de Estados Unidos liberó a Alex Saab, un cercano aliado de Maduro. Saab, "
        "un empresario colombiano, estaba siendo procesado en Miami."
    )
    assert "saab" not in actor_ids(pipeline, text)


def test_a_bare_saab_without_alex_saab_is_the_attorney_general(pipeline: Pipeline) -> None:
    assert "saab" in actor_ids(pipeline, "Saab dijo que los detenidos serán juzgados.")


def test_the_attorney_general_named_in_full_beside_alex_saab_stays(pipeline: Pipeline) -> None:
    text = (
        "Alex Saab fue liberado. El fiscal Tarek William Saab celebró; Saab dijo que era inocente."
    )
    assert "saab" in actor_ids(pipeline, text)


def test_the_oppositions_candidate_in_the_feminine_is_machado(pipeline: Pipeline) -> None:
    text = "Su régimen excluyó arbitrariamente a la candidata de consenso de la oposición."
    ids = actor_ids(pipeline, text)
    assert {"machado", "venezuelan_opposition"} <= ids
    assert "gonzalez_urrutia" not in ids
