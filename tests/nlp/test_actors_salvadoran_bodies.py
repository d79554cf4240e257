"""El Salvador's state by the names its own bodies bear in the press (its ruling party, its
ministry and prison system by their names, its leader's administration named "of" him), and a
dictatorship named by its nationality."""

from __future__ import annotations

import pytest
from tag_helpers import actor_ids

from nlp.pipeline import Pipeline


@pytest.mark.parametrize(
    "text",
    [
        "La prórroga fue aprobada con los votos del partido oficialista Nuevas Ideas.",
        "El diputado de Nuevas Ideas defendió la medida en el pleno.",
        "El informe citó datos del Ministerio de Seguridad Pública y Justicia.",
        "Nobody answered at the offices of Bukele when we called.",
        "A source warned that the administration of President Nayib Bukele planned arrests.",
        "Within a week some other scandal would distract the Salvadoran dictatorship.",
    ],
)
def test_el_salvadors_bodies_by_their_names_are_its_government(
    pipeline: Pipeline, text: str
) -> None:
    assert "salvadoran_government" in actor_ids(pipeline, text)


def test_the_leaders_administration_is_not_the_us_one(pipeline: Pipeline) -> None:
    ids = actor_ids(pipeline, "The administration of President Nayib Bukele denied it.")
    assert {"bukele", "salvadoran_government"} <= ids
    assert "us_government" not in ids


def test_the_prison_system_by_its_name_is_not_the_cecot(pipeline: Pipeline) -> None:
    ids = actor_ids(pipeline, "El Salvador's Penitentiary Centers meet every standard, he said.")
    assert "salvadoran_government" in ids
    assert "cecot" not in ids


def test_a_venezuelan_dictatorship_is_venezuelas_government(pipeline: Pipeline) -> None:
    text = "Exiles say the Venezuelan dictatorship still holds hundreds."
    assert "venezuelan_government" in actor_ids(pipeline, text)
