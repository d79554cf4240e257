"""Actors in the wording of published texts: statements, reports and court news name states
by their stance, their obligations and their officers more than by their verbs."""

from __future__ import annotations

import pytest
from tag_helpers import actor_ids

from nlp.pipeline import Pipeline


@pytest.mark.parametrize(
    ("text", "government"),
    [
        # Concern and the side it takes, past degree adverbs and quotation marks.
        ("Washington is gravely concerned by the new arrests.", "us_government"),
        ("El Salvador está “muy preocupado” por la seguridad regional.", "salvadoran_government"),
        ("«Venezuela está del lado de sus migrantes», dijo el vocero.", "venezuelan_government"),
        ("Caracas is not “cooperating” with the inquiry.", "venezuelan_government"),
        # What it is barred from, what is clear to it, the swap it is part of.
        ("The treaty bars El Salvador from holding them without trial.", "salvadoran_government"),
        (
            "It is evident to Caracas that the offer was made for the cameras.",
            "venezuelan_government",
        ),
        (
            "An exchange involving San Salvador, Washington and Caracas freed ten people.",
            "venezuelan_government",
        ),
        # Those who act for it.
        ("El equipo diplomático de Venezuela pidió una reunión urgente.", "venezuelan_government"),
    ],
)
def test_a_state_by_its_stance_obligation_or_team(
    pipeline: Pipeline, text: str, government: str
) -> None:
    assert government in actor_ids(pipeline, text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "President Biden said his administration would keep pressing for their release.",
            {"us_government"},
        ),
        ("Lo dijo el presidente Joe Biden en un comunicado.", {"us_government"}),
        ("Bukele did what Biden never dared to do.", {"bukele"}),
        ("The MUD won the legislative vote in 2015.", {"venezuelan_opposition"}),
        ("there was mud on every road after the storm", set()),
        ("la líder opositora pidió calma a sus seguidores", {"machado"}),
        ("los líderes de la oposición pidieron calma", {"venezuelan_opposition"}),
        ("Los ministros del Poder Popular firmaron la orden.", {"venezuelan_government"}),
        ("Sala de Casación Penal: se declara sin lugar el recurso.", {"venezuelan_government"}),
        ("a memo to Trump administration lawyers", {"trump", "us_government"}),
    ],
)
def test_names_and_titles_in_published_texts(
    pipeline: Pipeline, text: str, expected: set[str]
) -> None:
    """Biden's office (not the bare name), the MUD in capitals, Machado as "la líder
    opositora" in the feminine singular only, Venezuela's ministers and cassation chamber by
    their own style, Trump's officials."""
    assert actor_ids(pipeline, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Bukele opened the prison in 2023, and authorities say nobody will ever leave it. "
            "CECOT is the largest in the region.",
            {"bukele", "cecot", "salvadoran_government"},
        ),
        (
            "Maduro lost the vote. His criminal regime kept power anyway.",
            {"maduro", "venezuelan_government"},
        ),
        (
            "A lone judge in Texas cannot stop removals from U.S. soil.",
            {"us_courts"},
        ),
        (
            "The Trump administration conceded in court that the order was ignored.",
            {"trump", "us_government", "us_courts"},
        ),
    ],
)
def test_an_office_as_subject_after_an_adjective_or_gone_to(
    pipeline: Pipeline, text: str, expected: set[str]
) -> None:
    """A bare office that acts ("authorities say"), an office past an English adjective ("his
    criminal regime", "a lone judge"), a court a case goes to ("in court")."""
    assert actor_ids(pipeline, text) == expected


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("In court filings, the lawyers for the men described the cells in Texas.", "us_courts"),
        ("The vice president's office in San Salvador issued a statement.", "bukele"),
        ("None of the men deported from Texas ever stood before a judge.", "us_courts"),
        ("Ninguno de los deportados desde Texas pasó frente a un juez.", "us_courts"),
        (
            "los venezolanos enviados al penal no tienen abogado en El Salvador",
            "venezuelan_government",
        ),
        ("la solicitud fiscal fue aprobada por el juez en Caracas", "saab"),
    ],
)
def test_modifiers_other_offices_and_hearings_owed_are_no_office_acting(
    pipeline: Pipeline, text: str, absent: str
) -> None:
    """ "court filings" is a modifier, the vice president is not the president, a judge one
    never stood before is a hearing denied, and a Spanish noun before an office is no
    adjective ("los venezolanos enviados" are men sent, "la solicitud fiscal" a request)."""
    assert absent not in actor_ids(pipeline, text)


