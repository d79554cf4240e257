"""Text helpers shared by every matcher: a length-preserving cleanup and the matching norm.

Offsets reported to callers are offsets into the caller's text, so every cleanup here keeps the
length of the string unchanged; folding, case and light stemming happen on token norms instead.
"""

from __future__ import annotations

import html
import re
import unicodedata

# Texts longer than this are annotated on their first MAX_CHARS characters only (memory bound).
MAX_CHARS = 2_000_000

_SURROGATES = re.compile(r"[\ud800-\udfff]")
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_CONTROLS = [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F, 0xA0]
_CONTROL_TO_SPACE = str.maketrans({c: " " for c in _CONTROLS})
# str.translate costs ~80 ns a character; a regex search finds the rare post that needs it.
_CONTROL = re.compile("[" + "".join(re.escape(chr(c)) for c in _CONTROLS) + "]")


def _fold_table() -> dict[int, str]:
    """Latin letters with diacritics mapped to their base letter, and dashes to a hyphen; one
    char to one char."""
    table: dict[int, str] = {}
    for code in range(0xC0, 0x250):
        base = unicodedata.normalize("NFD", chr(code))[0]
        if base.isascii() and base.isalpha() and base != chr(code):
            table[code] = base
    table.update({ord("’"): "'", ord("‘"): "'", ord("ß"): "s"})
    table.update(dict.fromkeys(map(ord, "‐‑‒–—−"), "-"))  # "MS–13" is "MS-13"
    return table


_FOLD = str.maketrans(_fold_table())
# Runs of the characters folding changes: a long text has few, and str.translate reads every
# character through the table (~50 ns each), a regex skips the rest in C.
_FOLDED_RUNS = re.compile("[" + "".join(re.escape(chr(c)) for c in _FOLD) + "]+")


def safe_text(text: str) -> str:
    """The input with lone surrogates replaced, so it can be encoded; same length."""
    if _SURROGATES.search(text):
        return _SURROGATES.sub("\ufffd", text)
    return text


def clean_for_tokens(text: str) -> str:
    """Neutralise control characters and HTML entities without moving any character.

    An entity such as ``&quot;`` becomes its character followed by spaces, so quotes still count
    as quotes and the words around it still tokenize as words.
    """
    if _CONTROL.search(text):
        text = text.translate(_CONTROL_TO_SPACE)
    if "&" in text:
        text = _ENTITY.sub(_entity_padded, text)
    return text


def _entity_padded(match: re.Match[str]) -> str:
    raw = match.group(0)
    decoded = html.unescape(raw)
    if len(decoded) != 1 or decoded == raw or not decoded.isprintable():
        decoded = " "
    return decoded + " " * (len(raw) - 1)


def fold(word: str) -> str:
    """Lower case, without accents: 'Nicolás' -> 'nicolas'."""
    if word.isascii():  # most words: folding changes none of their characters
        return word.lower()  # str.translate reads each character through the table (~60 ns)
    return word.translate(_FOLD).lower()


def fold_text(text: str) -> str:
    """fold() of a whole text, a few times faster on long ones."""
    if text.isascii():  # no character folding changes
        return text.lower()
    return _FOLDED_RUNS.sub(_folded_run, text).lower()


def _folded_run(match: re.Match[str]) -> str:
    return match.group().translate(_FOLD)


def norm(word: str) -> str:
    """The matching key of a token: folded, with plural and gender endings stripped.

    'terroristas', 'terrorista' and 'terrorists' all become 'terrorist'; 'presas' and 'presos'
    become 'pres'. Crude on purpose: it is computed once per distinct word (a lexeme attribute),
    and lexicon terms pass through the same function, so both sides always agree.
    """
    folded = fold(word)
    if len(folded) < 5 or not folded.isalpha():
        return folded
    if folded[-1] == "s" and folded[-2] not in "su":
        folded = folded[:-1]
    if len(folded) >= 5 and folded[-1] in "aeo":
        folded = folded[:-1]
    return folded
