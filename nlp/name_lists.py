"""Names coordinated in a list with a name already found ("A, B, C y D son los cuatro
detenidos"; "los abogados A, B y otros colegas"), or in a parallel list where each name takes
the same words ("Guanipa in a cell, Superlano in a cell"): each is the same kind of person as
the name it is listed with, a private person's or a source's."""

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
# The most lower-case words a parallel list repeats after each name ("in a cell").
_MAX_PARALLEL_WORDS = 4


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
            *_parallel(doc, names, span.start, span.end, backwards),
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
    if i >= len(doc):
        return None
    joiner = doc[i]  # read once: each doc[i] builds a Token
    if joiner.text in _INITIAL_DOT or joiner.lower_ not in _LIST_JOINERS:  # "Kevin Ochoa V."
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


def _parallel(
    doc: Doc, names: NameFinder, start: int, end: int, backwards: bool
) -> list[Span | None]:
    """The names before and after one in a parallel list, each followed by the same lower-case
    words as it and joined by a comma or a conjunction ("Guanipa in a cell, Superlano in a
    cell, Perkins in a cell")."""
    words = end
    while words < len(doc) and words - end < _MAX_PARALLEL_WORDS:
        word = doc[words]  # read once: each doc[i] builds a Token
        if not word.text.islower() or word.lower_ in _LIST_JOINERS:
            break
        words += 1
    if words == end or words >= len(doc) or doc[words].lower_ not in _LIST_JOINERS:
        return []
    tail = [token.lower_ for token in doc[end:words]]
    after = words + 1 + (words + 1 < len(doc) and doc[words + 1].lower_ in _LIST_JOINERS)
    out: list[Span | None] = [_followed_by(doc, names.name_at(doc, after), tail)]
    joiner = start - 1 - (start > 1 and doc[start - 2].lower_ in _LIST_JOINERS)
    if backwards and joiner > len(tail) and doc[start - 1].lower_ in _LIST_JOINERS:
        before = joiner - len(tail)
        if [token.lower_ for token in doc[before:joiner]] == tail:
            out.append(names.name_before(doc, before))
    return out


def _followed_by(doc: Doc, name: Span | None, tail: list[str]) -> Span | None:
    """The name if the words after it are `tail`."""
    if name is None or [token.lower_ for token in doc[name.end : name.end + len(tail)]] != tail:
        return None
    return name