@pytest.mark.parametrize(
    "text",
    [
        "The Organization of American States sent observers to the vote.",
        "La Organización de Estados Americanos publicó un informe sobre los presos.",
    ],
)
def test_the_american_states_are_not_the_united_states(pipeline: Pipeline, text: str) -> None:
    assert "us_government" not in actor_ids(pipeline, text)


def test_a_prisons_director_is_the_state_whose_prison_it_is(pipeline: Pipeline) -> None:
    text = "Prison director Ana Ruiz told reporters that CECOT had room for more."
    assert actor_ids(pipeline, text) == {"cecot", "salvadoran_government"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "We condemn the arrest of members of the democratic opposition.",
            {"venezuelan_opposition"},
        ),
        (
            "Condenamos la detención de dirigentes de la oposición venezolana.",
            {"venezuelan_opposition"},
        ),
        ("political prisoners, among them members of the opposition, were held", set()),
    ],
)
def test_the_opposition_named_as_a_body_is_spoken_of_even_when_jailed(
    pipeline: Pipeline, text: str, expected: set[str]
) -> None:
    """People of the opposition held are the jailed, not the opposition; the body named as
    such ("the democratic opposition", "la oposición venezolana") is still spoken of."""
    assert actor_ids(pipeline, text) == expected


@pytest.mark.parametrize(
    ("text", "government"),
    [
        (
            "The plan was never shared with San Salvador before it went public.",
            "salvadoran_government",
        ),
        ("They acted without consulting Caracas first.", "venezuelan_government"),
        ("Dijo que Venezuela «las tiene como rehenes» desde julio.", "venezuelan_government"),
        ("The Oval Office announced the deal an hour later.", "us_government"),
    ],
)
def test_a_state_consulted_holding_people_or_by_its_seat(
    pipeline: Pipeline, text: str, government: str
) -> None:
    assert government in actor_ids(pipeline, text)


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("Bukele sat in the Oval Office for an hour.", "us_government"),
        ("González Urrutia is the president-elect, his supporters say.", "maduro"),
        ("el ministro habló de respetar la voluntad popular en Caracas", "venezuelan_opposition"),
        ("Rights lawyers in Madrid read the remark as a threat.", "human_rights_ngos"),
    ],
)
def test_rooms_elected_titles_common_phrases_and_lawyers_are_no_actor(
    pipeline: Pipeline, text: str, absent: str
) -> None:
    """The Oval Office as a room, "the president-elect" (hyphenated) as no sitting president,
    "la voluntad popular" in lower case as the will of the people (the party is "Voluntad
    Popular"), lawyers as people quoted rather than an organisation."""
    assert absent not in actor_ids(pipeline, text)


@pytest.mark.parametrize(
    ("text", "government"),
    [
        ("The United States strongly condemns the detention of the activist.", "us_government"),
        ("El Salvador remains deeply concerned about the transfers.", "salvadoran_government"),
        ("Caracas denounces what it calls a kidnapping.", "venezuelan_government"),
    ],
)
def test_a_state_speaking_in_the_present(pipeline: Pipeline, text: str, government: str) -> None:
    assert government in actor_ids(pipeline, text)


def test_countries_dealing_with_each_other_are_their_states(pipeline: Pipeline) -> None:
    text = (
        "Talks on Venezuela and U.S. prisoners went on for months; a deal was signed between "
        "the two countries in July."
    )
    assert {"us_government", "venezuelan_government"} <= actor_ids(pipeline, text)
    beaches = "Both countries have long beaches, Venezuela and El Salvador alike."
    assert not actor_ids(pipeline, beaches)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Secretary of State Mike Pompeo met the envoys in Bogotá.", {"us_government"}),
        ("el presidente venezolano Hugo Chávez murió en 2013", set()),
        ("Secretary of State Marco Rubio met the envoys.", {"rubio", "us_government"}),
        ("el fiscal general Tarek William Saab habló", {"saab", "venezuelan_government"}),
    ],
)
def test_a_title_before_another_holders_name_is_not_the_actor(
    pipeline: Pipeline, text: str, expected: set[str]
) -> None:
    """A person's title followed by someone else's name is that other holder's (the office
    stays its state's); followed by the person's own name it is the person."""
    assert actor_ids(pipeline, text) == expected


