"""What a word says of itself as a possible word of a person's name: its case, its spelling
against the lexicon's non-name words, particles and function words, and whether the tokenizer
split it from a brand's name. The name finders (nlp.name_finder) read names as runs of these.
"""

from __future__ import annotations

from spacy.tokens import Token

from nlp.doc_state import doc_state
from nlp.lexicon import Lexicon
from nlp.text import fold
from nlp.text_shapes import FUNCTION_WORDS, glued_word

_TAG_MARKS = frozenset({"#", "@"})
_GLUED_NAME_PREFIXES = frozenset(
    {"Mc", "Mac", "De", "Di", "Da", "Del", "La", "Le", "Lo", "Van", "Von"}
)
_ADVERB_ENDINGS = ("ally", "ously", "ively", "ently", "antly", "ately", "edly", "ingly", "mente")
_MIN_ADVERB = 6
# A word's spelling may make it a name word in title case, or in capitals ("PEDRO"), or neither.
_TITLED, _CAPITALS = 1, 2
_CACHE_LIMIT = 1 << 16


class NameWordTests:
    """Tests of single words against the lexicon's lists of names and non-names."""

    def __init__(self, lexicon: Lexicon) -> None:
        self._not_name = lexicon.not_name_words
        self._particles = lexicon.name_particles
        self._place_heads = lexicon.place_heads
        given = {fold(name) for name in lexicon.given_names}
        self._function_words = FUNCTION_WORDS - given
        not_names = {fold(word) for word in lexicon.not_name_words}
        self._given = frozenset(given - not_names - FUNCTION_WORDS)
        surnames = {fold(name) for name in lexicon.surnames} - not_names
        self._lower_case_words = self._given | surnames
        self._shapes: dict[int, int] = {}

    def is_name_word(self, token: Token, capitals: bool = False) -> bool:
        """A capitalised word that may be part of a name (`capitals`: in capitals too)."""
        shape = self._shapes.get(token.orth)
        if shape is None:
            shape = self._shape(token)
        if shape != _TITLED and not (capitals and shape == _CAPITALS):
            return False
        return not self._in_a_brand(token)

    def _shape(self, token: Token) -> int:
        """How the word's spelling may make it a name word, cached by spelling: most words
        are read several times in a post, and common ones in every post."""
        if len(self._shapes) > _CACHE_LIMIT:
            self._shapes.clear()
        text, lower = token.text, token.lower_
        shape = _TITLED if token.is_title else _CAPITALS if len(text) > 1 and text.isupper() else 0
        if shape and not (
            token.is_alpha
            and text not in self._not_name
            and text.title() not in self._not_name
            and text not in self._place_heads
            and lower not in self._particles
            and lower not in self._function_words
            and not self._is_adverb(token)
        ):
            shape = 0
        self._shapes[token.orth] = shape
        return shape

    def _in_a_brand(self, token: Token) -> bool:
        """Whether the token is part of a word the tokenizer split at its capitals, outside a
        hashtag or handle: a non-name word listed whole ("TikTok") or a brand ("ProPublica");
        names glued so start with a particle ("McDonald", "DeGrazia", "LaRosa")."""
        doc = token.doc
        text = doc_state(doc).text
        start = token.idx
        end = start + len(token)
        if not (start and text[start - 1].isalpha()) and not text[end : end + 1].isalpha():
            return False  # most words: cheap to tell from the characters around them
        glued = glued_word(token)
        if len(glued) == 1:
            return False
        if glued.start > 0 and doc[glued.start - 1].text in _TAG_MARKS:
            return False
        return glued.text in self._not_name or glued[0].text not in _GLUED_NAME_PREFIXES

    def _is_adverb(self, token: Token) -> bool:
        """A capitalised adverb that opens a sentence ("Additionally, Alirio Belloso, 30,
        ..."; "Finalmente, ..."), told from names that end alike ("Beverly", "Donnelly")."""
        return (
            token.lower_.endswith(_ADVERB_ENDINGS)
            and len(token) > _MIN_ADVERB
            and fold(token.text) not in self._lower_case_words
        )

    def is_plain_name_word(self, token: Token) -> bool:
        """A word that may be part of a name written in any case ("rafael tudares"): not a
        function word, a particle or a non-name word."""
        return (
            token.is_alpha
            and token.lower_ not in self._particles
            and token.lower_ not in self._function_words
            and token.text.title() not in self._not_name
        )
