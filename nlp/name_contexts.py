"""Contexts that name a person with a single word the name finder would not read alone.

A relative named in apposition after a kinship noun ("Rocha's son, Santiago, said"; not a
lawyer: "Kevin's lawyer, Ana Díaz" speaks as a source), the names listed after a repeated
preposition ("por Perkins, por Rocío, por Tudares"), a given name that is the subject of a
verb only a person fits ("Anderson estaba en El Salvador", "Yorbis was"), and a capitalised
object doubled by a clitic, as Spanish doubles a person ("A Yorbis lo sacaron de su casa"), and
an age after a name ("Deivis, 23").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Protocol

from spacy.strings import get_string_id
from spacy.tokens import Doc, Span, Token

from nlp.doc_state import doc_state, lowered_text
from nlp.token_hashes import lower_hashes

# Prepositions that, repeated, list the people a plea is for: "Oración por Perkins, por Rocío".
_PLEA_PREPOSITIONS = frozenset({"por", "para", "for"})
# Verbs whose subject, right after a lone given name, is a person: being, having, working. Not
# speech verbs: news quotes its sources by surname, and many surnames are given names too
# ("Thomas said", "Martín dijo").
_PERSON_VERBS = frozenset(
    {
        *("es", "está", "esta", "estaba", "estuvo", "era", "fue", "sigue", "seguía", "lleva"),
        *("tiene", "tenía", "trabajaba", "vivía"),
        *("is", "was", "has", "had", "remains", "worked", "lived"),
    }
)
# Given names that are as often a place, a word, a faith or a brand ("Orlando is", "Jesús es",
# "la Marina"): alone before a verb they name nobody for sure.
AMBIGUOUS_GIVEN = frozenset(
    {
        *("austin", "jordan", "israel", "virginia", "carolina", "santiago", "lourdes"),
        *("mercedes", "guadalupe", "florencia", "sydney", "chelsea", "madison", "charlotte"),
        *("savannah", "aurora", "montserrat", "orlando", "dakota", "chase", "hunter", "mason"),
        *("grant", "bill", "ray", "don", "christian", "angel", "ángel", "reina", "bella"),
        *("luna", "estrella", "celeste", "paloma", "belén", "maya", "milagros", "dolores"),
        *("jesús", "jesus", "marina", "trinidad", "salvador", "cruz", "victoria", "pilar"),
    }
)
# ", uno de los detenidos", ", one of the 252 Venezuelans", ", another returnee": the words
# that open the apposition, and the groups of people held it may make someone one of.
_ONE_OF = frozenset({"uno", "una", "otro", "otra", "one", "another"})
_HELD_GROUPS = frozenset(
    {
        *("detenidos", "detenidas", "deportados", "deportadas", "presos", "presas", "reclusos"),
        *("migrantes", "venezolanos", "venezolanas", "hombres", "excarcelados", "repatriados"),
        *("detainees", "detainee", "deportees", "deportee", "prisoners", "prisoner", "inmates"),
        *("migrants", "venezuelans", "men", "returnees", "returnee"),
    }
)
_ONE_OF_REACH = 4
_PERSONAL_A = get_string_id("a")
_CLITICS = frozenset({"lo", "la", "le"})
# Relations that speak for a detainee as sources, not as relatives at risk.
_COUNSEL = frozenset({"lawyer", "lawyers", "attorney", "attorneys", "family", "relatives"})
_APPOSITION_ENDS = frozenset({",", "("})
_SENTENCE_END = frozenset({".", "!", "?"})
# Words that say where a relative is from, before their name: "my neighbor's son from Maracay,".
_ORIGINS = frozenset({"from"})


# Ages that introduce a person: "Deivis, 23", "Yeferson, de 24 años", "José, a 27-year-old".
_AGE = re.compile(r"^\d{1,2}(?:-years?)?$")  # "23", and "27-year" of "27-year-old"
_AGE_LEADS = frozenset({"de", "a", "an", "un", "una"})  # ", de 24 años", ", a 27-year-old"
AGE_OPENERS = frozenset({",", "("})
# What follows an opener of an age in a post that may hold one. Possessive (++, *+, }+): what
# each part takes the next cannot, so giving back never helps; without the retries each try is
# a quarter faster.
_AGE_AFTER_OPENER = re.compile(r"\s*+(?:[^\W\d_]++\s++){0,3}+\d{1,2}\b")
_AGE_DESCRIPTION = 2  # words between the comma and the age: ", barbero de 24 años"
_YEARS = frozenset({"años", "year", "years"})
_ASCII_LOWER = frozenset("abcdefghijklmnopqrstuvwxyz")


class NameReader(Protocol):
    """What the contexts read of the name finder."""

    def name_at(self, doc: Doc, start: int) -> Span | None: ...

    def is_name_word(self, token: Token, capitals: bool = False) -> bool: ...


def kin_apposition(doc: Doc, names: NameReader, relation: int) -> Span | None:
    """The relative named right after a kinship noun ("Rocha's son Santiago said"), between
    commas ("Ávila's grandmother, Carmen Díaz, told"), or after where they are from and a
    comma, ending the sentence ("my neighbor's son from Maracay, Yorman."), if one is."""
    after = relation + 1
    if doc[relation].lower_ in _COUNSEL or after + 1 >= len(doc):
        return None
    ends = _APPOSITION_ENDS
    if doc[after].lower_ in _ORIGINS and doc[after + 1].is_title:
        after += 2
        while after < len(doc) and doc[after].is_title:
            after += 1  # "from Puerto Cabello"
        ends = _APPOSITION_ENDS | _SENTENCE_END
        if after + 1 >= len(doc) or doc[after].text != ",":
            return None
    if doc[after].text != ",":
        return names.name_at(doc, after) if names.is_name_word(doc[after]) else None
    name = names.name_at(doc, after + 1)
    if name is None or name.end >= len(doc) or doc[name.end].text not in ends:
        return None
    return name


def repeats_preposition(doc: Doc, start: int, i: int) -> bool:
    """Whether token i repeats the preposition before the name at `start` ("por Perkins, por
    Rocío, por Tudares"): the next name is listed beside it."""
    return (
        start > 0
        and i < len(doc)
        and doc[i].lower_ in _PLEA_PREPOSITIONS
        and doc[i].lower_ == doc[start - 1].lower_
    )


def subject_of_verb(doc: Doc, start: int, end: int) -> bool:
    """Whether the word after a lone given name is a verb only a person fits as its subject
    ("Anderson estaba en El Salvador", "Yorbis was deported"), and the name not as often a
    place or a word ("Orlando is")."""
    return (
        end < len(doc)
        and doc[end].lower_ in _PERSON_VERBS
        and doc[start:end].text.lower() not in AMBIGUOUS_GIVEN
    )


def introduces_alone(doc: Doc, start: int, end: int) -> bool:
    """Whether what follows a lone given name says it names a person: an age, a verb only a
    person fits, or an apposition that makes them one of the people held."""
    return age_follows(doc, end) or subject_of_verb(doc, start, end) or one_of_the_held(doc, end)


def one_of_the_held(doc: Doc, i: int) -> bool:
    """ ", uno de los 252 venezolanos", ", otro de los detenidos", ", one of the deportees",
    ", another detainee" right after a name: how reports introduce a detainee they name by a
    first name or a pseudonym."""
    if i + 2 >= len(doc) or doc[i].text != "," or doc[i + 1].lower_ not in _ONE_OF:
        return False
    group = doc[i + 2 : i + 2 + _ONE_OF_REACH]
    return any(token.lower_ in _HELD_GROUPS or token.text.isdigit() for token in group)


def doubled_objects(doc: Doc, names: NameReader) -> list[Span]:
    """The capitalised names after the personal "a" that a clitic takes up ("A Kilmar lo
    están usando", "a Yorbis la ..."): Spanish doubles a person object so."""
    out = []
    for i in _indices(lower_hashes(doc), _PERSONAL_A, len(doc) - 2):
        if names.is_name_word(doc[i + 1]):
            name = names.name_at(doc, i + 1)
            if name is not None and name.end < len(doc) and doc[name.end].lower_ in _CLITICS:
                out.append(name)
    return out


def _indices(hashes: list[int], wanted: int, stop: int) -> Iterator[int]:
    """The positions before `stop` that hold the `wanted` hash, found by list.index in C:
    Python visits only them, not every word."""
    at = -1
    while True:
        try:
            at = hashes.index(wanted, at + 1, stop)
        except ValueError:
            return
        yield at


def spelled_places(doc: Doc, words: Iterable[str], lower_ids: frozenset[int] | None) -> list[int]:
    """The positions of the tokens spelt as one of `words`, in order; in any case where
    `lower_ids` (the words' hashes) is given and `words` are in lower case. Found in the text
    by str.find: most posts hold none or a few, where the doc's hashes (nlp.token_hashes) are
    a pass over every word that costs several times more."""
    text = within = doc_state(doc).text
    if lower_ids is not None:
        within = lowered_text(doc)
        if len(within) != len(text):  # lower-casing moved characters ("İ")
            return [i for i, lower in enumerate(lower_hashes(doc)) if lower in lower_ids]
    found = []
    for word in words:
        at = within.find(word)
        while at >= 0:
            end = at + len(word)
            if not (_inside_a_word(text, at) or _inside_a_word(text, end)):
                token = doc.char_span(at, end)  # a Span: dear, read only where a token may be
                if token is not None and len(token) == 1:
                    found.append(token.start)
            at = within.find(word, at + 1)
    found.sort()
    return found


def _inside_a_word(text: str, at: int) -> bool:
    """Whether two lower-case letters meet at `at`: no token starts or ends there (the
    tokenizer splits two letters only before a capital, nlp.components' CamelCase infixes)."""
    return 0 < at < len(text) and text[at - 1] in _ASCII_LOWER and text[at] in _ASCII_LOWER


def age_in_text(text: str) -> bool:
    """Whether an age may follow a comma or bracket in the text (up to three words, then one or
    two digits): posts where none does are not read word by word for one."""
    # Each opener is found by str.find and the rest matched there: a search for the opener's
    # character class would try the pattern at every place in the text, four times slower.
    for opener in AGE_OPENERS:
        at = text.find(opener)
        while at >= 0:
            if _AGE_AFTER_OPENER.match(text, at + 1):
                return True
            at = text.find(opener, at + 1)
    return False


def age_follows(doc: Doc, i: int) -> bool:
    """ ", 23", " (23)", ", de 24 años", ", a 27-year-old" or ", barbero de 24 años" right
    after a name: the way reports introduce a person."""
    if i + 1 >= len(doc) or doc[i].text not in AGE_OPENERS:
        return False
    j = i + 1
    while (
        j < len(doc)
        and j - i <= _AGE_DESCRIPTION
        and doc[j].text.islower()
        and doc[j].lower_ not in _AGE_LEADS
    ):
        j += 1  # ", barbero de 24 años": then only an age in years will do
    described = j > i + 1
    if j < len(doc) and doc[j].lower_ in _AGE_LEADS:
        j += 1
    if j >= len(doc) or _AGE.match(doc[j].text) is None:
        return False
    return (
        not described
        or "-year" in doc[j].text
        or (j + 1 < len(doc) and doc[j + 1].lower_ in _YEARS)
    )
