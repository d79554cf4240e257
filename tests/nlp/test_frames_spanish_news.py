"""Frames in Spanish news and NGO prose about the affair: a state's crimes and its prisons named
with a word between ("delitos graves de lesa humanidad", "violador serial de derechos humanos",
"las prisiones más peligrosas") cast no one as a criminal; "crímenes contra la humanidad" is
the humanitarian frame as "lesa humanidad" is; and the criminal label contested in words the
polarity lists lacked (treated as criminals, no real ties to gangs, no crimes committed, no
criminal record)."""

from __future__ import annotations

import pytest
from tag_helpers import frame_ids

from nlp.pipeline import Pipeline


def polarity(pipeline: Pipeline, text: str, frame_id: str) -> str | None:
    """The post's polarity for a frame: contested if any mention of it is."""
    found = [f.polarity for f in pipeline.annotate(text).frames if f.frame_id == frame_id]
    if not found:
        return None
    return "contested" if "contested" in found else "affirmed"


@pytest.mark.parametrize(
    "text",
    [
        "Según la ministra, son delitos graves de lesa humanidad los que comete ese gobierno.",
        "El diputado llamó al mandatario violador serial de derechos humanos.",
        "Los trasladaron a una de las prisiones más peligrosas del continente.",
    ],
)
def test_a_states_crimes_and_prisons_cast_no_one_as_criminal(
    rules_only: Pipeline, text: str
) -> None:
    assert "criminality_terrorism" not in frame_ids(rules_only, text)


def test_dangerous_men_still_are_cast_as_criminals(rules_only: Pipeline) -> None:
    text = "El vocero dijo que en esa prisión están los delincuentes más peligrosos."
    assert "criminality_terrorism" in frame_ids(rules_only, text)


def test_crimes_against_humanity_in_spanish_are_humanitarian(rules_only: Pipeline) -> None:
    text = "La cancillería acusó al gobierno vecino de cometer crímenes contra la humanidad."
    assert "humanitarian" in frame_ids(rules_only, text)


@pytest.mark.parametrize(
    "text",
    [
        "«Los están tratando como vulgares delincuentes», dijo la abogada de la familia.",
        "Miles fueron arrestados, muchos de ellos sin vínculos reales con grupos criminales.",
        "Su madre insiste en que no cometieron delitos en ningún país.",
        "Según el informe, la mayoría de los deportados carecía de antecedentes penales.",
        "Reporters found that most of the men had no real ties to criminal groups.",
    ],
)
def test_the_criminal_label_contested_in_other_words(rules_only: Pipeline, text: str) -> None:
    assert polarity(rules_only, text, "criminality_terrorism") == "contested"


@pytest.mark.parametrize(
    "text",
    [
        "La policía dijo que los detenidos cometieron delitos graves en la capital.",
        "El ministro dijo que tienen vínculos con grupos criminales del sur.",
    ],
)
def test_the_criminal_label_still_affirmed(rules_only: Pipeline, text: str) -> None:
    assert polarity(rules_only, text, "criminality_terrorism") == "affirmed"
