"""Actor readings from CRS and State Department prose (actors21): a leader's agents and
representatives are his state, and heads of state in the plural only as written."""

from __future__ import annotations

import pytest
from tag_helpers import actor_ids

from nlp.pipeline import Pipeline


@pytest.mark.parametrize(
    ("text", "government"),
    [
        (
            "There were numerous reports Maduro agents committed unlawful killings.",
            "venezuelan_government",
        ),
        ("Maduro's henchmen raided the homes of opposition activists.", "venezuelan_government"),
        (
            "Throughout the year, Nicolás Maduro and his representatives engaged in serious "
            "human rights abuses.",
            "venezuelan_government",
        ),
        ("Nicolás Maduro and his agents killed protesters.", "venezuelan_government"),
        ("Bukele y sus esbirros encarcelaron a miles de jóvenes.", "salvadoran_government"),
    ],
)
def test_a_leaders_men_are_his_state(pipeline: Pipeline, text: str, government: str) -> None:
    assert government in actor_ids(pipeline, text)


def test_agents_of_no_leader_are_no_state(pipeline: Pipeline) -> None:
    text = "The agents said the officials would return, and the forces were deployed."
    assert not actor_ids(pipeline, text)


def test_both_and_a_singular_title_are_no_two_heads_of_state(pipeline: Pipeline) -> None:
    text = (
        "Both President Trump and Secretary Rubio have stated that legal residents may be "
        "deported to prisons in El Salvador."
    )
    assert "salvadoran_government" not in actor_ids(pipeline, text)


def test_both_presidents_are_still_the_two_states(pipeline: Pipeline) -> None:
    text = "Bukele and Maduro agreed on the swap. Both presidents said the exchange was fair."
    assert {"bukele", "maduro"} <= actor_ids(pipeline, text)


def test_offices_an_order_directs_are_no_one_person(pipeline: Pipeline) -> None:
    text = (
        "The E.O. also directs the Attorney General and Secretary of Homeland Security, in "
        "consultation with the Secretary of State, to make operational preparations."
    )
    found = actor_ids(pipeline, text)
    assert not {"rubio", "noem"} & found
    assert {"us_government", "ice_dhs"} <= found


def test_the_secretary_deciding_is_still_the_office_holder(pipeline: Pipeline) -> None:
    text = (
        "The Department of Homeland Security announces that the Secretary of Homeland "
        "Security has decided to vacate the extension."
    )
    assert "noem" in actor_ids(pipeline, text)


def test_the_penitentiary_system_of_no_named_state_is_el_salvadors(pipeline: Pipeline) -> None:
    text = (
        "Impunity persisted despite the government taking steps to dismiss some officials "
        "who committed abuses in the penitentiary system."
    )
    assert "salvadoran_government" in actor_ids(pipeline, text)


def test_the_penitentiary_system_of_a_named_state_is_its_own(pipeline: Pipeline) -> None:
    text = "In Venezuela, guards in the penitentiary system beat political prisoners."
    assert "salvadoran_government" not in actor_ids(pipeline, text)
