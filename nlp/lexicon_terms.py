"""The terms of the data files: their {a|b} alternations expanded, and the error a malformed
file raises (nlp.lexicon reads the files)."""

from __future__ import annotations

import itertools
import re
from typing import Any

_ALTERNATION = re.compile(r"\{([^{}]*)\}")


class LexiconError(ValueError):
    """A data file is missing or malformed; the message names the file and the entry."""


def expand(term: str) -> list[str]:
    """'acuerdo{|s} humanitario{|s}' -> the four spellings; whitespace collapsed. Each spelling
    is one join of its pieces: the lexicons expand to some 100,000 spellings at every start."""
    parts = _ALTERNATION.split(term)
    # Literal text and the alternatives of each {...} in turn, a literal as its one choice.
    pieces = [part.split("|") if i % 2 else [part] for i, part in enumerate(parts)]
    spellings = (" ".join("".join(combo).split()) for combo in itertools.product(*pieces))
    return [text for text in spellings if text]


def expand_all(terms: Any, where: str) -> tuple[str, ...]:
    if terms is None:
        return ()
    if not isinstance(terms, list):
        raise LexiconError(f"{where}: expected a list of strings")
    for term in terms:
        if not isinstance(term, str):
            raise LexiconError(
                f"{where}: {term!r} is not a string (quote words such as "
                "no, on, off, yes and y, which YAML reads as true or false)"
            )
    return tuple(dict.fromkeys(itertools.chain.from_iterable(map(expand, terms))))
