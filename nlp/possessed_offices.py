"""A leader's office: "Maduro's envoys", "the Nicolás Maduro regime", "Maduro agents", "Bukele
y sus custodios" are the leader's government's, whatever state the rest of the post names."""

from __future__ import annotations

from spacy.tokens import Doc, Span

from nlp.matching import Match

_US_COURTS = "us_courts"
_POSSESSIVE = frozenset({"'s", "’s"})
# Possessives before an office ("his representatives"), and the words that join a name to them.
HIS = frozenset({"his", "her", "its", "our", "their", "su", "sus"})
AND = frozenset({"and", "y", "e", "&"})


def possessed_offices(
    doc: Doc, matches: list[Match], spans: list[Span], states: dict[str, str]
) -> list[Span]:
    """ "Maduro's envoys", "the Nicolás Maduro regime", "Bukele's prison guards": the office
    of a leader's government."""
    offices = {m.start: m for m in matches}
    resolved = []
    for span in spans:
        # An office starts at most two words after the name: most spans have none to read.
        if not (span.end in offices or span.end + 1 in offices or span.end + 2 in offices):
            continue
        government = states.get(span.label_)
        if government is None or span.label_ == _US_COURTS or span.end >= len(doc):
            continue  # a court's chamber is a court, no office of the government
        start, office = span.start, offices.get(span.end)
        if office is None and doc[span.end].text in _POSSESSIVE:
            office = offices.get(span.end + 1)
        if office is None and _and_his(doc, span.end):  # "Nicolás Maduro and his agents"
            start, office = span.end + 1, offices.get(span.end + 2)
        if office is not None:
            resolved.append(Span(doc, start, office.end, label=government))
    return resolved


def _and_his(doc: Doc, at: int) -> bool:
    """Whether "and his", "y sus" stand at `at`: what follows belongs to the name before."""
    return at + 2 < len(doc) and doc[at].lower_ in AND and doc[at + 1].lower_ in HIS
