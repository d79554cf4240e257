"""Whether a frame cue is affirmed or contested by its context (negation, distancing, quotes),
and where each frame span's polarity is kept (``span._.polarity``)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from operator import attrgetter
from typing import NamedTuple, cast

from spacy.tokens import Doc, Span

from nlp.annotation import AFFIRMED, CONTESTED
from nlp.intervals import any_between
from nlp.lexicon import Lexicon
from nlp.matching import DISTANCER, NEGATOR, REBUTTAL, REPORTER, Match
from nlp.text import norm

_QUOTES = frozenset({'"', "“", "”", "«", "»", "'", "‘", "’", "„"})
# Spanish and French presses quote speakers between guillemets, and keep them for that.
_SPEECH_QUOTES = frozenset({"«"})
_SENTENCE_ENDS = frozenset({".", "!", "?"})
_REBUTTAL_REACH = 3
_QUOTE_REACH = 10  # characters, so a padded HTML entity (&quot;) still counts as a quote
_START, _END = attrgetter("start"), attrgetter("end")  # a Match's places, read in C


@dataclass(frozen=True, slots=True)
class PolarityRules:
    window: int
    distancer_reach: int
    scope: frozenset[str]  # token norms a negator reads across to reach a cue
    reporter_reach: int

    @classmethod
    def from_lexicon(cls, lexicon: Lexicon) -> PolarityRules:
        return cls(
            lexicon.negation_window,
            lexicon.distancer_reach,
            frozenset(norm(word) for word in lexicon.negation_scope),
            lexicon.reporter_reach,
        )

    def context(self, found: dict[str, list[Match]], text: str) -> PolarityContext:
        return PolarityContext(
            any(map(text.__contains__, _QUOTES)),
            _sorted_places(found, NEGATOR, _END),
            _sorted_places(found, DISTANCER, _END),
            _sorted_places(found, REBUTTAL, _START),
            _sorted_places(found, REPORTER, _END),
        )

    def polarity(
        self, doc: Doc, text: str, chars: tuple[int, int], cue: Match, context: PolarityContext
    ) -> str:
        """Contested when a negator reaches the cue (see `_reaches`), a distancer stands right
        before it, a rebuttal right after it, or it is quoted other than as reported speech
        (`chars` are the cue's character offsets in `text`)."""
        start, end = cue.start, cue.end
        if context.has_quotes:
            quote = _opening_quote(text, *chars)
            if quote and not self._reported(doc, quote, start, context):
                return CONTESTED
        if context.distancer_ends and any_between(
            context.distancer_ends, start - self.distancer_reach, start
        ):
            return CONTESTED
        if context.negator_ends and any(
            self._reaches(doc, negator_end, start)
            for negator_end in any_between(context.negator_ends, start - self.window, start)
        ):
            return CONTESTED
        if context.rebuttal_starts and any_between(
            context.rebuttal_starts, end, end + _REBUTTAL_REACH
        ):
            return CONTESTED
        return AFFIRMED

    def _reaches(self, doc: Doc, negator_end: int, cue_start: int) -> bool:
        """A negation reaches a cue across scope words only (articles, copulas, auxiliaries):
        "they are not terrorists" contests the cue, "he did not mention the political
        prisoners" negates the verb, and a comma or a "but" ends its clause."""
        return all(doc[i].norm_ in self.scope for i in range(negator_end, cue_start))

    def _reported(self, doc: Doc, quote: str, cue_start: int, context: PolarityContext) -> bool:
        """Whether a quoted cue is someone's words reported ("Saab said the men had been
        "kidnapped"") rather than held at arm's length ("the 'political prisoners'")."""
        if quote in _SPEECH_QUOTES:
            return True
        return any(
            not any(_ends_sentence(doc[i].text) for i in range(reporter_end, cue_start))
            for reporter_end in any_between(
                context.reporter_ends, cue_start - self.reporter_reach, cue_start
            )
        )


class PolarityContext(NamedTuple):
    """The polarity cues of one post, sorted by position, and whether it has a quote mark.
    A named tuple: a post makes one, and a frozen dataclass took a microsecond to."""

    has_quotes: bool
    negator_ends: list[int]
    distancer_ends: list[int]
    rebuttal_starts: list[int]
    reporter_ends: list[int]


def _sorted_places(
    found: dict[str, list[Match]], kind: str, place: Callable[[Match], int]
) -> list[int]:
    """The places (`place`: start or end) of the cues of `kind`, sorted; most posts hold none."""
    matches = found.get(kind)
    return sorted(map(place, matches)) if matches else []


def _ends_sentence(token_text: str) -> bool:
    return token_text in _SENTENCE_ENDS or "\n" in token_text


def _opening_quote(text: str, start_char: int, end_char: int) -> str:
    """The quote mark opening a quoted cue, or "" when the cue is not between quote marks."""
    before = text[max(0, start_char - _QUOTE_REACH) : start_char].rstrip()
    after = text[end_char : end_char + _QUOTE_REACH].lstrip()
    if before and after and before[-1] in _QUOTES and after[0] in _QUOTES:
        return before[-1]
    return ""


def strongest(polarities: Sequence[str]) -> str:
    """A post's polarity for a frame: contested if any of its mentions is contested."""
    return CONTESTED if CONTESTED in polarities else AFFIRMED


# Per-span polarity lives in the doc's user data under (start, end, label): spaCy's own span
# extensions are keyed by offsets alone, and two frames may share a cue's offsets.
_POLARITY_KEY = "testigo.polarity"


def _polarities(doc: Doc) -> dict[tuple[str, int, int, int], str]:
    """The doc's user data, where polarities are kept. spaCy's stub types its keys as
    strings, but spaCy keys its own extension values by tuples too."""
    return cast(dict[tuple[str, int, int, int], str], doc.user_data)


def set_polarity(span: Span, value: str) -> None:
    _polarities(span.doc)[(_POLARITY_KEY, span.start, span.end, span.label)] = value


def polarity_of(span: Span) -> str:
    """A frame span's polarity (``span._.polarity``, without making an extension object)."""
    return polarities_of(span.doc, (span,))[0]


def polarities_of(doc: Doc, spans: Iterable[Span]) -> list[str]:
    """The polarities of a doc's frame spans, read in one pass."""
    kept = _polarities(doc)
    return [kept.get((_POLARITY_KEY, s.start, s.end, s.label), AFFIRMED) for s in spans]


if not Span.has_extension("polarity"):
    Span.set_extension("polarity", getter=polarity_of, setter=set_polarity)
