"""Language of a post: a function-word vote first, the lingua detector when the vote is unclear.

Most posts in this topic are English or Spanish, and counting function words costs nothing once
the matcher has run: a post with at least two of them goes to the language with more (a mixed
post is labelled by its main language). lingua (its model ships in the wheel) settles ties,
short posts and other languages, on a prefix and in low-accuracy mode to stay fast. That mode
can waver between two languages on a short post full of names ("Ayer hablé con Xoandry
Quilarque Tovito…" reads as French by a hair); where it does, the post's one function word
settles it.
"""

from __future__ import annotations

import functools

from lingua import Language, LanguageDetector, LanguageDetectorBuilder

UNDETERMINED = "und"
OTHER = "other"  # the languages.yaml list of words that send a post to the detector
_PREFIX_CHARS = 120
_CACHED_PREFIXES = 4096
_MIN_VOTES = 2
_MIN_LETTERS = 3
# How close lingua's first two languages may be for a function word to choose between them.
_NEAR_TIE = 0.2
_LANGUAGES = (
    Language.ENGLISH,
    Language.SPANISH,
    Language.PORTUGUESE,
    Language.FRENCH,
    Language.ITALIAN,
    Language.GERMAN,
)


class LanguageGuesser:
    def __init__(self) -> None:
        self._detector: LanguageDetector | None = None
        # lingua takes ~0.3 ms a post; reposts and copy-paste campaigns repeat an opening verbatim
        self._detect_prefix = functools.lru_cache(maxsize=_CACHED_PREFIXES)(self._detect_uncached)

    def warm_up(self) -> None:
        """Build the detector and load its models now, e.g. before forking workers that then
        share them instead of each loading its own (~0.1 s)."""
        self._detect_uncached("warm up the models: Bukele y Maduro")

    def guess(self, text: str, votes: dict[str, int]) -> str:
        """The language from {language: number of its function words in text}, else lingua."""
        leader = _vote_leader(votes)
        if leader is not None and votes[leader] >= _MIN_VOTES:
            return leader
        return self._detect_prefix(text[:_PREFIX_CHARS], leader)

    def _detect_uncached(self, prefix: str, leader: str | None = None) -> str:
        """lingua's language for the prefix; `leader` (the language of the post's function
        words, if any) wins where lingua puts it within a near tie of its first choice."""
        if sum(c.isalpha() for c in prefix) < _MIN_LETTERS:
            return UNDETERMINED
        if self._detector is None:
            self._detector = (
                LanguageDetectorBuilder.from_languages(*_LANGUAGES).with_low_accuracy_mode().build()
            )
        ranked = self._detector.compute_language_confidence_values(prefix)
        if not ranked or ranked[0].value == 0:
            return UNDETERMINED
        codes = [_code(value.language) for value in ranked[:2]]
        if leader in codes and ranked[0].value - ranked[codes.index(leader)].value < _NEAR_TIE:
            return leader
        if len(ranked) > 1 and ranked[0].value == ranked[1].value:
            return UNDETERMINED
        return codes[0]


def _vote_leader(votes: dict[str, int]) -> str | None:
    """The language with the most function words in the post, unless there is a tie or a word
    of another language."""
    if OTHER in votes or not votes:
        return None
    ranked = sorted(votes.values(), reverse=True)
    if len(ranked) > 1 and ranked[0] == ranked[1]:
        return None
    return max(votes, key=votes.__getitem__)


def _code(language: Language) -> str:
    return language.iso_code_639_1.name.lower()
