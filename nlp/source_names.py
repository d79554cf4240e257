"""The names of officials and sources: never individuals at risk by the codebook (officials,
judges, spokespeople; lawyers, NGO staff and experts quoted as sources).

A name is a source's when it stands right after a title ("el abogado Ernesto Villamizar"),
after a title's complement and a comma ("the national security adviser, John Kirby"), before a
title in apposition ("Marcos Ruiz, secretario general del sindicato"), or with an organisation
it speaks for ("Juan Pappier, of Human Rights Watch"); a regime's head and a crime's victim are
not at risk either (nlp.rulers); and so is every name listed with one ("los abogados A, B y
otros colegas"). A name the title is *of* is not: "el abogado de José Pérez" names the
lawyer's client.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from spacy.tokens import Doc, Span

from nlp.doc_state import doc_state
from nlp.floor_procedure import sponsor_lists
from nlp.intervals import Intervals
from nlp.matching import Match
from nlp.name_finder import APPOSITION_ARTICLES, NameFinder, apposition_comma
from nlp.name_lists import listed_beside
from nlp.office_titles import office_holders
from nlp.rulers import crime_victims, ruler_names
from nlp.text_shapes import SENTENCE_ENDS

# How far after a title its holder's name may stand ("el ministro de Interior Diosdado
# Cabello"), and how far the comma that ends the title's complement ("the acting administrator
# of USAID, John Barsa").
_NAME_REACH = 5
_COMMA_REACH = 8
# Words that make the name after them the title's complement, not its holder: "lawyer for".
_COMPLEMENT_LINKS = frozenset({"de", "del", "of", "for", "para", "a", "al", "to"})
_APPOSITION_ENDS = frozenset({",", ".", ";", ":", ")"})
_AFFILIATIONS = frozenset({"de", "del", "of", "from", "at", "with", "en"})
_POSSESSIVES = frozenset({"'s", "’s"})
_HONORIFICS = frozenset({"Mr.", "Ms.", "Mrs.", "Mr", "Ms", "Mrs", "Dr.", "Sr.", "Sra."})
_BYLINE = re.compile(r"(?:^|\n)[ \t]*(By|Por) ")
_BYLINE_JOINS = frozenset({"and", "y", "&"})


def source_names(
    doc: Doc,
    names: NameFinder,
    titles: Sequence[Match],
    organisations: Sequence[Match],
    blocked: Intervals,
) -> list[tuple[int, int]]:
    """The (start, end) of every official's and source's name in the doc: by title, by
    organisation, and listed beside either; `blocked` (actors, public figures) ends a list."""
    found = [
        *_titled(doc, names, titles),
        *office_holders(doc, names, titles),
        *sponsor_lists(doc),
        *_affiliated(doc, names, organisations),
        *_bylines(doc, names),
        *ruler_names(doc, names),
        *crime_victims(doc, names),
    ]
    if not found:
        return []
    spans = [doc[start:end] for start, end in found]
    # Onwards only: the name before a holder's may be whom the title is of ("a lawyer for
    # Andry, Lindsay Toczylowski, said").
    listed = listed_beside(doc, names, spans, blocked, backwards=False)
    return found + [(s.start, s.end) for s in listed]


def _titled(doc: Doc, names: NameFinder, titles: Sequence[Match]) -> list[tuple[int, int]]:
    out = []
    for title in titles:
        holder = _name_after(doc, names, title.end)
        if holder is not None:
            out.append((holder.start, holder.end))
        comma = apposition_comma(doc, title.start)
        if comma is not None and (span := names.name_before(doc, comma)) is not None:
            out.append((span.start, span.end))
    return out


def _name_after(doc: Doc, names: NameFinder, start: int) -> Span | None:
    """The holder of a title that ends before token `start`: a name within a few words of it
    ("el abogado Ernesto Villamizar"; "Director of ICE Todd Lyons"), or the name after the
    comma that ends the title's complement ("el asesor de seguridad nacional, John Kirby");
    not a person the title is of ("lawyer for Jhon", "abogado de la familia de José")."""
    for i in range(start, min(len(doc), start + _COMMA_REACH)):
        text = doc[i].text  # read once: each doc[i] builds a Token
        if text in SENTENCE_ENDS:
            return None
        if text == ",":  # "Chairman, Mr. Mast": a member named by the honorific
            return names.name_at(doc, i + 1 + (doc[i + 1 : i + 2].text in _HONORIFICS), True)
        if i - start >= _NAME_REACH or text.islower():
            continue  # no name starts at a word in lower case: not looked for
        span = names.name_at(doc, i, capitals=True)
        if span is None or (len(span) == 1 and span.text.isupper()):  # "de USAID": a body
            continue
        if span.end < len(doc) and doc[span.end].text in _POSSESSIVES:
            return None  # "in an interview with Deiber's mother": the title is of another
        if i > start and doc[i - 1].lower_ in _COMPLEMENT_LINKS:
            return _apposed_holder(doc, names, span.end)
        return span
    return None


def _apposed_holder(doc: Doc, names: NameFinder, comma: int) -> Span | None:
    """The holder named between commas after the person a title is of: "el abogado de Rocha,
    Omar Mora Tosta, dijo"; "a lawyer for Abrego Garcia, Simon Sandoval, said"."""
    if comma >= len(doc) or doc[comma].text != ",":
        return None
    holder = names.name_at(doc, comma + 1, capitals=True)
    if holder is not None and (holder.end == len(doc) or doc[holder.end].text in _APPOSITION_ENDS):
        return holder
    return None


