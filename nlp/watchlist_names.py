"""Watchlist people named in ways the phrase matcher cannot list in full: a distinctive part of
the name alone ("Urruchurtu lleva un año preso", "Andry was deported"; see nlp.name_parts) and
names the finders found that are a listed name misspelt one edit away ("Andri Hernandez",
"Free De Grasia", "Pedro Uruchurtu").

A misspelt word names a person alone only when it is long (``_MIN_FUZZY_ALONE``) and close to a
distinctive part; otherwise it needs a second word of the same person's name beside it, one of
them not a common word ("Rafael Tudarez"; "José Hernández" names nobody in particular).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Span

from nlp.doc_state import doc_state
from nlp.intervals import Intervals
from nlp.lexicon import Lexicon
from nlp.matching import WATCHLIST, Match
from nlp.name_parts import common_words, distinctive_words, listed_words
from nlp.text import fold
from nlp.text_shapes import written_in_lower_case

_MIN_FUZZY = 4  # shorter words are never read as misspellings
_MIN_FUZZY_ALONE = 6
_CACHE_LIMIT = 1 << 16


@dataclass(frozen=True, slots=True)
class _Reading:
    """One watchlist person a word may name."""

    person: int
    alone: bool  # names the person on its own: a distinctive part, or a long misspelling of one
    rare: bool  # not a common word: with a second word of the same name, names the person


class WatchlistNames:
    """Listed people named by a distinctive part of their name or misspelt."""

    def __init__(self, lexicon: Lexicon) -> None:
        self._listed_names = [person.name for person in lexicon.watchlist]
        self._common = common_words(lexicon)
        self._owners = listed_words(lexicon)
        self._distinctive = distinctive_words(lexicon, self._owners)
        self._by_deletion: dict[str, set[str]] = {}
        for key in self._owners:
            if len(key) >= _MIN_FUZZY:
                for variant in _deletions(key):
                    self._by_deletion.setdefault(variant, set()).add(key)
        self._by_orth: dict[int, tuple[_Reading, ...]] = {}

    def parts(self, doc: Doc, parts: Sequence[Match], taken: Intervals) -> list[Span]:
        """The distinctive parts the matcher found outside `taken`, capitalised or in a post
        written in lower case ("free tudares"), as the listed names they stand for."""
        spans = []
        lower_case = None
        for m in parts:
            if taken.overlaps(m.start, m.end):
                continue
            token = doc[m.start]
            if not (token.is_title or token.text.isupper()):
                if lower_case is None:
                    lower_case = written_in_lower_case(doc_state(doc).text)
                if not lower_case:
                    continue
            spans.append(self._listed(doc, m.start, m.end, int(m.value)))
        return spans

    def misspelt(self, span: Span) -> Span | None:
        """The found name `span` as the listed person it names misspelt, if it names one."""
        doc = span.doc
        by_person: dict[int, list[_Reading]] = {}
        for i in range(span.start, span.end):
            for reading in self._read(doc, doc[i].orth):
                by_person.setdefault(reading.person, []).append(reading)
        best = None
        for person, found in by_person.items():
            named = any(r.alone for r in found) or (len(found) > 1 and any(r.rare for r in found))
            if named and (best is None or len(found) > len(by_person[best])):
                best = person
        return None if best is None else self._listed(doc, span.start, span.end, best)

    def _listed(self, doc: Doc, start: int, end: int, person: int) -> Span:
        return Span(doc, start, end, label=WATCHLIST, kb_id=self._listed_names[person])

    def _read(self, doc: Doc, orth: int) -> tuple[_Reading, ...]:
        """The people a word may name, exactly or one edit away (cached by spelling)."""
        readings = self._by_orth.get(orth)
        if readings is None:
            if len(self._by_orth) > _CACHE_LIMIT:
                self._by_orth.clear()
            readings = self._by_orth[orth] = self._read_key(fold(doc.vocab.strings[orth]))
        return readings

    def _read_key(self, key: str) -> tuple[_Reading, ...]:
        people = self._owners.get(key)
        if people is not None:
            distinctive, rare = key in self._distinctive, key not in self._common
            return tuple(_Reading(p, alone=distinctive, rare=rare) for p in people)
        if len(key) < _MIN_FUZZY or key in self._common:
            return ()
        near = {word for v in _deletions(key) for word in self._by_deletion.get(v, ())}
        return tuple(
            _Reading(
                p,
                alone=word in self._distinctive and len(key) >= _MIN_FUZZY_ALONE,
                rare=word not in self._common,
            )
            for word in sorted(near)
            if _one_edit(key, word)
            for p in self._owners[word]
        )


def _deletions(word: str) -> set[str]:
    """The word and every string one deletion away from it (symmetric-delete look-up)."""
    return {word, *(word[:i] + word[i + 1 :] for i in range(len(word)))}


def _one_edit(first: str, second: str) -> bool:
    """Whether two words differ by one substitution, insertion, deletion or swap of
    neighbours."""
    if first == second:
        return True
    if abs(len(first) - len(second)) > 1:
        return False
    if len(first) > len(second):
        first, second = second, first
    i = 0
    while i < len(first) and first[i] == second[i]:
        i += 1
    if len(first) < len(second):
        return first[i:] == second[i + 1 :]
    return first[i + 1 :] == second[i + 1 :] or (
        i + 1 < len(first)
        and first[i] == second[i + 1]
        and first[i + 1] == second[i]
        and first[i + 2 :] == second[i + 2 :]
    )
