"""Words that stand inside a name though they would end one: an initial ("Javier E.
Tarazona") and a given name that is also a common word ("Carlos Julio Rojas", "Yenni Luz
Rincón Ramírez", "José Salvador Pérez").

Months, virtues and places are listed as non-name words, so that "el 15 de Julio" or "la Paz"
names nobody; Latin American people carry them as second given names, and a name that stopped
at them lost its surname ("Carlos" for "Carlos Julio Rojas") and every later mention of it.
Between two name words, only a name can hold them.
"""

from __future__ import annotations

import re
from typing import Protocol

from spacy.tokens import Doc, Token

from nlp.lexicon import Lexicon
from nlp.text import fold

INITIAL = re.compile(r"^[A-ZÁÉÍÓÚÑ]\.$")


class NameWords(Protocol):
    """What is read of the name finder: whether a word may be part of a name."""

    def is_name_word(self, token: Token, capitals: bool = False) -> bool: ...


def middle_words(lexicon: Lexicon) -> frozenset[str]:
    """Listed given names that are also listed non-name words ("Julio", "Luz", "Salvador")."""
    given = {fold(name) for name in lexicon.given_names}
    return frozenset(word for word in lexicon.not_name_words if fold(word) in given)


def inside_a_name(
    doc: Doc, token: Token, middles: frozenset[str], names: NameWords, capitals: bool
) -> bool:
    """Whether `token`, after a name word, continues the name: an initial or a middle word
    with a name word right after it."""
    text = token.text
    if INITIAL.match(text) is None and not (token.is_title and text in middles):
        return False
    i = token.i
    return i + 1 < len(doc) and names.is_name_word(doc[i + 1], capitals)