def _affiliated(
    doc: Doc, names: NameFinder, organisations: Sequence[Match]
) -> list[tuple[int, int]]:
    """The names given with an organisation they speak for ("Juan Pappier, of Human Rights
    Watch", "Gonzalo Himiob, de Foro Penal")."""
    out = []
    for organisation in organisations:
        i = organisation.start - 1
        if i > 0 and doc[i].lower_ in APPOSITION_ARTICLES:
            i -= 1
        if i < 2 or doc[i].lower_ not in _AFFILIATIONS or doc[i - 1].text != ",":
            continue
        span = names.name_before(doc, i - 1)
        if span is not None:
            out.append((span.start, span.end))
    return out


def _bylines(doc: Doc, names: NameFinder) -> list[tuple[int, int]]:
    """The writers a byline names: "By Jane Doe" or "Por Ana Díaz" opening a line, with any
    co-authors ("By Jane Doe and John Roe", "By Ana Díaz, Luis Mora, CNN"), the names ending the
    line or followed by the outlet ("By Jane Doe, VOA"); not a plea ("Por Perkins, por
    Rocío")."""
    text = doc_state(doc).text
    if "By " not in text and "Por " not in text:
        return []  # found faster than the byline, which is tried at every place
    out = []
    for mark in _BYLINE.finditer(text):
        token = doc.char_span(mark.start(1), mark.end(1), alignment_mode="expand")
        writers = [] if token is None else _writers(doc, names, token.end)
        if writers and _ends_a_byline(doc, writers[-1][1]):
            out += writers
    return out


def _writers(doc: Doc, names: NameFinder, start: int) -> list[tuple[int, int]]:
    """The names a byline lists from token `start`: one, then each after a comma or a
    conjunction ("Jane Doe and John Roe", "Ana Díaz, Luis Mora y Rosa Gil")."""
    found = []
    name = names.name_at(doc, start)
    while name is not None:
        found.append((name.start, name.end))
        i = name.end
        if i < len(doc) and doc[i].text == ",":
            i += 1
        if i < len(doc) and doc[i].lower_ in _BYLINE_JOINS:
            i += 1
        name = names.name_at(doc, i) if i > name.end else None
    return found


def _ends_a_byline(doc: Doc, i: int) -> bool:
    """Whether a line ends at token i, or after a comma and the outlet's capitalised name."""
    if i < len(doc) and doc[i].text == ",":
        i += 1
        while i < len(doc) and doc[i].text[:1].isupper():
            i += 1
    return i == len(doc) or doc[i].text.isspace() or "\n" in doc[i - 1].whitespace_
