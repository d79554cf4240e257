"""Named individuals: watchlist names, trained-NER persons, or the heuristic name finder.

The heuristic (used for a language with no trained NER pipeline configured) takes a run of two
to five capitalised words that starts with a given name from ``given_names.txt`` or follows a
person cue from ``names.yaml`` ("su hijo", "named"), may hold particles ("de la"), and may reach
back over one or two capitalised words before a given name mid-sentence ("Yorbis Andrés
Pérez"). It skips hashtags, headline-case posts, and anything that overlaps an actor, a public
figure or a watchlist name.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Protocol

from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from nlp.intervals import Intervals
from nlp.lexicon import Lexicon
from nlp.matching import GIVEN_NAME, PERSON_CUE, WATCHLIST, Match

WATCHLIST_SOURCE, NER, HEURISTIC = WATCHLIST, "ner", "heuristic"


class CueTables(Protocol):
    """What the finders read of the cue component: its lexicon and name finder."""

    lexicon: Lexicon
    names: NameFinder


_MAX_NAME_WORDS = 5
_MAX_REACH_BACK = 2
_HEADLINE_SHARE = 0.6
_HEADLINE_MIN_WORDS = 6
_TITLE_WORD = re.compile(r"\b[A-ZÁÉÍÓÚÑ][a-záéíóúñ]{3,}")
_LONG_WORD = re.compile(r"\b[^\W\d_]{4,}")
_SENTENCE_ENDS = frozenset({".", "!", "?", ":", ";", "\n", '"', "“", "”", "|", "-", "—"})


class NameFinder:
    """The heuristic person-name finder over a tokenized doc."""

    def __init__(self, lexicon: Lexicon) -> None:
        self._not_name = lexicon.not_name_words
        self._particles = lexicon.name_particles

    def find(
        self, doc: Doc, given: Sequence[Match], cues: Sequence[Match], blocked: Intervals
    ) -> list[Span]:
        """Name-shaped spans starting at a given name or right after a person cue."""
        spans = []
        starts = [(m.start, False) for m in given] + [(m.end, True) for m in cues]
        for start, after_cue in starts:
            span = self._name_at(doc, start, reach_back=not after_cue)
            if span is not None and not blocked.overlaps(span.start, span.end):
                spans.append(span)
        if not spans or _is_headline(doc.text):  # the headline test costs more: it runs last
            return []
        return filter_spans(spans)

    def _name_at(self, doc: Doc, start: int, reach_back: bool) -> Span | None:
        if start >= len(doc) or not self._is_name_word(doc[start]) or _in_hashtag(doc, start):
            return None
        end, words, i = start + 1, 1, start + 1
        while i < len(doc) and words < _MAX_NAME_WORDS:
            token = doc[i]
            if self._is_name_word(token):
                words, end, i = words + 1, i + 1, i + 1
            elif token.lower_ in self._particles:
                after = i
                while after < len(doc) and doc[after].lower_ in self._particles:
                    after += 1
                if after == len(doc) or not self._is_name_word(doc[after]):
                    break
                i = after
            else:
                break
        if reach_back:
            for _ in range(_MAX_REACH_BACK):
                before = start - 1
                if before <= 0 or doc[before - 1].text in _SENTENCE_ENDS:
                    break
                if not self._is_name_word(doc[before]):
                    break
                start, words = before, words + 1
        return doc[start:end] if words >= 2 else None

    def _is_name_word(self, token: Token) -> bool:
        return (
            token.is_title
            and token.is_alpha
            and token.text not in self._not_name
            and token.lower_ not in self._particles
        )


def individual_spans(
    doc: Doc,
    found: dict[str, list[Match]],
    named: list[tuple[str, Match]],
    ner: list[Span],
    cues: CueTables,
) -> list[Span]:
    """Watchlist names (kb_id_ = the listed name), then other people: a trained NER's persons
    where the doc's language has one, else the heuristic finder; never an actor or a public
    figure."""
    lexicon = cues.lexicon
    spans = []
    for kind, m in named:
        if kind == WATCHLIST:
            person = lexicon.watchlist[int(m.value)]
            spans.append(Span(doc, m.start, m.end, label=WATCHLIST, kb_id=person.name))
    blocked = Intervals((m.start, m.end) for _, m in named)
    if ner:
        spans += [
            Span(doc, s.start, s.end, label=NER)
            for s in ner
            if not blocked.overlaps(s.start, s.end)
        ]
    elif GIVEN_NAME in found or PERSON_CUE in found:
        spans += [
            Span(doc, s.start, s.end, label=HEURISTIC)
            for s in cues.names.find(
                doc, found.get(GIVEN_NAME, ()), found.get(PERSON_CUE, ()), blocked
            )
        ]
    spans.sort(key=lambda span: span.start)
    return spans


def _in_hashtag(doc: Doc, i: int) -> bool:
    """Whether token i is glued to a preceding '#' or '@' (CamelCase hashtags are split)."""
    while i > 0 and not doc[i - 1].whitespace_:
        i -= 1
    return doc[i].text[:1] in "#@"


def _is_headline(text: str) -> bool:
    """Most longer words capitalised: a headline, where capitals say nothing about names."""
    words = len(_LONG_WORD.findall(text))
    titles = len(_TITLE_WORD.findall(text))
    return words >= _HEADLINE_MIN_WORDS and titles >= _HEADLINE_SHARE * words
