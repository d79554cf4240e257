"""Offices, courts and prisons named without their state take the state the post means."""

from __future__ import annotations

import pytest
from tag_helpers import actor_ids

from nlp.pipeline import Pipeline


@pytest.mark.parametrize(
    ("text", "government"),
    [
        (
            "Preguntamos por los presos de Venezuela una y otra vez; la cancillería no contesta.",
            "venezuelan_government",
        ),
        (
            "Apagón de doce horas en Barquisimeto y el ministro culpa a una iguana, como siempre.",
            "venezuelan_government",
        ),
        (
            "Returned to Venezuela last spring, he says he was questioned for hours by state "
            "security forces at the airport.",
            "venezuelan_government",
        ),
        (
            "En El Salvador ya nadie pregunta: las autoridades deciden quién sale y quién no.",
            "salvadoran_government",
        ),
    ],
)
def test_an_office_takes_the_only_state_the_post_names(
    pipeline: Pipeline, text: str, government: str
) -> None:
    assert government in actor_ids(pipeline, text)


@pytest.mark.parametrize(
    "text",
    [
        "Los custodios del Cecot lo tenían de rodillas desde la madrugada.",
        "Released men said the guards at CECOT beat them with batons for talking.",
    ],
)
def test_prison_staff_belong_to_the_state_whose_prison_is_named(
    pipeline: Pipeline, text: str
) -> None:
    assert "salvadoran_government" in actor_ids(pipeline, text)


def test_a_mission_abroad_is_not_the_state_it_is_in(pipeline: Pipeline) -> None:
    text = "Mi hijo está en El Salvador y el consulado no nos da ni una respuesta."
    assert "salvadoran_government" not in actor_ids(pipeline, text)
    assert actor_ids(pipeline, "the embassy in Caracas was closed") == set()


def test_a_mission_serves_the_nationals_the_post_speaks_of(pipeline: Pipeline) -> None:
    text = "Los venezolanos del Cecot siguen sin abogado y el consulado no responde."
    assert actor_ids(pipeline, text) == {"cecot", "venezuelan_government"}


@pytest.mark.parametrize(
    "text",
    [
        "La Fiscalía chilena abrió una causa contra la banda en Venezuela.",
        "the Argentine embassy in Caracas was surrounded for months",
        "El código penal de Venezuela castiga ese delito con cárcel.",
        "US military flights landed in Venezuela twice this week.",
    ],
)
def test_another_nation_or_a_modifier_is_no_office_of_the_state(
    pipeline: Pipeline, text: str
) -> None:
    assert "venezuelan_government" not in actor_ids(pipeline, text)


def test_a_leaders_name_before_an_office_is_his_government(pipeline: Pipeline) -> None:
    found = actor_ids(pipeline, "The talks stalled when Maduro's negotiators left the room.")
    assert {"maduro", "venezuelan_government"} <= found


def test_the_regime_is_the_state_the_post_points_at(pipeline: Pipeline) -> None:
    assert "venezuelan_government" in actor_ids(pipeline, "el régimen no suelta a nadie")
    salvadoran = "En El Salvador la gente aplaude al régimen porque ya sale de noche."
    assert actor_ids(pipeline, salvadoran) == {"salvadoran_government"}


def test_a_court_is_us_courts_only_in_the_us(pipeline: Pipeline) -> None:
    venezuelan = "En Caracas, un tribunal le negó la libertad condicional por tercera vez."
    assert "venezuelan_government" in actor_ids(pipeline, venezuelan)
    american = "ICE moved him to Texas before a judge could hear the petition."
    assert "us_courts" in actor_ids(pipeline, american)


@pytest.mark.parametrize(
    ("text", "government"),
    [
        ("the men held in Salvadoran custody since March", "salvadoran_government"),
        ("Caracas opens its prisons only when it gets something back", "venezuelan_government"),
        ("Venezuela es soberana, respondió el canciller.", "venezuelan_government"),
        ("Corpoelec culpó al sabotaje por el apagón", "venezuelan_government"),
        ("Venezuelan negotiators flew to Barbados.", "venezuelan_government"),
        ("la justicia venezolana lo condenó a 30 años", "venezuelan_government"),
    ],
)
def test_more_ways_a_state_acts(pipeline: Pipeline, text: str, government: str) -> None:
    assert government in actor_ids(pipeline, text)


def test_the_state_an_office_acts_on_is_not_its_own(pipeline: Pipeline) -> None:
    text = "Ahora el fiscal que encarcela sin juicio le pide garantías a Bukele."
    assert "salvadoran_government" not in actor_ids(pipeline, text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("He now faces federal charges in Tennessee.", {"us_government"}),
        ("Lo detuvieron en su cita de inmigración en Houston.", {"ice_dhs", "us_government"}),
    ],
)
def test_what_only_the_us_federal_state_does(
    pipeline: Pipeline, text: str, expected: set[str]
) -> None:
    assert expected <= actor_ids(pipeline, text)


