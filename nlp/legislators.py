"""Office holders named as legislators: "U.S. Senator Marco Rubio" (before 2025) spoke for
himself in the Senate, not for the government his name codes him to as Secretary of State.
The person stays an actor; the government his name adds goes."""

from __future__ import annotations

from spacy.tokens import Doc, Span

from nlp.span_words import label_ids
from nlp.text import fold

# Titles of a member of a legislature, folded ("Sen." keeps its dot as one token).
_LEGISLATOR_TITLES = frozenset(
    "senator sen. senador senadora congressman congresswoman representative rep. "
    "diputado diputada legislador legisladora lawmaker".split()
)


def without_legislators_governments(
    doc: Doc, spans: list[Span], persons: frozenset[str], governments: frozenset[str]
) -> list[Span]:
    """Spans less a government coded from a person's name right after a legislator's title."""
    person_ids = label_ids(persons)
    titled = {
        s.start
        for s in spans
        if s.label in person_ids
        and s.start > 0
        and fold(doc[s.start - 1].text) in _LEGISLATOR_TITLES
    }
    if not titled:
        return spans
    government_ids = label_ids(governments)
    return [s for s in spans if s.label not in government_ids or s.start not in titled]
