"""A given name alone beside a verb of saying names the person telling their story ("Gladys
said", "relató Wilmer"), and a relative named after a kinship noun with words describing them
("their 19-year-old autistic son, Deibys,") is one too; a given name that is part of a full
name elsewhere, a place before a noun, and a lawyer after a possessive stay out."""

from __future__ import annotations

import pytest
from tag_helpers import individual_names

from nlp.pipeline import Pipeline


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "“They beat us every day,” Gladys said from her home in Maracaibo.",
            ["Gladys"],
        ),
        ("“Nunca supimos adónde lo llevaron”, relató Wilmer desde Valencia.", ["Wilmer"]),
        ("Lisbeth contó que los guardias le rompieron la nariz.", ["Lisbeth"]),
        ("“I did not sleep for days,” says Rosalba, who lives in Zulia.", ["Rosalba"]),
        (
            "Senator Clarence Thomas visited the border. “It is a crisis,” Thomas said.",
            [],
        ),
        ("In Lara state, the prison gates opened on Tuesday.", []),
    ],
)
def test_a_given_name_beside_a_verb_of_saying(
    pipeline: Pipeline, text: str, expected: list[str]
) -> None:
    assert individual_names(pipeline, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Rosa said their 19-year-old autistic son, Deibys, was taken in March.",
            ["Rosa", "Deibys"],
        ),
        ("He sent a photo to his eldest daughter Yulimar from the detention center.", ["Yulimar"]),
        ("His longtime immigration lawyer, Ana Torres, filed a motion.", []),
    ],
)
def test_a_relative_named_after_words_describing_them(
    pipeline: Pipeline, text: str, expected: list[str]
) -> None:
    assert individual_names(pipeline, text) == expected


def test_taken_away_by_officers(pipeline: Pipeline) -> None:
    text = "Los funcionarios se llevaron a Yonaiker y nadie nos dice dónde está."
    assert individual_names(pipeline, text) == ["Yonaiker"]
