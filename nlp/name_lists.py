"""Names coordinated in a list with a name already found ("A, B, C y D son los cuatro
detenidos"; "los abogados A, B y otros colegas"): each is the same kind of person as the
name it is listed with, a private person's or a source's."""

from __future__ import annotations

from spacy.tokens import Doc, Span

from nlp.intervals import Intervals
from nlp.name_contexts import repeats_preposition
from nlp.name_finder import MAX_NAME_WORDS, NameFinder
from nlp.text_shapes import SENTENCE_ENDS

_LIST_JOINERS = frozenset({",", "y", "e", "and", "&", "o", "or", "ni"})
_LIST_OPENERS = frozenset({",", "for", "para", "a", "to", "de", "y", "and"})
_MAX_LIST_FILLERS = 2
# Words that may stand before a listed name ("y a Perkins", "y su primo ..."); any other word
# after a comma starts an apposition ("Nahuel Gallo, an Argentine gendarme"), not a list.
_LIST_FILLERS = frozenset(
    {"a", "al", "el", "la", "los", "las", "su", "sus", "mi", "mis", "my", "his", "her", "their"}
)
_INITIAL_DOT = frozenset({"."})


def listed_beside(
    doc: Doc, names: NameFinder, spans: list[Span], blocked: Intervals, backwards: bool = True
) -> list[Span]:
    """The names coordinated with found ones ("A, B, C y D"), each way (or only onwards, not
    `backwards`), until the list ends."""
    pending, out = list(spans), list(spans)
    taken = {i for span in spans for i in range(span.start, span.end)}
    while pending:
        span = pending.pop()
        for neighbour in (
            _listed_after(doc, names, span.start, span.end),
            _listed_before(doc, names, span.start) if backwards else None,
        ):
            if (
                neighbour is not None
                and not blocked.overlaps(neighbour.start, neighbour.end)
                and taken.isdisjoint(range(neighbour.start, neighbour.end))
            ):
                taken.update(range(neighbour.start, neighbour.end))
                out.append(neighbour)
                pending.append(neighbour)
    return out[len(spans) :]


def _listed_after(doc: Doc, names: NameFinder, start: int, end: int) -> Span | None:
    i = end
    if i < len(doc) and doc[i].text in _INITIAL_DOT:  # "Kevin Ochoa V." ends in a dot
        return None
    if i >= len(doc) or doc[i].lower_ not in _LIST_JOINERS:
        return None
    i += 1
    if i < len(doc) and doc[i].lower_ in _LIST_JOINERS:  # ", y" / ", and"
        i += 1
    i += repeats_preposition(doc, start, i)  # "por Perkins, por Rocío"
    for _ in range(_MAX_LIST_FILLERS + 1):  # "y a Perkins", "and her Wilmer"
        if i >= len(doc):
            return None
        if names.is_name_word(doc[i]):
            return names.name_at(doc, i)
        if doc[i].lower_ not in _LIST_FILLERS:
            return None
        i += 1
    return None


def _listed_before(doc: Doc, names: NameFinder, start: int) -> Span | None:
    """The name before ", <name>" (fillers such as "a" allowed before <name>), when a list
    opener, a comma, a colon or the start of a sentence stands before it."""
    i = start - 1
    while i > 0 and start - i <= _MAX_LIST_FILLERS and doc[i].lower_ in _LIST_FILLERS:
        i -= 1
    if i < 1 or doc[i].text != ",":
        return None
    end = i
    while i - 1 >= 0 and names.is_name_word(doc[i - 1]) and end - (i - 1) <= MAX_NAME_WORDS:
        i -= 1
    if i == end:
        return None
    if i == 0:
        return doc[i:end]
    before = doc[i - 1]
    if (
        before.text in _LIST_OPENERS
        or before.text in SENTENCE_ENDS
        or (before.is_alpha and before.text.islower())
    ):
        return doc[i:end]
    return None
