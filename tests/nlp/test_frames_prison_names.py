"""CECOT's name, however news copy translates it, is the prison: the word "terrorism" in it
casts no one as a terrorist."""

from __future__ import annotations

import pytest
from tag_helpers import actor_ids, frame_ids

from nlp.pipeline import Pipeline


@pytest.mark.parametrize(
    "text",
    [
        "He was sent to El Salvador's Terrorist Confinement Center in March.",
        "Four men held at the Center for the Confinement of Terrorism spoke to reporters.",
        "Lo trasladaron al Centro de Confinamiento para el Terrorismo en marzo.",
        "They arrived at the Confinement Center for Terrorism on Sunday.",
    ],
)
def test_the_prison_by_a_translated_name_is_cecot_and_no_criminal_framing(
    rules_only: Pipeline, text: str
) -> None:
    assert "criminality_terrorism" not in frame_ids(rules_only, text)
    assert "cecot" in actor_ids(rules_only, text)


def test_terrorism_said_of_the_men_still_counts(rules_only: Pipeline) -> None:
    text = "Officials called the men held at the Terrorist Confinement Center terrorists."
    assert "criminality_terrorism" in frame_ids(rules_only, text)
