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


# A judge's title before the judge's name ("Judge Justin Walker", "las juezas Sotomayor, Kagan
# y Jackson"): the judge named, not a court's own name ("la Corte Penal Internacional").
_JUDGE_TITLES = frozenset({"judge", "judges", "juez", "jueza", "jueces", "juezas"})
# Words that make courts particular without an article: "several courts", "varios tribunales
# en EE.UU.", "tested in domestic courts".
_COUNTED = frozenset(
    "several some many two three various domestic varios varias algunos algunas diversos "
    "muchos dos tres".split()
)


# What a court word modifies where it names no court acting: "he had a court date in June".
_COURT_MODIFIED = frozenset(
    "date dates hearing hearings appearance appearances filing filings records papers fees".split()
)


def court_tie(doc: Doc, office: Match) -> bool | None:
    """Whether a court word is tied to something other than a court of a state: True for a
    modifier ("a court date"), False for a judge's title before a name ("Judge Justin
    Walker", no court's own name); None where its words do not tell."""
    if office.value != COURT:  # no token read for the other offices
        return None
    after = doc[office.end] if office.end < len(doc) else None
    if after is None or not after.is_alpha:
        return None
    if after.is_title and fold(doc[office.end - 1].text) in _JUDGE_TITLES:
        return False
    return True if after.lower_ in _COURT_MODIFIED else None


def particular_court(doc: Doc, office: Match, placed: bool) -> bool:
    """Whether a court without an article is still a particular one: a judge named ("Judge
    Justin Walker"), courts counted or of a kind ("several courts", "varios tribunales",
    "domestic courts"), or `placed` in a state ("judges in Texas", "tribunales en EE.UU.")."""
    if office.value != COURT:
        return False
    before = fold(doc[office.start - 1].text) if office.start > 0 else ""
    return placed or before in _COUNTED or court_tie(doc, office) is False


# Where the men were sent to or from ("flown to El Salvador", "sent to the Salvadoran
# facility", "su regreso desde El Salvador"): no sign of whose court an unnamed judge is
# (where a court sits is: "En Caracas, un tribunal le negó la libertad").
_SENT = frozenset("to from into a al hacia desde".split())


def sent_there(doc: Doc, sign_start: int) -> bool:
    """Whether a state's sign is, for a court of no named state, only where people were sent
    to or from: "a judge ordered his return from El Salvador" is a US judge."""
    return sign_start > 0 and doc[sign_start - 1].lower_ in _SENT
