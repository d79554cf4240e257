"""Language of a post: a function-word vote first, the lingua detector when the vote is unclear.

Most posts in this topic are plainly English or Spanish, and counting function words costs
nothing once the matcher has run; lingua (its model ships in the wheel) settles mixed, short or
other-language posts, on a prefix and in low-accuracy mode to stay fast.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from lingua import Language, LanguageDetector, LanguageDetectorBuilder

from nlp.matching import Match

UNDETERMINED = "und"
_PREFIX_CHARS = 300
_MIN_VOTES = 2
_MIN_LETTERS = 3
_DOMINANCE = 3
_LANGUAGES = (Language.ENGLISH, Language.SPANISH, Language.PORTUGUESE, Language.FRENCH,
              Language.ITALIAN, Language.GERMAN)


class LanguageGuesser:
    def __init__(self) -> None:
        self._detector: LanguageDetector | None = None

    def guess(self, text: str, cues: Sequence[Match]) -> str:
        votes = Counter(cue.value for cue in cues)
        if not votes.get("other"):
            (first, first_votes), *rest = votes.most_common(2) or [("", 0)]
            second_votes = rest[0][1] if rest else 0
            if first_votes >= _MIN_VOTES and first_votes >= _DOMINANCE * second_votes:
                return first
        return self._detect(text)

    def _detect(self, text: str) -> str:
        prefix = text[:_PREFIX_CHARS]
        if sum(c.isalpha() for c in prefix) < _MIN_LETTERS:
            return UNDETERMINED
        if self._detector is None:
            self._detector = (
                LanguageDetectorBuilder.from_languages(*_LANGUAGES)
                .with_low_accuracy_mode()
                .build()
            )
        language = self._detector.detect_language_of(prefix)
        return language.iso_code_639_1.name.lower() if language else UNDETERMINED
