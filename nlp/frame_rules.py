"""Frame evidence beyond a cue's own words: phrases that hold a cue without invoking its frame,
actors whose naming invokes a frame, and weak cues that need support."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from spacy.tokens import Doc, Span

from nlp.intervals import Intervals
from nlp.lexicon import FrameEntry
from nlp.matching import (
    EVERY_FRAME,
    FRAME_IGNORE,
    FRAME_IN_NAME,
    FRAME_WEAK,
    Match,
    longest_first,
)


class IgnoredPhrases:
    """The ignore phrases found in a post, per frame (EVERY_FRAME for those of every frame)."""

    def __init__(self, found: Mapping[str, list[Match]]) -> None:
        by_frame: dict[str, list[tuple[str, Match]]] = {}
        for m in found.get(FRAME_IGNORE, ()):
            by_frame.setdefault(m.value, []).append(("", m))
        self._spans = {
            frame_id: Intervals((m.start, m.end) for _, m in longest_first(tagged))
            for frame_id, tagged in by_frame.items()
        }

    def hide(self, frame_id: str, cue: Match) -> bool:
        """Whether an ignore phrase of every frame or of `frame_id` covers the cue."""
        return any(
            spans.contains(cue.start, cue.end)
            for key in (EVERY_FRAME, frame_id)
            if (spans := self._spans.get(key)) is not None
        )


def cues_by_frame(
    found: Mapping[str, list[Match]], names: Intervals, kinds: Iterable[str]
) -> dict[str, list[tuple[str, Match]]]:
    """(kind, cue) per frame id: cues of `kinds` outside the actor names `names` (but for
    cues that count inside them) and outside ignore phrases."""
    ignored = IgnoredPhrases(found)
    by_frame: dict[str, list[tuple[str, Match]]] = {}
    for kind in kinds:
        for m in found.get(kind, ()):
            named = kind != FRAME_IN_NAME and names.contains(m.start, m.end)
            if not named and not ignored.hide(m.value, m):
                by_frame.setdefault(m.value, []).append((kind, m))
    return by_frame


def invoking_actors(frames: Iterable[FrameEntry]) -> dict[str, tuple[str, ...]]:
    """Frame id -> the actor ids whose naming invokes it (frames.yaml `invoked_by`)."""
    return {frame.frame_id: frame.invoked_by for frame in frames if frame.invoked_by}


def named_invokers(
    actors: Iterable[Span], invokers: Mapping[str, tuple[str, ...]], framed: set[str]
) -> list[tuple[str, Span]]:
    """(frame id, the first actor span naming one of its invokers) for each frame no cue shows:
    a court named is due process at stake, Tren de Aragua named is the gang accusation."""
    first: dict[str, Span] = {}
    for span in actors:
        first.setdefault(span.label_, span)
    found = []
    for frame_id, actor_ids in invokers.items():
        if frame_id in framed:
            continue
        spans = [first[a] for a in actor_ids if a in first]
        if spans:
            found.append((frame_id, min(spans, key=lambda s: s.start)))
    return found


def supported(
    by_frame: dict[str, list[tuple[str, Match]]],
    doc: Doc,
    cats: Mapping[str, float],
    support: float,
) -> dict[str, list[tuple[str, Match]]]:
    """The frames whose cues invoke them: a frame shown only by weak cues (frames.yaml
    `weak_terms`: "court", "elecciones") needs two different ones ("court" and "judge") or the
    classifier's score for it at `support` or above, since one generic word is not framing."""
    kept = {}
    for frame_id, tagged in by_frame.items():
        weak = [m for kind, m in tagged if kind == FRAME_WEAK]
        if len(weak) == len(tagged) and cats.get(frame_id, 0.0) < support:
            words = {_norms(doc, m) for _, m in longest_first([("", m) for m in weak])}
            if len(words) < 2:
                continue
        kept[frame_id] = tagged
    return kept


def _norms(doc: Doc, cue: Match) -> tuple[str, ...]:
    return tuple(token.norm_ for token in doc[cue.start : cue.end])
