"""Whether a frame cue is affirmed or contested by its context (negation, distancing, quotes)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Doc

from nlp.annotation import AFFIRMED, CONTESTED
from nlp.intervals import any_between
from nlp.lexicon import Lexicon
from nlp.matching import DISTANCER, NEGATOR, REBUTTAL, Match

_QUOTES = frozenset({'"', "“", "”", "«", "»", "'", "‘", "’", "„"})
_REBUTTAL_REACH = 3
_QUOTE_REACH = 10  # characters, so a padded HTML entity (&quot;) still counts as a quote


@dataclass(frozen=True, slots=True)
class PolarityRules:
    window: int
    distancer_reach: int
    breakers: frozenset[str]

    @classmethod
    def from_lexicon(cls, lexicon: Lexicon) -> PolarityRules:
        return cls(
            lexicon.negation_window, lexicon.distancer_reach, frozenset(lexicon.clause_breakers)
        )

    def context(self, found: dict[str, list[Match]], text: str) -> PolarityContext:
        return PolarityContext(
            has_quotes=any(quote in text for quote in _QUOTES),
            negator_ends=sorted(m.end for m in found.get(NEGATOR, ())),
            distancer_ends=sorted(m.end for m in found.get(DISTANCER, ())),
            rebuttal_starts=sorted(m.start for m in found.get(REBUTTAL, ())),
        )

    def polarity(
        self, doc: Doc, text: str, chars: tuple[int, int], cue: Match, context: PolarityContext
    ) -> str:
        """Contested when a negator ends within `window` tokens before the cue in the same
        clause, a distancer right before it, a rebuttal right after it, or it is quoted
        (`chars` are the cue's character offsets in `text`)."""
        start, end = cue.start, cue.end
        if context.has_quotes and _quoted(text, *chars):
            return CONTESTED
        if context.distancer_ends and any_between(
            context.distancer_ends, start - self.distancer_reach, start
        ):
            return CONTESTED
        if context.negator_ends and any(
            not self._crosses(doc, negator_end, start)
            for negator_end in any_between(context.negator_ends, start - self.window, start)
        ):
            return CONTESTED
        if context.rebuttal_starts and any_between(
            context.rebuttal_starts, end, end + _REBUTTAL_REACH
        ):
            return CONTESTED
        return AFFIRMED

    def _crosses(self, doc: Doc, start: int, end: int) -> bool:
        return any(doc[i].norm_ in self.breakers or "\n" in doc[i].text for i in range(start, end))


@dataclass(frozen=True, slots=True)
class PolarityContext:
    """The polarity cues of one post, sorted by position, and whether it has a quote mark."""

    has_quotes: bool
    negator_ends: list[int]
    distancer_ends: list[int]
    rebuttal_starts: list[int]


def _quoted(text: str, start_char: int, end_char: int) -> bool:
    before = text[max(0, start_char - _QUOTE_REACH) : start_char].rstrip()
    after = text[end_char : end_char + _QUOTE_REACH].lstrip()
    return bool(before) and bool(after) and before[-1] in _QUOTES and after[0] in _QUOTES


def strongest(polarities: Sequence[str]) -> str:
    """A post's polarity for a frame: contested if any of its mentions is contested."""
    return CONTESTED if CONTESTED in polarities else AFFIRMED
