"""Paraphrase families of exchange, spectacle, kidnapping, asylum and election frames: real text
says each frame without its obvious keyword, and the families must not fire on everyday uses
of their words."""

from __future__ import annotations

import pytest
from tag_helpers import frame_ids

from nlp.pipeline import Pipeline


@pytest.mark.parametrize(
    ("frame_id", "text"),
    [
        ("exchange_bargaining", "The deal treats prisoners as pieces on a chessboard."),
        ("exchange_bargaining", "No se debe condicionar la libertad de unos a la de otros."),
        ("exchange_bargaining", "They are tying the release of the Americans to the men in CECOT."),
        ("exchange_bargaining", "Usan a los familiares como instrumento de presión."),
        ("exchange_bargaining", "Es puro chantaje con vidas humanas."),
        ("exchange_bargaining", "Freedom should never be a transaction between two governments."),
        ("exchange_bargaining", "El gobierno salvadoreño cobra por encerrar a extranjeros."),
        ("exchange_bargaining", "Aid money was used to cover the cost of their detention."),
        ("exchange_bargaining", "Los mantienen como rehenes para presionar a Caracas."),
        ("spectacle_propaganda", "The ministry paraded the detainees before reporters."),
        ("spectacle_propaganda", "Pusieron música de película a las imágenes de los presos."),
        ("spectacle_propaganda", "His clip was seen 40 million times in a day."),
        ("spectacle_propaganda", "Todo esto es una cortina de humo para distraer de la crisis."),
        ("spectacle_propaganda", "Mostraron su cara en televisión como si fuera un criminal."),
        ("sovereignty_kidnapping", "Durante semanas ninguna autoridad reconoció tenerla detenida."),
        ("sovereignty_kidnapping", "Se los llevaron hombres vestidos de civil en una camioneta."),
        ("sovereignty_kidnapping", "Hijos arrebatados a sus madres y encerrados en otro país."),
        ("sovereignty_kidnapping", "Officials said it was up to El Salvador whether they go free."),
        ("sovereignty_kidnapping", "They were held beyond the reach of any court."),
        ("asylum_protection", "He had a protection claim pending when ICE picked him up."),
        ("asylum_protection", "Tenía una audiencia programada ante un juez de inmigración."),
        ("asylum_protection", "Salió de Venezuela tras ser amenazado por la policía."),
        ("asylum_protection", "Deporting people without any risk assessment breaks the law."),
        ("asylum_protection", "They sent him back to the very people he ran from."),
        ("asylum_protection", "Entró con su cita de CBP One y fue a cada audiencia."),
        ("election_legitimacy", "Fue detenido por ser testigo de mesa de la oposición."),
        ("election_legitimacy", "They were jailed for questioning the official results."),
    ],
)
def test_paraphrase_invokes_frame(pipeline: Pipeline, frame_id: str, text: str) -> None:
    assert frame_id in frame_ids(pipeline, text)


@pytest.mark.parametrize(
    ("frame_id", "text"),
    [
        ("exchange_bargaining", "The judge said the agency had no business deporting him."),
        ("exchange_bargaining", "Los colectivos le quemaron el negocio a mi tío."),
        ("exchange_bargaining", "Nadie se acuerda de los presos."),
        ("sovereignty_kidnapping", "They lost track of who was on the planes."),
        ("sovereignty_kidnapping", "Nadie le dice a dónde mandarle la carta."),
        ("spectacle_propaganda", "I've said it a million times: free them."),
        ("spectacle_propaganda", "The footage was viewed more than once by the judge."),
        ("election_legitimacy", "El que perdió su trabajo fue mi primo."),
        ("asylum_protection", "The ruling protecting free speech was upheld."),
    ],
)
def test_everyday_use_does_not_invoke_frame(pipeline: Pipeline, frame_id: str, text: str) -> None:
    assert frame_id not in frame_ids(pipeline, text)
