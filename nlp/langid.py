"""Language of a post: a function-word vote first, the lingua detector when the vote is unclear.

Most posts in this topic are English or Spanish, and counting function words costs nothing once
the matcher has run: a post with at least two of them goes to the language with more (a mixed
post is labelled by its main language). lingua (its model ships in the wheel) settles ties,
short posts and other languages, on a prefix and in low-accuracy mode to stay fast.
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
        if OTHER not in votes and votes:
            ranked = sorted(votes.values(), reverse=True)
            if ranked[0] >= _MIN_VOTES and (len(ranked) == 1 or ranked[0] > ranked[1]):
                return max(votes, key=votes.__getitem__)
        return self._detect(text)

    def _detect(self, text: str) -> str:
        return self._detect_prefix(text[:_PREFIX_CHARS])

    def _detect_uncached(self, prefix: str) -> str:
        if sum(c.isalpha() for c in prefix) < _MIN_LETTERS:
            return UNDETERMINED
        if self._detector is None:
            self._detector = (
                LanguageDetectorBuilder.from_languages(*_LANGUAGES).with_low_accuracy_mode().build()
            )
        language = self._detector.detect_language_of(prefix)
        return language.iso_code_639_1.name.lower() if language else UNDETERMINED
