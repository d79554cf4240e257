"""Actor spans: lexicon names, plus countries and capitals that act as states (metonymy).

The codebook counts "Washington pagó por las celdas" and "Caracas answered within hours" as the
governments, and "trasladados a El Salvador" as a place. Without a parser the rule reads the
words around the name: a state verb right after it (past a few fillers such as "will not"), a
possessive ("Venezuela's"), or a phrase before it such as "agreement with" or "pagó a" make it
the state; a locative preposition before it ("to", "en", "desde") makes it a place. Places
coordinated with a state ("Washington and San Salvador agreed") are states too.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

from nlp.intervals import Intervals, non_overlapping
from nlp.lexicon import Lexicon
from nlp.matching import (
    ACTOR,
    GENTILIC,
    LEGAL_TERM,
    NOT_STATE_AFTER,
    OFFICE,
    PLACE_BEFORE,
    STATE_BEFORE,
    STATE_PLACE,
    STATE_VERB,
    Match,
    doc_state,
    longest_first,
)
from nlp.text import fold

_POSSESSIVE = frozenset({"'s", "’s", "'"})
_OTHER_GOVERNMENTS = frozenset({"salvadoran_government", "venezuelan_government"})
_COORDINATION = frozenset({"and", "y", "e", "&", ","})


def actor_spans(doc: Doc, lexicon: Lexicon) -> list[Span]:
    """Lexicon actors, then states named by their country or capital, in text order."""
    state = doc_state(doc)
    found, named = state.cues, state.named
    spans = [Span(doc, m.start, m.end, label=m.value) for kind, m in named if kind == ACTOR]
    if GENTILIC in found and OFFICE in found:
        spans += _offices_of_states(doc, found)
    if STATE_PLACE in found:
        taken = Intervals((m.start, m.end) for _, m in named)
        named_states = {(m.start, m.end, m.value) for kind, m in named if kind == ACTOR}
        places, states = [], []
        for _, m in longest_first([("", m) for m in found[STATE_PLACE]]):
            if (m.start, m.end, m.value) in named_states:  # "by Washington and San Salvador"
                places.append(m)
                states.append(m)
            elif not taken.overlaps(m.start, m.end):
                places.append(m)
        spans += [
            Span(doc, m.start, m.end, label=m.value)
            for m in _acting_as_states(doc, found, places, frozenset(states), lexicon)
        ]
    if LEGAL_TERM in found and state.lang == "en":
        spans += _us_legal_terms(doc, found[LEGAL_TERM], spans)
    return _one_per_place(spans)


def _one_per_place(spans: list[Span]) -> list[Span]:
    """Spans in text order, an actor's overlapping spans reduced to the longest."""
    by_actor: dict[str, list[Span]] = {}
    for span in spans:
        by_actor.setdefault(span.label_, []).append(span)
    kept = [s for group in by_actor.values() for s in non_overlapping(group, _span_bounds)]
    kept.sort(key=lambda span: (span.start, span.label_))
    return kept


def _span_bounds(span: Span) -> tuple[int, int]:
    return span.start, span.end


def _offices_of_states(doc: Doc, found: dict[str, list[Match]]) -> list[Span]:
    """A nationality right before or after an office: "Salvadoran President", "el ministro
    venezolano", "las autoridades salvadoreñas"."""
    offices_at = {m.start: m for m in found[OFFICE]}
    offices_ending = {m.end: m for m in found[OFFICE]}
    gentilics_at = {m.start: m for m in found[GENTILIC]}
    spans = []
    for gentilic in found[GENTILIC]:
        office = offices_at.get(gentilic.end) or offices_ending.get(gentilic.start)
        joined = gentilic.end < len(doc) and doc[gentilic.end].lower_ in _COORDINATION
        partner = gentilics_at.get(gentilic.end + 1) if joined else None
        if office is None and partner is not None:  # "the Salvadoran and US governments"
            office = offices_at.get(partner.end)
        if office is not None:
            start, end = min(office.start, gentilic.start), max(office.end, gentilic.end)
            spans.append(Span(doc, start, end, label=gentilic.value))
    return spans


def _us_legal_terms(doc: Doc, terms: list[Match], spans: list[Span]) -> list[Span]:
    """ "the Government", "this Court" in an English text that names no other state's
    government: the US government and courts, as in US court filings."""
    if any(span.label_ in _OTHER_GOVERNMENTS for span in spans):
        return []
    return [Span(doc, m.start, m.end, label=m.value) for m in terms]


def _acting_as_states(
    doc: Doc,
    found: dict[str, list[Match]],
    places: list[Match],
    named_states: frozenset[Match],
    lexicon: Lexicon,
) -> list[Match]:
    """The places that act as states; `named_states` are places the lexicon already names as
    actors, which only lend their state to places coordinated with them."""
    rules = lexicon.states
    verb_starts = {m.start for m in found.get(STATE_VERB, ())}
    before_ends = {m.end for m in found.get(STATE_BEFORE, ())}
    place_ends = {m.end for m in found.get(PLACE_BEFORE, ())}
    not_after = {m.start for m in found.get(NOT_STATE_AFTER, ())}
    places = sorted(places, key=lambda m: m.start)
    states = [False] * len(places)
    for i, place in enumerate(places):
        if place in named_states or place.start in before_ends:
            states[i] = True
        elif place.start in place_ends:
            continue
        elif place.end < len(doc) and doc[place.end].text in _POSSESSIVE:
            states[i] = place.end + 1 not in not_after
        else:
            states[i] = _verb_follows(doc, place.end, verb_starts, rules.fillers, rules.reach)
    for i in range(len(places) - 1):  # coordinated places share the verb or the phrase
        if states[i] != states[i + 1] and _coordinated(doc, places[i], places[i + 1]):
            if not (places[i + 1].start in place_ends or places[i].start in place_ends):
                states[i] = states[i + 1] = True
    return [place for place, state in zip(places, states, strict=True) if state]


def _verb_follows(
    doc: Doc, start: int, verb_starts: set[int], fillers: frozenset[str], reach: int
) -> bool:
    for i in range(start, min(len(doc), start + reach + 1)):
        if i in verb_starts or _looks_past_tense(doc[i].text):
            return True
        if fold(doc[i].text) not in fillers:
            return False
    return False


def _looks_past_tense(word: str) -> bool:
    """A verb in the past, which a state as subject mostly is in reports ("removed",
    "sacó", "enviaron"): a word the verb list does not hold still counts."""
    lower = word.lower()
    if not lower.isalpha():
        return False
    return (
        (len(lower) >= 5 and lower.endswith("ed"))
        or (len(lower) >= 4 and lower.endswith("ó"))
        or (len(lower) >= 6 and lower.endswith(("aron", "ieron")))
    )


def _coordinated(doc: Doc, first: Match, second: Match) -> bool:
    between = doc[first.end : second.start]
    return 0 < len(between) <= 2 and all(t.lower_ in _COORDINATION for t in between)
