"""The tokens of every cue spelling, kept on disk between runs.

Tokenizing the lexicons' ~100,000 spellings is most of building the matcher's tables (when
nlp.cue_tables holds none for the lexicon), and a spelling's tokens change only with spaCy,
Python or the tokenizer's settings: the cache file is keyed by all three. It holds the distinct
words of the spellings with their norms, and each spelling with its tokens as indices into
them. Spellings it lacks (an edited lexicon, a watchlist with new names, another data folder)
are tokenized and the file is written again with the spellings in use, so an edit costs its own
spellings, not all of them, and the file holds one lexicon's. On load every word's norm is
checked against the norm function, so a change to it (nlp.text.norm) makes the cache stale too.
A cache that is stale or unreadable is rebuilt; where it cannot be written (no home, a
read-only disk) spellings are tokenized on every start, as without it. It lives in
$XDG_CACHE_HOME/testigo/ (default ~/.cache/testigo/).
"""

from __future__ import annotations

import hashlib
import sys
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from spacy.about import __version__ as spacy_version
from spacy.attrs import NORM
from spacy.language import Language
from spacy.tokens import Doc
from spacy.vocab import Vocab

from nlp.disk_cache import cache_folder, read_json, write_json

CACHE_FILE = "cue-tokens.json"
_FORMAT = "testigo-cue-tokens-3"


@dataclass(frozen=True, slots=True)
class TokenHashes:
    """Spellings' tokens as hashes: each one's norms, which a PhraseMatcher compares, and its
    texts (orths) on request: only the few exact-case cues need them, and making them for all
    the spellings was a tenth of the start-up."""

    norms: list[tuple[int, ...]]
    word_orths: list[int]  # the orth of each distinct word
    tokens: Sequence[Sequence[int]]  # each spelling's tokens as indices into `word_orths`

    def orths(self, index: int) -> tuple[int, ...]:
        """The orths of the spelling at `index`."""
        return tuple([self.word_orths[i] for i in self.tokens[index]])

    @classmethod
    def of(cls, docs: Iterable[Doc]) -> TokenHashes:
        norms: list[tuple[int, ...]] = []
        orths: list[int] = []
        tokens: list[range] = []
        for doc in docs:
            norms.append(tuple([t.norm for t in doc]))
            tokens.append(range(len(orths), len(orths) + len(doc)))
            orths += [t.orth for t in doc]
        return cls(norms, orths, tokens)


@dataclass(frozen=True, slots=True)
class _Tokenized:
    """Spellings as tokens: `words` holds each distinct (text, norm, whether the norm is the
    token's own, set by a tokenizer special case, rather than its word's), `tokens` each
    spelling's tokens as indices into `words`."""

    words: list[tuple[str, str, bool]]
    spellings: list[str]
    tokens: list[list[int]]


def token_hashes(nlp: Language, spellings: Sequence[str]) -> TokenHashes:
    """Each spelling's token hashes, in order: from the cache for the spellings it holds, from
    the tokenizer for the others (and the cache is written again for the next start)."""
    key = tokenizer_key(nlp)
    path = cache_path()
    wanted = list(spellings)
    cached = _read(path, key) if path is not None else None
    if cached is not None:
        try:
            tokenized = cached if cached.spellings == wanted else _updated(nlp, cached, wanted)
            hashes = _hashes(nlp.vocab, tokenized)
        except (IndexError, TypeError, ValueError):  # a damaged file
            hashes = None
        if hashes is not None:
            if path is not None and tokenized is not cached:
                _write(path, key, tokenized)
            return hashes
    tokenized = _tokenize(nlp, wanted)
    if path is not None:
        _write(path, key, tokenized)
    hashes = _hashes(nlp.vocab, tokenized)
    assert hashes is not None, "the tokenizer's norms disagree with its vocabulary's"
    return hashes


def _updated(nlp: Language, cached: _Tokenized, spellings: list[str]) -> _Tokenized:
    """The spellings' tokens: from the cache where it holds them, from the tokenizer else;
    with only the words they use."""
    held = dict(zip(cached.spellings, cached.tokens, strict=True))
    fresh = _tokenize(nlp, [s for s in dict.fromkeys(spellings) if s not in held])
    index: dict[tuple[str, str, bool], int] = {}
    found: dict[str, list[int]] = {}
    wanted = set(spellings)
    for part in (cached, fresh):
        # A word read from the file is a list: made a tuple, as the index's keys are.
        words = [(text, norm, own) for text, norm, own in part.words]
        for spelling, tokens in zip(part.spellings, part.tokens, strict=True):
            if spelling in wanted:
                found[spelling] = [index.setdefault(words[i], len(index)) for i in tokens]
    return _Tokenized(list(index), spellings, [found[spelling] for spelling in spellings])


def cache_path() -> Path | None:
    folder = cache_folder()
    return folder / CACHE_FILE if folder is not None else None


def tokenizer_key(nlp: Language) -> str:
    """What a spelling's tokens depend on: the versions of the code and the tokenizer's settings."""
    digest = hashlib.sha256()
    for part in (_FORMAT, spacy_version, sys.version, unicodedata.unidata_version):
        digest.update(part.encode() + b"\0")
    # spaCy types `tokenizer` as any callable; a Language's own is a Tokenizer.
    digest.update(nlp.tokenizer.to_bytes(exclude=["vocab"]))  # type: ignore[union-attr]
    return digest.hexdigest()


def _tokenize(nlp: Language, spellings: Sequence[str]) -> _Tokenized:
    index: dict[tuple[str, str, bool], int] = {}
    tokenized = []
    # spaCy types `tokenizer` as any callable; a Language's own is a Tokenizer.
    for doc in nlp.tokenizer.pipe(spellings):  # type: ignore[union-attr]
        tokenized.append(
            [index.setdefault((t.text, t.norm_, t.norm != t.lex.norm), len(index)) for t in doc]
        )
    return _Tokenized(list(index), list(spellings), tokenized)


def _hashes(vocab: Vocab, tokenized: _Tokenized) -> TokenHashes | None:
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
    norm_at = norms.__getitem__
    return TokenHashes(
        [tuple(map(norm_at, tokens)) for tokens in tokenized.tokens], orths, tokenized.tokens
    )


def _read(path: Path, key: str) -> _Tokenized | None:
    """The cached tokens if the file is there and has this key; the shape of its words is
    checked as they are read (`_hashes`)."""
    document = read_json(path, key)
    if document is None:
        return None
    words, spellings, tokens = (document.get(part) for part in ("words", "spellings", "tokens"))
    if not (isinstance(words, list) and isinstance(spellings, list) and isinstance(tokens, list)):
        return None
    if len(spellings) != len(tokens):
        return None
    return _Tokenized(words, spellings, tokens)


def _write(path: Path, key: str, tokenized: _Tokenized) -> None:
    write_json(
        path,
        {
            "key": key,
            "words": tokenized.words,
            "spellings": tokenized.spellings,
            "tokens": tokenized.tokens,
        },
    )
