"""Titles set beside another person's name: "the party founded by Hugo Chávez, President of
Venezuela" names Chávez's office, not Maduro; "Nicolás Maduro, President of Venezuela" stays
Maduro's (his own name is an actor)."""

from __future__ import annotations

from spacy.tokens import Doc, Span

from nlp.places_as_states import OFFICE_OF
from nlp.span_words import label_ids
from nlp.text import fold

_NAME_REACH = 3  # "Hugo Rafael Chávez ,"


def without_appositive_titles(
    doc: Doc, spans: list[Span], given_at: set[int], persons: frozenset[str], titles: frozenset[str]
) -> list[Span]:
    """Spans less a person's title alone ("President of Venezuela") right after a comma that
    follows a capitalised name starting with a given name, where no actor's name is."""
    person_ids = label_ids(persons)
    if not any(s.label in person_ids for s in spans):  # most posts: nothing to look at
        return spans
    named = {at for s in spans for at in range(s.start, s.end)}
    return [
        s
        for s in spans
        if s.label not in person_ids or not _beside_another(doc, s, given_at, named, titles)
    ]


def _beside_another(
    doc: Doc, span: Span, given_at: set[int], named: set[int], titles: frozenset[str]
) -> bool:
    """Whether the title alone follows a comma after a capitalised name that starts with a
    given name and is no actor's. (A function of its own: compiled (nlp.native), a nested
    function and its closure hold each other, so the doc waited for a garbage collection.)"""
    comma = span.start - 1
    if comma < 1 or doc[comma].text != "," or not _title_alone(span, titles):
        return False
    name = next((at for at in range(max(comma - _NAME_REACH, 0), comma) if at in given_at), None)
    return (
        name is not None
        and all(t.is_title for t in doc[name:comma])
        and not any(at in named for at in range(name, comma))
    )


def _title_alone(span: Span, titles: frozenset[str]) -> bool:
    """Whether the words before the state's name ("of Venezuela") are title words, articles
    or lower-case adjectives: a title with no holder's name in it."""
    words = []
    for t in span:
        if t.lower_ in OFFICE_OF:
            break
        words.append(t)
    return any(fold(t.text) in titles for t in words) and all(
        fold(t.text) in titles or t.text.islower() for t in words
    )
