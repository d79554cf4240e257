"""The NLP pipeline: post text in, an Annotation (language, actors, frames, individuals) out.

The default pipeline is rules over a blank spaCy tokenizer and needs no model download. When a
trained spaCy pipeline is configured for a language, its PERSON/PER entities replace the
heuristic name finder for posts in that language.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import NamedTuple

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from nlp.annotation import (
    AFFIRMED,
    CONTESTED,
    ActorMention,
    Annotation,
    DetailMention,
    FrameMention,
)
from nlp.individuals import NameFinder, ner_mentions, watchlist_mentions
from nlp.intervals import Intervals
from nlp.langid import LanguageGuesser
from nlp.lexicon import Lexicon, load_lexicon
from nlp.matching import (
    ACTOR,
    DETAIL,
    FRAME,
    FRAME_CONTESTED,
    FRAME_IGNORE,
    GIVEN_NAME,
    PERSON_CUE,
    PUBLIC_FIGURE,
    WATCHLIST,
    Match,
    Matchers,
    blank_nlp,
)
from nlp.polarity import PolarityRules
from nlp.text import MAX_CHARS, clean_for_tokens, safe_text

# Bump when a code change alters annotations; the data-file hash is added to it.
CODE_VERSION = "1.0"
# The tokenizer's vocabulary grows with every new word; past this size it is rebuilt.
VOCAB_LIMIT = 500_000
_DETAIL_EXTENDS = frozenset({"hometown", "workplace"})
_DETAIL_EXTENSION_WORDS = 4
_NER_KEEP = ("tok2vec", "transformer", "ner")
_NAMED = (ACTOR, PUBLIC_FIGURE, WATCHLIST)  # in this order when equally long names tie


class ModelError(ValueError):
    """A configured trained pipeline cannot be loaded; the message names it."""


def load_pipeline(
    models: dict[str, str] | None = None, data_dir: str | Path | None = None
) -> Pipeline:
    """The pipeline for the given trained models ({lang: name or path}) and data folder."""
    return Pipeline(load_lexicon(data_dir), models or {}, data_dir)


class Pipeline:
    def __init__(
        self, lexicon: Lexicon, models: dict[str, str], data_dir: str | Path | None = None
    ) -> None:
        self.lexicon = lexicon
        self._recipe = (dict(models), data_dir)
        self._ner = {_language_code(lang): _load_ner(name) for lang, name in models.items()}
        self._nlp = blank_nlp()
        self._matchers = Matchers(self._nlp, lexicon)
        self._names = NameFinder(lexicon)
        self._languages = LanguageGuesser()
        self._negatable = {frame.frame_id: frame.negatable for frame in lexicon.frames}
        self._polarity = PolarityRules.from_lexicon(lexicon)
        self.version = "+".join(
            [CODE_VERSION, f"data.{lexicon.fingerprint[:12]}"]
            + [
                f"ner.{lang}.{nlp.meta.get('name')}-{nlp.meta.get('version')}"
                for lang, nlp in sorted(self._ner.items())
            ]
        )

    def __reduce__(self) -> tuple[object, tuple[dict[str, str], str | Path | None]]:
        """Pickled as the recipe that loads it, not its tables: a worker process that is not
        forked from the loading one rebuilds it from the same models and data folder."""
        return load_pipeline, self._recipe

    def warm_up(self) -> None:
        """Load what is otherwise loaded on first use (the language detector)."""
        self._languages.warm_up()

    def annotate(self, text: str, lang: str | None = None) -> Annotation:
        return next(self.annotate_many([(text, lang)], batch_size=1))

    def annotate_many(
        self, items: Iterable[tuple[str, str | None]], batch_size: int = 256
    ) -> Iterator[Annotation]:
        """Annotations in input order (batches matter only to trained NER, see _annotate_batch)."""
        iterator = iter(items)
        while batch := list(itertools.islice(iterator, max(1, batch_size))):
            yield from self._annotate_batch(batch)
            if len(self._nlp.vocab) > VOCAB_LIMIT:
                self._nlp = blank_nlp()
                self._matchers = Matchers(self._nlp, self.lexicon)

    def _annotate_batch(self, batch: Sequence[tuple[str, str | None]]) -> Iterator[Annotation]:
        """Without trained NER each post is annotated as soon as it is tokenized, so its Doc
        dies young and never reaches the garbage collector's oldest generation (whose full
        scans cost more than the rules); with NER, posts wait for their language's batch."""
        if not self._ner:
            for text, lang in batch:
                yield self._annotation(*self._analyse(text, lang), None)
            return
        analysed = [self._analyse(text, lang) for text, lang in batch]
        ner_docs: dict[int, Doc] = {}
        for lang, ner in self._ner.items():
            indices = [i for i, post in enumerate(analysed) if post.lang == lang]
            ner_docs.update(
                zip(indices, ner.pipe(analysed[i].cleaned for i in indices), strict=True)
            )
        for i, post in enumerate(analysed):
            yield self._annotation(*post, ner_docs.get(i))

    def _analyse(self, text: str, lang: str | None) -> _Analysed:
        """Tokens, cues and language of one post."""
        text = _checked(text)
        cleaned = clean_for_tokens(text)
        doc = self._nlp.tokenizer(cleaned)
        found, votes = self._matchers(doc)
        lang = _language_code(lang) or self._languages.guess(cleaned, votes)
        return _Analysed(text, cleaned, doc, found, lang)

    def _annotation(
        self,
        text: str,
        cleaned: str,
        doc: Doc,
        found: dict[str, list[Match]],
        lang: str,
        ner_doc: Doc | None,
    ) -> Annotation:
        if not found and ner_doc is None:
            return Annotation(lang, (), (), (), (), self.version)
        spans = _Spans(text, doc)
        tagged = [(kind, m) for kind in _NAMED if kind in found for m in found[kind]]
        named = _longest_first(tagged)
        named.sort(key=lambda tagged: tagged[1].start)
        named_text = [(kind, m, spans.text(m.start, m.end)) for kind, m in named]
        individuals = (
            watchlist_mentions(
                [(span, m.value) for kind, m, span in named_text if kind == WATCHLIST],
                self.lexicon,
            )
            if WATCHLIST in found
            else []
        )
        if ner_doc is not None or GIVEN_NAME in found or PERSON_CUE in found:
            blocked_chars = Intervals((start, end) for _, _, (_, start, end) in named_text)
            if ner_doc is not None:
                individuals += ner_mentions(ner_doc, blocked_chars, text)
            else:
                individuals += self._names.find(
                    doc, text, found.get(GIVEN_NAME, ()), found.get(PERSON_CUE, ()), blocked_chars
                )
        return Annotation(
            lang=lang,
            actors=tuple(
                ActorMention(m.value, *span) for kind, m, span in named_text if kind == ACTOR
            ),
            frames=self._frames(spans, cleaned, doc, found, named)
            if (FRAME in found or FRAME_CONTESTED in found)
            else (),
            individuals=tuple(sorted(individuals, key=lambda i: i.start)) if individuals else (),
            details=_details(spans, doc, found[DETAIL]) if DETAIL in found else (),
            pipeline_version=self.version,
        )

    def _frames(
        self,
        spans: _Spans,
        cleaned: str,
        doc: Doc,
        found: dict[str, list[Match]],
        named: list[tuple[str, Match]],
    ) -> tuple[FrameMention, ...]:
        """Frame cues outside actor names and ignored phrases, longest first per frame."""
        names = Intervals((m.start, m.end) for _, m in named)
        ignored = (
            Intervals(
                (m.start, m.end) for _, m in _longest_first([("", m) for m in found[FRAME_IGNORE]])
            )
            if FRAME_IGNORE in found
            else None
        )
        by_frame: dict[str, list[tuple[str, Match]]] = {}
        for kind in (FRAME, FRAME_CONTESTED):
            for m in found.get(kind, ()):
                if names.contains(m.start, m.end) or (
                    ignored is not None and ignored.contains(m.start, m.end)
                ):
                    continue
                if m.value in by_frame:
                    by_frame[m.value].append((kind, m))
                else:
                    by_frame[m.value] = [(kind, m)]
        context = None
        mentions = []
        for frame_id, cues in by_frame.items():
            negatable = self._negatable.get(frame_id, True)
            for kind, match in _longest_first(cues):
                cue_text, start_char, end_char = spans.text(match.start, match.end)
                if kind == FRAME_CONTESTED:
                    polarity = CONTESTED
                elif negatable:
                    if context is None:
                        context = self._polarity.context(found, cleaned)
                    polarity = self._polarity.polarity(
                        doc, cleaned, (start_char, end_char), match, context
                    )
                else:
                    polarity = AFFIRMED
                mentions.append(FrameMention(frame_id, cue_text, start_char, end_char, polarity))
        mentions.sort(key=lambda f: (f.start, f.frame_id))
        return tuple(mentions)


