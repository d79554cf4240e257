"""Whether a frame cue is affirmed or contested by its context (negation, distancing, quotes)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Doc

from nlp.annotation import AFFIRMED, CONTESTED
from nlp.lexicon import Lexicon
from nlp.matching import DISTANCER, NEGATOR, REBUTTAL, Match

_QUOTES = frozenset({'"', "“", "”", "«", "»", "'", "‘", "’", "„"})
_REBUTTAL_REACH = 3


@dataclass(frozen=True, slots=True)
class PolarityRules:
    window: int
    distancer_reach: int
    breakers: frozenset[str]

    @classmethod
    def from_lexicon(cls, lexicon: Lexicon) -> PolarityRules:
        return cls(lexicon.negation_window, lexicon.distancer_reach,
                   frozenset(lexicon.clause_breakers))

    def polarity(self, doc: Doc, text: str, chars: tuple[int, int], cue: Match,
                 found: dict[str, list[Match]]) -> str:
        """Contested when a negator ends within `window` tokens before the cue in the same
        clause, a distancer right before it, a rebuttal right after it, or it is quoted
        (`chars` are the cue's character offsets in `text`)."""
        start, end = cue.start, cue.end
        if _quoted(text, *chars):
            return CONTESTED
        if any(start - self.distancer_reach <= d.end <= start for d in found.get(DISTANCER, ())):
            return CONTESTED
        if any(start - self.window <= n.end <= start and not self._crosses(doc, n.end, start)
               for n in found.get(NEGATOR, ())):
            return CONTESTED
        if any(end <= r.start <= end + _REBUTTAL_REACH for r in found.get(REBUTTAL, ())):
            return CONTESTED
        return AFFIRMED

    def _crosses(self, doc: Doc, start: int, end: int) -> bool:
        return any(doc[i].norm_ in self.breakers or "\n" in doc[i].text
                   for i in range(start, end))


def _quoted(text: str, start_char: int, end_char: int) -> bool:
    before = text[max(0, start_char - 2):start_char].rstrip()
    after = text[end_char:end_char + 2].lstrip()
    return bool(before) and bool(after) and before[-1] in _QUOTES and after[0] in _QUOTES


def strongest(polarities: Sequence[str]) -> str:
    """A post's polarity for a frame: contested if any of its mentions is contested."""
    return CONTESTED if CONTESTED in polarities else AFFIRMED
