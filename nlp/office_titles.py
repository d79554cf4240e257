"""Officials named with an office's full title, as official prose names them: never people at
risk by the codebook.

A title's complement that is a body's or a region's capitalised name ("Assistant Secretary of
State for Western Hemisphere Affairs Brian Nichols", "U.S. Attorney for Colorado Peter
McNeilly", "el jefe del Servicio Bolivariano de Inteligencia Nacional (SEBIN), Manuel Ricardo
Cristopher Figuera") runs past the few words nlp.source_names reads after a title, and its
capitalised words run into the holder's name. Such a complement is read to its end: its holder
is the person's name that starts at a given name after a word of the office, or the name right
after the comma that ends it. A lawyer's title not capitalised as an office's ("attorney for",
"Lawyers for" opening a sentence) is the exception: it names the client. A title written in
capitals after its holder's name ("Bradley T. Smith, Acting Under Secretary ..."; "Ms. Tamara
Suju, Executive Director of ...") is an apposition too: capitalised words that are never name
words may stand between.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc, Span, Token

from nlp.matching import Match, given_name_starts
from nlp.name_finder import NameFinder
from nlp.name_middles import INITIAL
from nlp.text_shapes import SENTENCE_ENDS

_LINKS = frozenset(
    {"of", "for", "to", "at", "the", "and", "on", "de", "del", "la", "las", "los", "el", "y", "e"}
    | {"para", "ante", "en"}
)
_OPENING_LINKS = frozenset({"of", "for", "to", "at", "de", "del", "para", "ante", "en"})
# Titles whose complement in lower case is whom they act for: "attorney for X" is X's lawyer.
_CLIENT_TITLES = frozenset(
    {"lawyer", "lawyers", "attorney", "attorneys", "counsel", "advocate"}
    | {"abogado", "abogada", "abogados", "abogadas", "defensor", "defensora"}
)
_MAX_COMPLEMENT = 16
_HOLDER_ENDS = frozenset({",", ".", ";", ":", ")"})
_APPOSITION_REACH = 5


def office_holders(doc: Doc, names: NameFinder, titles: Sequence[Match]) -> list[tuple[int, int]]:
    """The (start, end) of each official named with a title whose complement is a capitalised
    name, or whose capitalised title follows the name in apposition."""
    given = given_name_starts(doc)
    out = []
    for title in titles:
        for holder in (
            _complement_holder(doc, names, title, given),
            _apposed_before(doc, names, title.start),
        ):
            if holder is not None:
                out.append((holder.start, holder.end))
    return out


def _complement_holder(doc: Doc, names: NameFinder, title: Match, given: set[int]) -> Span | None:
    """The holder of a title with a capitalised complement: the name starting at a given name
    after one of the complement's capitalised words, else the name after its closing comma."""
    start = title.end
    if start >= len(doc) or doc[start].lower_ not in _OPENING_LINKS:
        return None
    noun = doc[title.end - 1]
    if noun.lower_ in _CLIENT_TITLES and (noun.text.islower() or _opens_a_sentence(doc, noun.i)):
        return None  # "lawyer for Jhon Pérez", "Lawyers for ...": the client
    capitalised = False
    for i in range(start, min(len(doc), start + _MAX_COMPLEMENT)):
        token = doc[i]
        if capitalised and i in given:
            holder = names.name_at(doc, i)
            if holder is not None and len(holder) > 1:
                return holder
        if token.text == "," and capitalised:
            return _after_comma(doc, names, i)
        if _in_complement(token):
            capitalised = capitalised or not token.is_lower
        elif token.text != "(" and not (token.text == ")" and doc[i - 1].text.isupper()):
            return None
    return None


def _opens_a_sentence(doc: Doc, i: int) -> bool:
    """Whether token i opens a sentence or a line, so is capitalised whatever it names."""
    return i == 0 or doc[i - 1].text in SENTENCE_ENDS or "\n" in doc[i - 1].text_with_ws


def _in_complement(token: Token) -> bool:
    """A word of an office's complement: a link word, a capitalised word or an acronym."""
    return token.lower_ in _LINKS or (
        token.text[:1].isupper()
        and (token.is_alpha or token.text == "U.S." or bool(INITIAL.match(token.text)))
    )


def _after_comma(doc: Doc, names: NameFinder, comma: int) -> Span | None:
    """The name after the comma that closes an office's complement, ending an apposition."""
    holder = names.name_at(doc, comma + 1, capitals=True)
    if holder is None or len(holder) < 2:
        return None
    if holder.end == len(doc) or doc[holder.end].text in _HOLDER_ENDS:
        return holder
    return None


def _apposed_before(doc: Doc, names: NameFinder, title_start: int) -> Span | None:
    """The name before a comma that opens a title in apposition with capitalised words that
    are never name words before it ("Bradley T. Smith, Acting Under Secretary for ...")."""
    i = title_start - 1
    while i > 0 and title_start - i <= _APPOSITION_REACH and _title_word(doc[i], names):
        i -= 1
    if i == title_start - 1 or i < 1 or doc[i].text != ",":
        return None
    return names.name_before(doc, i)


def _title_word(token: Token, names: NameFinder) -> bool:
    """A capitalised word of a title that no name holds ("Acting", "Under", "Executive")."""
    return token.is_title and token.is_alpha and not names.is_name_word(token)
