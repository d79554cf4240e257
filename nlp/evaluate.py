"""Precision, recall and F1 of the pipeline against a hand-annotated gold set.

Gold lines are JSON: {"id", "lang", "text", "actors": [actor ids], "frames": {frame id:
"affirmed" | "contested"}, "individuals": [{"name", "mentions"?, "watchlist": bool}]} (see
nlp/gold/README.md), coded by the codebook of the shared domain brief. Scores are per post: an
id counts once per post however often it is named, and a person once however often and however
they are named. A post's polarity for a frame is contested if any of its mentions is. Names are
compared with case and accents folded. Per-id tables cover actors and frames only: no
individual's name is ever printed by the evaluation.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nlp.annotation import IndividualMention
from nlp.pipeline import Pipeline
from nlp.polarity import strongest
from nlp.text import fold

ACTORS, FRAMES = "actors", "frames"
INDIVIDUALS = "individuals"
WATCHLISTED, OTHER_INDIVIDUALS = "individuals_watchlist", "individuals_other"
LABEL_TYPES = (ACTORS, FRAMES, INDIVIDUALS, WATCHLISTED, OTHER_INDIVIDUALS)
# The gold set of real-shaped text (nlp/gold/): every *.jsonl file, each line in one part.
GOLD_DIR = Path(__file__).with_name("gold")


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


# What real text must reach (issue 13), checked on every part of a gold set with splits.
REAL_TEXT_TARGETS = (
    Floor(ACTORS, "f1", 0.90),
    Floor(FRAMES, "f1", 0.75),
    Floor(INDIVIDUALS, "recall", 0.85),
    Floor(INDIVIDUALS, "precision", 0.80),
)
# The floors of the short lexicon-shaped posts in tests/data; tests check the same list.
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

    def unmet_floors(self, floors: Iterable[Floor] = QUALITY_FLOORS) -> list[tuple[Floor, float]]:
        return [
            (floor, value)
            for floor in floors
            if (value := self.metric(floor.label_type, floor.metric)) < floor.minimum
        ]


def read_parts(paths: Iterable[str | Path]) -> dict[str, list[dict[str, Any]]]:
    """Gold lines by part ("train", "dev"; "all" for lines without a split), from files and
    folders of *.jsonl files."""
    parts: dict[str, list[dict[str, Any]]] = {}
    for path in paths:
        files = sorted(Path(path).glob("*.jsonl")) if Path(path).is_dir() else [Path(path)]
        for file in files:
            for post in read_gold(file):
                parts.setdefault(str(post.get("split") or "all"), []).append(post)
    return parts


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
        _score_individuals(report, post.get("individuals", []), annotation.individuals)
    return report


def _score_ids(
    report: EvaluationReport, label_type: str, gold: set[str], predicted: set[str]
) -> None:
    report.totals[label_type].add(gold, predicted)
    for label in gold | predicted:
        report.per_id[label_type][label].add(gold & {label}, predicted & {label})


def _score_individuals(
    report: EvaluationReport,
    people: list[dict[str, Any]],
    found: tuple[IndividualMention, ...],
) -> None:
    """Per person: found when any predicted mention names them (a gold mention as written,
    the listed name, or the words of one inside the other, so "Quintero" after "José Quintero"
    and "Carlos R." both count). A predicted name that names nobody is a false positive."""
    predicted = {_key(i.name): i for i in found}
    matched: set[str] = set()
    for person in people:
        label = WATCHLISTED if person.get("watchlist") else OTHER_INDIVIDUALS
        names = {_key(person["name"]), *(_key(m) for m in person.get("mentions", ()))}
        hits = {
            key
            for key, mention in predicted.items()
            if key in names
            or _key(mention.canonical) in names
            or any(_same_person(key, name) for name in names)
        }
        matched |= hits
        for counts in (report.totals[label], report.totals[INDIVIDUALS]):
            if hits:
                counts.tp += 1
            else:
                counts.fn += 1
    for key, mention in predicted.items():
        if key not in matched:
            label = WATCHLISTED if mention.source == "watchlist" else OTHER_INDIVIDUALS
            report.totals[label].fp += 1
            report.totals[INDIVIDUALS].fp += 1


def _same_person(predicted: str, gold: str) -> bool:
    """Whether the words of one name are all among the other's (initials as their letter)."""
    first, second = set(_name_words(predicted)), set(_name_words(gold))
    return bool(first and second) and (first <= second or second <= first)


def _name_words(name: str) -> list[str]:
    return [w.rstrip(".") for w in name.split() if len(w.rstrip(".")) > 1 or w.endswith(".")]


def _key(name: str | None) -> str:
    return " ".join(fold(name or "").split())