class _Analysed(NamedTuple):
    text: str
    cleaned: str
    doc: Doc
    found: dict[str, list[Match]]
    lang: str


class _Spans:
    """Text and character offsets of token spans (two Token look-ups: cheaper than a Span)."""

    def __init__(self, text: str, doc: Doc) -> None:
        self._text = text
        self._doc = doc

    def text(self, start: int, end: int) -> tuple[str, int, int]:
        last = self._doc[end - 1]
        start_char, end_char = self._doc[start].idx, last.idx + len(last)
        return self._text[start_char:end_char], start_char, end_char


def _details(spans: _Spans, doc: Doc, matches: Sequence[Match]) -> tuple[DetailMention, ...]:
    out = []
    for _, match in _longest_first([(m.value, m) for m in matches]):
        end = match.end
        if match.value in _DETAIL_EXTENDS:
            while (
                end < len(doc)
                and end - match.end < _DETAIL_EXTENSION_WORDS
                and doc[end].is_title
                and doc[end].is_alpha
            ):
                end += 1
        out.append(DetailMention(match.value, *spans.text(match.start, end)))
    out.sort(key=lambda d: d.start)
    return tuple(out)


def _longest_first(tagged: list[tuple[str, Match]]) -> list[tuple[str, Match]]:
    """Non-overlapping matches, longer ones winning, then earlier ones."""
    if len(tagged) < 2:
        return list(tagged)
    taken: set[int] = set()
    kept = []
    for tag, match in sorted(tagged, key=lambda t: (t[1].start - t[1].end, t[1].start)):
        tokens = range(match.start, match.end)
        if taken.isdisjoint(tokens):
            taken.update(tokens)
            kept.append((tag, match))
    return kept


def _checked(text: str) -> str:
    if not isinstance(text, str):
        raise TypeError(f"post text must be a string, got {type(text).__name__}")
    return safe_text(text[:MAX_CHARS])


def _language_code(lang: str | None) -> str | None:
    """'es-VE' -> 'es'; blank -> None (detect)."""
    if not lang or not lang.strip():
        return None
    return lang.strip().lower().replace("_", "-").split("-")[0]


def _load_ner(name: str) -> Language:
    try:
        nlp = spacy.load(name)
    except (OSError, ValueError) as error:
        raise ModelError(f"trained spaCy pipeline {name!r} cannot be loaded: {error}") from None
    if "ner" not in nlp.pipe_names:
        raise ModelError(f"trained spaCy pipeline {name!r} has no 'ner' component")
    nlp.select_pipes(enable=[p for p in nlp.pipe_names if p in _NER_KEEP])
    nlp.max_length = MAX_CHARS + 1
    return nlp
