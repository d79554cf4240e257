"""The heuristic person-name finder, used for a language with no trained NER configured.

A name is a run of up to five capitalised words that starts with a given name from
``given_names.txt`` (reaching back over one or two capitalised words before it mid-sentence:
"Yorbis Andrés Pérez"), ends in a common surname from ``surnames.txt`` ("Yusneidy Rojas"), or
follows a person cue from ``names.yaml`` ("su hijo Luis", "named"); particles ("de la") and
hyphens ("Pérez-Rangel") join its words. A name introduced with an age ("Deivis, 23", "José,
a 27-year-old") or a relation ("Ana Pérez, madre de ...", "Deiber's mother") counts too. Posts
written in lower case name people in lower case: after a person cue, given names count whatever
their case. Hashtags, headline-case posts, and capitals after a cue shouted in capitals are
skipped.
"""

from __future__ import annotations

import re

from spacy.strings import get_string_id
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from nlp.doc_state import doc_state
from nlp.floor_procedure import names_a_member
from nlp.intervals import Intervals
from nlp.lexicon import Lexicon
from nlp.matching import GIVEN_NAME, PERSON_CUE, REPORTER, SURNAME, Match
from nlp.name_contexts import (
    AGE_OPENERS,
    age_follows,
    age_in_text,
    doubled_objects,
    introduces_alone,
    kin_apposition,
    spelled_places,
)
from nlp.name_middles import INITIAL, inside_a_name, middle_words
from nlp.name_words import NameWordTests
from nlp.testimony_names import modified_relatives, testifies
from nlp.text import fold, norm
from nlp.text_shapes import (
    SENTENCE_ENDS,
    in_hashtag,
    is_headline,
    written_in_lower_case,
)
from nlp.token_hashes import orth_hashes

MAX_NAME_WORDS = 5
_MAX_REACH_BACK = 2
_INITIALS = re.compile(r"^(?:[A-ZÁÉÍÓÚÑ]\.){3,}$")  # "J.A.M.R."; "U.S." has two
_APPOSITION_REACH = 5  # "Mauricio Alvarenga, one of the organization's attorneys"
KIN_OF = frozenset({"de", "del", "of"})  # cues that end so name a relation: "madre de"
# Cues that start so name a relation of the name before them: "Ana Pérez, whose son ...".
_RELATIVE_CLAUSE = frozenset({"whose", "cuyo", "cuya"})
APPOSITION_ARTICLES = frozenset({"la", "el", "the", "his", "her", "su"})
_POSSESSIVES = frozenset({"'s", "’s"})
# Hashed once, not for every post.
_AGE_OPENER_IDS = frozenset(map(get_string_id, AGE_OPENERS))
_ARTICLES = frozenset({"the", "a", "an", "el", "la", "los", "las", "un", "una"})
_POSSESSIVE_IN_TEXT = re.compile(r"\w['’]s\b")
_POSSESSIVE_MARKS = ("'s", "’s")
# Whether a post may hold a run of initials: every such run holds ".X.Y."; a pattern that starts
# with a literal is searched for that literal first (a character class is tried at every place).
_INITIALS_IN_TEXT = re.compile(r"\.[A-ZÁÉÍÓÚÑ]\.[A-ZÁÉÍÓÚÑ]\.")
_HYPHEN = "-"
_PREDICATE_REACH = 4
# "Among those deported were Jhoan, ...": the verb between a predicate and the names it lists.
_PREDICATE_LINKS = frozenset({"were", "was", "are", "is", "include", "included", "including"})
_JOINERS = frozenset({",", "y", "e", "and", "&"})
# Surnames that start with a saint's title, read as a name only where a person cue introduces
# them ("la detención de San Miguel"; alone, "San Miguel" is as often the Salvadoran city).
_SAINT_SURNAMES = frozenset({"San", "Santa", "Santo", "Santos"})
# A poster saying who they are: a name only when a given name follows ("im franyelis").
_SELF_NAMING = frozenset({"i am", "i'm", "i’m", "im", "soy"})


