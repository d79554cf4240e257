"""Ways to use the frame classifier's votes, compared on out-of-fold scores of the training part.

`python -m nlp.train_frames --cross-validate` trains each fold model once; for every held-out
passage it keeps what the rules give alone (with the shipped weak cue support), the frames some
cue (weak or strong) shows, and the classifier's scores. What the pipeline tags under any
threshold policy is then exact and cheap to recompute: the rules' frames plus each frame whose
score reaches its threshold (and, gated, that a cue shows). Per-frame thresholds come from a
small grid, and a frame keeps the global one unless it has enough gold examples and the
change wins clearly: a few hundred passages cannot support finer choices. `nested` says what
choosing them is worth on folds the choice did not see.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from spacy.language import Language

from nlp.evaluate import Counts
from nlp.pipeline import Pipeline

# Above 1.0 the classifier never adds a frame alone.
NEVER = 1.01
# Thresholds a frame may get.
GRID = (0.85, 0.9, 0.95, 0.98, NEVER)
# A frame with fewer gold passages than this keeps the global threshold.
MIN_EXAMPLES = 20
# A frame's own threshold must beat the global one by this much in (tp - fp) over the folds.
MIN_GAIN = 2


@dataclass(frozen=True, slots=True)
class HeldOut:
    """One held-out passage as its fold's model read it."""

    fold: int
    gold: frozenset[str]
    rules: frozenset[str]
    cued: frozenset[str]
    cats: Mapping[str, float]


def set_threshold(nlp: Language, threshold: float, weak_support: float | None = None) -> Language:
    """The frame tagger with this classifier threshold (and weak cue support, else the same)."""
    if weak_support is None:
        weak_support = nlp.get_pipe_config("testigo_frames")["weak_cue_support"]
    config = {"classifier_threshold": threshold, "weak_cue_support": weak_support}
    nlp.replace_pipe("testigo_frames", "testigo_frames", config=config)
    return nlp


def read_held_out(
    pipeline: Pipeline,
    lines: Sequence[dict[str, Any]],
    fold: int,
    cats: Sequence[Mapping[str, float]],
    weak_support: float,
) -> list[HeldOut]:
    """Each held-out line as its fold model read it: frames of the rules alone (the classifier
    only supporting weak cues), frames any cue shows, and the classifier's scores."""
    set_threshold(pipeline.nlp, NEVER, weak_support)
    rules = _frames(pipeline, lines)
    # With support 0.0 every weak cue counts: the frames some cue shows.
    set_threshold(pipeline.nlp, NEVER, 0.0)
    cued = _frames(pipeline, lines)
    return [
        HeldOut(fold, frozenset(line.get("frames", {})), r, c, dict(scores))
        for line, r, c, scores in zip(lines, rules, cued, cats, strict=True)
    ]


def _frames(pipeline: Pipeline, lines: Sequence[dict[str, Any]]) -> list[frozenset[str]]:
    annotations = pipeline.annotate_many((line["text"], None) for line in lines)
    return [frozenset(frame.frame_id for frame in a.frames) for a in annotations]


def tagged(
    passage: HeldOut,
    thresholds: Mapping[str, float],
    default: float,
    gated: Collection[str] = (),
) -> set[str]:
    """The frames the pipeline gives: the rules' ones and those the classifier adds."""
    added = {
        label
        for label, score in passage.cats.items()
        if score >= thresholds.get(label, default) and (label not in gated or label in passage.cued)
    }
    return set(passage.rules) | added


def counts(
    passages: Iterable[HeldOut],
    thresholds: Mapping[str, float],
    default: float,
    gated: Collection[str] = (),
) -> dict[str, Counts]:
    """Counts per frame (and all frames pooled, under "") of a threshold policy."""
    result: dict[str, Counts] = {"": Counts()}
    for passage in passages:
        predicted = tagged(passage, thresholds, default, gated)
        result[""].add(set(passage.gold), predicted)
        for label in passage.gold | predicted:
            result.setdefault(label, Counts()).add(set(passage.gold) & {label}, predicted & {label})
    return result


def choose(passages: Sequence[HeldOut], default: float) -> dict[str, float]:
    """Per-frame thresholds from GRID that beat `default` by MIN_GAIN (tp - fp) on frames
    with MIN_EXAMPLES gold passages; the other frames keep `default`."""
    labels = sorted({label for p in passages for label in p.cats})
    chosen = {}
    for label in labels:
        if sum(label in p.gold for p in passages) < MIN_EXAMPLES:
            continue
        base = _net(passages, label, default)
        best, gain = default, 0
        for threshold in GRID:
            net = _net(passages, label, threshold)
            if net - base >= MIN_GAIN and net - base > gain:
                best, gain = threshold, net - base
        if best != default:
            chosen[label] = best
    return chosen


def _net(passages: Iterable[HeldOut], label: str, threshold: float) -> int:
    """tp - fp of one frame: fn is the same count as gold minus tp, so this orders F1 alike."""
    net = 0
    for passage in passages:
        if label in tagged(passage, {}, threshold):
            net += 1 if label in passage.gold else -1
    return net


def nested(passages: Sequence[HeldOut], default: float) -> Counts:
    """Pooled counts when each fold's thresholds are chosen on the other folds only: an
    honest estimate of what `choose` does on text it did not see."""
    total = Counts()
    for fold in sorted({p.fold for p in passages}):
        rest = [p for p in passages if p.fold != fold]
        held = [p for p in passages if p.fold == fold]
        pool(total, counts(held, choose(rest, default), default)[""])
    return total


def pool(total: Counts, counts: Counts) -> None:
    total.tp += counts.tp
    total.fp += counts.fp
    total.fn += counts.fn


def report(passages: Sequence[HeldOut], default: float) -> str:
    """Global threshold vs per-frame thresholds vs gating the classifier on a cue, pooled and
    per frame, over the out-of-fold predictions."""
    labels = sorted({label for p in passages for label in p.cats})
    chosen = choose(passages, default)
    policies = {
        f"global {default:.2f}": counts(passages, {}, default),
        "per frame": counts(passages, chosen, default),
        "cue-gated": counts(passages, {}, default, gated=labels),
        "never alone": counts(passages, {}, NEVER),
    }
    rows = [f"out-of-fold, {len(passages)} passages; per-frame thresholds: {chosen}"]
    rows.append(f"{'policy':<22}" + "".join(f" {name:>20}" for name in policies))
    for label in ["", *labels]:
        cells = [_cell(policy.get(label, Counts())) for policy in policies.values()]
        rows.append(f"{label or 'ALL':<22}" + "".join(f" {cell:>20}" for cell in cells))
    honest = nested(passages, default)
    rows.append(f"per frame, chosen on the other folds: {_prf(honest)}")
    return "\n".join(rows)


def _cell(c: Counts) -> str:
    return f"{c.precision:.3f}/{c.recall:.3f}/{c.f1:.3f}"


def _prf(c: Counts) -> str:
    return f"P {c.precision:.3f} R {c.recall:.3f} F1 {c.f1:.3f}"