def test_a_prison_without_its_name_in_el_salvador_is_cecot(pipeline: Pipeline) -> None:
    salvadoran = "El ministro salvadoreño dijo que en la cárcel no falta nada."
    assert "cecot" in actor_ids(pipeline, salvadoran)
    venezuelan = "Lo trasladaron a la cárcel de Tocorón sin avisar a su familia en Venezuela."
    assert "cecot" not in actor_ids(pipeline, venezuelan)
    named = "the men were sent to the brutal CECOT prison in El Salvador"
    assert "salvadoran_government" not in actor_ids(pipeline, named)


@pytest.mark.parametrize(
    ("text", "leader"),
    [
        ("El Salvador is nobody's dumping ground, and our president knows it.", "bukele"),
        ("Las madres marcharon a Miraflores con una carta para el presidente.", "maduro"),
    ],
)
def test_a_president_without_his_name_is_the_leader_of_the_state_meant(
    pipeline: Pipeline, text: str, leader: str
) -> None:
    assert leader in actor_ids(pipeline, text)


def test_a_president_of_a_named_state_is_its_leader(pipeline: Pipeline) -> None:
    assert "trump" in actor_ids(pipeline, "the president of the United States said so")


def test_a_named_or_elected_president_is_not_the_leader(pipeline: Pipeline) -> None:
    assert "maduro" not in actor_ids(
        pipeline, "En Venezuela, el presidente electo sigue en el exilio."
    )
    assert "maduro" not in actor_ids(pipeline, "Desde Venezuela, el presidente Petro pidió calma.")
    chamber = "En El Salvador, el presidente de la Asamblea Legislativa no respondió."
    assert "bukele" not in actor_ids(pipeline, chamber)


def test_an_office_or_prison_takes_the_state_it_is_said_to_be_in(pipeline: Pipeline) -> None:
    text = 'Maduro, in Caracas, called it "a concentration camp" in El Salvador.'
    assert "cecot" in actor_ids(pipeline, text)
    spanish = "Trump y Maduro callan: siguen en un penal en territorio salvadoreño."
    assert "cecot" in actor_ids(pipeline, spanish)


def test_an_immigration_court_is_a_us_court(pipeline: Pipeline) -> None:
    assert "us_courts" in actor_ids(pipeline, "tenía cita en la corte migratoria en marzo")


def test_an_office_before_its_holders_name_is_the_holders_state(pipeline: Pipeline) -> None:
    text = "Los deportados desde Estados Unidos fueron recibidos por el ministro Diosdado Cabello."
    assert "us_government" not in actor_ids(pipeline, text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("El fiscal general anunció una denuncia contra el presidente salvadoreño.", "saab"),
        ("nadie en la cancillería contesta el teléfono", "venezuelan_government"),
        ("Flights to Caracas resume; the country's government hailed it.", "venezuelan_government"),
        ("Rubio met his Salvadoran counterpart on Monday.", "salvadoran_government"),
    ],
)
def test_offices_without_a_state_take_the_one_the_affair_means(
    pipeline: Pipeline, text: str, expected: str
) -> None:
    assert expected in actor_ids(pipeline, text)


def test_a_consulate_in_a_foreign_city_is_no_state_of_the_affair(pipeline: Pipeline) -> None:
    assert actor_ids(pipeline, "is the consulate in houston open on saturdays?") == set()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("bien hecho presi 🇸🇻", {"bukele"}),
        ("#Venezuela: apagón en Maracay y el alcalde culpa a la iguana", {"venezuelan_government"}),
        (
            "he drove trucks in Houston, now he is in El Salvador and neither government cares",
            {"us_government", "salvadoran_government"},
        ),
    ],
)
def test_flags_and_cities_are_signs_of_a_state(
    pipeline: Pipeline, text: str, expected: set[str]
) -> None:
    assert expected <= actor_ids(pipeline, text)


def test_immigration_authorities_without_a_state_are_the_us_agencies(pipeline: Pipeline) -> None:
    ids = actor_ids(pipeline, "Las autoridades migratorias lo deportaron sin audiencia.")
    assert {"ice_dhs", "us_government"} <= ids
    ids = actor_ids(pipeline, "Venezuelan immigration authorities stamped his passport.")
    assert ids == {"venezuelan_government"}


def test_la_administracion_takes_its_state_from_the_post(pipeline: Pipeline) -> None:
    text = "La administración insiste en que son pandilleros; Trump lo repite cada día."
    assert "us_government" in actor_ids(pipeline, text)


