"""The phrase matcher's tables of one lexicon, kept on disk between runs (nlp.disk_cache).

Turning the lexicons' ~100,000 spellings into the matcher's patterns (their variants, the
distinctive parts of watchlist names, their tokens) was two thirds of the pipeline's start-up.
Its result, each rule's key and its patterns as hashes, changes only with the data files, the
code that builds it and the tokenizer: the file is keyed by all of them (the data files'
fingerprint, the source of the modules that build the tables, spaCy's and Python's versions and
the tokenizer's settings), so a stale file is never read. It holds one lexicon's tables; another
lexicon's are built (with nlp.cue_tokens, which keeps the spellings' tokens) and replace them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass

from spacy.language import Language

from nlp.cue_tokens import tokenizer_key
from nlp.disk_cache import code_version, kept

CACHE_FILE = "cue-tables.pickle"
_FORMAT = "testigo-cue-tables-1"
# The modules whose code decides the tables: a change to any of them makes the file stale.
_BUILDERS = (
    "nlp.cue_tables",
    "nlp.cue_tokens",
    "nlp.lexicon",
    "nlp.lexicon_terms",
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
    norms: list[tuple[int, ...]]


@dataclass(frozen=True, slots=True)
class CueTables:
    """The rules in the order they are added, and the word families (kind, value, stem*)."""

    rules: list[CueTable]
    families: list[tuple[str, str, str]]


def cue_tables(nlp: Language, fingerprint: str, build: Callable[[], CueTables]) -> CueTables:
    """The tables of the lexicon with this fingerprint: read from the file when it holds
    them, else built (and written for the next start)."""
    parts = (_FORMAT, tokenizer_key(nlp), fingerprint, code_version(_BUILDERS))
    return kept(CACHE_FILE, hashlib.sha256("\0".join(parts).encode()).hexdigest(), build)
