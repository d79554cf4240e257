"""The people a text lists as prisoners: "release all political prisoners, including opposition
leader A and Mayors B and C"; "los presos políticos, entre ellos A y B".

The codebook counts jailed politicians, activists and journalists as individuals at risk, so a
name listed here is one even when it is an opposition figure's or follows a politician's title
that elsewhere marks an official ("Mayors B"). A name that is the complement of a noun
("familiares de Edmundo González") is not the prisoner, nor is a state, a body or a public
figure of nlp/data/public_figures.yaml (never queued as at risk).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from spacy.tokens import Doc, Span

from nlp.doc_state import lowered_text
from nlp.held_subjects import held_subjects
from nlp.matching import ACTOR, OFFICIAL_CUE, PERSON_CUE, Match
from nlp.name_finder import NameFinder
from nlp.text_shapes import SENTENCE_ENDS

_HELD_NOUNS = (
    r"(?:prisoners|detainees|detained|arrested|released|freed|presos|presas|detenidos|detenidas|"
    r"privad[oa]s de libertad|excarcelad[oa]s|excarcelaciones|liberad[oa]s|arrestad[oa]s)"
)
# Openers of a list of people held: a plural noun for them, then a word that opens the list
# ("political prisoners, including", "presos políticos venezolanos, en particular"); "among
# them" put first ("Entre los privados de libertad están", "Entre las excarcelaciones de presos
# políticos confirmadas se encuentran", "Among those freed were"); one held, then who
# ("El otro detenido es").
_INTRODUCED = re.compile(
    r"\b(?:prisoners|detainees|presos|presas|detenidos|detenidas)"
    r"(?: pol[ií]tic[oa]s)?(?: [^\W\d_]+(?=,))?,? (?:including|such as|among them|among whom|"
    r"entre ellos|entre ellas|como|incluidos|incluidas|incluyendo|en particular|in particular)\b"
    rf"|\b(?:entre|among) (?:los|las|the|those)(?: [^\W\d_]+)? {_HELD_NOUNS}(?: [^\W\d_]+){{0,4}}? "
    r"(?:están|estaban|está|estaba|se encuentran?|se encontraban|figuran?|are|were|is|was)\b"
    r"|\b(?:el|la) (?:otr[oa] )?(?:detenid[oa]|pres[oa]) (?:es|era|fue)\b"
    r"|\bthe (?:other )?(?:detainee|prisoner) (?:is|was)\b",
    re.IGNORECASE,
)
# The same in lower case, searched in the lower-cased text: twice as fast as IGNORECASE.
_INTRODUCED_LOWER = re.compile(_INTRODUCED.pattern)
# Openers of one person held, named after any title: "the arrest of human rights lawyer X",
# "la detención del periodista X", "la presunta detención de X", "la excarcelación del abogado
# voluntario de Foro Penal X", "la desaparición de su director, X", "The arrests began with X".
_HELD_ACTS = (
    r"(?:detención|arresto|captura|aprehensión|encarcelamiento|desaparición|secuestro|"
    r"excarcelación|liberación)"
)
_ONE_HELD = re.compile(
    r"\b(?:the (?:arrest|detention|disappearance|abduction|kidnapping|release) of|"
    rf"(?:la|el|su) (?:presunt[oa] |reciente )?{_HELD_ACTS}"
    r"(?: arbitrari[oa]| forzad[oa]| forzos[oa]| ilegal)? del?|"
    r"the arrests began with|las detenciones (?:comenzaron|empezaron) con)\b",
    re.IGNORECASE,
)
_ONE_HELD_LOWER = re.compile(_ONE_HELD.pattern)
# Where an opener may start in the lower-cased text: at each place of a word every opener of
# its kind holds, less each of the distances its opener may put before that word ("the other
# prisoner": 10; "la presunta detención": 12). The openers' regexes, searched, would try every
# place in the text; matched only at these, they find the same openers in a third of the time.
_LIST_ANCHORS = (
    *(("prisoner", (0, 4, 10)), ("detainee", (0, 4, 10))),  # "the (other )?prisoner is"
    *(("preso", (0, 3, 8)), ("presa", (0, 3, 8))),  # "presos, como", "la otra presa es"
    ("detenid", (0, 3, 8)),
    *(("entre ", (0,)), ("among ", (0,))),
)
_ONE_HELD_ANCHORS = tuple(
    (stem, (3, 4, 12))  # "la " or "the " before the act, "la presunta "/"la reciente " 12
    for stem in (
        *("arrest", "deten", "disappearance", "abduction", "kidnapping", "release", "captura"),
        *("aprehensi", "encarcelamiento", "desaparici", "secuestro", "excarcelaci", "liberaci"),
    )
)
# Characters IGNORECASE matches to a letter that str.lower() leaves apart ("ſ" to "s", "ı" and
# "İ" to "i"): a post holding one is searched in full.
_CASE_ODDITIES = ("ſ", "ı", "İ")
# Words read past between an opener of one and the name: "human rights lawyer", "dos de sus
# coordinadores regionales,".
_TITLE_REACH = 8
# Words after which the name is someone else's: who asked for the release, or said it.
_OTHER_PARTY = frozenset({"by", "por", "para", "for", "según", "according", "said", "dijo"})
_LIST_JOINERS = frozenset({"y", "e", "and"})
# Words after which a name is what another noun is of or for, not a prisoner listed.
_COMPLEMENT_LINKS = frozenset({"de", "del", "of", "for", "para", "by", "por"})
# Actors that a jailed person's name may also be ("opposition leader A"): a government, a court,
# a gang or a public figure named in the list is no prisoner.
_PERSON_ACTORS = frozenset({"venezuelan_opposition"})


def listed_prisoners(
    doc: Doc,
    text: str,
    names: NameFinder,
    cues: dict[str, list[Match]],
    named: Sequence[tuple[str, Match]],
) -> list[Span]:
    """The names of two words or more listed after a prisoners' list opener, up to the end of
    its sentence, named after an opener of one held, or said to be held across an apposition
    (nlp.held_subjects); officials' titles are read past, and what `named` holds, other than an
    opposition figure's name, ends no list but is never taken."""
    found = held_subjects(doc, names, cues.get(PERSON_CUE, ()))
    lowered = lowered_text(doc)  # once for both kinds of opener
    odd = any(map(text.__contains__, _CASE_ODDITIES))
    lists = _openers(text, lowered, odd, _INTRODUCED, _INTRODUCED_LOWER, _LIST_ANCHORS)
    ones = _openers(text, lowered, odd, _ONE_HELD, _ONE_HELD_LOWER, _ONE_HELD_ANCHORS)
    if lists or ones:
        title_tokens = {i for m in cues.get(OFFICIAL_CUE, ()) for i in range(m.start, m.end)}
        one_held: list[Span] = []
        if ones:
            bodies = {i for kind, m in named if kind == ACTOR for i in range(m.start, m.end)}
            one_held = _named_one(doc, ones, names, title_tokens | bodies)
        listed = _listed(doc, lists, names, title_tokens) if lists else []
        found = [*listed, *one_held, *found]
    if not found:
        return []
    not_people = [
        (m.start, m.end) for kind, m in named if not (kind == ACTOR and m.value in _PERSON_ACTORS)
    ]
    return [n for n in found if not any(s < n.end and n.start < e for s, e in not_people)]


