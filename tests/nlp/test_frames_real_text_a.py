"""Humanitarian, repression, due-process and criminality frames said without their keywords, as
real posts say them, and the generic words that alone do not invoke them."""

from __future__ import annotations

import pytest
from tag_helpers import frame_ids

from nlp.pipeline import Pipeline, load_pipeline


@pytest.fixture(scope="module")
def rules() -> Pipeline:
    """The rules alone: whether a cue needs support is theirs to say, not the classifier's."""
    return load_pipeline(frame_classifier=False)


@pytest.mark.parametrize(
    ("frame_id", "text"),
    [
        ("criminality_terrorism", "Son los peores de los peores, dijo el secretario."),
        (
            "criminality_terrorism",
            "The president says they are very bad people and will stay there.",
        ),
        ("criminality_terrorism", "Esos vinieron a robar y ahora lloran."),
        ("criminality_terrorism", "Detenidos por los hechos violentos de la semana pasada."),
        ("criminality_terrorism", "The ministry blamed the guarimbas on foreign money."),
        ("criminality_terrorism", "They were charged with trying to destabilize the country."),
        ("criminality_terrorism", "The White House will keep removing enemy aliens."),
        ("political_repression", "Agents of the SEBIN took him from his workshop at dawn."),
        ("political_repression", "La Dgcim se llevó al profesor de su casa en Maracay."),
        ("political_repression", "Los colectivos amenazaron a su familia y tuvieron que huir."),
        (
            "political_repression",
            "She was threatened over her activism and left the country in 2021.",
        ),
        ("political_repression", "Lo persiguieron por ser testigo de mesa en julio."),
        (
            "political_repression",
            "La nueva ley de ONG permitiría cerrar a las organizaciones críticas con el gobierno.",
        ),
        (
            "political_repression",
            "At least twenty people freed in November were rearrested this month.",
        ),
        ("political_repression", "Police detained a local councillor in Mérida on Sunday."),
        ("political_repression", "Dozens of union organizers were arrested after the vote count."),
        ("due_process", "Every one of them deserves a day before a judge, and a lawyer."),
        ("due_process", "No pudieron nombrar abogados de su elección."),
        ("due_process", "His removal proceedings were still open when he was flown out."),
        ("due_process", "Most of them had no convictions anywhere."),
        ("due_process", "Fue condenado en un juicio a puerta cerrada."),
        ("due_process", "Los llevaron ante tribunales con competencia en terrorismo."),
        ("due_process", "Lleva meses sin visitas de sus abogados."),
        ("humanitarian", "Nobody has heard from my nephew since the flight."),
        ("humanitarian", "Not a call, not a letter in six weeks."),
        ("humanitarian", "His wife has had no communication with him since April."),
        ("humanitarian", "She waits at the gate every week hoping for news of her son."),
        ("humanitarian", "Su madre dice que padece diabetes y no recibe insulina."),
        ("humanitarian", "Denuncian falta de agua potable y de atención médica en el penal."),
        ("humanitarian", "Mi abuela no duerme desde que vio el video."),
        ("humanitarian", "The family was not consulted before his name was offered."),
        ("humanitarian", "They learned of it on social media like everyone else."),
        ("humanitarian", "Exigen el regreso de su esposo antes de Navidad."),
        ("humanitarian", "We want every one of them brought home safe."),
    ],
)
def test_a_frame_said_without_its_keywords(pipeline: Pipeline, frame_id: str, text: str) -> None:
    assert frame_id in frame_ids(pipeline, text)


def test_the_international_criminal_court_is_no_crime_charge(pipeline: Pipeline) -> None:
    text = "Venezuela asked the International Criminal Court to look at the transfers."
    assert "criminality_terrorism" not in frame_ids(pipeline, text)


@pytest.mark.parametrize(
    "text",
    [
        "Que los manden a todos, Dios bendiga a este país.",
        "Quieren enviar de vuelta a personas que huyeron de Venezuela.",
        "Everyone crying for them can host them at home.",
        "Lo que exigen afuera no lo cumplen en casa.",
    ],
)
def test_faith_words_and_sending_back_are_not_humanitarian_alone(
    rules: Pipeline, text: str
) -> None:
    assert "humanitarian" not in frame_ids(rules, text)


def test_a_relative_with_a_second_family_cue_is_humanitarian(rules: Pipeline) -> None:
    text = "Mi primo salió en la lista, gracias a Dios, pero a mi tía nadie le dice nada."
    assert "humanitarian" in frame_ids(rules, text)


def test_reprisals_alone_need_support(rules: Pipeline) -> None:
    text = "Publishing their names could expose their relatives to reprisals."
    assert "political_repression" not in frame_ids(rules, text)
