"""The tokens of every cue spelling, kept on disk between runs.

Tokenizing the lexicons' ~20,000 spellings is most of the pipeline's start-up, and its result
changes only with the spellings, spaCy, Python or the tokenizer's settings: the cache file is
keyed by all four. It holds the distinct words of the spellings with their norms, and each
spelling as indices into them; on load every word's norm is checked against the vocabulary, so
a change to the norm function (nlp.text.norm) makes the cache stale too. A cache that is
missing, stale or unreadable is rebuilt; where it cannot be written (no home, a read-only disk)
spellings are tokenized on every start, as without it. It lives in $XDG_CACHE_HOME/testigo/
(default ~/.cache/testigo/).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sys
import tempfile
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

import orjson
from spacy.about import __version__ as spacy_version
from spacy.attrs import NORM
from spacy.language import Language
from spacy.tokens import Doc
from spacy.vocab import Vocab

CACHE_FILE = "cue-tokens.json"
_FORMAT = "testigo-cue-tokens-2"


class TokenHashes(NamedTuple):
    """A spelling's tokens as the hashes a PhraseMatcher compares."""

    norms: tuple[int, ...]
    orths: tuple[int, ...]

    @classmethod
    def of(cls, doc: Doc) -> TokenHashes:
        return cls(tuple(t.norm for t in doc), tuple(t.orth for t in doc))


@dataclass(frozen=True, slots=True)
class _Tokenized:
    """Spellings as tokens: `words` holds each distinct (text, norm, whether the norm is the
    token's own, set by a tokenizer special case, rather than its word's), `spellings` each
    spelling's tokens as indices into `words`."""

    words: list[tuple[str, str, bool]]
    spellings: list[list[int]]


def token_hashes(nlp: Language, spellings: Sequence[str]) -> list[TokenHashes]:
    """Each spelling's token hashes, in order: from the cache when it is current, else from
    the tokenizer (and the cache is written for the next start)."""
    key = _key(nlp, spellings)
    path = cache_path()
    cached = _read(path, key) if path is not None else None
    if cached is not None and len(cached.spellings) == len(spellings):
        try:
            hashes = _hashes(nlp.vocab, cached)
        except (IndexError, TypeError, ValueError):  # a damaged file
            hashes = None
        if hashes is not None:
            return hashes
    tokenized = _tokenize(nlp, spellings)
    if path is not None:
        _write(path, key, tokenized)
    hashes = _hashes(nlp.vocab, tokenized)
    assert hashes is not None, "the tokenizer's norms disagree with its vocabulary's"
    return hashes


def cache_path() -> Path | None:
    try:
        base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    except RuntimeError:  # no home directory to be found
        return None
    return Path(base) / "testigo" / CACHE_FILE


def _key(nlp: Language, spellings: Sequence[str]) -> str:
    digest = hashlib.sha256()
    for part in (_FORMAT, spacy_version, sys.version, unicodedata.unidata_version):
        digest.update(part.encode() + b"\0")
    # spaCy types `tokenizer` as any callable; a Language's own is a Tokenizer.
    digest.update(nlp.tokenizer.to_bytes(exclude=["vocab"]))  # type: ignore[union-attr]
    digest.update("\0".join(spellings).encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def _tokenize(nlp: Language, spellings: Sequence[str]) -> _Tokenized:
    index: dict[tuple[str, str, bool], int] = {}
    tokenized = []
    # spaCy types `tokenizer` as any callable; a Language's own is a Tokenizer.
    for doc in nlp.tokenizer.pipe(spellings):  # type: ignore[union-attr]
        tokenized.append(
            [index.setdefault((t.text, t.norm_, t.norm != t.lex.norm), len(index)) for t in doc]
        )
    return _Tokenized(list(index), tokenized)


def _hashes(vocab: Vocab, tokenized: _Tokenized) -> list[TokenHashes] | None:
    """The hashes, or None when a word's norm is no longer what the vocabulary's norm function
    gives (that function changed). Words get no vocabulary entry here: making one runs every
    attribute function of the vocabulary, and thousands of cue words are never met in a post
    (a post's tokens make their own entries, with the same norms)."""
    # spaCy's Vocab stub leaves out `lex_attr_getters`, an attribute of every Vocab.
    norm_of = vocab.lex_attr_getters[NORM]  # type: ignore[attr-defined]
    add = vocab.strings.add
    norms, orths = [], []
    for text, norm, own in tokenized.words:
        if not (isinstance(text, str) and isinstance(norm, str)):
            raise TypeError(f"a cached word is not text: {text!r}, {norm!r}")
        if not (own or norm_of(text) == norm):
            return None
        norms.append(add(norm))
        orths.append(add(text))
    return [
        TokenHashes(tuple([norms[i] for i in tokens]), tuple([orths[i] for i in tokens]))
        for tokens in tokenized.spellings
    ]


def _read(path: Path, key: str) -> _Tokenized | None:
    """The cached tokens if the file is there and has this key; the shape of its words is
    checked as they are read (`_hashes`)."""
    try:
        document: Any = orjson.loads(path.read_bytes())
    except (OSError, orjson.JSONDecodeError):
        return None
    if not (isinstance(document, dict) and document.get("key") == key):
        return None
    words, spellings = document.get("words"), document.get("spellings")
    if not (isinstance(words, list) and isinstance(spellings, list)):
        return None
    return _Tokenized(words, spellings)


def _write(path: Path, key: str, tokenized: _Tokenized) -> None:
    """Written whole under another name, then renamed: a reader sees the old file or the new
    one, never part of one, whichever process writes."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        sink = tempfile.NamedTemporaryFile(dir=path.parent, suffix=".tmp", delete=False)
    except OSError:
        return
    document = {"key": key, "words": tokenized.words, "spellings": tokenized.spellings}
    try:
        with sink:
            sink.write(orjson.dumps(document))
        os.replace(sink.name, path)
    except (OSError, TypeError):  # TypeError: a word orjson cannot encode (a lone surrogate)
        with contextlib.suppress(OSError):
            os.unlink(sink.name)
