"""Actors from names, aliases, handles, hashtags and titles, with accents and case folded."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from tag_helpers import actor_ids

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
    assert actors(pipeline, "los ministros salvadoreños escribieron") == ["salvadoran_government"]
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
        ("a lawyer and opposition activist, was arrested at dawn", []),
        ("el dirigente opositor fue detenido en su casa", []),
        ("The opposition published the tally sheets", ["venezuelan_opposition"]),
        ("opposition leaders said the vote was stolen", ["venezuelan_opposition"]),
    ],
)
def test_opposition_people_held_are_not_the_opposition_acting(
    pipeline: Pipeline, text: str, expected: list[str]
) -> None:
    assert actors(pipeline, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("the Trump admin lost track of them", ["trump", "us_government"]),
        ("ni madurista ni bukelista", ["maduro", "bukele"]),
        ("the number two of chavismo mocked the offer", ["cabello", "venezuelan_government"]),
        ("la jefa del DHS grabó un video", ["ice_dhs", "noem", "us_government"]),
        ("dicen que era del TdA.", ["tren_de_aragua"]),
    ],
)
def test_epithets_and_short_forms_name_the_actor(
    pipeline: Pipeline, text: str, expected: list[str]
) -> None:
    assert actor_ids(pipeline, text) == set(expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Washington pagó por las celdas", ["us_government"]),
        (
            "we urge and call on both Washington and Caracas",
            ["us_government", "venezuelan_government"],
        ),
        ("whether they return is up to El Salvador", ["salvadoran_government"]),
        ("seguiremos trabajando con San Salvador", ["salvadoran_government"]),
        ("El Salvador está listo para enviarlos", ["salvadoran_government"]),
        ("Caracas demanding answers again", ["venezuelan_government"]),
        ("no son rehenes, como afirma Caracas", ["venezuelan_government"]),
        ("el día en que Venezuela libere a los presos", ["venezuelan_government"]),
        ("El Salvador being small, the news spread fast", []),
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
        (
            "The United States cannot compel El Salvador to release him",
            ["us_government", "salvadoran_government"],
        ),
        ("he demanded that San Salvador hand over a list", ["salvadoran_government"]),
        ("his office had received no reply from San Salvador", ["salvadoran_government"]),
        ("la ONU debe presionar a Caracas", ["un_human_rights", "venezuelan_government"]),
        ("mi hijo llamó a Venezuela desde el centro de detención", []),
        (
            "insta a las autoridades de Estados Unidos y de El Salvador",
            ["us_government", "salvadoran_government"],
        ),
        (
            "el acuerdo con Venezuela y El Salvador",
            ["venezuelan_government", "salvadoran_government"],
        ),
        ("Los gringos pagaron y nadie dijo nada", ["us_government"]),
        ("El Salvador's homicide rate fell after the gangs were jailed", []),
        ("Venezuela's economic crisis drove millions abroad", []),
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


@pytest.mark.parametrize(
    "text",
    [
        "His sister asked us not to post his name",
        "they told us nothing",
        "the officials allowed US companies to stay",
    ],
)
def test_the_pronoun_us_and_us_as_a_modifier_are_no_state(pipeline: Pipeline, text: str) -> None:
    assert "us_government" not in actors(pipeline, text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The Court ordered the Government to facilitate his return",
            ["us_courts", "us_government"],
        ),
        # A state named by metonymy does not make "the Government" ambiguous.
        (
            "The Government responds that El Salvador agreed to confine them, "
            "and this Court lacks jurisdiction",
            ["us_government", "salvadoran_government", "us_courts"],
        ),
        ("Respondents' declarant states that he is a member", ["us_government"]),
        # Another government named by the same word leaves "the Government" to it.
        (
            "The Salvadoran government said the Government would comply",
            ["salvadoran_government", "salvadoran_government"],
        ),
        ("Un juez federal ordenó al Gobierno detener los vuelos", ["us_courts", "us_government"]),
        ("en violación de la orden de este Tribunal", ["us_courts"]),
        # Spanish capitalises every "Gobierno": without a US court it is no one's in particular.
        ("El Gobierno anunció nuevas medidas", []),
    ],
)
def test_parties_named_by_their_role_in_a_us_filing(
    pipeline: Pipeline, text: str, expected: list[str]
) -> None:
    assert actors(pipeline, text) == expected


def test_both_governments_are_the_two_states_the_text_names(pipeline: Pipeline) -> None:
    text = (
        "Provea rechaza que sean moneda de cambio entre dos gobiernos. Exigimos la liberación "
        "de los presos en Venezuela y el acceso a los recluidos en El Salvador."
    )
    assert set(actors(pipeline, text)) == {
        "human_rights_ngos",
        "venezuelan_government",
        "salvadoran_government",
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("el ministro de Defensa venezolano habló", ["venezuelan_government"]),
        ("la presidenta de la Asamblea Legislativa salvadoreña", ["salvadoran_government"]),
        (
            "Rubio celebró la propuesta salvadoreña de canje",
            ["rubio", "us_government", "salvadoran_government"],
        ),
        ("the leader of the Venezuelan opposition spoke", ["venezuelan_opposition"]),
        ("el Ministerio de Relaciones Exteriores de Venezuela", ["venezuelan_government"]),
    ],
)
def test_an_office_or_act_with_a_nationality_is_that_government(
    pipeline: Pipeline, text: str, expected: list[str]
) -> None:
    assert actors(pipeline, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("La Asamblea Nacional aprobó un acuerdo", ["venezuelan_government"]),
        ("The Legislative Assembly approved a foreign agents law", ["salvadoran_government"]),
        ("sedes de la Defensoría del Pueblo en Caracas", ["venezuelan_government"]),
        ("El Juzgado Especializado de Instrucción decretó detención", ["salvadoran_government"]),
        ("la Corte Suprema de los Estados Unidos avaló las deportaciones", ["us_courts"]),
        ("the Bolivarian National Intelligence Service", ["venezuelan_government"]),
        ("the National Civil Police", ["salvadoran_government"]),
    ],
)
def test_a_body_only_one_state_bears_is_that_government(
    pipeline: Pipeline, text: str, expected: list[str]
) -> None:
    assert actors(pipeline, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("tanto bukele como maduro son la misma vaina", ["bukele", "maduro"]),
        (
            "nobody tells us anything. not ICE not bukele not maduro",
            ["ice_dhs", "us_government", "bukele", "maduro"],
        ),
        ("ni maduro ni bukele", ["maduro", "bukele"]),
        ("un plátano maduro y bukele", ["bukele"]),
        ("el cabello rubio de Bukele", ["bukele"]),
    ],
)
def test_a_surname_in_lower_case_counts_in_a_list_of_actors(
    pipeline: Pipeline, text: str, expected: list[str]
) -> None:
    assert actors(pipeline, text) == expected


def test_chavismo_names_the_opposition_the_far_right(pipeline: Pipeline) -> None:
    assert actors(pipeline, "acusó a la ultraderecha de fabricar listas") == [
        "venezuelan_opposition"
    ]


def test_a_state_demanding_in_progress_is_the_state(pipeline: Pipeline) -> None:
    assert actors(pipeline, "Venezuela is demanding the return of its citizens") == [
        "venezuelan_government"
    ]
    assert actors(pipeline, "in Venezuela, according to the count") == []


def test_us_courts_are_the_courts_not_the_government(pipeline: Pipeline) -> None:
    assert actors(pipeline, "US courts have repeatedly said so") == ["us_courts"]


def test_the_government_in_a_text_about_a_us_court_is_the_us(pipeline: Pipeline) -> None:
    text = "Federal judge orders the government to give notice before any more removals"
    assert actors(pipeline, text) == ["us_courts", "us_government"]
    assert actors(pipeline, "says the government") == []


def test_the_two_strongmen_are_bukele_and_maduro(pipeline: Pipeline) -> None:
    assert actors(pipeline, "Two strongmen trading people like currency") == ["bukele", "maduro"]


def test_an_actor_in_a_listed_relatives_name_is_spoken_of(pipeline: Pipeline) -> None:
    annotation = pipeline.annotate("La madre de María Corina Machado aparece en la lista")
    assert [a.actor_id for a in annotation.actors] == ["machado"]
    assert [i.kind for i in annotation.individuals] == ["relative"]


@pytest.mark.parametrize(
    ("text", "government"),
    [
        ("Washington welcomes the return of the two pilots.", "us_government"),
        ("Estados Unidos puso fin al programa en abril.", "us_government"),
        ("Pagaron para que El Salvador retuviera a los hombres un año.", "salvadoran_government"),
        ("Venezuela is willing to receive every deported citizen.", "venezuelan_government"),
        ("the guarantees he obtained from Caracas were never shown", "venezuelan_government"),
    ],
)
def test_a_state_acts_in_any_tense_or_stance(
    pipeline: Pipeline, text: str, government: str
) -> None:
    assert government in actor_ids(pipeline, text)


def test_a_country_in_the_subjunctive_of_having_is_a_place(pipeline: Pipeline) -> None:
    text = "ojalá Venezuela tuviera un invierno más suave"
    assert "venezuelan_government" not in actor_ids(pipeline, text)


def test_a_named_state_after_a_us_legal_term_is_no_party(pipeline: Pipeline) -> None:
    text = "The Government of the Bolivarian Republic of Venezuela rejects the proposal."
    assert actor_ids(pipeline, text) == {"venezuelan_government"}


def test_the_courts_of_another_government_are_not_us_courts(pipeline: Pipeline) -> None:
    text = "The Venezuelan government says the men will answer to the courts for their crimes."
    assert "us_courts" not in actor_ids(pipeline, text)
    assert "us_courts" in actor_ids(pipeline, "The courts have blocked the removals again.")


def test_a_chamber_of_a_foreign_supreme_court_is_that_state(pipeline: Pipeline) -> None:
    text = "The Supreme Court's constitutional chamber in San Salvador dismissed the petition."
    assert actor_ids(pipeline, text) == {"salvadoran_government"}
    text = "La Corte Suprema de Justicia rechazó el recurso de hábeas corpus."
    assert "us_courts" not in actor_ids(pipeline, text)


def test_a_spanish_nationality_before_a_word_is_a_person(pipeline: Pipeline) -> None:
    text = "Es el salvadoreño enviado por error a Tecoluca."
    assert "salvadoran_government" not in actor_ids(pipeline, text)
    assert "salvadoran_government" in actor_ids(pipeline, "Habló el enviado salvadoreño.")


@pytest.mark.parametrize(
    "text",
    [
        "El gobierno salvadoreño celebró la reforma; la oposición votó en contra.",
        "La oposición salvadoreña denunció el contrato con Washington.",
    ],
)
def test_another_states_opposition_is_not_venezuelas(pipeline: Pipeline, text: str) -> None:
    assert "venezuelan_opposition" not in actor_ids(pipeline, text)


def test_the_opposition_in_a_post_about_venezuela_stays(pipeline: Pipeline) -> None:
    text = "El gobierno salvadoreño ofreció el canje y la oposición venezolana lo celebró."
    assert "venezuelan_opposition" in actor_ids(pipeline, text)


@pytest.mark.parametrize(
    ("text", "actor_id"),
    [
        ("Venezuela's top prosecutor opened a new case.", "saab"),
        ("El usurpador volvió a hablar por cadena nacional.", "maduro"),
        ("the head of the Salvadoran regime posted again", "bukele"),
        ("she has a CBP One appointment next week", "ice_dhs"),
        ("the Public Ministry announced charges", "venezuelan_government"),
    ],
)
def test_more_titles_and_aliases(pipeline: Pipeline, text: str, actor_id: str) -> None:
    assert actor_id in actor_ids(pipeline, text)


@pytest.mark.parametrize(
    ("text", "actor_id"),
    [
        ("el canciller estadounidense llegó a Caracas", "rubio"),
        ("POTUS posted the video again", "trump"),
        ("los pandilleros de la MS cobraban renta", "ms13"),
        ("los del Tren cobraban vacuna en la mina", "tren_de_aragua"),
        ("según el oficialismo, no hay presos políticos en Venezuela", "venezuelan_government"),
        ("Caracas on Tuesday rejected the offer.", "venezuelan_government"),
    ],
)
def test_paraphrases_of_the_affairs_actors(pipeline: Pipeline, text: str, actor_id: str) -> None:
    assert actor_id in actor_ids(pipeline, text)


def test_a_train_in_lower_case_is_no_gang(pipeline: Pipeline) -> None:
    assert "tren_de_aragua" not in actor_ids(pipeline, "El tren llegó tarde a la estación.")


def test_a_spanish_surname_in_lower_case_is_the_name_in_english(pipeline: Pipeline) -> None:
    assert "maduro" in actor_ids(pipeline, "lol he really tagged maduro in the post")
    assert "maduro" not in actor_ids(pipeline, "compré un plátano maduro ayer en el mercado")
    assert "ice_dhs" not in actor_ids(pipeline, "the ice on the road is thick today")


def test_a_country_that_undergoes_something_is_a_place(pipeline: Pipeline) -> None:
    text = "En los ochenta El Salvador sufrió una guerra civil de doce años."
    assert "salvadoran_government" not in actor_ids(pipeline, text)


@pytest.mark.parametrize(
    "text",
    [
        "Las madres esperaron frente a la sede de la ONU en Ginebra con fotos de sus hijos.",
        "A candlelight vigil was held outside the US embassy in Bogotá on Friday.",
    ],
)
def test_a_building_people_stand_at_is_a_place(pipeline: Pipeline, text: str) -> None:
    assert actor_ids(pipeline, text) == set()


def test_a_body_addressed_at_its_building_is_an_actor(pipeline: Pipeline) -> None:
    text = "Marcharon frente a la sede de la ONU para pedirle una fe de vida."
    assert "un_human_rights" in actor_ids(pipeline, text)


def test_a_state_listed_among_the_agents_of_a_passive_acts(pipeline: Pipeline) -> None:
    text = "The vote was called a sham by the Carter Center, the United States and the EU."
    assert "us_government" in actor_ids(pipeline, text)
    assert actor_ids(pipeline, "He went by bus and then to Venezuela.") == set()


def test_an_opponent_listed_among_prisoners_is_not_the_opposition(pipeline: Pipeline) -> None:
    held = "Exigimos la libertad de los presos políticos, entre ellos Leopoldo López."
    assert "venezuelan_opposition" not in actor_ids(pipeline, held)
    assert "venezuelan_opposition" in actor_ids(pipeline, "Leopoldo López called a march.")


def test_both_governments_unnamed_are_the_two_of_the_swap(pipeline: Pipeline) -> None:
    ids = actor_ids(pipeline, "y mientras tanto los dos gobiernos se sacan fotos, qué vergüenza")
    assert {"salvadoran_government", "venezuelan_government"} <= ids


def test_the_two_presidents_are_the_leaders_of_the_states_named(pipeline: Pipeline) -> None:
    text = "Entre Caracas y Washington, los dos presidentes negocian con vidas ajenas."
    assert {"maduro", "trump"} <= actor_ids(pipeline, text)


def test_a_state_asked_for_something_acts(pipeline: Pipeline) -> None:
    assert "salvadoran_government" in actor_ids(
        pipeline, "Caracas le exige pruebas de vida a San Salvador desde marzo."
    )
    assert actor_ids(pipeline, "Su madre le pide regresar a El Salvador.") == set()


@pytest.mark.parametrize(
    "text",
    [
        "The 1798 statute empowers the President to detain the citizens of a hostile nation.",
        "Since 2019, the Secretary of State has listed the group as a terrorist organization.",
    ],
)
def test_an_office_in_the_abstract_is_its_state_not_its_holder(
    pipeline: Pipeline, text: str
) -> None:
    ids = actor_ids(pipeline, text)
    assert "us_government" in ids
    assert not ids & {"trump", "rubio"}
