"""Names that a noun before them marks as nobody at risk: a regime's head and a crime's victim.

History and reports name past rulers by what they headed: "el régimen militar de Marcos Pérez
Jiménez", "the dictatorship of Juan Vicente Gómez", "during the government of Antonio Guzmán
Blanco", "the Gómez regime". Government statements name the victims of crimes they lay at a
gang's door ("the murder of nursing student <name>"): people the codebook does not count
(its individuals are detainees, deportees, political prisoners, their relatives and people
freed), unless the sentence speaks of custody ("asesinado bajo custodia del SEBIN": a political
prisoner killed in a cell stays at risk).
"""

from __future__ import annotations

from spacy.strings import get_string_id
from spacy.tokens import Doc, Span

from nlp.name_finder import NameFinder
from nlp.text_shapes import sentence_around
from nlp.token_hashes import lower_hashes

# Nouns for a government by its head, Spanish and English, singular and plural.
_REGIMES = frozenset(
    {
        *("régimen", "regimen", "regímenes", "dictadura", "dictaduras", "gobierno", "gobiernos"),
        *("tiranía", "mandato", "presidencia", "era", "regime", "regimes", "dictatorship"),
        *("dictatorships", "government", "governments", "tyranny", "presidency", "rule"),
    }
)
_OF = frozenset({"de", "del", "of"})
_JOINERS = frozenset({",", "and", "y", "e"})
_SENTENCE_ENDS = frozenset({".", "!", "?", ";", "\n"})
_ARTICLES = frozenset({"the", "el", "la", "los", "las"})
# Lower-case words that may describe the regime between its noun and "de"/"of" ("el régimen
# militar de", "the brutal dictatorship of").
_MAX_DESCRIPTION = 2
# Crimes whose victim is named after "of"/"de", and the words that may describe the victim
# ("the murder of nursing student", "of 12-year-old").
_CRIMES = frozenset(
    {
        *("murder", "murders", "killing", "rape", "rapes", "asesinato", "asesinatos"),
        *("homicidio", "violación", "feminicidio"),
    }
)
_MAX_VICTIM_DESCRIPTION = 6
# Hashed once, not for every post.
_REGIME_IDS = frozenset(map(get_string_id, _REGIMES))
_CRIME_IDS = frozenset(map(get_string_id, _CRIMES))
# Words that put a sentence in custody: a victim killed there may be a political prisoner.
_CUSTODY = frozenset(
    {
        *("custody", "custodia", "prison", "prisoner", "prisoners", "jail", "cell", "cárcel"),
        *("preso", "presos", "detenido", "detained", "sebin", "dgcim", "cecot", "helicoide"),
    }
)


def ruler_names(doc: Doc, names: NameFinder) -> list[tuple[int, int]]:
    """The (start, end) of every name given as a regime's head: "the dictatorship of X",
    "el régimen militar de X", "the X regime"."""
    out = []
    for i in _positions(doc, _REGIME_IDS):
        head = _head_after(doc, names, i + 1) or _head_before(doc, names, i)
        if head is not None:
            out.append((head.start, head.end))
    return out


def crime_victims(doc: Doc, names: NameFinder) -> list[tuple[int, int]]:
    """The (start, end) of every name given as a crime's victim ("the murders of <name>
    and ..."), outside a sentence that speaks of custody."""
    out = []
    for i in _positions(doc, _CRIME_IDS):
        if i + 1 >= len(doc) or doc[i + 1].lower_ not in _OF or _in_custody(doc, i):
            continue
        j = i + 2
        while (victim := _described_name(doc, names, j)) is not None:
            out.append((victim.start, victim.end))
            j = victim.end + 1  # "of <name> and 12-year-old <name>"
            if victim.end >= len(doc) or doc[victim.end].lower_ not in _JOINERS:
                break
    return out


def _described_name(doc: Doc, names: NameFinder, start: int) -> Span | None:
    j = start
    while j < len(doc) and j - start < _MAX_VICTIM_DESCRIPTION and _describes(doc[j].text):
        j += 1
    return names.name_at(doc, j, capitals=True) if j < len(doc) else None


def _in_custody(doc: Doc, i: int) -> bool:
    """Whether the sentence around token i has a word of custody."""
    return any(t.lower_ in _CUSTODY for t in sentence_around(doc, i, i + 1, _SENTENCE_ENDS))


def _positions(doc: Doc, wanted: frozenset[int]) -> list[int]:
    """The positions of the tokens whose lower case has one of the `wanted` hashes, read from
    the hashes the doc's other name readers share (no pass of its own)."""
    lowers = lower_hashes(doc)
    if wanted.isdisjoint(lowers):
        return []  # most posts: told in C, with no Python loop over their words
    return [i for i, lower in enumerate(lowers) if lower in wanted]


def _describes(word: str) -> bool:
    """A word of a victim's description: lower case, an age or its hyphens ("12-year-old")."""
    return word.islower() or word[:1].isdigit() or word == "-"


def _head_after(doc: Doc, names: NameFinder, i: int) -> Span | None:
    """The name after "de"/"of" that follows a regime's noun and a description or two."""
    for j in range(i, min(len(doc), i + _MAX_DESCRIPTION + 1)):
        if doc[j].lower_ in _OF:
            return names.name_at(doc, j + 1, capitals=True)
        if not (doc[j].is_alpha and doc[j].text.islower()):
            return None
    return None


def _head_before(doc: Doc, names: NameFinder, i: int) -> Span | None:
    """The name between an article and a regime's noun: "the Gómez regime"."""
    name = names.name_before(doc, i)
    if name is None or name.start == 0 or doc[name.start - 1].lower_ not in _ARTICLES:
        return None
    return name
