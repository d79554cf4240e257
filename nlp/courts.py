"""Courts named without their state ("the court", "El tribunal ordenó", "argued in court").

In this affair a court of no named state is chiefly the US's (the codebook's us_courts), so a
court the post names by its kind alone takes the US by default; a court named as any court ("a
court date", "ningún tribunal puede") is no actor. A court is also a weak sign: "the courts"
next to Maduro's security forces are no sign of the US, but in a post naming no state at all,
the US court it speaks of makes its government the US's too ("The government admitted it in
court").
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

from nlp.lexicon import StateRules
from nlp.matching import Match
from nlp.text import fold

COURT = "court"  # the group of context_offices in states.yaml
# Words of a court named by no more than its kind: "the courts", "the judge's".
_GENERIC_COURT_WORDS = frozenset(
    {"the", "court", "courts", "judge", "judges", "'s", "’s", "court's", "judge's"}
)
_TO_COURT = frozenset({"in", "to", "into"})
# Words that may follow a court a case goes to ("in court that", "to court on Monday"), where
# a noun would make "court" its modifier ("in court filings").
_AFTER_COURT = frozenset(
    "that on in to for and but as with after before against over since until when while "
    "because about this last again".split()
)
_NONE = frozenset({"ningun", "ninguna", "no", "any", "cualquier"})


def generic_court(span: Span) -> bool:
    """Whether a court span names no more than its kind ("the courts"): the US's only by
    default, so no sign of the US to the offices around it ("Maduro has used the courts,
    security forces ...")."""
    return all(t.lower_ in _GENERIC_COURT_WORDS for t in span)


def court_gone_to(doc: Doc, office: Match) -> bool:
    """ "argued in court", "took them to court": a court without article, after "in" or "to"
    and before no noun it would modify ("in court filings")."""
    if office.value != COURT or office.start == 0:
        return False
    if doc[office.start - 1].lower_ not in _TO_COURT or doc[office.end - 1].lower_ != "court":
        return False
    after = doc[office.end] if office.end < len(doc) else None
    return after is None or not after.is_alpha or after.lower_ in _AFTER_COURT


def any_court(doc: Doc, office: Match, rules: StateRules) -> bool:
    """Whether a court of no named state is any court ("a court date", "ningún tribunal
    puede"), not the one the post speaks of."""
    at = office.start if office.end - office.start > 1 else office.start - 1
    article = fold(doc[max(at, 0)].text)
    return office.value == COURT and article in rules.indefinite_articles | _NONE


def courts_first(offices: list[Match]) -> list[Match]:
    """The offices with the courts first, so that a court the post's only sign of a state
    can lend it to the other offices wherever they stand."""
    return sorted(offices, key=lambda m: m.value != COURT)
