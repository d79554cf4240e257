"""The words of watchlist names, and which of them name one listed person on their own.

A part is distinctive when it belongs to one listed person only and is not a common given name,
a common surname, a function word, a non-name word or a word of an actor's, a public figure's
or a lexicon term: "Tudares" alone names Rafael Tudares; "Rafael" or "Hernández" alone name
nobody in particular. The phrase matcher finds distinctive parts (nlp.matching); misspellings
are read from the same words (nlp.watchlist_names).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from spacy.about import __version__ as spacy_version
from spacy.lang.en.stop_words import STOP_WORDS as EN_STOP_WORDS
from spacy.lang.es.stop_words import STOP_WORDS as ES_STOP_WORDS

from nlp.disk_cache import code_version, kept
from nlp.lexicon import Lexicon
from nlp.text import fold

CACHE_FILE = "common-words.pickle"
_CACHE_FORMAT = "testigo-common-words-1"
_MAKERS = ("nlp.lexicon", "nlp.lexicon_terms", "nlp.name_parts", "nlp.text")
MIN_PART = 4  # shorter words ("Gil", "Paz") never name anyone alone
_MIN_WORD = 3
_WORD = re.compile(r"[^\W\d_]+")


def listed_words(lexicon: Lexicon) -> dict[str, set[int]]:
    """Each folded word of a listed name or alias, and the listed people (indices) it is in."""
    owners: dict[str, set[int]] = {}
    for index, person in enumerate(lexicon.watchlist):
        for name in (person.name, *person.aliases):
            for word in _name_words(name):
                key = fold(word)
                if len(key) >= _MIN_WORD and key not in lexicon.name_particles:
                    owners.setdefault(key, set()).add(index)
    return owners


def distinctive_words(lexicon: Lexicon, owners: dict[str, set[int]]) -> frozenset[str]:
    """The folded words that name one listed person on their own."""
    common = common_words(lexicon)
    return frozenset(
        key
        for key, people in owners.items()
        if len(people) == 1 and len(key) >= MIN_PART and key not in common
    )


def distinctive_parts(lexicon: Lexicon) -> dict[int, list[str]]:
    """Listed person (index) -> the folded words that name them alone."""
    owners = listed_words(lexicon)
    parts: dict[int, list[str]] = {}
    for key in sorted(distinctive_words(lexicon, owners)):
        (person,) = owners[key]
        parts.setdefault(person, []).append(key)
    return parts


def common_words(lexicon: Lexicon) -> frozenset[str]:
    """Folded words too common to name a listed person alone, or to be a misspelling of one.
    Computed once per lexicon: the matcher and the misspelling finder both ask for them."""
    global _common_of
    if _common_of is None or _common_of[0] is not lexicon:
        # Splitting the lexicons' phrases was a twentieth of the start-up: the words are kept
        # for the next start, keyed on the data files, spaCy's stop words and this code.
        key = f"{_CACHE_FORMAT} {lexicon.fingerprint} {spacy_version} {code_version(_MAKERS)}"
        _common_of = (lexicon, kept(CACHE_FILE, key, lambda: _common_words(lexicon)))
    return _common_of[1]


_common_of: tuple[Lexicon, frozenset[str]] | None = None


def _common_words(lexicon: Lexicon) -> frozenset[str]:
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
    # Each distinct word folded once: the phrases repeat a few thousand words many times, so
    # they are searched as their distinct space-separated chunks (a space is no letter).
    chunks = set(" ".join(phrases).split())
    return frozenset(map(fold, {word for chunk in chunks for word in _WORD.findall(chunk)}))


def _name_words(name: str) -> list[str]:
    """The capitalised words of a listed name or alias ("madre de María Corina": María,
    Corina), less a married name after a lower-case "de" ("Mariana González de Tudares" is
    not who "Tudares" alone names; "Américo De Grazia" keeps "Grazia"). Hashtags and handles
    are matched whole by the phrase matcher instead."""
    if name.startswith(("#", "@")):
        return []
    words = _WORD.findall(name)
    return [
        word
        for i, word in enumerate(words)
        if word[0].isupper() and not (i > 1 and words[i - 1] == "de" and words[0][0].isupper())
    ]
