"""Members of a legislature named by an honorific in its record: never people at risk.

The Congressional Record names members as "Mr." or "Ms." and a surname, as a private person's
affidavit does ("el Sr. Yohandry Colmenares"); what tells a member is the floor procedure
around the name: a speaker label ("Mr. DURBIN. Mr. President, ..."; "Ms. ROS-LEHTINEN."), a
member's state ("Mr. SCOTT of Florida", "(Mr. Carson of Indiana)"), a member in parentheses
after the chair or the floor ("the gentleman from Texas (Mr. Gonzales)", "The PRESIDING
OFFICER (Mr. Cramer)"), and a floor act ("Mr. Reschenthaler moves to recommit", "Mrs. Salazar
asks unanimous consent", "asked and was given permission to address the House"); and a bill's
or resolution's sponsors ("Ms. Wasserman Schultz (for herself, Ms. Ros-Lehtinen, Mr. Duncan of
South Carolina, ...) submitted the following resolution"), listed in its heading.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span

from nlp.doc_state import doc_state

_SPEAKER_LABEL_ENDS = frozenset({".", ":"})
_HYPHEN = "-"
# Floor acts said of a member right after the name, one word or two.
_FLOOR_ACTS = frozenset({"yields", "yielded", "reserves"})
_FLOOR_ACT_PAIRS = frozenset(
    {
        ("moves", "to"),  # "moves to recommit", "moves to table"
        ("asks", "unanimous"),
        ("asked", "unanimous"),
        ("asked", "and"),  # "asked and was given permission"
        ("introduced", "the"),  # "introduced the following bill"
        ("submitted", "the"),
        ("offered", "the"),
        ("offered", "an"),
        ("offers", "an"),
        ("rose", "to"),
    }
)
# Words of the floor that stand shortly before a member named in parentheses.
_FLOOR_WORDS = frozenset(
    {"gentleman", "gentlewoman", "tempore", "officer", "chair", "speaker", "recognizes"}
)
_FLOOR_REACH = 6
# A sponsor's co-sponsors open so: "(for himself, Mr. Rubio, ...)", "(for herself and Mr. X)".
_SPONSOR_OPENING = re.compile(r"\((?=for (?:himself|herself|themselves)\b)")
_HONORIFICS = frozenset({"Mr.", "Ms.", "Mrs.", "Mr", "Ms", "Mrs"})
_SPONSOR_REACH = 6  # "Mr. Lincoln Diaz-Balart (for himself": the honorific before the "("
_MAX_SPONSORS = 400  # tokens a co-sponsor list may run to its ")"
_US_STATES = frozenset(
    """Alabama Alaska Arizona Arkansas California Colorado Connecticut Delaware Florida Georgia
    Hawaii Idaho Illinois Indiana Iowa Kansas Kentucky Louisiana Maine Maryland Massachusetts
    Michigan Minnesota Mississippi Missouri Montana Nebraska Nevada New North Ohio Oklahoma
    Oregon Pennsylvania Rhode South Tennessee Texas Utah Vermont Virginia Washington West
    Wisconsin Wyoming""".split()
)


def names_a_member(doc: Doc, cue_start: int, cue_end: int, name: Span) -> bool:
    """Whether an honorific (doc[cue_start:cue_end]) and the name after it name a member of a
    legislature by the floor procedure around them."""
    end = _after_hyphens(doc, name.end)
    if end < len(doc) and doc[end].lower_ == "of" and end + 1 < len(doc):
        if doc[end + 1].text in _US_STATES:  # "Mr. SCOTT of Florida"
            return True
    if cue_start > 0 and doc[cue_start - 1].text == "(" and end < len(doc) and doc[end].text == ")":
        before = doc[max(0, cue_start - 1 - _FLOOR_REACH) : cue_start - 1]
        if any(token.lower_ in _FLOOR_WORDS for token in before):
            return True
    return _speaker_label(doc, cue_end, name, end) or _floor_act(doc, end)


def _after_hyphens(doc: Doc, end: int) -> int:
    """The end of a hyphenated surname the name finder read only in part ("ROS-LEHTINEN")."""
    while end + 1 < len(doc) and doc[end].text == _HYPHEN and doc[end + 1].is_alpha:
        end += 2
    return end


def _speaker_label(doc: Doc, cue_end: int, name: Span, end: int) -> bool:
    """A speech's label: an honorific and a surname in capitals, then a full stop or colon
    ("Mr. DURBIN. Mr. President, ...")."""
    return (
        doc[cue_end - 1].text.endswith(".")
        and doc[name.start : end].text.isupper()
        and end < len(doc)
        and doc[end].text in _SPEAKER_LABEL_ENDS
    )


def _floor_act(doc: Doc, end: int) -> bool:
    if end >= len(doc):
        return False
    word = doc[end].lower_
    if word in _FLOOR_ACTS:
        return True
    return end + 1 < len(doc) and (word, doc[end + 1].lower_) in _FLOOR_ACT_PAIRS


def sponsor_lists(doc: Doc) -> list[tuple[int, int]]:
    """The (start, end) of each bill's or resolution's sponsor heading: the sponsor named by an
    honorific before "(for himself, ...", and every co-sponsor up to the closing ")"."""
    out = []
    for mark in _SPONSOR_OPENING.finditer(doc_state(doc).text):
        paren = doc.char_span(mark.start(), mark.end(), alignment_mode="expand")
        if paren is not None:
            start = _honorific_before(doc, paren.start)
            out.append((paren.start if start is None else start, _closing(doc, paren.start)))
    return out


def _closing(doc: Doc, opening: int) -> int:
    """The end of the parenthesis opened at token `opening` (past its ")"), or of the reach."""
    last = min(len(doc), opening + _MAX_SPONSORS)
    for j in range(opening + 1, last):
        if doc[j].text == ")":
            return j + 1
    return last


def _honorific_before(doc: Doc, paren: int) -> int | None:
    """The honorific that names the sponsor right before a sponsor list, if one does."""
    for j in range(paren - 1, max(-1, paren - 1 - _SPONSOR_REACH), -1):
        if doc[j].text in _HONORIFICS:
            return j
    return None