def _openers(
    text: str,
    lowered: str,
    odd: bool,
    pattern: re.Pattern[str],
    lower_pattern: re.Pattern[str],
    anchors: tuple[tuple[str, tuple[int, ...]], ...],
) -> list[re.Match[str]]:
    """The openers in the text, as `pattern.finditer` finds them: `lower_pattern` (`pattern`
    without IGNORECASE) matched in `lowered` at the places `anchors` give, where lower-casing
    kept every character's place and made no letter that IGNORECASE matches otherwise (not
    `odd`); else `pattern` searched in the text."""
    if odd or len(lowered) != len(text):
        return list(pattern.finditer(text))
    starts: set[int] = set()
    for word, distances in anchors:
        at = lowered.find(word)
        while at >= 0:
            for back in distances:
                if back <= at:
                    starts.add(at - back)
            at = lowered.find(word, at + 1)
    found = []
    end = 0  # as a search goes on, from the end of the last opener found
    for start in sorted(starts):
        if start >= end and (opener := lower_pattern.match(lowered, start)) is not None:
            found.append(opener)
            end = opener.end()
    return found


def _listed(
    doc: Doc, openers: list[re.Match[str]], names: NameFinder, title_tokens: set[int]
) -> list[Span]:
    """The names of two words or more after each list opener, to the end of its sentence; not
    a name that is the complement of a noun ("familiares de Edmundo González")."""
    out = []
    for opener in openers:
        span = doc.char_span(opener.start(), opener.end(), alignment_mode="expand")
        i = span.end if span is not None else len(doc)
        while i < len(doc) and doc[i].text not in SENTENCE_ENDS:
            name = None if i in title_tokens else names.name_at(doc, i)
            if name is None:
                i += 1
                continue
            before = name.start - 1
            while before in title_tokens:
                before -= 1
            if len(name) > 1 and doc[before].lower_ not in _COMPLEMENT_LINKS:
                out.append(name)
            i = name.end
    return out


def _named_one(
    doc: Doc, openers: list[re.Match[str]], names: NameFinder, passable: set[int]
) -> list[Span]:
    """The name of two words or more right after an opener of one held, past a title, a body's
    name and lowercase words, and a comma that ends them ("the arrest of human rights lawyer X",
    "el secuestro de dos de sus coordinadores, X y Y"), with the names coordinated after it."""
    out = []
    for opener in openers:
        span = doc.char_span(opener.start(), opener.end(), alignment_mode="expand")
        if span is None:
            continue
        i = span.end
        while i < min(len(doc), span.end + _TITLE_REACH) and doc[i].lower_ not in _OTHER_PARTY:
            if doc[i].text == "," and i > span.end:
                i += 1
                break
            if not (i in passable or doc[i].text.islower()):
                break
            i += 1
        name = names.name_at(doc, i)
        if name is not None and len(name) > 1:
            out += [name, *_coordinated_after(doc, names, name.end)]
    return out


def _coordinated_after(doc: Doc, names: NameFinder, end: int) -> list[Span]:
    """The names of two words or more coordinated after the one ending at `end` ("X y Y",
    "X, Y y Z"); a run of commas counts only if "y" or "and" closes it."""
    listed: list[Span] = []
    while end < len(doc) and doc[end].text in {",", *_LIST_JOINERS}:
        name = names.name_at(doc, end + 1)
        if name is None or len(name) < 2:
            break
        listed.append(name)
        if doc[end].lower_ in _LIST_JOINERS:
            return listed
        end = name.end
    return []
