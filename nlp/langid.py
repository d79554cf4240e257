"""Language of a post: a function-word vote first, the lingua detector when the vote is unclear.

Most posts in this topic are plainly English or Spanish, and counting function words costs
nothing once the matcher has run; lingua (its model ships in the wheel) settles mixed, short or
other-language posts, on a prefix and in low-accuracy mode to stay fast.
"""

from __future__ import annotations

from collections.abc import Sequence

from lingua import Language, LanguageDetector, LanguageDetectorBuilder

from nlp.matching import Match

UNDETERMINED = "und"
OTHER = "other"  # the languages.yaml list of words that send a post to the detector
_PREFIX_CHARS = 200
_MIN_VOTES = 2
_DOMINANCE = 3
_MIN_LETTERS = 3
_LANGUAGES = (Language.ENGLISH, Language.SPANISH, Language.PORTUGUESE, Language.FRENCH,
              Language.ITALIAN, Language.GERMAN)


class LanguageGuesser:
    def __init__(self) -> None:
        self._detector: LanguageDetector | None = None

    def guess(self, text: str, cues: Sequence[Match]) -> str:
        votes: dict[str, int] = {}
        for cue in cues:
            votes[cue.value] = votes.get(cue.value, 0) + 1
        if len(votes) == 1 or (len(votes) == 2 and OTHER not in votes):
            ranked = sorted(votes.items(), key=lambda item: -item[1])
            first, first_votes = ranked[0]
            second_votes = ranked[1][1] if len(ranked) > 1 else 0
            if (first != OTHER and first_votes >= _MIN_VOTES
                    and first_votes >= _DOMINANCE * second_votes):
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
