"""A lawyer quoted as a source: "El abogado negó que...", "dijo el abogado Salvador Ríos", "El
abogado de X afirmó", "los abogados aclaran que".

"Abogado" is a weak due-process cue: a lawyer in a post is often the detainees' right to counsel
at stake, so the classifier's support makes it the frame. A lawyer who is the one speaking is
the voice news quotes, not that right; the frame then needs a cue of its own ("sin acceso a un
abogado", "hábeas corpus"). In unseen news and NGO prose four lawyers quoted this way, in four
documents, were read as due process on this word alone.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from spacy.tokens import Doc

from nlp.matching import FRAME_WEAK, REPORTER, Match
from nlp.text import norm

DUE_PROCESS = "due_process"
_COUNSEL = frozenset(norm(word) for word in ("abogado", "abogada", "counsel"))
# Words that may stand between the lawyer and the verb said of them: whose lawyer ("de X Y"),
# the lawyer's own name, and the article before a lawyer named after the verb.
_LINKS = frozenset({"de", "del", "of", "for", "-", "el", "la", "los", "las", "su", "sus", "y"})
_DETERMINERS = frozenset({"el", "la", "los", "las", "su", "sus", "the", "his", "her", "their"})
_AFTER_REACH = 6


def speaking_counsel(doc: Doc, found: Mapping[str, Sequence[Match]]) -> list[Match]:
    """The weak due-process cues naming a lawyer a verb of saying is said of, as ignore
    matches of due process."""
    reporters = found.get(REPORTER, ())
    if not reporters:
        return []
    return [
        Match(DUE_PROCESS, cue.start, cue.end)
        for cue in found.get(FRAME_WEAK, ())
        if cue.value == DUE_PROCESS
        and any(token.norm_ in _COUNSEL for token in doc[cue.start : cue.end])
        and any(_speaks(doc, cue, verb) for verb in reporters)
    ]


def _speaks(doc: Doc, cue: Match, verb: Match) -> bool:
    """Whether the verb of saying follows the lawyer across a name or a client ("El abogado de
    X afirmó") or comes right before them ("dijo el abogado")."""
    if cue.end <= verb.start <= cue.end + _AFTER_REACH:
        return all(_named_link(doc[i].text) for i in range(cue.end, verb.start))
    if verb.end <= cue.start:
        between = [doc[i].lower_ for i in range(verb.end, cue.start)]
        return len(between) <= 1 and all(word in _DETERMINERS for word in between)
    return False


def _named_link(text: str) -> bool:
    """A word that may stand between a lawyer and what they say: a capitalised name or a link
    word (no punctuation but a name's hyphen, so never a sentence's end)."""
    return text[:1].isupper() or text.lower() in _LINKS
