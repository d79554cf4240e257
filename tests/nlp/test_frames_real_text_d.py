"""Frames that published text says with words between their parts (arrests of protesters with a
number between, arrests after a vote, relatives told nothing, a brutal prison), or in its own
paraphrase: never charged, no neutral judge, no official notice, a vigil, a relative not seen
since a date, a terrorism court; and a human rights group named, which invokes none."""

from __future__ import annotations

import pytest
from tag_helpers import frame_ids

from nlp.pipeline import Pipeline


@pytest.mark.parametrize(
    ("frame_id", "text"),
    [
        # an arrest and its political target, a few words apart, in either order
        ("political_repression", "La policía detuvo ayer en Mérida a cuarenta manifestantes."),
        ("political_repression", "Officers arrested at least a dozen student protesters."),
        ("political_repression", "Three union leaders were, according to Provea, detained."),
        ("political_repression", "Soldiers rounded up scores of local opposition organisers."),
        ("political_repression", "Fueron encarcelados por impugnar el conteo oficial."),
        ("political_repression", "Police detained her cousin right after the vote in Lara."),
        ("political_repression", "Lo encarcelaron durante las protestas de mayo."),
        # never charged, no neutral judge, beyond any court, no official word, the reasons
        ("due_process", "The farmer has never been charged with any offence."),
        ("due_process", "No criminal charge has ever been filed against the cook."),
        ("due_process", "No neutral decision-maker reviewed the gang label."),
        ("due_process", "They are held beyond the reach of any court."),
        ("due_process", "Her mother received no official notice of the transfer."),
        ("due_process", "No hay confirmación oficial del traslado del sindicalista."),
        ("due_process", "Nadie explicó las razones de su detención al abogado."),
        ("due_process", "Pasó tres meses en el penal sin ver a un abogado."),
        ("due_process", "The bishop lamented the lack of information about the inmates."),
        ("due_process", "Many were not allowed to choose their own defense counsel."),
        ("due_process", "No tuvieron ocasión de impugnar su expulsión."),
        # relatives keeping vigil, kept from seeing them, told nothing, exposed to reprisals
        ("humanitarian", "Neighbours held a candlelight vigil for the fishermen."),
        ("humanitarian", "Su madre no lo ve desde noviembre."),
        ("humanitarian", "The sisters have not seen him in months."),
        ("humanitarian", "His wife was allowed to see him for the first time in May."),
        ("humanitarian", "Lleva un año preso y ni la familia sabe dónde."),
        ("humanitarian", "Officials refused to confirm to families who was on the plane."),
        ("humanitarian", "Publicar sus cédulas expone a las familias a represalias."),
        ("humanitarian", "They were flown to a notoriously brutal, remote prison."),
        ("humanitarian", "Piden el regreso de los pescadores a sus familias."),
        ("humanitarian", "Pasaron meses antes de que su esposa pudiera visitarlo."),
        ("humanitarian", "Ninguno de los reclusos puede comunicarse con su familia."),
        ("due_process", "Mientras no se comunique con sus abogados, nadie sabe su situación."),
        ("due_process", "Les han negado todo contacto con sus familias y con abogados."),
        ("due_process", "The consul asked for proof that the two sailors were alive."),
        ("due_process", "La Cruz Roja pidió acceso independiente a los pabellones."),
        ("political_repression", "Hubo doce detenciones con fines políticos en Lara."),
        ("spectacle_propaganda", "The clip, shot by the government, shows inmates running."),
        ("spectacle_propaganda", "Circularon videos difundidos por la presidencia del traslado."),
        ("election_legitimacy", "Los resultados del 28 de julio siguen sin publicarse."),
        ("election_legitimacy", "Cientos fueron detenidos en el contexto poselectoral."),
        ("election_legitimacy", "She was arrested a week after the vote in Barinas."),
        ("election_legitimacy", "Todos saben que Edmundo ganó en Zulia."),
        # a terrorism court tries people accused of terrorism
        ("criminality_terrorism", "The baker appeared before a terrorism court in Caracas."),
        ("election_legitimacy", "El resultado no refleja la voluntad del pueblo."),
    ],
)
def test_published_paraphrase_invokes_frame(rules_only: Pipeline, frame_id: str, text: str) -> None:
    assert frame_id in frame_ids(rules_only, text)


@pytest.mark.parametrize(
    "text",
    [
        # an arrest and a protest in different sentences, or far apart, are not persecution
        "Police arrested a car thief on Monday. Protesters later marched on the square.",
        "La policía detuvo al conductor del camión que, según los vecinos, chocó contra los "
        "manifestantes.",
        "A journalist in Quito wrote about the heat wave; nobody was arrested.",
        "Relatives protest the detention of the fishermen in Panama.",
        "The House will vote on a bill to detain more migrants.",
    ],
)
def test_an_arrest_far_from_a_political_target_is_not_repression(
    rules_only: Pipeline, text: str
) -> None:
    assert "political_repression" not in frame_ids(rules_only, text)


def test_a_human_rights_group_with_an_adjective_is_not_the_humanitarian_frame(
    rules_only: Pipeline,
) -> None:
    text = "Una organización venezolana de derechos humanos abrió una sede en Mérida."
    assert "humanitarian" not in frame_ids(rules_only, text)


def test_a_reprisal_spoken_of_without_relatives_is_not_the_humanitarian_frame(
    rules_only: Pipeline,
) -> None:
    found = frame_ids(rules_only, "The union promised its members could speak without reprisal.")
    assert "humanitarian" not in found
