"""A public figure who shares an actor's surname: "Alex Saab", the Colombian businessman freed
in the December 2023 swap, is no `saab` (Tarek William Saab, Venezuela's attorney general),
and neither is a later bare "Saab" that refers back to him."""

from __future__ import annotations

from collections.abc import Collection

from spacy.tokens import Doc, Span

from nlp.matching import PUBLIC_FIGURE, Match
from nlp.text import fold


def without_namesakes(
    doc: Doc, named: list[tuple[str, Match]], spans: list[Span], persons: Collection[str]
) -> list[Span]:
    """Spans less an actor's one-word name after a public figure of that surname ("Alex
    Saab ... Saab, un empresario colombiano"), unless the post also names the actor in full
    ("Tarek William Saab"); a bare "Saab" in a post naming no Alex Saab stays the actor."""
    surnames: dict[str, int] = {}
    for kind, m in named:
        if kind == PUBLIC_FIGURE and m.end - m.start > 1:
            surnames.setdefault(fold(doc[m.end - 1].text), m.end)
    if not surnames:
        return spans
    # A bare surname after the figure, with every actor it names (the person and the government
    # his name codes); "George Washington ... Washington" names no person actor and stays.
    after = [s for s in spans if len(s) == 1 and surnames.get(fold(s.text), len(doc)) <= s.start]
    persons_named = {fold(s.text) for s in after if s.label_ in persons}
    in_full = {s.label_ for s in spans if s.label_ in persons and len(s) > 1}
    meant = {fold(s.text) for s in after if s.label_ in in_full}
    gone = persons_named - meant
    return [s for s in spans if not (s in after and fold(s.text) in gone)]
