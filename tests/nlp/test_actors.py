"""Actors from names, aliases, handles, hashtags and titles, with accents and case folded."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from nlp.pipeline import Pipeline

DOMAIN_ACTORS = {
    "bukele",
    "maduro",
    "trump",
    "rubio",
    "noem",
    "saab",
    "cabello",
    "machado",
    "gonzalez_urrutia",
    "tren_de_aragua",
    "ms13",
    "cecot",
    "us_government",
    "salvadoran_government",
    "venezuelan_government",
    "venezuelan_opposition",
    "ice_dhs",
    "us_courts",
    "un_human_rights",
    "iachr",
    "human_rights_ngos",
}
DOMAIN_FRAMES = {
    "criminality_terrorism",
    "humanitarian",
    "exchange_bargaining",
    "due_process",
    "political_repression",
    "asylum_protection",
    "sovereignty_kidnapping",
    "spectacle_propaganda",
    "election_legitimacy",
}
DATA = Path(__file__).resolve().parents[2] / "nlp" / "data"


def actors(pipeline: Pipeline, text: str) -> list[str]:
    return [a.actor_id for a in pipeline.annotate(text).actors]


def test_lexicons_cover_exactly_the_domain_ids() -> None:
    assert set(yaml.safe_load((DATA / "actors.yaml").read_text("utf-8"))) == DOMAIN_ACTORS
    frames = yaml.safe_load((DATA / "frames.yaml").read_text("utf-8"))["frames"]
    assert set(frames) == DOMAIN_FRAMES


@pytest.mark.parametrize(
    ("text", "actor_id"),
    [
        ("NICOLAS MADURO RESPONDE", "maduro"),
        ("#Bukele otra vez", "bukele"),
        ("@nayibbukele responde", "bukele"),
        ("la CIDH pidió información", "iachr"),
        ("Human Rights Watch documented it", "human_rights_ngos"),
        ("Maria Corina Machado dijo", "machado"),
        ("Edmundo Gonzalez Urrutia", "gonzalez_urrutia"),
    ],
)
def test_actor_is_recognised(pipeline: Pipeline, text: str, actor_id: str) -> None:
    assert actors(pipeline, text) == [actor_id]


@pytest.mark.parametrize(
    "text",
    [
        "Tarek William Saab habló hoy",
        "el fiscal Saab dijo",
        "Venezuela's attorney general said",
        "tarek william saab",
    ],
)
def test_an_office_holder_is_also_their_government(pipeline: Pipeline, text: str) -> None:
    assert actors(pipeline, text) == ["saab", "venezuelan_government"]


def test_a_nationality_with_an_office_is_that_government(pipeline: Pipeline) -> None:
    assert actors(pipeline, "El presidente salvadoreño escribió") == [
        "bukele",
        "salvadoran_government",
    ]
    assert actors(pipeline, "las autoridades venezolanas callan") == ["venezuelan_government"]
    assert actors(pipeline, "The Salvadoran and US governments are responsible") == [
        "salvadoran_government",
        "us_government",
    ]


def test_surnames_that_are_common_words_need_their_capital(pipeline: Pipeline) -> None:
    assert actors(pipeline, "un plátano maduro y el cabello rubio") == []
    assert set(actors(pipeline, "Maduro, Cabello y Rubio")) >= {"maduro", "cabello", "rubio"}


def test_public_figure_wins_over_an_actor_alias_inside_it(pipeline: Pipeline) -> None:
    assert actors(pipeline, "Alex Saab fue canjeado en 2023") == []


def test_an_administration_is_its_leader_and_its_government(pipeline: Pipeline) -> None:
    assert actors(pipeline, "The Trump administration appealed") == ["trump", "us_government"]
    assert actors(pipeline, "el régimen de Maduro respondió") == [
        "maduro",
        "venezuelan_government",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Washington pagó por las celdas", ["us_government"]),
        ("Caracas answered within hours", ["venezuelan_government"]),
        ("El Salvador will not say where they are", ["salvadoran_government"]),
        ("Venezuela's refusal came fast", ["venezuelan_government"]),
        ("an agreement with El Salvador to hold them", ["salvadoran_government"]),
        ("trasladados a El Salvador en marzo", []),
        ("he was born in Venezuela and moved to Texas", []),
        ("migrants from Venezuela said they were afraid", []),
        (
            'they had been "kidnapped" by Washington and San Salvador, he said',
            ["us_government", "salvadoran_government"],
        ),
        ("retaliation from a government in Caracas", ["venezuelan_government"]),
        ("las autoridades de El Salvador no respondieron", ["salvadoran_government"]),
        ("the embassy in Caracas was closed", []),
        ("flights to Washington and San Salvador", ["us_government"]),
    ],
)
def test_a_country_acting_as_a_state_is_its_government(
    pipeline: Pipeline, text: str, expected: list[str]
) -> None:
    assert actors(pipeline, text) == expected


def test_actor_offsets_point_into_the_input(pipeline: Pipeline) -> None:
    text = "😀 &amp; Según   Nicolás Maduro..."
    (actor,) = pipeline.annotate(text).actors
    assert text[actor.start : actor.end] == actor.text == "Nicolás Maduro"


def test_a_place_before_a_past_tense_verb_is_the_state(pipeline: Pipeline) -> None:
    assert actors(pipeline, "the United States removed him in March") == ["us_government"]
    assert actors(pipeline, "Estados Unidos sacó a los 252 de sus calles") == ["us_government"]


def test_dashes_in_a_name_are_hyphens(pipeline: Pipeline) -> None:
    assert actors(pipeline, "a member of the gang MS–13, he said") == ["ms13"]
    assert actors(pipeline, "a member of MS—13") == ["ms13"]
