"""Private people named by a given name alone as they give testimony ("Sophie said", "said
Juan", "relató Mariana", "Daniel contó"), and relatives named after a kinship noun with words
before it ("their 21-year-old special needs son, Sergio,", "his eldest daughter Shalome").

News quotes officials and sources by surname or full name; a given name alone, next to a verb of
saying, is how reports quote the deportees, the prisoners and their families they tell the
stories of (eight times in seven pages of unseen news and NGO testimony, and three more in the
two rounds before). A surname that is a given name too ("Clarence Thomas ... Thomas said") is
written whole elsewhere in the post: a given name found inside a longer name is not read alone.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.strings import get_string_id
from spacy.tokens import Doc, Span

from nlp.matching import Match
from nlp.name_contexts import AMBIGUOUS_GIVEN, NameReader, kin_apposition, spelled_places

# The possessives a relative is introduced with in English ("their ... son, Sergio").
_POSSESSIVES = frozenset({"my", "his", "her", "their", "our"})
_POSSESSIVE_IDS = frozenset(map(get_string_id, _POSSESSIVES))  # hashed once, not for every post
# Words between the possessive and the kinship noun: "21-year-old special needs", "eldest".
_MODIFIER_REACH = 8
_MODIFIER_MARKS = frozenset({"-"})


def testifies(
    doc: Doc, start: int, end: int, reporters: Sequence[Match], spellings: frozenset[str]
) -> bool:
    """Whether a verb of saying, spelt as listed (not "state" matched as "states"), comes right
    after a lone given name ("Solanyer said", "Daniel contó") or right before it ("said Sophie",
    "relató Mariana"), and the name is not as often a place or a word, nor a word of a longer
    name in the post."""
    if not any(
        (verb.start == end or verb.end == start)
        and doc[verb.start : verb.end].text.lower() in spellings
        for verb in reporters
    ):
        return False
    word = doc[start:end].text
    return word.lower() not in AMBIGUOUS_GIVEN and not _in_a_longer_name(doc, start, word)


def _in_a_longer_name(doc: Doc, at: int, word: str) -> bool:
    """Whether the word is written elsewhere in the post beside another capitalised word, as
    part of a full name ("Karoline Leavitt", "Clarence Thomas")."""
    for token in doc:
        if token.i == at or token.text != word:
            continue
        before = doc[token.i - 1] if token.i > 0 else None
        after = doc[token.i + 1] if token.i + 1 < len(doc) else None
        if any(t is not None and t.is_title and t.is_alpha for t in (before, after)):
            return True
    return False


def modified_relatives(doc: Doc, names: NameReader, relations: frozenset[str]) -> list[Span]:
    """Relatives named after a kinship noun that a possessive opens across words describing
    them ("their 21-year-old special needs son, Sergio,", "his autistic younger brother,
    Neryelson,"); with the noun right after the possessive, the person cues name them."""
    out = []
    for at in spelled_places(doc, _POSSESSIVES, _POSSESSIVE_IDS):
        i = at + 1
        while i < len(doc) and i - at <= _MODIFIER_REACH and _modifies(doc, i, relations):
            i += 1
        if i == at + 1 or i >= len(doc) or doc[i].lower_ not in relations:
            continue
        name = kin_apposition(doc, names, i)
        if name is not None:
            out.append(name)
    return out


def _modifies(doc: Doc, i: int, relations: frozenset[str]) -> bool:
    """A word that may describe a relative before the kinship noun: lower case, a number or a
    hyphen ("21-year-old special needs"), not the noun itself."""
    token = doc[i]
    if token.lower_ in relations:
        return False
    return token.text.islower() or token.text.isdigit() or token.text in _MODIFIER_MARKS
