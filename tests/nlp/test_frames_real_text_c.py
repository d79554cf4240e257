"""Frames as published text says them (statements, rulings, NGO reports): repression said as
unjust arrest or reprisals, the interim presidency, harm faced on return; and the words those
texts use in passing (relatives, human rights groups, an illegal act, a state's crimes) that do
not by themselves invoke the frame they are cues of elsewhere."""

from __future__ import annotations

import pytest
from tag_helpers import frame_ids

from nlp.pipeline import Pipeline


@pytest.mark.parametrize(
    ("frame_id", "text"),
    [
        ("political_repression", "Tres sindicalistas fueron apresados injustamente en Maracay."),
        ("political_repression", "Dos concejales siguen injustamente encarcelados desde marzo."),
        ("political_repression", "The pastor was unjustly imprisoned for over a year."),
        ("political_repression", "La gente debe poder opinar libremente y sin represalias."),
        ("political_repression", "Citizens must be able to speak freely without fear of reprisal."),
        ("political_repression", "The police moved in to repress the marchers in Barquisimeto."),
        ("political_repression", "La Guardia reprimió a los vecinos que pedían agua."),
        ("political_repression", "Las víctimas de la violencia del régimen esperan justicia."),
        ("political_repression", "Two pilots were accused of conspiring against the government."),
        ("political_repression", "The journalist was arrested at dawn by intelligence agents."),
        ("political_repression", "La periodista fue detenida en su casa en Barinas."),
        ("political_repression", "Police detained dozens of activists outside the court."),
        ("political_repression", "La Dirección detuvo a una de las activistas más conocidas."),
        ("political_repression", "El encarcelamiento de opositores se aceleró en enero."),
        ("political_repression", "He sits behind bars for criticizing the governor online."),
        ("political_repression", "The army crushed the protests in Maracaibo."),
        ("election_legitimacy", "El embajador fue acreditado por el gobierno interino en 2019."),
        ("election_legitimacy", "The interim president's envoy met senators on Tuesday."),
        ("asylum_protection", "In Venezuela she would face persecution for her union work."),
        ("asylum_protection", "His lawyers fear for his safety should he be deported."),
        ("criminality_terrorism", "The fisherman was charged with treason by a military court."),
        ("due_process", "Ninety men were deported under the Alien Enemies Act last spring."),
        ("due_process", "No official has told the family why he was moved."),
        ("sovereignty_kidnapping", "Su madre sigue sin saber el lugar donde lo tienen."),
        ("humanitarian", "Activists called the posts about the inmates sob stories."),
        ("humanitarian", "Las familias pasan penurias desde que se lo llevaron."),
        ("humanitarian", "El traslado supone un riesgo para la vida de los detenidos."),
    ],
)
def test_published_paraphrase_invokes_frame(pipeline: Pipeline, frame_id: str, text: str) -> None:
    assert frame_id in frame_ids(pipeline, text)


@pytest.mark.parametrize(
    ("frame_id", "text"),
    [
        ("criminality_terrorism", "The panel found the transfer was illegal under the treaty."),
        ("criminality_terrorism", "The statute lets the state remove aliens with final orders."),
        ("criminality_terrorism", "The report accuses the criminal regime of starving the west."),
        ("criminality_terrorism", "Los fiscales hablan de crímenes de guerra en la frontera."),
        ("criminality_terrorism", "The treaty covers counterterrorism cooperation between ports."),
        ("due_process", "La fiscalía presentó el caso de lesa humanidad ante la prensa."),
        ("due_process", "The president signed an executive order on tariffs."),
        ("political_repression", "Refugees who may face persecution can ask for protection here."),
        ("humanitarian", "Una organización de derechos humanos abrió su sede en Mérida."),
        ("humanitarian", "The ruling called it an abuse of power by the mayor."),
        ("humanitarian", "Representa una amenaza para la seguridad pública."),
        ("exchange_bargaining", "He is accused of human trafficking across the border."),
        (
            "political_repression",
            "The reporter who covered the game was arrested for drunk driving.",
        ),
    ],
)
def test_passing_use_does_not_invoke_frame(pipeline: Pipeline, frame_id: str, text: str) -> None:
    assert frame_id not in frame_ids(pipeline, text)


@pytest.mark.parametrize(
    ("frame_id", "text"),
    [
        ("political_repression", "Tocorón fue retomada por el ejército en 2023."),
        ("humanitarian", "Sus familiares dijeron que viajará a Bogotá el lunes."),
        ("humanitarian", "Relatives of the mayor attended the ceremony."),
        ("sovereignty_kidnapping", "The company moved its offices to Canadian territory."),
    ],
)
def test_a_word_often_said_in_passing_needs_support(
    rules_only: Pipeline, frame_id: str, text: str
) -> None:
    """A prison's name, relatives, a territory: alone, with no second cue and no classifier
    support, they do not invoke the frame."""
    assert frame_id not in frame_ids(rules_only, text)


def test_relatives_with_a_second_cue_are_the_humanitarian_frame(rules_only: Pipeline) -> None:
    text = "Relatives and loved ones of the men held in Tecoluca gathered outside."
    assert "humanitarian" in frame_ids(rules_only, text)


def test_an_enforced_disappearance_is_kidnapping_not_repression_by_itself(
    rules_only: Pipeline,
) -> None:
    """The codebook puts enforced disappearance under kidnapping, whichever state is accused."""
    found = frame_ids(rules_only, "La fiscalía habla de desaparición forzada de sus nacionales.")
    assert "sovereignty_kidnapping" in found
    assert "political_repression" not in found


@pytest.mark.parametrize(
    ("text", "frame_id", "not_frame_id"),
    [
        ("Ella llegó con un permiso humanitario en 2023.", "asylum_protection", "humanitarian"),
        (
            "The ministry demanded proof that they are alive within a week.",
            "due_process",
            "humanitarian",
        ),
        (
            "Los mantienen sin contacto con el exterior desde marzo.",
            "due_process",
            "humanitarian",
        ),
    ],
)
def test_a_legal_status_or_a_states_duty_is_not_the_humanitarian_frame(
    rules_only: Pipeline, text: str, frame_id: str, not_frame_id: str
) -> None:
    """Humanitarian parole is a status; proof of life and contact with the outside world are
    what a state owes the detainees."""
    found = frame_ids(rules_only, text)
    assert frame_id in found
    assert not_frame_id not in found
