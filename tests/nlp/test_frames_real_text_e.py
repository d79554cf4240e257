"""Frames in real published text, fifth set: relatives seeking proof of life or searching,
rulers holding people by the hundreds."""

from __future__ import annotations

import pytest

from nlp.pipeline import Pipeline


def frame_ids(pipeline: Pipeline, text: str) -> set[str]:
    return {f.frame_id for f in pipeline.annotate(text).frames}


@pytest.mark.parametrize(
    "text",
    [
        "Las madres llevaron a la fiscalía una petición de fe de vida de sus parientes presos.",
        "Their relatives asked the consulate for proof of life last week.",
        "Decenas de familias buscan a sus parientes en las cárceles del país.",
        "Many families say the prison never informs them; no les informan ni en qué celda "
        "está su pariente.",
    ],
)
def test_relatives_seeking_proof_of_life_or_searching_are_the_humanitarian_frame(
    rules_only: Pipeline, text: str
) -> None:
    assert "humanitarian" in frame_ids(rules_only, text)


def test_a_proof_of_life_demanded_without_relatives_is_not_the_humanitarian_frame(
    rules_only: Pipeline,
) -> None:
    text = "The minister demanded proof of life for every man held in the prison."
    assert "humanitarian" not in frame_ids(rules_only, text)


@pytest.mark.parametrize(
    "text",
    [
        "Ese gobernador tiene a cientos de presos sin juicio y habla de justicia.",
        "El que tiene a medio país preso no puede dar lecciones.",
    ],
)
def test_a_ruler_holding_people_by_the_hundreds_is_political_repression(
    rules_only: Pipeline, text: str
) -> None:
    assert "political_repression" in frame_ids(rules_only, text)
