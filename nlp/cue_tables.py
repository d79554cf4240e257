"""The phrase matcher's tables of one lexicon, kept on disk between runs.

Turning the lexicons' ~100,000 spellings into the matcher's patterns (their variants, the
distinctive parts of watchlist names, their tokens) was two thirds of the pipeline's start-up.
Its result, each rule's key and its patterns as hashes, changes only with the data files, the
code that builds it and the tokenizer: the file is keyed by all of them (the data files'
fingerprint, the source of the modules that build the tables, spaCy's and Python's versions and
the tokenizer's settings), so a stale file is never read. It holds one lexicon's tables; another
lexicon's are built (with nlp.cue_tokens, which keeps the spellings' tokens) and replace them. A
file that is damaged or cannot be written costs the building, as without it. It lives beside
the cue tokens, in $XDG_CACHE_HOME/testigo/ (default ~/.cache/testigo/).
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from spacy.language import Language

from nlp.cue_tokens import cache_folder, read_cache, tokenizer_key, write_cache

CACHE_FILE = "cue-tables.json"
_FORMAT = "testigo-cue-tables-1"
# The modules whose code decides the tables: a change to any of them makes the file stale.
_BUILDERS = (
    "nlp.cue_tables",
    "nlp.cue_tokens",
    "nlp.lexicon",
    "nlp.matching",
    "nlp.name_parts",
    "nlp.text",
)


@dataclass(frozen=True, slots=True)
class CueTable:
    """One rule of the matcher: its key, the kind and value of its cues, the token texts
    (orths) a match must have when the rule is case-exact, and its patterns (token norms)."""

    key: str
    kind: str
    value: str
    exact: frozenset[tuple[int, ...]] | None
    norms: list[tuple[int, ...]] | list[list[int]]  # lists as read from the file


@dataclass(frozen=True, slots=True)
class CueTables:
    """The rules in the order they are added, and the word families (kind, value, stem*)."""

    rules: list[CueTable]
    families: list[tuple[str, str, str]]


def cue_tables(
    nlp: Language,
    fingerprint: str,
    build: Callable[[], CueTables],
    use: Callable[[CueTables], None],
) -> CueTables:
    """The tables of the lexicon with this fingerprint, given to `use`: read from the file
    when it holds them, else built (and written for the next start). `use` makes the matcher
    anew each time: it can fail half-way on a damaged file, whose patterns are not checked
    as they are read (checking each hash was a third of the time saved)."""
    key = _key(nlp, fingerprint)
    folder = cache_folder()
    path = folder / CACHE_FILE if folder is not None else None
    if path is not None and (tables := _read(path, key)) is not None:
        try:
            use(tables)
            return tables
        except (TypeError, ValueError, OverflowError):  # a pattern that is no list of hashes
            pass
    tables = build()
    use(tables)
    if path is not None:
        write_cache(path, _document(key, tables))
    return tables


def _key(nlp: Language, fingerprint: str) -> str:
    digest = hashlib.sha256()
    for part in (_FORMAT, tokenizer_key(nlp), fingerprint):
        digest.update(part.encode() + b"\0")
    for name in _BUILDERS:
        source = sys.modules[name].__file__
        assert source is not None, f"{name} has no source file"
        digest.update(Path(source).read_bytes() + b"\0")
    return digest.hexdigest()


def _read(path: Path, key: str) -> CueTables | None:
    """The tables if the file is there, has this key and has their shape."""
    document = read_cache(path, key)
    if document is None:
        return None
    try:
        rules = [
            CueTable(
                _text(key),
                _text(kind),
                _text(value),
                None if exact is None else frozenset(map(tuple, exact)),
                patterns,
            )
            for key, kind, value, exact, patterns in document["rules"]
        ]
        families = [(_text(k), _text(v), _text(stem)) for k, v, stem in document["families"]]
    except (KeyError, TypeError, ValueError):  # a damaged file
        return None
    return CueTables(rules, families)


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError(f"a cached name is not text: {value!r}")
    return value


def _document(key: str, tables: CueTables) -> dict[str, Any]:
    rules = [
        (
            rule.key,
            rule.kind,
            rule.value,
            None if rule.exact is None else sorted(rule.exact),
            rule.norms,
        )
        for rule in tables.rules
    ]
    return {"key": key, "rules": rules, "families": tables.families}
