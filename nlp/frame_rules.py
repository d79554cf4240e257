"""Frame evidence beyond a cue's own words: phrases that hold a cue without invoking its frame,
actors whose naming invokes a frame, weak cues that need support, and pairs of words that
invoke a frame only together."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from spacy.tokens import Doc, Span

from nlp.custody_words import DETENTION_STEMS
from nlp.intervals import Intervals
from nlp.lexicon import FrameEntry, WatchlistEntry
from nlp.matching import (
    EVERY_FRAME,
    FRAME,
    FRAME_AFFIRMED,
    FRAME_CONTESTED,
    FRAME_IGNORE,
    FRAME_IN_NAME,
    FRAME_NEAR_FIRST,
    FRAME_NEAR_SECOND,
    FRAME_WEAK,
    WATCHLIST,
    Match,
    longest_first,
)
from nlp.speaking_counsel import speaking_counsel
from nlp.text import fold

# The cue kinds that can show a frame; a pair's first half stands for its pairs.
CUE_KINDS = (FRAME, FRAME_CONTESTED, FRAME_AFFIRMED, FRAME_IN_NAME, FRAME_WEAK, FRAME_NEAR_FIRST)
# At most this many words between a pair's halves: "detuvieron a más de 2.000 manifestantes".
NEAR_GAP = 6
_SENTENCE_BREAKS = frozenset(".!?;")
POLITICAL_REPRESSION = "political_repression"
# Words of detention or release (folded starts; "#LiberenA..." too): a listed prisoner named
# among them is a prisoner spoken of, not a politician's biography or a poisoning.
_HELD_STEMS = (
    *DETENTION_STEMS,
    *"detuv aprehend prison impris carcel encerrad encierro locked held custod incomunicad "
    "incommunicado aislad agarr sacada cell celda rejas free releas libera liberen libere libero "
    "excarcel recluid reclusion".split(),
)


class IgnoredPhrases:
    """The ignore phrases found in a post, per frame (EVERY_FRAME for those of every frame)."""

    def __init__(self, ignores: Iterable[Match]) -> None:
        by_frame: dict[str, list[tuple[str, Match]]] = {}
        for m in ignores:
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
    doc: Doc, found: Mapping[str, list[Match]], names: Intervals
) -> dict[str, list[tuple[str, Match]]]:
    """(kind, cue) per frame id: cues outside the actor names `names` (but for cues that
    count inside them) and outside ignore phrases; a pair's halves found together are one
    cue of kind FRAME. A lawyer quoted as a source is ignored as the phrases are."""
    ignores = [*found.get(FRAME_IGNORE, ()), *speaking_counsel(doc, found)]
    # Most posts hold no ignore phrase: their cues skip the look-up.
    ignored = IgnoredPhrases(ignores) if ignores else None
    by_frame: dict[str, list[tuple[str, Match]]] = {}
    for kind in CUE_KINDS:
        cues = found.get(kind, ())
        if kind == FRAME_NEAR_FIRST and cues:
            kind, cues = FRAME, near_pairs(doc, found)
        for m in cues:
            named = kind != FRAME_IN_NAME and names.contains(m.start, m.end)
            if not named and not (ignored and ignored.hide(m.value, m)):
                by_frame.setdefault(m.value, []).append((kind, m))
    return by_frame


def near_pairs(doc: Doc, found: Mapping[str, list[Match]]) -> list[Match]:
    """Pairs (frames.yaml `near`) whose halves stand in either order within NEAR_GAP words of
    each other in one sentence, each as a cue from the first word to the last: "arrested" or
    "protesters" alone is not persecution, "arrested dozens of protesters" is."""
    seconds: dict[str, list[Match]] = {}
    for m in found.get(FRAME_NEAR_SECOND, ()):
        seconds.setdefault(m.value, []).append(m)
    pairs = []
    for first in found.get(FRAME_NEAR_FIRST, ()):
        for second in seconds.get(first.value, ()):
            left, right = sorted((first, second), key=lambda m: m.start)
            between = doc[left.end : right.start]
            if left.end <= right.start <= left.end + NEAR_GAP and not any(
                token.text in _SENTENCE_BREAKS for token in between
            ):
                pairs.append(Match(first.value.split()[0], left.start, max(left.end, right.end)))
    return pairs


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


def prisoner_named(
    doc: Doc,
    named: Iterable[tuple[str, Match]],
    watchlist: tuple[WatchlistEntry, ...],
    framed: set[str],
) -> list[Span]:
    """Political repression on a listed political prisoner's name ("Free Biagio Pilieri")
    when no cue shows it and the post speaks of detention or release: the same name in a
    biography ("X is a Venezuelan politician") or another harm ("X was poisoned") is not it."""
    if POLITICAL_REPRESSION in framed:
        return []
    for kind, m in named:
        if kind == WATCHLIST and watchlist[int(m.value)].kind == "political_prisoner":
            if any(_held_word(token.lower_) for token in doc):
                return [Span(doc, m.start, m.end, label=POLITICAL_REPRESSION)]
            return []
    return []


def _held_word(word: str) -> bool:
    folded = fold(word).lstrip("#")
    return folded.startswith(_HELD_STEMS) and not folded.startswith(("liberal", "freedom"))