class NameFinder(NameWordTests):
    """The heuristic person-name finder over a tokenized doc."""

    def __init__(self, lexicon: Lexicon) -> None:
        super().__init__(lexicon)
        self._relations = lexicon.possessed_relations
        self._predicates = frozenset(norm(term) for term in lexicon.list_predicates)
        self._middles = middle_words(lexicon)
        self._reporters = frozenset(lexicon.reporters)

    def candidates(
        self, doc: Doc, cues: dict[str, list[Match]], blocked: Intervals | None = None
    ) -> list[Span]:
        """Name-shaped spans, overlapping, not after a place's head noun: starting at a given
        name (two words or more, or one a context introduces: "Deivis, 23", "Mario was",
        "Flavio, otro de los detenidos"), ending in a common surname, after a person cue ("su
        primo Luis"), before a possessive relation ("Deiber's mother"), three or more initials,
        and the contexts of nlp.name_contexts. A given name or surname whose name would overlap
        `blocked` is not read (most are a public figure's: "Nicolás Maduro")."""
        spans: list[Span | None] = []
        for m in cues.get(GIVEN_NAME, ()):
            if blocked is not None and blocked.overlaps(m.start, m.start + 1):
                continue  # its name, any found, holds this word
            if doc[m.start].text.isupper():  # "PEDRO JOSÉ PÉREZ fue condenado": two words or more
                spans.append(self._name_at(doc, m.start, reach_back=False, capitals=True))
                continue
            span = self._name_at(doc, m.start, reach_back=True)
            if span is None and (
                introduces_alone(doc, m.start, m.end)
                or testifies(doc, m.start, m.end, cues.get(REPORTER, ()), self._reporters)
            ):
                span = doc[m.start : m.end]
            spans.append(span)
        for m in cues.get(SURNAME, ()):
            if blocked is not None and blocked.overlaps(m.start - 1, m.start):
                continue  # its name, any found, holds the word before it
            if m.start > 0 and self.is_name_word(doc[m.start - 1]):
                spans.append(self._name_at(doc, m.start - 1, reach_back=True))
        spans += [*(s for m in cues.get(PERSON_CUE, ()) for s in self._cued(doc, m))]
        spans += modified_relatives(doc, self, self._relations)
        text = doc_state(doc).text
        spans += doubled_objects(doc, self) if " lo " in text or " la " in text else []
        if age_in_text(text):
            spans += self._aged(doc)
        if _possessive_in_text(text):
            spans += self._possessive(doc)
        if _INITIALS_IN_TEXT.search(text):
            spans += [
                doc[i : i + 1]
                for i, t in enumerate(doc)
                if _INITIALS.match(t.text) and not (i and doc[i - 1].text.isdigit())  # "22 U.S.C."
            ]
        return [
            s
            for s in spans
            if s is not None and not (s.start > 0 and doc[s.start - 1].text in self._place_heads)
        ]

    def chosen(self, doc: Doc, candidates: list[Span], blocked: Intervals) -> list[Span]:
        """The longest candidates outside `blocked`, none in a headline (where capitals say
        nothing about names)."""
        found = [s for s in candidates if not blocked.overlaps(s.start, s.end)]
        if not found:
            return []
        found = filter_spans(found)
        return [] if is_headline(doc) else found

    def _cued(self, doc: Doc, cue: Match) -> list[Span | None]:
        """The name a person cue introduces ("su hijo Luis", "the barber, José"), and the
        person a relation describes ("Yusmary Colmenárez, madre de Deiber")."""
        last = doc[cue.end - 1]  # read once: each doc[i] builds a Token
        first = last if cue.end - cue.start == 1 else doc[cue.start]
        if self._in_a_title(cue, first, last):
            return []
        start = cue.end + (cue.end < len(doc) and doc[cue.end].text == ",")
        shouted = last.text.isupper()
        name = self._name_at(doc, start, reach_back=False, min_words=1, capitals=not shouted)
        if name is not None and names_a_member(doc, cue.start, cue.end, name):
            return []
        if name is None and start + 1 < len(doc) and doc[start].text in _SAINT_SURNAMES:
            rest = self._name_at(doc, start + 1, reach_back=False, min_words=1)
            name = doc[start : rest.end] if rest is not None else None  # "el arresto de San Miguel"
        if name is None and written_in_lower_case(doc_state(doc).text):
            name = self._lower_case_name_at(doc, start)
        if (
            _may_name_oneself(last)
            and doc[cue.start : cue.end].text.lower() in _SELF_NAMING
            and not (name is not None and fold(name[0].text) in self._given)
        ):
            return []  # "I am Catholic", "soy Chavista": only a given name names the poster
        if last.lower_ in KIN_OF or first.lower_ in _RELATIVE_CLAUSE:
            return [name, self._apposed_to(doc, cue.start)]
        if cue.end - cue.start == 1 and first.norm_ in self._predicates:
            if name is None and start < len(doc) and doc[start].lower_ in _PREDICATE_LINKS:
                name = self._name_at(doc, start + 1, False, min_words=1, capitals=not shouted)
            return [name, *self._listed_subjects(doc, cue.start)]
        return [name]

    def _in_a_title(self, cue: Match, first: Token, noun: Token) -> bool:
        """Whether a cue's noun (`noun`, after `first`) is capitalised mid-sentence, as in an
        organisation's name ("Comité por la Libertad de los Presos Políticos"), not a person's
        description (nationalities, capitalised in English, are non-name words: "the
        Venezuelan José")."""
        return (
            cue.end - cue.start > 1
            and first.text.islower()
            and noun.is_title
            and noun.text not in self._not_name
        )

    def _listed_subjects(self, doc: Doc, predicate: int) -> list[Span]:
        """The names coordinated before a detention predicate ("Jhoan, Wilker y Yorman fueron
        deportados"): two or more names, or one of two words or more."""
        i = predicate
        while i > 0 and predicate - i < _PREDICATE_REACH and doc[i - 1].text.islower():
            i -= 1  # "fueron", "son los cuatro", "were"
        subjects = self.coordinated_before(doc, i)
        if len(subjects) > 1 or (subjects and len(subjects[0]) > 1):
            return subjects
        return []

    def coordinated_before(self, doc: Doc, end: int) -> list[Span]:
        """The names coordinated right before token `end`, last first ("Jhoan, Wilker y
        Yorman"): the subjects a predicate after them is said of."""
        subjects = []
        while (name := self.name_before(doc, end)) is not None:
            subjects.append(name)
            if name.start < 2 or doc[name.start - 1].lower_ not in _JOINERS:
                break
            end = name.start - 1
        return subjects

    def _possessive(self, doc: Doc) -> list[Span | None]:
        """Names whose relatives or lawyer are spoken of ("Deiber's mother"; not an
        institution's: "the Justice Department's lawyers", a person's name takes no article),
        and the relative in apposition ("Carmen Díaz, the detainee's mother"; "Rocha's son, X,")."""
        out: list[Span | None] = []
        for i in spelled_places(doc, _POSSESSIVES, None):
            if i + 1 < len(doc) and doc[i + 1].lower_ in self._relations:
                name = self.name_before(doc, i)
                if name is not None and not (
                    name.start > 0 and doc[name.start - 1].lower_ in _ARTICLES
                ):
                    out.append(name)
                out.append(kin_apposition(doc, self, i + 1))  # "Rocha's son, Santiago,"
                comma = apposition_comma(doc, i)  # "Carmen Díaz, the detainee's mother"
                if comma is not None and (relative := self.name_before(doc, comma)):
                    out.append(relative)
        return out

    def _aged(self, doc: Doc) -> list[Span | None]:
        """Capitalised words introduced with an age ("Deivis, 23", "Yeferson, de 24 años")."""
        return [
            self.name_before(doc, i)
            for i in _positions(doc, _AGE_OPENER_IDS)
            if i >= 1 and age_follows(doc, i)
        ]

    def _apposed_to(self, doc: Doc, cue_start: int) -> Span | None:
        """The name a kinship apposition describes: "Yusmary Colmenárez, madre de Deiber",
        "Ana Pérez, the mother of ..." (relatives are individuals by the codebook)."""
        comma = cue_start - 1
        if comma > 0 and doc[comma].lower_ in APPOSITION_ARTICLES:
            comma -= 1
        if comma < 1 or doc[comma].text != ",":
            return None
        return self.name_before(doc, comma)

    def is_held(self, token: Token) -> bool:
        """Whether the word says its subject was detained, deported or freed ("detenido")."""
        return token.norm_ in self._predicates

    def name_before(self, doc: Doc, end: int) -> Span | None:
        """The run of name words (up to five) that ends right before token `end`."""
        start = end
        while start > 0 and end - start < MAX_NAME_WORDS and self.is_name_word(doc[start - 1]):
            start -= 1
        return doc[start:end] if start < end else None

    def name_at(self, doc: Doc, start: int, capitals: bool = False) -> Span | None:
        """The name of one or more words that starts at token `start`, if one does
        (`capitals`: words in capitals count too)."""
        return self._name_at(doc, start, reach_back=False, min_words=1, capitals=capitals)

    def _name_at(
        self,
        doc: Doc,
        start: int,
        reach_back: bool,
        min_words: int = 2,
        capitals: bool = False,
    ) -> Span | None:
        size = len(doc)
        if start >= size:
            return None
        first, head = start, doc[start]
        if not self.is_name_word(head, capitals):
            if not self._starts_with_particle(doc, head):  # "De Grazia", "Van Hollen"
                return None
            start += 1
        if in_hashtag(head):
            return None
        end, words, i = start + 1, 1, start + 1
        stop: Token | None = None  # the token the name stopped at: its initial is read from it
        while i < size and words < MAX_NAME_WORDS:
            token = doc[i]
            if self.is_name_word(token, capitals) or inside_a_name(
                doc, token, self._middles, self, capitals
            ):
                words, end, i = words + 1, i + 1, i + 1
            elif token.lower_ in self._particles or _joins_hyphenated(doc, token):
                after = i + 1
                while after < size and doc[after].lower_ in self._particles:
                    after += 1
                if after == size or not self.is_name_word(doc[after], capitals):
                    break
                i = after
            else:
                stop = token  # doc[end]
                break
        start = first
        if reach_back:
            for _ in range(_MAX_REACH_BACK):
                before = start - 1
                if before <= 0 or doc[before - 1].text in SENTENCE_ENDS:
                    break
                if not self.is_name_word(doc[before]):
                    break
                start, words = before, words + 1
        if end < size and INITIAL.match((stop or doc[end]).text):  # "Carlos R.", "Kevin Ochoa V."
            end, words = end + 1, words + 1
        return doc[start:end] if words >= min_words else None

    def _starts_with_particle(self, doc: Doc, token: Token) -> bool:
        i = token.i
        return (
            token.lower_ in self._particles
            and token.is_title
            and i + 1 < len(doc)
            and self.is_name_word(doc[i + 1])
        )

    def _lower_case_name_at(self, doc: Doc, start: int) -> Span | None:
        """A name written in lower case after a person cue: a given name, then given names
        or common surnames ("mi hermano jesus eduardo", "su hija ana rojas")."""
        if (
            start >= len(doc)
            or not doc[start].text.islower()
            or fold(doc[start].text) not in self._given
        ):
            return None
        end = start + 1
        while (
            end < len(doc)
            and end - start < MAX_NAME_WORDS
            and doc[end].text.islower()
            and fold(doc[end].text) in self._lower_case_words
        ):
            end += 1
        return doc[start:end]


