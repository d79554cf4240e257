"""Annotation.json_line writes what json.dumps writes of to_json, byte for byte."""

from __future__ import annotations

import json
from typing import Any

import pytest

from nlp.annotation import (
    ActorMention,
    Annotation,
    DetailMention,
    FrameMention,
    IndividualMention,
)

_ODD = 'quote " back \\ tab \t line \n ñ é 中 \u2028 \x7f \x01'


def _annotation(text: str) -> Annotation:
    return Annotation(
        "es",
        (ActorMention("maduro", text, 0, 6), ActorMention("us_government", "EE.UU.", 10, 16)),
        (FrameMention("terrorism", text, 3, 9, "contested"),),
        (
            IndividualMention(text, "Rocío San Miguel", "prisoner", 1, 2, "watchlist"),
            IndividualMention("José", None, None, 4, 8, "heuristic"),
        ),
        (DetailMention("hometown", text, 5, 7),),
        "2.1+config.ab+data.cd",
    )


@pytest.mark.parametrize(
    "post_id", [None, 0, -7, 10**30, 1.5, float("nan"), True, 'a"b', "\ud800", [1, {"k": 2}]]
)
@pytest.mark.parametrize("text", ["Maduro", _ODD, ""])
def test_json_line_is_json_dumps_of_to_json(post_id: Any, text: str) -> None:
    annotation = _annotation(text)
    expected = json.dumps(annotation.to_json(post_id), ensure_ascii=False)
    assert annotation.json_line(post_id) == expected


def test_json_line_of_an_empty_annotation() -> None:
    annotation = Annotation("und", (), (), (), (), "v")
    assert annotation.json_line("x") == json.dumps(annotation.to_json("x"), ensure_ascii=False)
