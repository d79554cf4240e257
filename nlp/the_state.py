"""The State as report and court prose writes it: "urges the State to repeal", "la
responsabilidad directa del Estado", "fueron detenidos por cuerpos de seguridad del Estado".
Written in lower case, or named by what follows, the word is something else: "el estado de
salud", "the state of emergency", "Estado Carabobo" (a Venezuelan state), "the State
Department", "el Estado de Derecho"."""

from __future__ import annotations

from spacy.tokens import Doc

from nlp.places_as_states import OFFICE_OF
from nlp.text import fold

_STATE_WORDS = frozenset({"estado", "state"})
# Capitalised kinds of state in report prose: "el Estado de Derecho", "State of Exception".
_KINDS = frozenset({"derecho", "exception", "excepcion", "emergency", "emergencia", "sitio"})


def not_the_state(doc: Doc, end: int, last: str) -> bool:
    """Whether an office ending at `end` in "Estado" or "State" is no State: written in lower
    case, followed by a capitalised name ("Estado Carabobo", "State Department") or by "of",
    "de" and a lower-case word ("State of emergency", "Estado de derecho"). `last`: the
    office's last word folded, which the caller has read (reading it again cost as much)."""
    if last not in _STATE_WORDS:
        return False
    word = doc[end - 1]
    if not word.text[0].isupper():
        return True
    after = doc[end] if end < len(doc) else None
    if after is None:
        return False
    if after.is_title and after.is_alpha:
        return True
    following = doc[end + 1] if end + 1 < len(doc) else None
    return after.lower_ in OFFICE_OF and following is not None and _a_kind(following.text)


def _a_kind(word: str) -> bool:
    """A word naming a kind, not a state's name: "emergencia", "Derecho", "Exception"."""
    return word.isalpha() and (word.islower() or fold(word) in _KINDS)
