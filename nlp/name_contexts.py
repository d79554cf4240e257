"""Contexts that name a person with a single word the name finder would not read alone.

A relative named in apposition after a kinship noun ("Rocha's son, Santiago, said"; not a
lawyer: "Kevin's lawyer, Ana Díaz" speaks as a source), and the names listed after a repeated
preposition ("por Perkins, por Rocío, por Tudares").
"""

from __future__ import annotations

from typing import Protocol

from spacy.tokens import Doc, Span, Token

# Prepositions that, repeated, list the people a plea is for: "Oración por Perkins, por Rocío".
_PLEA_PREPOSITIONS = frozenset({"por", "para", "for"})
# Relations that speak for a detainee as sources, not as relatives at risk.
_COUNSEL = frozenset({"lawyer", "lawyers", "attorney", "attorneys", "family", "relatives"})


class NameReader(Protocol):
    """What the contexts read of the name finder."""

    def name_at(self, doc: Doc, start: int) -> Span | None: ...

    def is_name_word(self, token: Token, capitals: bool = False) -> bool: ...


def kin_apposition(doc: Doc, names: NameReader, relation: int) -> Span | None:
    """The relative named between commas right after a kinship noun ("Rocha's son,
    Santiago, said"; "Ávila's grandmother, Carmen Díaz, told"), if one is."""
    comma = relation + 1
    if doc[relation].lower_ in _COUNSEL or comma + 1 >= len(doc) or doc[comma].text != ",":
        return None
    name = names.name_at(doc, comma + 1)
    if name is None or name.end >= len(doc) or doc[name.end].text not in {",", "("}:
        return None
    return name


def repeats_preposition(doc: Doc, start: int, i: int) -> bool:
    """Whether token i repeats the preposition before the name at `start` ("por Perkins, por
    Rocío, por Tudares"): the next name is listed beside it."""
    return (
        start > 0
        and i < len(doc)
        and doc[i].lower_ in _PLEA_PREPOSITIONS
        and doc[i].lower_ == doc[start - 1].lower_
    )
