"""Proper names of offices, agencies and commissions, whose words name a body's remit.

"Humanitarian Affairs Division", "Under Secretary for Terrorism and Financial Intelligence",
"National Scientific, Criminal, and Investigative Corps", "Comisión Nacional Contra la Tortura":
official prose names bodies by what they deal with, and a frame's word inside such a name frames
nothing, as a cue inside an actor's name frames nothing (frames.yaml name_terms still count).
A name is a capitalised head noun ("Division", "Comisión") with the capitalised words before it
and, after it, a preposition and the capitalised words it governs. Treaties and laws are left
out: citing "the Convention against Torture" is non-refoulement at stake.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from spacy.tokens import Doc, Token

from nlp.doc_state import doc_state
from nlp.intervals import Intervals, non_overlapping
from nlp.matching import Match

# Head nouns of bodies' names (lower case, with and without accents).
_HEADS = frozenset(
    "office division bureau directorate department ministry commission committee council corps "
    "agency unit secretary oficina división division dirección direccion departamento ministerio "
    "comisión comision comité comite consejo cuerpo agencia unidad secretaría secretaria "
    "subsecretaría subsecretaria".split()
)
# The heads as written in a name, to find them in the text without reading every token.
_CAPITALISED_HEADS = frozenset(h.capitalize() for h in _HEADS)
_HEAD_INITIALS = "".join(sorted({h[0] for h in _CAPITALISED_HEADS}))
_HEAD_TAILS = "|".join(sorted({h[1:] for h in _CAPITALISED_HEADS}, key=lambda t: (-len(t), t)))
# A whole word that is a capitalised head. Opening with a set of letters (no word boundary, no
# alternation) lets the scan skip: a third of the time; the tails, matched by the pattern
# itself, spare a Python step for each of the other words of those initials (4 a post).
_HEAD_WORD = re.compile(rf"[{_HEAD_INITIALS}](?<!\w[{_HEAD_INITIALS}])(?:{_HEAD_TAILS})(?!\w)")
# Words that open the part of a name after its head: "Office *for* ...", "Comisión *de* ...".
_OPENERS = frozenset("of for on against de del contra sobre para".split())
# Lower-case words a name may hold between its capitalised words.
_JOINERS = _OPENERS | frozenset("the and a al la las los el y e ,".split())
# At most this many capitalised words before a head ("Acting Under Secretary") or after its
# opener, and this many capitalised modifiers between head and opener ("Comisión Nacional").
_MAX_BEFORE = 6
_MAX_AFTER = 10
_MAX_MODIFIERS = 2


def unframed_spans(doc: Doc, named: Iterable[tuple[str, Match]]) -> Intervals:
    """Token spans inside which frame cues are skipped: actors' names and bodies' names."""
    spans = sorted({(m.start, m.end) for _, m in named}.union(body_names(doc)))
    # Most posts' names overlap no other (the same name twice is one): all are kept.
    if all(end <= start for (_, end), (start, _) in zip(spans, spans[1:], strict=False)):
        return Intervals(spans)
    return Intervals(non_overlapping(spans, _bounds))


def _bounds(span: tuple[int, int]) -> tuple[int, int]:
    return span


def body_names(doc: Doc) -> list[tuple[int, int]]:
    """(start, end) token spans of bodies' proper names, as the module docstring describes."""
    spans = []
    for found in _HEAD_WORD.finditer(doc_state(doc).text):
        head = doc.char_span(found.start(), found.end())
        if head is not None and len(head) == 1:
            start, end = _name_start(doc, head.start), _name_end(doc, head.end)
            if end - start > 1:
                spans.append((start, end))
    return spans


def _capitalised(token: Token) -> bool:
    return token.is_title or (token.is_upper and token.is_alpha and len(token) <= 5)


def _name_start(doc: Doc, head: int) -> int:
    """The first token of the capitalised words (joined by "and" or commas) before `head`."""
    start = i = head
    while i > 0 and head - i < _MAX_BEFORE:
        j = i - 1
        while j > 0 and doc[j].lower_ in ("and", "y", ",") and head - j < _MAX_BEFORE:
            j -= 1
        if not _capitalised(doc[j]):
            break
        start = i = j
    return start


def _name_end(doc: Doc, after: int) -> int:
    """The end of "[Modifier...] opener Capitalised (joiner | Capitalised)*" from `after`, or
    `after` when no opener follows the head ("Department says" ends the name at its head)."""
    i = after
    while i < len(doc) and i - after < _MAX_MODIFIERS and doc[i].lower_ not in _OPENERS:
        if not _capitalised(doc[i]):
            break
        i += 1
    if i >= len(doc) or doc[i].lower_ not in _OPENERS:
        return after
    end = after
    for j in range(i + 1, min(len(doc), i + 1 + _MAX_AFTER)):
        if _capitalised(doc[j]):
            end = j + 1
        elif doc[j].lower_ not in _JOINERS:
            break
    return end
