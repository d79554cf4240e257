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

from nlp.matching import ACTOR, Match
from nlp.name_finder import NameFinder
from nlp.text_shapes import SENTENCE_ENDS

# A plural noun for people held, then a word that opens the list of them.
_INTRODUCED = re.compile(
    r"\b(?:prisoners|detainees|presos|presas|detenidos|detenidas)"
    r"(?: pol[ií]tic[oa]s)?,? (?:including|such as|among them|among whom|entre ellos|entre "
    r"ellas|como|incluidos|incluidas|incluyendo)\b",
    re.IGNORECASE,
)
# Words after which a name is what another noun is of or for, not a prisoner listed.
_COMPLEMENT_LINKS = frozenset({"de", "del", "of", "for", "para", "by", "por"})
# Actors that a jailed person's name may also be ("opposition leader A"): a government, a court,
# a gang or a public figure named in the list is no prisoner.
_PERSON_ACTORS = frozenset({"venezuelan_opposition"})


def listed_prisoners(
    doc: Doc,
    text: str,
    names: NameFinder,
    titles: Sequence[Match],
    named: Sequence[tuple[str, Match]],
) -> list[Span]:
    """The names of two words or more listed after a prisoners' list opener, up to the end of
    its sentence; `titles` (officials' titles) are read past, and what `named` holds, other than
    an opposition figure's name, ends no list but is never taken."""
    openers = list(_INTRODUCED.finditer(text))
    if not openers:
        return []
    title_tokens = {i for m in titles for i in range(m.start, m.end)}
    not_people = [
        (m.start, m.end) for kind, m in named if not (kind == ACTOR and m.value in _PERSON_ACTORS)
    ]
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
            if (
                len(name) > 1
                and doc[before].lower_ not in _COMPLEMENT_LINKS
                and not any(s < name.end and name.start < e for s, e in not_people)
            ):
                out.append(name)
            i = name.end
    return out
