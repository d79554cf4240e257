"""Offices named with their state's nationality: "Salvadoran officials", "el ministro
venezolano", "las autoridades estadounidenses ni salvadoreñas" (codebook "Actors")."""

from __future__ import annotations

from spacy.tokens import Doc, Span

from nlp.intervals import Intervals, non_overlapping
from nlp.matching import GENTILIC, OFFICE, PLACE_BEFORE, STATE_PLACE, Match
from nlp.places_as_states import COORDINATION, office_named_before
from nlp.text import fold

_US_COURTS = "us_courts"
# Titles of a head of state, whom "the Salvadoran president" names without his government
# (unlike "the Salvadoran regime", which a leader's name may also cover).
HEAD_OF_STATE = frozenset(
    {"president", "presidente", "presidenta", "mandatario", "leader", "lider", "strongman"}
    | {"dictator", "dictador"}
)
# A state is one: "the Organization of American States", "la Organización de Estados
# Americanos" are the states of the Americas, not the United States.
_MANY_STATES = frozenset({"states", "estados"})


def offices_of_states(
    doc: Doc, found: dict[str, list[Match]], named: list[Span], leaders: frozenset[str]
) -> list[Span]:
    """A nationality right before or after an office: "Salvadoran officials", "el ministro
    venezolano", "las autoridades salvadoreñas"; not the US courts ("US courts", "los
    tribunales estadounidenses"), which are an actor of their own, nor a head of state named
    by his title ("the Salvadoran president", "el mandatario venezolano"), who is the leader
    and not his government, nor states in the plural ("American States"), nor a nationality
    inside a place's name ("the Central American regime" is no American one)."""
    courts = Intervals(
        _bounds(s) for s in non_overlapping([s for s in named if s.label_ == _US_COURTS], _bounds)
    )
    titled = Intervals(_bounds(s) for s in named if s.label_ in leaders)
    places = Intervals((m.start, m.end) for m in found.get(STATE_PLACE, ()))
    offices_at = {m.start: m for m in found[OFFICE]}
    offices_ending = {m.end: m for m in found[OFFICE]}
    gentilics_at = {m.start: m for m in found[GENTILIC]}
    office_of: dict[int, Match] = {}  # each nationality's office, by where it ends
    spans = []
    for gentilic in found[GENTILIC]:
        if places.overlaps(gentilic.start, gentilic.end) and not _paired(
            doc, gentilic, gentilics_at, offices_at, found
        ):
            continue
        office = _office(doc, gentilic, offices_at, offices_ending, gentilics_at, office_of)
        if office is not None and doc[office.end - 1].lower_ not in _MANY_STATES:
            office_of[gentilic.end] = office
            start, end = min(office.start, gentilic.start), max(office.end, gentilic.end)
            leader = fold(doc[office.end - 1].text) in HEAD_OF_STATE
            if not courts.contains(start, end) and not (leader and titled.contains(start, end)):
                spans.append(Span(doc, start, end, label=gentilic.value))
    return spans


def _office(
    doc: Doc,
    gentilic: Match,
    offices_at: dict[int, Match],
    offices_ending: dict[int, Match],
    gentilics_at: dict[int, Match],
    office_of: dict[int, Match],
) -> Match | None:
    """The office a nationality goes with: right after it in English ("US officials"), right
    before it ("el enviado salvadoreño"), after its partner ("the Salvadoran and US
    governments"), or the office of the nationality it is joined to ("las autoridades
    estadounidenses o salvadoreñas")."""
    # A Spanish nationality follows its office ("el enviado salvadoreño"); before a word
    # it is a person ("el salvadoreño enviado por error").
    after = None if doc[gentilic.start].text.islower() else offices_at.get(gentilic.end)
    office = after or offices_ending.get(gentilic.start)
    joined = gentilic.end < len(doc) and doc[gentilic.end].lower_ in COORDINATION
    partner = gentilics_at.get(gentilic.end + 1) if joined else None
    if office is None and partner is not None and not doc[gentilic.start].text.islower():
        office = offices_at.get(partner.end)  # "the Salvadoran and US governments"
    if office is None and gentilic.start > 0 and doc[gentilic.start - 1].lower_ in COORDINATION:
        office = office_of.get(gentilic.start - 1)  # "autoridades estadounidenses ni salvadoreñas"
    return office or office_named_before(doc, gentilic.start, offices_ending)


def _paired(
    doc: Doc,
    gentilic: Match,
    gentilics_at: dict[int, Match],
    offices_at: dict[int, Match],
    found: dict[str, list[Match]],
) -> bool:
    """Whether a nationality that is also a place ("US") is joined to another before their
    office: "the US and Salvadoran governments" name both states; not a place gone to ("flew
    to the US and Venezuelan officials met him")."""
    if gentilic.end >= len(doc) or doc[gentilic.end].lower_ not in COORDINATION:
        return False
    partner = gentilics_at.get(gentilic.end + 1)
    if partner is None or partner.end not in offices_at:
        return False
    place_ends = {m.end for m in found.get(PLACE_BEFORE, ())}
    return not any(
        m.end == gentilic.end and m.start in place_ends for m in found.get(STATE_PLACE, ())
    )


def _bounds(span: Span) -> tuple[int, int]:
    return span.start, span.end
