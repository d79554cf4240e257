"""How a text is written around a word: headlines, hashtags, words the tokenizer split at their
capitals, posts written in lower case. The name finders read capitals as a sign of a name; these
say where capitals say nothing about names, and where lower case still may.
"""

from __future__ import annotations

import re

from spacy.lang.en.stop_words import STOP_WORDS as EN_STOP_WORDS
from spacy.lang.es.stop_words import STOP_WORDS as ES_STOP_WORDS
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span, Token

from nlp.token_hashes import lower_hashes, orth_hashes

SENTENCE_ENDS = frozenset({".", "!", "?", ":", ";", "\n", '"', "“", "”", "|", "-", "—"})
FUNCTION_WORDS = frozenset(EN_STOP_WORDS | ES_STOP_WORDS)
_HEADLINE_SHARE = 0.6
_HEADLINE_MIN_WORDS = 3
_FUNCTION_WORD_IDS = frozenset(map(get_string_id, FUNCTION_WORDS))
_SENTENCE_END_IDS = frozenset(map(get_string_id, SENTENCE_ENDS))
_LETTER = re.compile(r"[^\W\d_]")


def written_in_lower_case(text: str) -> bool:
    """Whether the post starts in lower case, as posts written without capitals do ("mi
    hermano jesus eduardo ..."): only there is a lower-case word after a cue read as a name."""
    first_letter = _LETTER.search(text)
    return first_letter is not None and first_letter.group().islower()


def in_hashtag(token: Token) -> bool:
    """Whether the token is glued to a preceding '#' or '@' (CamelCase hashtags are split)."""
    doc, i = token.doc, token.i
    while i > 0 and not doc[i - 1].whitespace_:
        i -= 1
    return (token if i == token.i else doc[i]).text[:1] in "#@"  # most: the token, not rebuilt


def glued_word(token: Token) -> Span:
    """The word a token is part of when the tokenizer split it at its capitals ("TikTok" is
    "Tik" and "Tok"), or the token alone."""
    doc, start, end = token.doc, token.i, token.i + 1
    while start > 0 and not doc[start - 1].whitespace_ and doc[start - 1].is_alpha:
        start -= 1
    while end < len(doc) and not doc[end - 1].whitespace_ and doc[end].is_alpha:
        end += 1
    return doc[start:end]


def is_headline(doc: Doc) -> bool:
    """Function words capitalised mid-sentence ("Mother Says Tattoos Were Used Against Her
    Son"): a headline, where capitals say nothing about names."""
    function_words = capitalised = 0
    strings = doc.vocab.strings
    # The doc's hashes find the function words; Python reads the spelling only of one not
    # written in lower case (one in lower case is neither title case nor capitals).
    lowers, orths = lower_hashes(doc), orth_hashes(doc)
    for i in range(1, len(lowers)):
        lower, orth = lowers[i], orths[i]
        if lower in _FUNCTION_WORD_IDS and orths[i - 1] not in _SENTENCE_END_IDS:
            function_words += 1
            if orth != lower:
                text = strings[orth]
                capitalised += text.istitle() or text.isupper()
    return function_words >= _HEADLINE_MIN_WORDS and capitalised >= _HEADLINE_SHARE * function_words


def sentence_around(doc: Doc, start: int, end: int, ends: frozenset[str]) -> Span:
    """The sentence tokens start..end stand in: from the last of `ends` before them to the
    next (each rule reads sentences with the ends its cues need)."""
    while start > 0 and doc[start - 1].text not in ends:
        start -= 1
    while end < len(doc) and doc[end].text not in ends:
        end += 1
    return doc[start:end]
