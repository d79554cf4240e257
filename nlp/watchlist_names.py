"""Watchlist people named in ways the phrase matcher cannot list: a distinctive part of the name
alone ("Urruchurtu lleva un año preso", "Andry was deported") and misspellings one edit away
("Andri Hernandez", "Free De Grasia").

A part is distinctive when it belongs to one listed person only and is not a common given name,
a common surname, a function word, a non-name word or a word of an actor's, a public figure's
or a lexicon term: "Tudares" alone names Rafael Tudares; "Rafael" or "Hernández" alone name
nobody in particular. A misspelt word names a person alone only when it is long
(``_MIN_FUZZY_ALONE``); shorter ones need a second word of the same person's name beside them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from spacy.attrs import IS_TITLE
from spacy.lang.en.stop_words import STOP_WORDS as EN_STOP_WORDS
from spacy.lang.es.stop_words import STOP_WORDS as ES_STOP_WORDS
from spacy.tokens import Doc, Span, Token

from nlp.intervals import Intervals
from nlp.lexicon import Lexicon
from nlp.matching import WATCHLIST
from nlp.text import fold

_MIN_PART = 4  # shorter words ("Gil", "Paz") never name anyone alone
_MIN_FUZZY = 4  # shorter words are never read as misspellings
_MIN_FUZZY_ALONE = 6
_CACHE_LIMIT = 1 << 16
_MAX_GAP = 3  # "Américo De Grasia": a particle or a capitalised word between two name words
_WORD = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True, slots=True)
class _Reading:
    """One watchlist person a word may name."""

    person: int
    alone: bool  # names the person on its own: a distinctive part, or a long misspelling of one
    rare: bool  # not a common word: with a second word of the same name, names the person


@dataclass(frozen=True, slots=True)
class _Hit:
    position: int
    readings: tuple[_Reading, ...]


class WatchlistNames:
    """Finds listed people by a distinctive part of their name or a one-edit misspelling."""

    def __init__(self, lexicon: Lexicon) -> None:
        self._particles = lexicon.name_particles
        self._listed_names = [person.name for person in lexicon.watchlist]
        self._common = _common_words(lexicon)
        owners: dict[str, set[int]] = {}
        for index, person in enumerate(lexicon.watchlist):
            for name in (person.name, *person.aliases):
                for word in _name_words(name):
                    key = fold(word)
                    if len(key) >= 3 and key not in self._particles:
                        owners.setdefault(key, set()).add(index)
        self._owners = owners
        self._distinctive = frozenset(
            key
            for key, people in owners.items()
            if len(people) == 1 and len(key) >= _MIN_PART and key not in self._common
        )
        self._by_deletion: dict[str, set[str]] = {}
        for key in owners:
            if len(key) >= _MIN_FUZZY:
                for variant in _deletions(key):
                    self._by_deletion.setdefault(variant, set()).add(key)
        self._by_orth: dict[int, tuple[_Reading, ...]] = {}

    def find(self, doc: Doc, taken: Intervals) -> list[Span]:
        """Runs of capitalised words outside `taken` that name one listed person, labelled
        like the phrase matcher's watchlist names (kb_id_ = the listed name)."""
        titled = doc.to_array(IS_TITLE).nonzero()[0]  # one C pass; Python visits capitals only
        hits = []
        for i in titled.tolist():
            readings = self._read_word(doc[i])
            if readings and not taken.overlaps(i, i + 1):
                hits.append(_Hit(i, readings))
        spans: list[Span] = []
        run: list[_Hit] = []
        for hit in hits:
            if run and not self._joined(doc, run[-1].position, hit.position):
                spans += self._named_in(doc, run)
                run = []
            run.append(hit)
        if run:
            spans += self._named_in(doc, run)
        return spans

    def _joined(self, doc: Doc, before: int, after: int) -> bool:
        """Whether only capitalised words and particles stand between two words of a name."""
        return after - before <= _MAX_GAP and all(
            doc[i].is_title or doc[i].lower_ in self._particles for i in range(before + 1, after)
        )

    def _named_in(self, doc: Doc, run: list[_Hit]) -> list[Span]:
        """The span of a run of name words that names one listed person, if one does."""
        by_person: dict[int, list[tuple[int, _Reading]]] = {}
        for hit in run:
            for reading in hit.readings:
                by_person.setdefault(reading.person, []).append((hit.position, reading))
        best = None
        for person, found in by_person.items():
            named = any(reading.alone for _, reading in found) or (
                len(found) > 1 and any(reading.rare for _, reading in found)
            )
            if named and (best is None or len(found) > len(by_person[best])):
                best = person
        if best is None:
            return []
        first, last = by_person[best][0][0], by_person[best][-1][0] + 1
        if first > 0 and doc[first - 1].is_title and doc[first - 1].lower_ in self._particles:
            first -= 1  # "De Grasia"
        return [Span(doc, first, last, label=WATCHLIST, kb_id=self._listed_names[best])]

    def _read_word(self, token: Token) -> tuple[_Reading, ...]:
        readings = self._by_orth.get(token.orth)
        if readings is None:
            if len(self._by_orth) > _CACHE_LIMIT:
                self._by_orth.clear()
            readings = self._by_orth[token.orth] = self._read(fold(token.text))
        return readings

    def _read(self, key: str) -> tuple[_Reading, ...]:
        """The people a folded word may name, exactly or one edit away."""
        people = self._owners.get(key)
        if people is not None:
            distinctive = key in self._distinctive
            return tuple(
                _Reading(p, alone=distinctive, rare=key not in self._common) for p in people
            )
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


def _common_words(lexicon: Lexicon) -> frozenset[str]:
    """Folded words too common to name a listed person alone, or to be a misspelling of one."""
    phrases: Iterable[str] = (
        *lexicon.given_names,
        *lexicon.surnames,
        *lexicon.not_name_words,
        *lexicon.public_figures,
        *(t for actor in lexicon.actors for t in (*actor.terms, *actor.case_sensitive)),
        *(t for frame in lexicon.frames for t in (*frame.terms, *frame.contested_terms)),
        *lexicon.person_cues,
        *lexicon.official_cues,
        *EN_STOP_WORDS,
        *ES_STOP_WORDS,
    )
    return frozenset(fold(word) for phrase in phrases for word in _WORD.findall(phrase))


def _name_words(name: str) -> list[str]:
    """The capitalised words of a listed name or alias ("madre de María Corina": María,
    Corina); hashtags and handles are matched whole by the phrase matcher instead."""
    if name.startswith(("#", "@")):
        return []
    return [word for word in _WORD.findall(name) if word[0].isupper()]


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