def _positions(doc: Doc, wanted: frozenset[int]) -> list[int]:
    """The positions of the tokens whose spelling has one of the `wanted` hashes."""
    return [i for i, orth in enumerate(orth_hashes(doc)) if orth in wanted]


def _possessive_in_text(text: str) -> bool:
    """Whether a word in the text ends in a possessive "'s" (an "'s" after a letter or digit,
    ending a word)."""
    # Each "'s" is found by str.find and the pattern matched there: a search would try it at
    # every place in the text, five times slower.
    for mark in _POSSESSIVE_MARKS:
        at = text.find(mark, 1)  # a word character comes before it
        while at > 0:
            if _POSSESSIVE_IN_TEXT.match(text, at - 1):
                return True
            at = text.find(mark, at + 1)
    return False


def _may_name_oneself(last: Token) -> bool:
    """Whether a cue ending in `last` may be a poster's naming of themselves: each of
    _SELF_NAMING ends in "m" or "y" (told without building the cue's span and its text)."""
    return last.lower_[-1:] in ("m", "y")


def apposition_comma(doc: Doc, cue_start: int) -> int | None:
    """The comma that opens an apposition ending in the cue at `cue_start` (", one of the
    organization's attorneys"; ", abogada de la familia"; ", an HRW researcher"), if one does
    within a few words."""
    i = cue_start - 1
    while (
        i > 0
        and cue_start - i <= _APPOSITION_REACH
        and (doc[i].text.islower() or doc[i].text in _POSSESSIVES or doc[i].text.isupper())
    ):
        i -= 1
    return i if i > 0 and doc[i].text == "," else None


def _joins_hyphenated(doc: Doc, token: Token) -> bool:
    """A hyphen written without spaces between two words of a surname ("Pérez-Rangel")."""
    return token.text == _HYPHEN and not token.whitespace_ and not doc[token.i - 1].whitespace_
