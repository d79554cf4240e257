"""Signs of a state in a post, and the state they give an office named without its own:
one named right after it ("in El Salvador", "of the United States"), the one state the post
points at, or the last one named before it in its sentence (see nlp.state_context)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from spacy.tokens import Doc, Span

from nlp import courts
from nlp.city_names import named_as_city
from nlp.courts import generic_court
from nlp.doc_state import doc_state
from nlp.matching import CONTEXT_PLACE, GENTILIC, STATE_PLACE, Match
from nlp.places_as_states import OFFICE_OF, QUOTES, SENTENCE_ENDS

# Groups of context_offices in states.yaml whose state the signs decide in their own way.
_PRISON, _DIPLOMATIC = "prison", "diplomatic"
JAIL = "jail"  # a prison itself: "the CECOT prison" is no office of a government
FOREIGN_LEADER = "foreign_leader"
_PRISON_STATE = ("cecot", "salvadoran_government")
_JAILER = "bukele"  # whose unnamed prison is the CECOT
_US_COURTS = "us_courts"
US_GOVERNMENT = "us_government"
VENEZUELA = "venezuelan_government"
LOCATED_IN = frozenset({"in", "en", "at", "inside", "dentro"})
_LOCATED_OR_OF = LOCATED_IN | OFFICE_OF  # "the camp in El Salvador", "the president of the US"
_TERRITORY_REACH = 2  # "in El Salvador", "en territorio salvadoreño"
NAME_ARTICLES = frozenset({"the", "la", "el", "los", "las"})
_TARGETED = frozenset({"a", "al", "contra", "against"})


class Sign(NamedTuple):
    """A sign of a state in the post: where, which government, and how it is named: as a
    state or a place, as where someone is ("en El Salvador"), or as a nationality."""

    start: int
    government: str
    how: str


NAMED, _LOCATED, _NATIONALS = "named", "located", "nationals"
# Signs are made by the tuple constructor itself, as the matcher makes its matches: a
# NamedTuple's own __new__ is a Python function.
_new_tuple = tuple.__new__


def evidence_of_states(
    doc: Doc,
    found: dict[str, list[Match]],
    labelled: list[tuple[Span, str]],
    states: dict[str, str],
) -> Iterable[Sign]:
    """Every sign of a state in the post; `labelled`: the actor spans with their labels."""
    for kind in (STATE_PLACE, CONTEXT_PLACE):
        for m in found.get(kind, ()):
            # Only the US's places may be its capital: the others' words are not read.
            if m.value == US_GOVERNMENT and named_as_city(doc, m.start, m.end):
                continue  # "Washington, D.C.", a dateline: a place, no sign of the state
            located = m.start > 0 and doc[m.start - 1].lower_ in LOCATED_IN
            yield _new_tuple(Sign, (m.start, m.value, _LOCATED if located else NAMED))
    yield from (_new_tuple(Sign, (m.start, m.value, _NATIONALS)) for m in found.get(GENTILIC, ()))
    yield from (
        _new_tuple(Sign, (s.start, states[label], NAMED))
        for s, label in labelled
        if label in states and not (label == _US_COURTS and generic_court(s))
    )


def state_of(doc: Doc, office: Match, evidence: list[Sign], labels: set[str]) -> str | None:
    """The government an office without its state belongs to, None where unclear, or ""
    where it is plainly no state's of the affair."""
    prison, government = _PRISON_STATE
    if office.value == _PRISON and prison in labels:
        return government
    if office.value == FOREIGN_LEADER:
        evidence = [sign for sign in evidence if sign.government != US_GOVERNMENT]
    here = state_after(doc, office, evidence, _LOCATED_OR_OF)
    if office.value == _DIPLOMATIC:
        if office.end < len(doc) and doc[office.end].lower_ in LOCATED_IN:
            return ""  # "the embassy in Caracas": another state's mission there
        if here:
            return here  # "el consulado de Venezuela"
        # A mission serves its nationals abroad: "los venezolanos del Cecot ... el consulado".
        nationals = [sign for sign in evidence if sign.how == _NATIONALS]
        evidence = nationals or [sign for sign in evidence if sign.how != _LOCATED]
    elif here:
        return here  # "the camp in El Salvador", "the president of the United States"
    elif office.value == JAIL and _JAILER in labels and not _venezuelan_named(evidence):
        return government  # "la misma cárcel que los venezolanos", with Bukele's photos
    else:
        court = office.value == courts.COURT  # only a court's signs may be where men were sent
        evidence = [
            sign
            for sign in evidence
            if sign.how != _NATIONALS
            and not (sign.start > office.end and _addressed(doc, office, sign))
            and not (court and courts.sent_there(doc, sign.start))
        ]
    named = {sign.government for sign in evidence}
    if len(named) == 1:
        return next(iter(named))
    return _last_before(doc, office, evidence)


def _venezuelan_named(evidence: list[Sign]) -> bool:
    """Whether the post names Venezuela or its places (not only Venezuelans), where its own
    prisons are."""
    return any(s.government == VENEZUELA and s.how != _NATIONALS for s in evidence)


def _last_before(doc: Doc, office: Match, evidence: list[Sign]) -> str | None:
    """The government of the last sign before the office in its sentence, if any. `evidence`
    is in text order: a sentence break after a sign is after every earlier one too, so only
    the last sign before the office needs the (token by token) look for a break."""
    for sign in reversed(evidence):
        if sign.start < office.start:
            return None if _sentence_break(doc, sign.start, office.start) else sign.government
    return None


def state_after(
    doc: Doc, office: Match, evidence: list[Sign], prepositions: frozenset[str]
) -> str | None:
    """The state named right after the office as where it is or whose it is: "in El
    Salvador", "en territorio salvadoreño", "of the United States"."""
    at = office.end
    while at < len(doc) and doc[at].text in QUOTES:  # 'what he called "the camp" in El Salvador'
        at += 1
    if at >= len(doc) or doc[at].lower_ not in prepositions:
        return None
    near = [s for s in evidence if at < s.start <= at + _TERRITORY_REACH]
    return near[0].government if near else None


def _addressed(doc: Doc, office: Match, sign: Sign) -> bool:
    """Whether the sign, after the office, is the one the office acts on, in its sentence:
    "el fiscal le exige debido proceso a Bukele", "una denuncia contra el presidente
    salvadoreño"."""
    before = sign.start - 1
    word = doc[before].lower_
    if before > office.end and word in NAME_ARTICLES:
        word = doc[before - 1].lower_  # "contra el presidente salvadoreño"
    return word in _TARGETED and not _sentence_break(doc, office.end, sign.start)


# The characters of SENTENCE_ENDS: a stretch of text without any holds no break to look for.
_BREAK_CHARACTERS = frozenset("".join(SENTENCE_ENDS))


def _sentence_break(doc: Doc, start: int, end: int) -> bool:
    """Whether a token of [start, end) ends a sentence; most stretches between an office and
    a sign hold none of its characters, and one look at their text spares a Token a word."""
    if start >= end:
        return False
    text = doc_state(doc).text
    stop = doc[end].idx if end < len(doc) else len(text)
    if _BREAK_CHARACTERS.isdisjoint(text[doc[start].idx : stop]):
        return False
    return any(t.text in SENTENCE_ENDS for t in doc[start:end])
