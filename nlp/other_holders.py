"""A holder's title that means someone else or the office alone, not the actor who holds it
now: a past holder ("el entonces secretario de Seguridad Nacional", "the former Secretary of
State"), another holder named in apposition ("Biden's Homeland Security Secretary, Alejandro
Mayorkas,"), or the office as the law defines it ("El secretario de Seguridad Nacional puede
designar", "terrorist organizations are designated by the Secretary of State"). Report and
news prose on TPS and terrorist designations speaks of these offices so."""

from __future__ import annotations

from spacy.tokens import Doc, Span

from nlp.places_as_states import SENTENCE_ENDS
from nlp.span_words import folded_words, label_ids
from nlp.text import fold

# Words before a title that make its holder a past one ("then-DHS Secretary").
_PAST = frozenset({"then", "former", "entonces", "ex", "anterior", "previous", "onetime"})
_HYPHENS = frozenset({"-", "–"})
_HEADS = frozenset({"president", "presidente", "presidenta", "mandatario"})
# Words after a title alone that make it the office a law speaks of.
_MODALS = frozenset({"may", "can", "shall", "puede", "pueden", "podra", "podran"})
# Between "by" and the office: "designated by the U.S. Secretary of State".
_AGENT_ARTICLES = frozenset({"the", "u.s.", "us", "el", "la"})
_AGENT = frozenset({"by", "por"})
# A passive in the present: "are formally designated by", "es designado por".
_PRESENT_BE = frozenset({"is", "are", "es", "son"})
_PASSIVE_REACH = 3


def without_other_holders(
    doc: Doc,
    spans: list[Span],
    given_at: set[int],
    persons: frozenset[str],
    title_words: frozenset[str],
) -> list[Span]:
    """Spans less a person's title that is a past holder's, another's set in apposition, or
    the office alone as a law speaks of it. `given_at`: where given names start;
    `title_words`: the words of a title alone ("the", "secretary", "of", "state")."""
    person_ids = label_ids(persons)
    if not any(s.label in person_ids for s in spans):  # most posts: nothing to look at
        return spans
    own = {(s.label, s.start) for s in spans}
    return [
        s
        for s in spans
        if s.label not in person_ids or not _other(doc, s, given_at, own, title_words)
    ]


def _other(
    doc: Doc,
    span: Span,
    given_at: set[int],
    own: set[tuple[int, int]],
    title_words: frozenset[str],
) -> bool:
    """Whether a person's title is a past holder's, another's set in apposition, or the office
    alone as a law speaks of it (a function of its own, as in nlp.appositions)."""
    if title_words.isdisjoint(folded_words(span)):
        return False
    return (
        _past(doc, span)
        or _apposed_name(doc, span, given_at, own)
        or (_cabinet_title_alone(span, title_words) and _as_law_defines(doc, span))
    )


def _past(doc: Doc, span: Span) -> bool:
    """Whether "former", "then", "entonces" stands right before the title (maybe hyphenated
    or before its article: "then-DHS Secretary", "el entonces secretario")."""
    at = span.start - 1
    if at >= 0 and doc[at].text in _HYPHENS:
        at -= 1
    return at >= 0 and fold(doc[at].text) in _PAST


def _apposed_name(doc: Doc, span: Span, given_at: set[int], own: set[tuple[int, int]]) -> bool:
    """Whether a comma after the title opens someone else's name ("Secretary, Alejandro
    Mayorkas"), not the holder's own ("the DHS secretary, Kristi Noem")."""
    comma = span.end
    return (
        comma + 1 < len(doc)
        and doc[comma].text == ","
        and comma + 1 in given_at
        and (span.label, comma + 1) not in own
    )


def _cabinet_title_alone(span: Span, title_words: frozenset[str]) -> bool:
    """Whether the span is a title alone, and no head of state's: "any decision the President
    may make" in an order of Trump's is Trump's."""
    words = folded_words(span)
    return all(w in title_words or w in _HYPHENS for w in words) and _HEADS.isdisjoint(words)


def _as_law_defines(doc: Doc, span: Span) -> bool:
    """Whether the office is what may act ("the Secretary may designate") or the agent of a
    passive in the present ("are designated by the Secretary of State")."""
    if span.end < len(doc) and fold(doc[span.end].text) in _MODALS:
        return True
    at = span.start - 1
    while at >= 0 and fold(doc[at].text) in _AGENT_ARTICLES:
        at -= 1
    if at < 1 or fold(doc[at].text) not in _AGENT:
        return False
    for word in reversed(doc[max(at - _PASSIVE_REACH, 0) : at]):
        if word.text in SENTENCE_ENDS:
            return False
        if fold(word.text) in _PRESENT_BE:
            return True
    return False
