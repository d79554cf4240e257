"""The opposition spoken of, not the opposition held or another country's: "the opposition
published the tally sheets" is the Venezuelan opposition; "a journalist and opposition
activist, was detained" is a person jailed, and "la oposición salvadoreña" is El Salvador's."""

from __future__ import annotations

from spacy.tokens import Doc, Span

from nlp.custody_words import DETENTION_STEMS
from nlp.doc_state import doc_state
from nlp.lexicon import Lexicon
from nlp.matching import CONTEXT_PLACE, GENTILIC, STATE_PLACE, Match
from nlp.places_as_states import OFFICE_OF, SENTENCE_ENDS
from nlp.span_words import label_id
from nlp.text import fold, fold_text
from nlp.text_shapes import sentence_around

_US_GOVERNMENT = "us_government"
_VENEZUELA = "venezuelan_government"
_OPPOSITION = "venezuelan_opposition"
_OPPOSITION_ID = label_id(_OPPOSITION)
_OPPOSITION_STEMS = ("opposition", "oposicion", "opositor")
# People an opposition word describes: "opposition activist", "dirigente opositor".
_OPPOSITION_PEOPLE = frozenset(
    "activist leader candidate figure politician member staff campaign lawmaker deputy "
    "deputies supporter militant coordinator volunteer activists leaders candidates figures "
    "politicians members lawmakers supporters militants coordinators volunteers dirigente "
    "dirigentes lider lideres activista activistas militante militantes miembro miembros "
    "diputado diputada diputados candidato candidata politico politicos simpatizantes "
    "coordinador coordinadores".split()
)
_OPPOSITION_ARTICLES = frozenset({"the", "la", "el"})
_OPPOSITION_QUALIFIERS = frozenset(
    {"democratic", "democratica", "venezuelan", "venezolana", "venezuela's", "venezuela"}
)
_DETENTION_STEMS = (
    *DETENTION_STEMS,
    *"prisoner imprison abduct seized aprehendid secuestr".split(),
)
# Words that make the opposition the target of a campaign or a wave of arrests, a body spoken
# of ("a campaign targeting members of the opposition", "arrestos contra manifestantes y
# dirigentes opositores", "dirigida a los miembros de la oposición"), not people held.
_TARGETING = frozenset(
    "targeting targeted targets target against contra dirigida dirigido dirigidas dirigidos".split()
)
_TARGET_REACH = 5
_LIST_OPENERS = frozenset({"including", "incluidos", "incluidas", "incluyendo"})
_AMONG_THEM = frozenset({"ellos", "ellas"})  # "entre ellos"
_VENEZUELAN_SIGNS = frozenset({_VENEZUELA, "machado", "gonzalez_urrutia", "tren_de_aragua"})
# Another state acting in the post, not only named as a place: its government or leader.
_OTHER_STATES = frozenset({"salvadoran_government", "bukele", _US_GOVERNMENT, "trump"})


def without_opposition_elsewhere(
    found: dict[str, list[Match]], spans: list[Span], lexicon: Lexicon
) -> list[Span]:
    """Spans less "the opposition" where it is another state's: "la oposición salvadoreña",
    or "Opposition deputies walked out" in a post about El Salvador's assembly that names
    nothing of Venezuela."""
    if not any(s.label == _OPPOSITION_ID and _generic_opposition(s) for s in spans):
        return spans
    states = lexicon.states.actor_states
    signs = {states.get(s.label_, s.label_) for s in spans if s.label_ != _OPPOSITION} | {
        m.value for kind in (STATE_PLACE, CONTEXT_PLACE, GENTILIC) for m in found.get(kind, ())
    }
    gentilics = {m.start: m.value for m in found.get(GENTILIC, ())}
    others = {s.label_ for s in spans} & _OTHER_STATES
    elsewhere = not signs & _VENEZUELAN_SIGNS and bool(others)
    return [
        s
        for s in spans
        if s.label_ != _OPPOSITION
        or not _generic_opposition(s)
        or not (elsewhere or gentilics.get(s.end, _VENEZUELA) != _VENEZUELA)
    ]


