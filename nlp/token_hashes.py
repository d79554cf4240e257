"""Each token's spelling and lower-case form as string hashes, read from the doc in one C pass
the first time a reader asks and kept with the doc: the name readers that look for given words
anywhere in a post share the pass (each costs more than the search it serves)."""

from __future__ import annotations

from spacy.attrs import LOWER, ORTH
from spacy.tokens import Doc

_KEYS = {LOWER: "testigo_lower_hashes", ORTH: "testigo_orth_hashes"}


def lower_hashes(doc: Doc) -> list[int]:
    """The hash of each token's lower-case form, in token order."""
    return _hashes(doc, LOWER)


def orth_hashes(doc: Doc) -> list[int]:
    """The hash of each token's spelling, in token order."""
    return _hashes(doc, ORTH)


def _hashes(doc: Doc, attr: int) -> list[int]:
    key = _KEYS[attr]
    hashes: list[int] | None = doc.user_data.get(key)
    if hashes is None:
        hashes = doc.user_data[key] = doc.to_array(attr).tolist()
    return hashes
