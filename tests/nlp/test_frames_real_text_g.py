"""Frames in real published text, seventh set (NGO reports, Congressional and State Department
prose): words of a frame used for something else (a gang's crime list, a quota of arrests,
officials' extortion, state terror, human-rights bodies by name, talks with the opposition, an
election audit, a persecutor acting at home, a candidate barred)."""

from __future__ import annotations

import pytest
from tag_helpers import frame_ids

from nlp.pipeline import Pipeline


@pytest.mark.parametrize(
    "text",
    [
        "Police arrested 40 members of a gang known for human trafficking, kidnapping, extortion.",
        "La banda se dedicaba al secuestro y trata de personas en la frontera.",
        "Las autoridades fijaron una cuota de detenidos por cada estado para sembrar miedo.",
        "Maduro dijo que está dispuesto a retomar las negociaciones con la Plataforma Unitaria.",
    ],
)
def test_crime_lists_arrest_quotas_and_political_talks_are_no_bargain(
    rules_only: Pipeline, text: str
) -> None:
    assert "exchange_bargaining" not in frame_ids(rules_only, text)


@pytest.mark.parametrize(
    "text",
    [
        "Treating these men as human trafficking merchandise is a disgrace.",
        "Las negociaciones con Washington incluyen la liberación de los presos.",
    ],
)
def test_people_as_currency_is_still_a_bargain(rules_only: Pipeline, text: str) -> None:
    assert "exchange_bargaining" in frame_ids(rules_only, text)


@pytest.mark.parametrize(
    "text",
    [
        "El informe califica la represión como terrorismo de Estado.",
        "Hubo extorsión masiva por parte de los funcionarios en los puntos de control.",
        "Las ONG piden nombrar a los violadores de derechos humanos del país.",
    ],
)
def test_a_states_crimes_do_not_cast_the_men_as_criminals(rules_only: Pipeline, text: str) -> None:
    assert "criminality_terrorism" not in frame_ids(rules_only, text)


def test_the_un_rights_chief_by_name_is_no_humanitarian_frame(rules_only: Pipeline) -> None:
    text = "La Alta Comisionada de la ONU para los Derechos Humanos estuvo en Caracas."
    assert "humanitarian" not in frame_ids(rules_only, text)


def test_a_forensic_review_of_the_vote_is_no_due_process(rules_only: Pipeline) -> None:
    text = (
        "Piden una revisión forense electoral y que los Estados abran causas en sus jurisdicciones."
    )
    assert "due_process" not in frame_ids(rules_only, text)


def test_the_regime_persecuting_dissent_is_no_flight(rules_only: Pipeline) -> None:
    text = "El régimen ha vigilado y perseguido a la disidencia política desde julio."
    assert "asylum_protection" not in frame_ids(rules_only, text)


def test_someone_persecuted_who_fled_is_still_asylum(rules_only: Pipeline) -> None:
    text = "Salió de Venezuela tras ser perseguido por los colectivos de su barrio."
    assert "asylum_protection" in frame_ids(rules_only, text)


def test_a_candidate_barred_arbitrarily_is_no_repression(rules_only: Pipeline) -> None:
    text = "El régimen excluyó arbitrariamente a la candidata de la oposición."
    assert "political_repression" not in frame_ids(rules_only, text)


def test_people_held_arbitrarily_are_still_repression(rules_only: Pipeline) -> None:
    text = "Hay cientos de opositores detenidos arbitrariamente en Venezuela."
    assert "political_repression" in frame_ids(rules_only, text)


@pytest.mark.parametrize(
    ("text", "frame"),
    [
        (
            "The judge found he faced a clear probability of future persecution.",
            "asylum_protection",
        ),
        ("Tiene un temor fundado de ser detenido si lo devuelven.", "asylum_protection"),
        (
            "Agents launched a doxxing and fear-mongering campaign against opponents.",
            "spectacle_propaganda",
        ),
        (
            "Comenzó una campaña de difamación contra los testigos de la oposición.",
            "spectacle_propaganda",
        ),
        (
            "Mientras contaban los votos surgieron denuncias de irregularidades.",
            "election_legitimacy",
        ),
        ("Firmaron un acuerdo sobre garantías electorales en Barbados.", "election_legitimacy"),
        ("He was held incommunicated for several hours.", "due_process"),
    ],
)
def test_paraphrases_of_the_frames_in_reports_and_rulings(
    rules_only: Pipeline, text: str, frame: str
) -> None:
    assert frame in frame_ids(rules_only, text)
