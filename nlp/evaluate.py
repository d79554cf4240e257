"""Precision, recall and F1 of the pipeline against a hand-annotated gold set.

Gold lines are JSON: {"id", "lang", "text", "actors": [actor ids], "frames": {frame id:
"affirmed" | "contested"}, "individuals": [{"name", "watchlist": bool}]}. Scores are per post:
an id counts once per post however often it is named. Annotation conventions: a name inside a
longer institutional phrase counts as the institution only ("Trump administration" is
us_government); a country name alone is no actor; a frame is contested when the author negates,
rejects or distances it, and a post's polarity for a frame is contested if any mention is.
Watchlisted individuals are matched on the canonical name, others on the name as written
(case and accents folded). Per-id tables cover actors and frames only: no individual's name is
ever printed by the evaluation.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nlp.pipeline import Pipeline
from nlp.polarity import strongest
from nlp.text import fold

ACTORS, FRAMES = "actors", "frames"
WATCHLISTED, OTHER_INDIVIDUALS = "individuals_watchlist", "individuals_other"
LABEL_TYPES = (ACTORS, FRAMES, WATCHLISTED, OTHER_INDIVIDUALS)


class GoldError(ValueError):
    """A gold file line is malformed; the message names the line."""


@dataclass(slots=True)
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, gold: set[str], predicted: set[str]) -> None:
        self.tp += len(gold & predicted)
        self.fp += len(predicted - gold)
        self.fn += len(gold - predicted)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True, slots=True)
class Floor:
    label_type: str
    metric: str  # "f1", "recall", "precision" or "polarity_accuracy"
    minimum: float


# The quality the issue asks for; tests and `testigo nlp evaluate` check the same list.
QUALITY_FLOORS = (
    Floor(ACTORS, "f1", 0.95),
    Floor(FRAMES, "f1", 0.80),
    Floor(FRAMES, "polarity_accuracy", 0.85),
    Floor(WATCHLISTED, "recall", 0.95),
    Floor(OTHER_INDIVIDUALS, "recall", 0.6),
    Floor(OTHER_INDIVIDUALS, "precision", 0.7),
)


@dataclass
class EvaluationReport:
    posts: int = 0
    totals: dict[str, Counts] = field(default_factory=lambda: {t: Counts() for t in LABEL_TYPES})
    per_id: dict[str, dict[str, Counts]] = field(
        default_factory=lambda: {ACTORS: defaultdict(Counts), FRAMES: defaultdict(Counts)}
    )
    polarity_right: int = 0
    polarity_total: int = 0
    lang_right: int = 0

    @property
    def polarity_accuracy(self) -> float:
        return self.polarity_right / self.polarity_total if self.polarity_total else 1.0

    @property
    def lang_accuracy(self) -> float:
        return self.lang_right / self.posts if self.posts else 1.0

    def metric(self, label_type: str, metric: str) -> float:
        if metric == "polarity_accuracy":
            return self.polarity_accuracy
        return float(getattr(self.totals[label_type], metric))

    def unmet_floors(self) -> list[tuple[Floor, float]]:
        return [
            (floor, value)
            for floor in QUALITY_FLOORS
            if (value := self.metric(floor.label_type, floor.metric)) < floor.minimum
        ]


def read_gold(path: str | Path) -> list[dict[str, Any]]:
    posts = []
    with open(path, encoding="utf-8") as handle:
        for line_no, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                post = json.loads(line)
            except ValueError as error:
                raise GoldError(f"{path}:{line_no}: invalid JSON: {error}") from None
            if not isinstance(post, dict) or not isinstance(post.get("text"), str):
                raise GoldError(f"{path}:{line_no}: expected an object with a text")
            posts.append(post)
    return posts


def evaluate(pipeline: Pipeline, gold: Iterable[dict[str, Any]]) -> EvaluationReport:
    """Annotate every gold post with language detection on, and score the result."""
    gold = list(gold)
    report = EvaluationReport()
    annotations = pipeline.annotate_many((post["text"], None) for post in gold)
    for post, annotation in zip(gold, annotations, strict=True):
        report.posts += 1
        report.lang_right += annotation.lang == post.get("lang")
        _score_ids(
            report, ACTORS, set(post.get("actors", [])), {a.actor_id for a in annotation.actors}
        )
        predicted_frames: dict[str, list[str]] = defaultdict(list)
        for frame in annotation.frames:
            predicted_frames[frame.frame_id].append(frame.polarity)
        gold_frames: dict[str, str] = post.get("frames", {})
        _score_ids(report, FRAMES, set(gold_frames), set(predicted_frames))
        for frame_id in set(gold_frames) & set(predicted_frames):
            report.polarity_total += 1
            report.polarity_right += strongest(predicted_frames[frame_id]) == gold_frames[frame_id]
        people = post.get("individuals", [])
        report.totals[WATCHLISTED].add(
            {_key(p["name"]) for p in people if p.get("watchlist")},
            {_key(i.canonical) for i in annotation.individuals if i.source == "watchlist"},
        )
        report.totals[OTHER_INDIVIDUALS].add(
            {_key(p["name"]) for p in people if not p.get("watchlist")},
            {_key(i.name) for i in annotation.individuals if i.source != "watchlist"},
        )
    return report


def _score_ids(
    report: EvaluationReport, label_type: str, gold: set[str], predicted: set[str]
) -> None:
    report.totals[label_type].add(gold, predicted)
    for label in gold | predicted:
        report.per_id[label_type][label].add(gold & {label}, predicted & {label})


def _key(name: str | None) -> str:
    return " ".join(fold(name or "").split())
