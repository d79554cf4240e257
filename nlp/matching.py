"""One blank multi-language tokenizer and two phrase matchers that find every lexicon cue.

All cues of all kinds (actors, frames, negators, watchlist names, ...) share one PhraseMatcher on
the token norm (see nlp.text.norm) and one on the exact spelling, so a post costs one
tokenization and two matcher passes whatever the size of the lexicons.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import spacy
from spacy.attrs import NORM
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc
from spacy.util import compile_infix_regex

from nlp.lexicon import Lexicon
from nlp.text import MAX_CHARS, norm

# Zero-width infixes that split CamelCase hashtags and handles: #LiberenALosPresos -> words.
_CAMEL_CASE = (
    r"(?<=[a-záéíóúüñ])(?=[A-ZÁÉÍÓÚÜÑ])",
    r"(?<=[A-ZÁÉÍÓÚÜÑ])(?=[A-ZÁÉÍÓÚÜÑ][a-záéíóúüñ])",
)

ACTOR, FRAME, FRAME_CONTESTED, FRAME_IGNORE = "actor", "frame", "frame_contested", "ignore"
NEGATOR, DISTANCER, REBUTTAL = "negator", "distancer", "rebuttal"
WATCHLIST, PUBLIC_FIGURE = "watchlist", "public"
PERSON_CUE, GIVEN_NAME, DETAIL, LANGUAGE = "person_cue", "given_name", "detail", "language"


@dataclass(frozen=True, slots=True)
class Match:
    value: str  # actor id, frame id, watchlist index, detail kind, language code
    start: int  # token indices
    end: int


def blank_nlp() -> Language:
    """The tokenizer every cue and every post goes through (norms folded and stemmed)."""
    nlp = spacy.blank("xx")
    nlp.max_length = MAX_CHARS + 1
    nlp.tokenizer.infix_finditer = compile_infix_regex(
        [*nlp.Defaults.infixes, *_CAMEL_CASE]
    ).finditer
    nlp.vocab.lex_attr_getters[NORM] = norm
    for lexeme in nlp.vocab:
        lexeme.norm_ = norm(lexeme.orth_)
    return nlp


class Matchers:
    """Finds all cues in a doc, grouped by kind: {kind: [Match, ...]}."""

    def __init__(self, nlp: Language, lexicon: Lexicon) -> None:
        self._by_norm = PhraseMatcher(nlp.vocab, attr="NORM")
        self._by_orth = PhraseMatcher(nlp.vocab, attr="ORTH")
        self._labels: dict[int, tuple[str, str]] = {}
        self._nlp = nlp
        for actor in lexicon.actors:
            self._add(self._by_norm, ACTOR, actor.actor_id, actor.terms)
            cased = [v for t in actor.case_sensitive for v in (t, t.upper())]
            self._add(self._by_orth, ACTOR, actor.actor_id, cased, lowercase=False)
        for frame in lexicon.frames:
            self._add(self._by_norm, FRAME, frame.frame_id, frame.terms)
            self._add(self._by_norm, FRAME_CONTESTED, frame.frame_id, frame.contested_terms)
        self._add(self._by_norm, FRAME_IGNORE, "", lexicon.frame_ignore)
        self._add(self._by_norm, NEGATOR, "", lexicon.negators)
        self._add(self._by_norm, DISTANCER, "", lexicon.distancers)
        self._add(self._by_norm, REBUTTAL, "", lexicon.rebuttals)
        for index, person in enumerate(lexicon.watchlist):
            self._add(self._by_norm, WATCHLIST, str(index), (person.name, *person.aliases))
        self._add(self._by_norm, PUBLIC_FIGURE, "", lexicon.public_figures)
        self._add(self._by_norm, PERSON_CUE, "", lexicon.person_cues)
        given = [n for n in lexicon.given_names if n not in lexicon.not_name_words]
        self._add(self._by_orth, GIVEN_NAME, "", given, lowercase=False)
        for kind, cues in lexicon.details.items():
            self._add(self._by_norm, DETAIL, kind, cues)
        for lang, words in lexicon.language_cues.items():
            self._add(self._by_norm, LANGUAGE, lang, words)

    def _add(self, matcher: PhraseMatcher, kind: str, value: str, terms: Iterable[str],
             lowercase: bool = True) -> None:
        """Add terms as written and lower-cased (CamelCase splits differ between the two)."""
        variants = {v for t in terms for v in ((t, t.lower()) if lowercase else (t,))}
        if not variants:
            return
        key = f"{kind}\t{value}"
        self._labels[self._nlp.vocab.strings.add(key)] = (kind, value)
        matcher.add(key, list(self._nlp.tokenizer.pipe(sorted(variants))))

    def __call__(self, doc: Doc) -> dict[str, list[Match]]:
        found: dict[str, list[Match]] = defaultdict(list)
        for matcher in (self._by_norm, self._by_orth):
            for match_id, start, end in matcher(doc):
                kind, value = self._labels[match_id]
                found[kind].append(Match(value, start, end))
        return found