def without_detained_opponents(doc: Doc, spans: list[Span]) -> list[Span]:
    """Spans less "opposition" describing people held in the same sentence: "a journalist
    and opposition activist, was detained", "el dirigente opositor Freddy Superlano, fue
    sacado", "political prisoners, including members of the opposition" are the jailed, not
    the opposition speaking or acting; the body named as such ("members of the democratic
    opposition", "la oposición venezolana") is still spoken of."""
    if not any(s.label == _OPPOSITION_ID for s in spans):
        return spans
    # People are held only in a sentence of detention: one look at the text spares reading
    # the words of most posts (a token's folded text is a part of the folded text).
    text = fold_text(doc_state(doc).text)
    if not any(stem in text for stem in _DETENTION_STEMS):
        return spans
    return [s for s in spans if s.label != _OPPOSITION_ID or not _held(doc, s)]


def _held(doc: Doc, span: Span) -> bool:
    """Whether an opposition span names people held: opposition people in a sentence of
    detention, or an opponent named in a list of prisoners ("release all political
    prisoners, including opposition leader Leopoldo López")."""
    if not _generic_opposition(span):
        return _listed_among_held(doc, span)
    return (
        not _qualified(doc, span)
        and _names_people(doc, span)
        and _detention_near(doc, span)
        and not _targeted(doc, span)
    )


def _listed_among_held(doc: Doc, span: Span) -> bool:
    """Whether a name follows a word that opens a list ("including", "entre ellos") after
    a word of detention in its sentence."""
    words = [fold(t.text) for t in doc[_sentence_of(doc, span).start : span.start]]
    opens = [
        i
        for i, word in enumerate(words)
        if word in _LIST_OPENERS or word in _AMONG_THEM and i > 0 and words[i - 1] == "entre"
    ]
    return bool(opens) and any(w.startswith(_DETENTION_STEMS) for w in words[: opens[-1]])


def _qualified(doc: Doc, span: Span) -> bool:
    """Whether the opposition is named as a body by a qualifier in or next to the span: "la
    oposición democrática", "the democratic opposition", "Venezuela's opposition"."""
    words = doc[max(span.start - 1, 0) : span.end + 1]
    return any(fold(t.text) in _OPPOSITION_QUALIFIERS for t in words)


def _targeted(doc: Doc, span: Span) -> bool:
    """Whether a word of targeting stands a few words before the span, in its sentence."""
    before = doc[max(_sentence_of(doc, span).start, span.start - _TARGET_REACH) : span.start]
    return any(fold(t.text) in _TARGETING for t in before)


def _names_people(doc: Doc, span: Span) -> bool:
    """Whether the opposition word describes people: "opposition activist", "dirigente
    opositor", "members of the opposition"."""
    at = next(t.i for t in span if fold(t.text).startswith(_OPPOSITION_STEMS))
    after = fold(doc[at + 1].text) if at + 1 < len(doc) else ""
    before = [fold(t.text) for t in doc[max(at - 3, 0) : at]]
    if before and before[-1] in _OPPOSITION_ARTICLES and len(before) >= 2:
        before = before[:-2] if before[-2] in OFFICE_OF else before
    return after in _OPPOSITION_PEOPLE or bool(before) and before[-1] in _OPPOSITION_PEOPLE


def _detention_near(doc: Doc, span: Span) -> bool:
    """Whether the span's sentence tells of people detained."""
    return any(fold(t.text).startswith(_DETENTION_STEMS) for t in _sentence_of(doc, span))


def _sentence_of(doc: Doc, span: Span) -> Span:
    return sentence_around(doc, span.start, span.end, SENTENCE_ENDS)


def _generic_opposition(span: Span) -> bool:
    return any(fold(t.text).startswith(_OPPOSITION_STEMS) for t in span)


# Words joining a government to the opposition as the two sides of talks or a deal: "entre el
# gobierno y la oposición", "representantes del gobierno y de la oposición".
_SIDES_JOINED = frozenset({"and", "y", "e", "de", "del", "of", "the", "la", "el", "with", "con"})
_SIDES_GAP = 3


def facing_the_opposition(doc: Doc, end: int, spans: list[Span]) -> bool:
    """Whether a government ending at `end` is joined to the Venezuelan opposition right after
    it ("talks between the government and the opposition", "sellado por el gobierno y la
    Plataforma Unitaria"): the two sides of Venezuela's talks, so Venezuela's government."""
    opposition = {s.start for s in spans if s.label == _OPPOSITION_ID}
    at = end
    while at < len(doc) and at - end < _SIDES_GAP and fold(doc[at].text) in _SIDES_JOINED:
        at += 1
        if at in opposition and fold(doc[end].text) in {"and", "y", "e", "with", "con"}:
            return True
    return False
