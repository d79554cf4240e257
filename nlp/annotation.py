"""What the pipeline says about one post: the boundary type every other package reads."""

from __future__ import annotations

import json
from dataclasses import dataclass
from json.encoder import encode_basestring as _string
from typing import Any

AFFIRMED = "affirmed"
CONTESTED = "contested"
# json.dumps(..., ensure_ascii=False) with one encoder for every line: json.dumps builds a new
# one per call, a tenth of the time of a whole annotation.
json_text = json.JSONEncoder(ensure_ascii=False, check_circular=False).encode


@dataclass(frozen=True, slots=True)
class ActorMention:
    actor_id: str
    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class FrameMention:
    frame_id: str
    text: str
    start: int
    end: int
    polarity: str  # AFFIRMED or CONTESTED


@dataclass(frozen=True, slots=True)
class IndividualMention:
    name: str  # as written in the post
    canonical: str | None  # the watchlist name, None for names an analyst has not confirmed
    kind: str | None
    start: int
    end: int
    source: str  # "watchlist" | "ner" | "heuristic"


@dataclass(frozen=True, slots=True)
class DetailMention:
    kind: str  # "relative" | "hometown" | "workplace" | "photo"
    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Annotation:
    lang: str
    actors: tuple[ActorMention, ...]
    frames: tuple[FrameMention, ...]
    individuals: tuple[IndividualMention, ...]
    details: tuple[DetailMention, ...]
    pipeline_version: str

    def to_json(self, post_id: Any = None) -> dict[str, Any]:
        """The `testigo annotate` output line (keys and order are a contract)."""
        return {
            "id": post_id,
            "lang": self.lang,
            "actors": [
                {"id": a.actor_id, "text": a.text, "start": a.start, "end": a.end}
                for a in self.actors
            ],
            "frames": [
                {
                    "id": f.frame_id,
                    "text": f.text,
                    "start": f.start,
                    "end": f.end,
                    "polarity": f.polarity,
                }
                for f in self.frames
            ],
            "individuals": [
                {
                    "name": i.name,
                    "canonical": i.canonical,
                    "kind": i.kind,
                    "start": i.start,
                    "end": i.end,
                    "source": i.source,
                }
                for i in self.individuals
            ],
            "details": [
                {"kind": d.kind, "text": d.text, "start": d.start, "end": d.end}
                for d in self.details
            ],
            "pipeline_version": self.pipeline_version,
        }

    def json_line(self, post_id: Any = None) -> str:
        """`to_json` as one line of JSON, as json.dumps(..., ensure_ascii=False) writes it.
        Written field by field: the encoder's walk over the dicts took twice as long."""
        return (
            f'{{"id": {_value(post_id)}, "lang": {_string(self.lang)}, "actors": ['
            + ", ".join(
                [
                    f'{{"id": {_string(a.actor_id)}, "text": {_string(a.text)}, '
                    f'"start": {a.start}, "end": {a.end}}}'
                    for a in self.actors
                ]
            )
            + '], "frames": ['
            + ", ".join(
                [
                    f'{{"id": {_string(f.frame_id)}, "text": {_string(f.text)}, '
                    f'"start": {f.start}, "end": {f.end}, "polarity": {_string(f.polarity)}}}'
                    for f in self.frames
                ]
            )
            + '], "individuals": ['
            + ", ".join(
                [
                    f'{{"name": {_string(i.name)}, "canonical": {_optional(i.canonical)}, '
                    f'"kind": {_optional(i.kind)}, "start": {i.start}, "end": {i.end}, '
                    f'"source": {_string(i.source)}}}'
                    for i in self.individuals
                ]
            )
            + '], "details": ['
            + ", ".join(
                [
                    f'{{"kind": {_string(d.kind)}, "text": {_string(d.text)}, '
                    f'"start": {d.start}, "end": {d.end}}}'
                    for d in self.details
                ]
            )
            + f'], "pipeline_version": {_string(self.pipeline_version)}}}'
        )


def _optional(text: str | None) -> str:
    return "null" if text is None else _string(text)


def _value(value: Any) -> str:
    """A post id as JSON: the usual ones (numbers, text) without the encoder's walk."""
    if type(value) is int:
        return str(value)
    if type(value) is str:
        return _string(value)
    return json_text(value)