@pytest.mark.parametrize(
    ("text", "actor_id"),
    [
        ("Arrests have doubled since the state of exception began.", "salvadoran_government"),
        (
            "He was brought before a counterterrorism court without his lawyer.",
            "venezuelan_government",
        ),
        ("lo juzgó un tribunal de terrorismo en Caracas", "venezuelan_government"),
        (
            "La Red de Apoyo al Migrante pidió información sobre los deportados.",
            "human_rights_ngos",
        ),
        ("The Jesuit Refugee Service warned against returns.", "human_rights_ngos"),
    ],
)
def test_bodies_and_measures_only_one_actor_has(
    pipeline: Pipeline, text: str, actor_id: str
) -> None:
    """El Salvador's state of exception, Venezuela's terrorism courts, migrant and refugee
    aid groups."""
    assert actor_id in actor_ids(pipeline, text)


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("In Venezuela, the interim government asked for help.", "venezuelan_government"),
        ("In San Salvador, the vice president said the men were fed.", "bukele"),
        (
            "In El Salvador, the former government negotiated with the gangs.",
            "salvadoran_government",
        ),
    ],
)
def test_an_english_adjective_naming_another_office_keeps_it_from_the_state(
    pipeline: Pipeline, text: str, absent: str
) -> None:
    assert absent not in actor_ids(pipeline, text)


def test_a_side_of_a_border_is_no_side_taken(pipeline: Pipeline) -> None:
    text = "Cruzaron la frontera con Venezuela, del lado colombiano, de noche."
    assert "venezuelan_government" not in actor_ids(pipeline, text)


@pytest.mark.parametrize(
    ("text", "leader"),
    [
        ("Ahora el que perdió las elecciones quiere dar lecciones de derechos humanos.", "maduro"),
        ("The guy who lost is suddenly worried about due process.", "maduro"),
        ("Mientras tanto el de Miraflores aplaude el canje.", "maduro"),
        ("El del bitcoin subió otro video de las celdas.", "bukele"),
    ],
)
def test_a_leader_named_by_his_epithet(pipeline: Pipeline, text: str, leader: str) -> None:
    assert leader in actor_ids(pipeline, text)


def test_the_palace_alone_is_the_state_and_its_man_the_leader(pipeline: Pipeline) -> None:
    assert actor_ids(pipeline, "Miraflores guardó silencio.") == {"venezuelan_government"}
    assert "venezuelan_government" not in actor_ids(pipeline, "El de Miraflores no dijo nada.")


def test_who_lost_something_is_no_leader(pipeline: Pipeline) -> None:
    assert "maduro" not in actor_ids(pipeline, "The man who lost his job in Texas was deported.")


@pytest.mark.parametrize(
    "text",
    [
        "They jailed the opposition candidate's campaign manager.",
        "El candidato opositor sigue en Madrid.",
    ],
)
def test_the_opposition_candidate_is_gonzalez_not_the_opposition(
    pipeline: Pipeline, text: str
) -> None:
    ids = actor_ids(pipeline, text)
    assert "gonzalez_urrutia" in ids and "venezuelan_opposition" not in ids


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("During the Nicolás Maduro administration, El Helicoide held students.", "maduro"),
        ("Under the Nayib Bukele government, arrests soared.", "bukele"),
    ],
)
def test_a_leaders_full_name_before_his_administration_is_the_leader_and_his_state(
    pipeline: Pipeline, text: str, expected: str
) -> None:
    state = {"maduro": "venezuelan_government", "bukele": "salvadoran_government"}[expected]
    assert {expected, state} <= actor_ids(pipeline, text)
    assert "us_government" not in actor_ids(pipeline, text)