def test_the_dictatorship_is_venezuelas_unless_the_post_points_elsewhere(
    pipeline: Pipeline,
) -> None:
    assert "venezuelan_government" in actor_ids(pipeline, "la dictadura tiene a 800 presos")
    ids = actor_ids(pipeline, "En El Salvador la dictadura ya no disimula nada.")
    assert "salvadoran_government" in ids
    assert "venezuelan_government" not in ids


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("El presidente salvadoreño escribió", ["bukele"]),
        ("the Venezuelan leader spoke for an hour", ["maduro"]),
        ("el mandatario salvadoreño había propuesto un canje", ["bukele"]),
        ("The head of the Salvadoran regime wrote", ["bukele", "salvadoran_government"]),
    ],
)
def test_a_head_of_state_by_title_is_the_leader_alone(
    pipeline: Pipeline, text: str, expected: list[str]
) -> None:
    assert actor_ids(pipeline, text) == set(expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("they were sent to the Salvadoran facility last spring", ["cecot"]),
        ("mi sobrino sigue en el penal salvadoreño", ["cecot"]),
        ("lo mandaron a una cárcel salvadoreña", []),
        ("he was left in a Salvadoran prison for months", []),
    ],
)
def test_the_prison_named_by_its_country_is_cecot(
    pipeline: Pipeline, text: str, expected: list[str]
) -> None:
    assert actor_ids(pipeline, text) == set(expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Maduro is unpopular. He has used the courts, security forces and the electoral "
            "council to repress the opposition.",
            {"maduro", "venezuelan_government", "venezuelan_opposition"},
        ),
        (
            "Quiero agradecer a El Salvador por su colaboración con los Estados Unidos.",
            {"salvadoran_government", "us_government"},
        ),
        ("the U. S. Government's deportation of dozens of men", {"us_government"}),
        (
            "Organismos locales e internacionales de derechos humanos condenaron el arresto.",
            {"human_rights_ngos"},
        ),
    ],
)
def test_states_in_the_wording_of_published_texts(
    pipeline: Pipeline, text: str, expected: set[str]
) -> None:
    """A leader's courts and forces are his state's ("the courts" alone, the US's by default,
    are no sign of the US to the offices beside them); states thanked or worked with; "U. S."
    spaced; rights groups with where they work between."""
    assert actor_ids(pipeline, text) == expected


def test_the_regime_is_never_the_us_government(pipeline: Pipeline) -> None:
    ids = actor_ids(pipeline, "The US envoy told reporters that the regime must step aside.")
    assert "venezuelan_government" in ids


def test_a_vice_president_is_no_head_of_state(pipeline: Pipeline) -> None:
    ids = actor_ids(pipeline, "Vice President Delcy Rodríguez read the statement on TV.")
    assert ids == {"venezuelan_government"}


def test_a_foreign_dictator_is_the_leader_of_the_other_state_named(pipeline: Pipeline) -> None:
    text = (
        "The men were flown to a prison in El Salvador. The US handed them to a foreign "
        "dictator without a hearing."
    )
    assert "bukele" in actor_ids(pipeline, text)
    assert "bukele" not in actor_ids(pipeline, "He shared a meme from a foreign president.")


def test_the_regime_is_not_the_state_the_post_calls_a_government(pipeline: Pipeline) -> None:
    text = (
        "El Gobierno de El Salvador ofrece un canje por los periodistas y activistas que el "
        "régimen mantiene presos sin juicio."
    )
    assert "venezuelan_government" in actor_ids(pipeline, text)


def test_a_regime_of_rules_is_no_state(pipeline: Pipeline) -> None:
    text = "El gobierno de Bukele dijo que todos cumplen el mismo régimen de visitas."
    assert "venezuelan_government" not in actor_ids(pipeline, text)


def test_an_unnamed_prison_in_a_post_about_bukele_is_cecot(pipeline: Pipeline) -> None:
    text = "Kilmar, vecino de Houston, fue enviado a la misma cárcel; Bukele publicó las fotos."
    assert "cecot" in actor_ids(pipeline, text)
    venezuelan = "Maduro encerró a los presos en la misma cárcel, dijo Bukele."
    assert "cecot" not in actor_ids(pipeline, venezuelan)


@pytest.mark.parametrize(
    "text",
    [
        "He was deported anyway, and the government conceded in court that it was a mistake.",
        "La jueza ordenó devolverlos y nadie le hizo caso.",
    ],
)
def test_a_court_of_no_named_state_is_a_us_court(pipeline: Pipeline, text: str) -> None:
    assert "us_courts" in actor_ids(pipeline, text)


@pytest.mark.parametrize(
    "text",
    [
        "Nobody knows where he is; a court date was set for June.",
        "Ningún tribunal puede revisar eso, repiten en la radio.",
    ],
)
def test_any_court_is_no_actor(pipeline: Pipeline, text: str) -> None:
    assert "us_courts" not in actor_ids(pipeline, text)


@pytest.mark.parametrize(
    "text",
    [
        "The government conceded in court that the flight was a mistake.",
        "Según el Gobierno, la orden de la jueza no era vinculante.",
    ],
)
def test_a_government_beside_the_only_court_named_is_the_us(pipeline: Pipeline, text: str) -> None:
    assert {"us_courts", "us_government"} <= actor_ids(pipeline, text)


def test_a_court_is_no_sign_of_the_us_where_a_state_is_named(pipeline: Pipeline) -> None:
    text = "En Venezuela el gobierno controla los tribunales desde hace años."
    assert "us_government" not in actor_ids(pipeline, text)
