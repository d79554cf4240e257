"""A region's compound is no nationality ("the Inter-American Court"), a country that ends the
name of a body or a paper is its subject ("the UN mission on Venezuela"), and two
nationalities joined before their office name both states ("the US and Salvadoran
governments"), as the codebook reads them ("Actors")."""

from __future__ import annotations

import pytest
from tag_helpers import actor_ids

from nlp.pipeline import Pipeline


@pytest.mark.parametrize(
    "text",
    [
        "The Inter-American Court of Human Rights ordered the state to protect the detainees.",
        "The Inter-American Commission asked for information. The Foreign Ministry did not reply.",
        "La Corte Interamericana pidió información sobre los detenidos.",
        "La Comisión Interamericana otorgó medidas cautelares a los migrantes.",
    ],
)
def test_the_inter_american_bodies_are_not_the_united_states(pipeline: Pipeline, text: str) -> None:
    actors = actor_ids(pipeline, text)
    assert "iachr" in actors
    assert "us_government" not in actors


def test_an_american_office_is_still_the_united_states(pipeline: Pipeline) -> None:
    assert "us_government" in actor_ids(pipeline, "American officials refused to comment.")


@pytest.mark.parametrize(
    ("text", "state"),
    [
        (
            "The UN fact-finding mission on Venezuela published its findings.",
            "venezuelan_government",
        ),
        ("La misión de la ONU sobre Venezuela publicó su informe.", "venezuelan_government"),
        (
            "Amnesty's report on El Salvador described abuses in the prisons.",
            "salvadoran_government",
        ),
        (
            "El relator especial de la ONU sobre Venezuela pidió liberar a los presos.",
            "venezuelan_government",
        ),
        (
            "El informe sobre El Salvador denunció torturas en las cárceles.",
            "salvadoran_government",
        ),
    ],
)
def test_a_country_ending_a_body_or_report_name_is_its_topic(
    pipeline: Pipeline, text: str, state: str
) -> None:
    assert state not in actor_ids(pipeline, text)


def test_a_country_acting_after_a_report_is_still_the_state(pipeline: Pipeline) -> None:
    text = "The report came out on Monday. Venezuela rejected it within hours."
    assert "venezuelan_government" in actor_ids(pipeline, text)


@pytest.mark.parametrize(
    "text",
    [
        "The US and Salvadoran governments refused to comment.",
        "The U.S. and Salvadoran authorities refused to comment.",
        "Los gobiernos estadounidense y salvadoreño no respondieron.",
        "Las autoridades estadounidenses y salvadoreñas no respondieron.",
    ],
)
def test_two_joined_nationalities_before_their_office_name_both_states(
    pipeline: Pipeline, text: str
) -> None:
    assert {"us_government", "salvadoran_government"} <= actor_ids(pipeline, text)


def test_a_country_gone_to_before_a_joined_nationality_is_a_place(pipeline: Pipeline) -> None:
    text = "He flew to the US and Venezuelan officials met him there."
    assert "us_government" not in actor_ids(pipeline, text)
