"""The US capital named as a city, not as the state acting: "Washington, D.C.", and the
dateline that opens a report ("WASHINGTON (AP) —", "Washington D.C. –", "WASHINGTON, 10 abr
(Reuters) –"). The codebook codes a country as a place as no actor; "Washington pagó por las
celdas" and "according to Washington" stay the US government."""

from __future__ import annotations

from spacy.tokens import Doc, Span

from nlp.span_words import label_id
from nlp.text import fold

_CAPITAL = "washington"
_US_GOVERNMENT = label_id("us_government")
_DISTRICT = frozenset({"d.c.", "d.c", "dc"})
_DATELINE_OPENERS = frozenset({",", "("})
_DASHES = frozenset({"-", "–", "—", "--"})
_DATELINE_REACH = 8  # "WASHINGTON, 10 abr (Reuters) –": place, date and agency before the dash


def without_city_names(doc: Doc, spans: list[Span]) -> list[Span]:
    """Spans less "Washington" named as the city where a report is filed or a body sits."""
    return [
        s for s in spans if not (s.label == _US_GOVERNMENT and named_as_city(doc, s.start, s.end))
    ]


def named_as_city(doc: Doc, start: int, end: int) -> bool:
    """Whether doc[start:end] is "Washington" named as the city (a place, no state acting)."""
    # One word mostly: its text spares making a slice (a span) to read, and so does a first
    # letter other than the capital's ("Estados Unidos", "the US government").
    text = doc[start].text
    if end - start > 1:
        if fold(text[:1]) != _CAPITAL[0]:
            return False
        text = doc[start:end].text
    if fold(text) != _CAPITAL:
        return False
    at = end
    if at < len(doc) and doc[at].text == ",":
        at += 1
    if at < len(doc) and doc[at].lower_ in _DISTRICT:
        return True  # "Washington, D.C.": the district, a place
    following = doc[end : end + _DATELINE_REACH]
    return (
        start == 0
        and len(following) > 1
        and following[0].text in _DATELINE_OPENERS
        and any(t.text in _DASHES or t.text.endswith(").-") for t in following)
    )
