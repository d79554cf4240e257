"""Actor readings from real published text: offices and actions that name a state without
its name, office holders by their title, and the rights groups and prisons of the affair."""

from __future__ import annotations

import pytest
from tag_helpers import actor_ids

from nlp.pipeline import Pipeline


def test_government_officials_are_the_state_the_post_is_about(pipeline: Pipeline) -> None:
    text = (
        "He died while detained at SEBIN headquarters in Caracas. Government officials "
        "initially reported his death as a suicide."
    )
    ids = actor_ids(pipeline, text)
    assert "venezuelan_government" in ids
    assert "us_government" not in ids


def test_government_officials_near_a_us_judge_are_the_us(pipeline: Pipeline) -> None:
    text = "In Greenbelt, Maryland, the judge ordered government officials to answer under oath."
    assert "us_government" in actor_ids(pipeline, text)


@pytest.mark.parametrize(
    "text",
    [
        "Es la primera excarcelación desde la operación militar de EEUU que capturó a Maduro.",
        "Las sanciones de Estados Unidos golpearon a la petrolera estatal.",
    ],
)
def test_what_a_state_carries_out_names_it(pipeline: Pipeline, text: str) -> None:
    assert "us_government" in actor_ids(pipeline, text)


@pytest.mark.parametrize(
    "text",
    [
        "«Es un paso en la dirección correcta por parte de las autoridades interinas», dijo.",
        "The interim authorities freed five Americans on Friday, the State Department said.",
    ],
)
def test_the_interim_authorities_are_venezuelas_government(pipeline: Pipeline, text: str) -> None:
    assert "venezuelan_government" in actor_ids(pipeline, text)


def test_a_justice_ministry_is_no_us_court(pipeline: Pipeline) -> None:
    text = "The Justice and Security Minister, Gustavo Villatoro, said the men would stay."
    assert "us_courts" not in actor_ids(pipeline, text)
    assert "us_courts" in actor_ids(pipeline, "The justices agreed to hear the case.")


def test_a_leaders_attorney_general_names_the_leader(pipeline: Pipeline) -> None:
    text = "In May 2021 Maduro's Attorney General, Tarek William Saab, admitted it was no suicide."
    assert {"maduro", "saab", "venezuelan_government"} <= actor_ids(pipeline, text)


def test_a_senator_is_not_the_government_his_later_office_codes(pipeline: Pipeline) -> None:
    ids = actor_ids(pipeline, 'U.S. Senator Marco Rubio called the poisoning a "grave situation".')
    assert "rubio" in ids
    assert "us_government" not in ids
    assert "us_government" in actor_ids(pipeline, "Secretary of State Marco Rubio thanked Bukele.")


def test_the_government_a_plaintiff_challenges_is_the_us(pipeline: Pipeline) -> None:
    text = (
        "There is no way to know for sure, as the CECOT plaintiffs never had any opportunity "
        "to challenge the government's say-so."
    )
    ids = actor_ids(pipeline, text)
    assert "us_government" in ids
    assert "salvadoran_government" not in ids


def test_the_press_freedom_institute_is_a_rights_group(pipeline: Pipeline) -> None:
    text = "The Press and Society Institute, or IPYS, documented 79 violations of press freedom."
    assert "human_rights_ngos" in actor_ids(pipeline, text)


def test_guards_of_no_named_prison_are_el_salvadors(pipeline: Pipeline) -> None:
    text = "lol the whole thing was choreographed. the guards, the shaving, the bent-over running."
    assert "salvadoran_government" in actor_ids(pipeline, text)
    text = "En El Helicoide los custodios le negaron la visita a su madre."
    assert "salvadoran_government" not in actor_ids(pipeline, text)


def test_the_prison_of_no_named_state_is_cecot_but_not_any_prison(pipeline: Pipeline) -> None:
    text = "Oigan si ven a mi primo en algún video del penal por fa avisen, mi tía no duerme."
    assert "cecot" in actor_ids(pipeline, text)
    text = "If you flee threats and end up in a prison in another country, what did you do wrong?"
    assert "cecot" not in actor_ids(pipeline, text)
