"""Names a detention is said of across an apposition: "Emill Brandt, head of the party's
Barinas command, was arrested"; "Henry Alviárez, el coordinador nacional del partido fue
detenido"; "Ana Díaz y Luis Mora, ambos reporteros, también han sido detenidos".

News introduces a detained activist, journalist or party worker by name and role, then says
the detention: the role is often a title that elsewhere marks a source ("coordinator",
"reporteros"), and the name is often one no list of given names holds. The participle after
the apposition settles it: the names before it are people held, so individuals at risk.
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Doc, Span

from nlp.matching import Match
from nlp.name_finder import APPOSITION_ARTICLES, NameFinder
from nlp.text_shapes import SENTENCE_ENDS

# Words between a name (or its apposition) and the participle that says it was detained ("X
# fue detenido", "X, ..., was later arrested", "han sido detenidos").
HELD_LINKS = frozenset(
    {",", "fue", "fueron", "ha", "han", "sido", "was", "were", "has", "have", "been"}
    | {"también", "also", "later", "luego", "posteriormente"}
)
_HELD_REACH = 4
_APPOSITION_REACH = 12
# Words that open another clause inside what would be the apposition: the participle after
# them is said of someone else ("X, de Foro Penal, dijo que Ana fue detenida").
_CLAUSE_OPENERS = frozenset(
    {"que", "which", "that", "who", "whom", "whose", "quien", "quienes", "cuyo", "cuya"}
    | {"donde", "where", "when", "cuando", "según", "according", "said", "says", "told"}
    | {"dijo", "dice", "informó", "señaló", "denunció", "afirmó", "aseguró", "explicó"}
    | {";", ":", "(", ")"}
)
# What may stand before the subject's name: the start of a clause or a list, not a preposition
# ("En Nueva Esparta, tres jóvenes fueron detenidos" names a place).
_CLAUSE_STARTS = frozenset({",", ";", ":", "y", "and", "—", "-"})


def held_subjects(doc: Doc, names: NameFinder, cues: Iterable[Match]) -> list[Span]:
    """The names of two words or more, and those coordinated with them, that a detention
    participle among `cues` is said of across an apposition."""
    out: list[Span] = []
    for cue in cues:
        if cue.end - cue.start != 1 or not names.is_held(doc[cue.start]):
            continue
        comma = _apposition_start(doc, _before_links(doc, cue.start))
        if comma is None:
            continue
        subjects = names.coordinated_before(doc, comma)
        if subjects and len(subjects[0]) > 1 and _starts_a_clause(doc, subjects[-1].start):
            out += subjects
    return out


def held_after(doc: Doc, names: NameFinder, end: int) -> bool:
    """Whether a detention is said of the name ending at `end` ("el diputado X fue detenido",
    "the lawyer X, detained by SEBIN")."""
    i = end
    while i < len(doc) and i - end < _HELD_REACH and doc[i].lower_ in HELD_LINKS:
        i += 1
    return i < len(doc) and i > end and names.is_held(doc[i])


def _before_links(doc: Doc, predicate: int) -> int:
    """The position after the last word before the links that lead to the participle."""
    i = predicate
    while i > 0 and predicate - i < _HELD_REACH and doc[i - 1].lower_ in HELD_LINKS:
        i -= 1
    return i if i < predicate else -1


def _apposition_start(doc: Doc, end: int) -> int | None:
    """The comma that opens an apposition ending at token `end` (exclusive), if the words
    between describe someone: a lowercase word among them, no clause opened inside, and either
    a comma closing them or an article opening them ("X, el coordinador del partido fue")."""
    if end < 2:
        return None
    closed = doc[end].text == ","
    lowercase = False
    i = end - 1
    while i > 0 and end - i <= _APPOSITION_REACH:
        token = doc[i]
        text = token.text  # read once: each read looks the token's text up
        if text == ",":
            described = closed or doc[i + 1].lower_ in APPOSITION_ARTICLES
            return i if lowercase and described and i + 1 < end else None
        if text in SENTENCE_ENDS or token.lower_ in _CLAUSE_OPENERS:
            return None
        lowercase = lowercase or text.islower()
        i -= 1
    return None


def _starts_a_clause(doc: Doc, start: int) -> bool:
    before = doc[start - 1].lower_ if start else "."
    return before in SENTENCE_ENDS or before in _CLAUSE_STARTS
