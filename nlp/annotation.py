"""What the pipeline says about one post: the boundary type every other package reads."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

AFFIRMED = "affirmed"
CONTESTED = "contested"


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
