"""Frame evidence beyond a cue's own words: phrases that hold a cue without invoking its frame,
and actors whose naming invokes a frame."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from spacy.tokens import Span

from nlp.intervals import Intervals
from nlp.lexicon import FrameEntry
from nlp.matching import EVERY_FRAME, FRAME_IGNORE, Match, longest_first


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
