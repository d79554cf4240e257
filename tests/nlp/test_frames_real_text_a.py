"""Humanitarian, repression, due-process and criminality frames said without their keywords, as
real posts say them, and the generic words that alone do not invoke them."""

from __future__ import annotations

import pytest

from nlp.pipeline import Pipeline, load_pipeline


@pytest.fixture(scope="module")
def rules() -> Pipeline:
    """The rules alone: whether a cue needs support is theirs to say, not the classifier's."""
    return load_pipeline(frame_classifier=False)


def frame_ids(pipeline: Pipeline, text: str) -> set[str]:
    return {f.frame_id for f in pipeline.annotate(text).frames}


@pytest.mark.parametrize(
    "text",
    [
        "Son los peores de los peores, dijo el secretario.",
        "The president says they are very bad people and will stay there.",
        "Esos vinieron a robar y ahora lloran.",
        "Detenidos por los hechos violentos de la semana pasada.",
        "The ministry blamed the guarimbas on foreign money.",
        "They were charged with trying to destabilize the country.",
        "The White House will keep removing enemy aliens.",
    ],
)
def test_criminality_said_without_its_label(pipeline: Pipeline, text: str) -> None:
    assert "criminality_terrorism" in frame_ids(pipeline, text)


def test_the_international_criminal_court_is_no_crime_charge(pipeline: Pipeline) -> None:
    text = "Venezuela asked the International Criminal Court to look at the transfers."
    assert "criminality_terrorism" not in frame_ids(pipeline, text)


@pytest.mark.parametrize(
    "text",
    [
        "Agents of the SEBIN took him from his workshop at dawn.",
        "La Dgcim se llevó al profesor de su casa en Maracay.",
        "Los colectivos amenazaron a su familia y tuvieron que huir.",
        "She was threatened over her activism and left the country in 2021.",
        "Lo persiguieron por ser testigo de mesa en julio.",
        "La nueva ley de ONG permitiría cerrar a las organizaciones críticas con el gobierno.",
        "At least twenty people freed in November were rearrested this month.",
        "Police detained a local councillor in Mérida on Sunday.",
        "Dozens of union organizers were arrested after the vote count.",
    ],
)
def test_repression_said_without_the_word(pipeline: Pipeline, text: str) -> None:
    assert "political_repression" in frame_ids(pipeline, text)


@pytest.mark.parametrize(
    "text",
    [
        "Every one of them deserves a day before a judge, and a lawyer.",
        "No pudieron nombrar abogados de su elección.",
        "His removal proceedings were still open when he was flown out.",
        "Most of them had no convictions anywhere.",
        "Fue condenado en un juicio a puerta cerrada.",
        "Los llevaron ante tribunales con competencia en terrorismo.",
        "Lleva meses sin visitas de sus abogados.",
    ],
)
def test_due_process_said_as_what_they_deserve_or_lacked(pipeline: Pipeline, text: str) -> None:
    assert "due_process" in frame_ids(pipeline, text)


@pytest.mark.parametrize(
    "text",
    [
        "Nobody has heard from my nephew since the flight.",
        "Not a call, not a letter in six weeks.",
        "His wife has had no communication with him since April.",
        "She waits at the gate every week hoping for news of her son.",
        "Su madre dice que padece diabetes y no recibe insulina.",
        "Denuncian falta de agua potable y de atención médica en el penal.",
        "Mi abuela no duerme desde que vio el video.",
        "The family was not consulted before his name was offered.",
        "They learned of it on social media like everyone else.",
        "Exigen el regreso de su esposo antes de Navidad.",
        "We want every one of them brought home safe.",
    ],
)
def test_humanitarian_said_without_the_word(pipeline: Pipeline, text: str) -> None:
    assert "humanitarian" in frame_ids(pipeline, text)


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
