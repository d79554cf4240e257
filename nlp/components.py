"""The pipeline's registered spaCy components, the tokenizer and the span groups they write.

The stages are ordinary spaCy components, assembled from `nlp/pipeline.cfg`:

- ``testigo_cues``: one phrase-matcher pass over every lexicon cue (``doc._.cues``), the names
  that win their place among them (``doc._.named``), and the post's language. It owns the data
  files (lexicons, watchlist, name lists): ``to_disk``/``from_disk`` save and load them with it.
- ``testigo_actors``: ``doc.spans["actors"]``, label = actor id.
- ``testigo_frames``: ``doc.spans["frames"]``, label = frame id, ``span._.polarity``; frames
  the classifier finds in ``doc.cats`` (``frame_classifier``) and no cue shows span the text.
- ``testigo_individuals``: ``doc.spans["individuals"]``, label = how the name was found
  (watchlist, ner, heuristic), ``kb_id_`` = the watchlist name; a trained NER's PERSON
  entities come from ordinary ``ner`` pipes placed before it.
- ``testigo_details``: ``doc.spans["details"]``, label = detail kind.

Every stage but the first reads the cues the first one found (``doc._.cues``): a post costs one
tokenization and one matcher pass whatever the size of the lexicons.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterable, Sequence
from itertools import chain
from operator import attrgetter, itemgetter
from pathlib import Path

from spacy.attrs import IS_ALPHA, IS_TITLE, LOWER, NORM
from spacy.language import Language
from spacy.tokens import Doc, Span, SpanGroup
from spacy.util import compile_infix_regex, registry

from nlp import frame_model as _frame_model  # noqa: F401  (registers the classifier architecture)
from nlp.actors import actor_spans
from nlp.annotation import AFFIRMED, CONTESTED
from nlp.body_names import unframed_spans
from nlp.doc_state import DocState, doc_state, write_spans, written_spans
from nlp.frame_rules import (
    CUE_KINDS,
    cues_by_frame,
    invoking_actors,
    named_invokers,
    prisoner_named,
    supported,
)
from nlp.individuals import individual_spans
from nlp.intervals import Intervals
from nlp.langid import LanguageGuesser
from nlp.lexicon import data_paths, load_lexicon
from nlp.matching import (
    ACTOR,
    DETAIL,
    FRAME,
    FRAME_CONTESTED,
    FRAME_WEAK,
    PUBLIC_FIGURE,
    WATCHLIST,
    Match,
    Matchers,
    longest_first,
)
from nlp.name_finder import NameFinder
from nlp.polarity import PolarityRules, set_polarity
from nlp.text import MAX_CHARS, norm
from nlp.watchlist_names import WatchlistNames

ACTORS, FRAMES, INDIVIDUALS, DETAILS = "actors", "frames", "individuals", "details"
_NAMED = (ACTOR, PUBLIC_FIGURE, WATCHLIST)  # in this order when equally long names tie
_DETAIL_EXTENDS = frozenset({"hometown", "workplace"})
_DETAIL_EXTENSION_WORDS = 4
_START_AND_FRAME = itemgetter(0, 1)  # a cue's place, then its frame
_LABEL = attrgetter("label")  # a span's label as a hash, read in C
_VALUE = attrgetter("value")  # a Match's value, read in C
# Distinct chunks the tokenizer keeps tokenized. spaCy's default (10,000) is filled by the cue
# phrases tokenized when the lexicons load, which leaves posts' own words uncached.
_TOKENIZER_CACHE = 200_000
# Zero-width infixes that split CamelCase hashtags and handles: #LiberenALosPresos -> words.
_CAMEL_CASE = (
    r"(?<=[a-záéíóúüñ])(?=[A-ZÁÉÍÓÚÜÑ])",
    r"(?<=[A-ZÁÉÍÓÚÜÑ])(?=[A-ZÁÉÍÓÚÜÑ][a-záéíóúüñ])",
)


def _set_lang_hint(doc: Doc, value: str | None) -> None:
    doc_state(doc).lang_hint = value


if not Doc.has_extension("cues"):
    Doc.set_extension("cues", getter=lambda doc: doc_state(doc).cues)
    Doc.set_extension("named", getter=lambda doc: doc_state(doc).named)
    Doc.set_extension("lang", getter=lambda doc: doc_state(doc).lang)
    Doc.set_extension(
        "lang_hint", getter=lambda doc: doc_state(doc).lang_hint, setter=_set_lang_hint
    )


@registry.callbacks("testigo.rule_tokens.v1")  # type: ignore[untyped-decorator]  # catalogue has no type hints
def rule_tokens(only_rule_attributes: bool = True) -> Callable[[Language], Language]:
    """The tokenizer the rules expect: CamelCase hashtags split into words, posts up to
    MAX_CHARS characters, a word cache for posts and cues, token norms folded and stemmed
    (nlp.text.norm): the key cues match on. It runs before any component, so cues match alike.

    With `only_rule_attributes`, words compute only the four attributes the rules read: every
    new word costs a call per attribute, and a post's hashtags, numbers and typos are new words.
    Trained components need them all (their features read prefixes, suffixes and shapes).
    """

    def tune(nlp: Language) -> Language:
        nlp.max_length = MAX_CHARS + 1
        # spaCy types `tokenizer` as any callable; a Language's own is a Tokenizer.
        nlp.tokenizer.infix_finditer = compile_infix_regex(  # type: ignore[union-attr]
            [*(nlp.Defaults.infixes or ()), *_CAMEL_CASE]
        ).finditer
        nlp.tokenizer.max_cache_size = _TOKENIZER_CACHE  # type: ignore[union-attr]
        # spaCy's Vocab stub leaves out `lex_attr_getters`, an attribute of every Vocab.
        getters = {**nlp.vocab.lex_attr_getters, NORM: norm}  # type: ignore[attr-defined]
        if only_rule_attributes:
            getters = {attr: getters[attr] for attr in (NORM, LOWER, IS_ALPHA, IS_TITLE)}
        nlp.vocab.lex_attr_getters = getters  # type: ignore[attr-defined]
        for lexeme in nlp.vocab:
            lexeme.norm_ = norm(lexeme.orth_)
        return nlp

    return tune


class CueFinder:
    """Finds every lexicon cue in a doc (``doc._.cues``) and the doc's language."""

    def __init__(self, nlp: Language, data_dir: str | Path | None) -> None:
        self._nlp = nlp
        self._languages = LanguageGuesser()
        self.use(data_dir)

    def use(self, data_dir: str | Path | None) -> None:
        """Load the data files of `data_dir` (None: the packaged ones) and build the tables."""
        lexicon = load_lexicon(data_dir)
        self.data_dir = data_dir
        self.lexicon = lexicon
        self.matchers = Matchers(self._nlp, lexicon)
        self.names = NameFinder(lexicon)
        self.watchlist_names = WatchlistNames(lexicon)
        self.polarity = PolarityRules.from_lexicon(lexicon)
        self.negatable = {frame.frame_id: frame.negatable for frame in lexicon.frames}
        self.invokers = invoking_actors(lexicon.frames)
        strings = self._nlp.vocab.strings
        # Frame spans' labels as hashes: a Span given a frame id hashes it on every call.
        self.frame_labels = {f.frame_id: strings.add(f.frame_id) for f in lexicon.frames}
        invoking = {actor_id for actor_ids in self.invokers.values() for actor_id in actor_ids}
        self.invoking_actor_ids = frozenset(invoking)
        self.invoking_actor_labels = frozenset(strings.add(actor_id) for actor_id in invoking)

    def warm_up(self) -> None:
        self._languages.warm_up()

    def __call__(self, doc: Doc) -> Doc:
        found, votes = self.matchers(doc)
        state = doc_state(doc)
        state.cues = found
        state.named = named_matches(found) if found else []
        state.lang = state.lang_hint or self._languages.guess(state.text, votes)
        return doc

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        """The data files in use, so a saved pipeline annotates as it did when saved."""
        folder = Path(path)
        folder.mkdir(parents=True, exist_ok=True)
        for name, source in data_paths(self.data_dir).items():
            shutil.copyfile(source, folder / name)

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> CueFinder:
        self.use(path)
        return self


@Language.factory("testigo_cues", default_config={"data_dir": None})
def make_cue_finder(nlp: Language, name: str, data_dir: str | None) -> CueFinder:
    return CueFinder(nlp, data_dir)


def cue_finder(nlp: Language) -> CueFinder:
    cues = nlp.get_pipe("testigo_cues")
    assert isinstance(cues, CueFinder)
    return cues


def named_matches(found: dict[str, list[Match]]) -> list[tuple[str, Match]]:
    """Actor, public-figure and watchlist names that win their place, in text order.

    An actor term spelled exactly like another actor's ("the Trump administration": trump and
    us_government) keeps both ids. An actor's full name inside a listed person's alias ("la
    madre de María Corina") is named too; a one-word surname the two share is not.
    """
    tagged = [(kind, m) for kind in _NAMED if kind in found for m in found[kind]]
    if len(tagged) < 2:
        return tagged
    winners = longest_first(tagged)
    won = set(winners)
    lost = [m for m in found.get(ACTOR, ()) if (ACTOR, m) not in won]
    if lost:
        places = {(m.start, m.end) for kind, m in winners if kind == ACTOR}
        aliases = [(m.start, m.end) for kind, m in winners if kind == WATCHLIST]
        listed = Intervals(aliases)
        alias_ends = {end for _, end in aliases}
        winners += [
            (ACTOR, m)
            for m in lost
            if (m.start, m.end) in places
            # Ending where the alias ends keeps the named spans' ends in order (Intervals).
            or (m.end - m.start > 1 and m.end in alias_ends and listed.contains(m.start, m.end))
        ]
    return sorted(winners, key=lambda item: (item[1].start, item[1].value))


class ActorTagger:
    def __init__(self, nlp: Language) -> None:
        self._cues = cue_finder(nlp)

    def __call__(self, doc: Doc) -> Doc:
        write_spans(doc, ACTORS, actor_spans(doc, self._cues.lexicon))
        return doc


@Language.factory("testigo_actors")
def make_actor_tagger(nlp: Language, name: str) -> ActorTagger:
    return ActorTagger(nlp)


class FrameTagger:
    def __init__(self, nlp: Language, classifier_threshold: float, weak_cue_support: float) -> None:
        self._cues = cue_finder(nlp)
        self._threshold = classifier_threshold
        self._weak_support = weak_cue_support

    def __call__(self, doc: Doc) -> Doc:
        state = doc_state(doc)
        spans: list[Span] = []
        # The frames shown so far, kept beside the spans: reading a span's label_ makes a str.
        framed: set[str] = set()
        if any(kind in state.cues for kind in CUE_KINDS):
            spans, framed = self._cued(doc, state)
        named = prisoner_named(doc, state.named, self._cues.lexicon.watchlist, framed)
        _add_frames(spans, framed, named)
        _add_frames(spans, framed, self._actors_named(doc, state, framed))
        classified = sorted(
            label
            for label, score in doc.cats.items()
            if score >= self._threshold and label not in framed
        )
        if classified and len(doc):
            labels = self._cues.frame_labels
            spans += [
                Span(doc, 0, len(doc), label=labels.get(label, label)) for label in classified
            ]
        write_spans(doc, FRAMES, spans)
        return doc

    def _actors_named(self, doc: Doc, state: DocState, framed: set[str]) -> list[Span]:
        """Frames an actor's naming invokes (frames.yaml `invoked_by`) and no cue shows, on the
        actor's name, contested by its context like a cue ("nunca fue Tren de Aragua")."""
        actors = written_spans(doc, ACTORS)
        # A first look at the labels' hashes, in C: most posts name no invoking actor; and a
        # cue must have its id as value (a court named from "una corte" alone invokes nothing).
        cues = self._cues
        if cues.invoking_actor_labels.isdisjoint(map(_LABEL, actors)):
            return []
        cue_values = map(_VALUE, chain.from_iterable(state.cues.values()))
        if cues.invoking_actor_ids.isdisjoint(cue_values):
            return []
        spans = []
        context = None
        for frame_id, actor in named_invokers(actors, cues.invokers, framed):
            span = Span(
                doc, actor.start, actor.end, label=cues.frame_labels.get(frame_id, frame_id)
            )
            polarity = AFFIRMED
            if cues.negatable.get(frame_id, True):
                context = context or cues.polarity.context(state.cues, state.text)
                cue = Match(frame_id, actor.start, actor.end)
                polarity = cues.polarity.polarity(
                    doc, state.text, (span.start_char, span.end_char), cue, context
                )
            set_polarity(span, polarity)
            spans.append(span)
        return spans

    def _cued(self, doc: Doc, state: DocState) -> tuple[list[Span], set[str]]:
        """Frame cues outside actor and body names (but for cues that count inside them) and
        ignored phrases, weak ones only with support, longest first per frame; and the frames
        they show."""
        cues, found, text = self._cues, state.cues, state.text
        names = unframed_spans(doc, state.named)
        by_frame = cues_by_frame(doc, found, names)
        by_frame = supported(by_frame, doc, doc.cats, self._weak_support)
        context = None
        # Ordered before any span is made: sorting spans would read each label_ from the strings.
        placed = [
            (match.start, frame_id, kind, match)
            for frame_id, tagged in by_frame.items()
            for kind, match in longest_first(tagged)
        ]
        placed.sort(key=_START_AND_FRAME)
        labels = cues.frame_labels
        spans = []
        for _, frame_id, kind, match in placed:
            span = Span(doc, match.start, match.end, label=labels.get(frame_id, frame_id))
            if kind == FRAME_CONTESTED:
                polarity = CONTESTED
            elif kind in (FRAME, FRAME_WEAK) and cues.negatable.get(frame_id, True):
                if context is None:
                    context = cues.polarity.context(found, text)
                polarity = cues.polarity.polarity(
                    doc, text, (span.start_char, span.end_char), match, context
                )
            else:
                polarity = AFFIRMED
            set_polarity(span, polarity)
            spans.append(span)
        return spans, set(by_frame)


def _add_frames(spans: list[Span], framed: set[str], more: list[Span]) -> None:
    """Add the spans of `more` and the frames they show."""
    if more:
        spans += more
        framed.update(s.label_ for s in more)


@Language.factory(
    "testigo_frames", default_config={"classifier_threshold": 0.5, "weak_cue_support": 0.2}
)
def make_frame_tagger(
    nlp: Language, name: str, classifier_threshold: float, weak_cue_support: float
) -> FrameTagger:
    return FrameTagger(nlp, classifier_threshold, weak_cue_support)


class IndividualTagger:
    def __init__(self, nlp: Language, ner_labels: Sequence[str]) -> None:
        self._cues = cue_finder(nlp)
        self._labels = frozenset(ner_labels)

    def __call__(self, doc: Doc) -> Doc:
        entities = doc.spans.get(f"ner_{doc_state(doc).lang}")
        people = None if entities is None else [s for s in entities if s.label_ in self._labels]
        write_spans(doc, INDIVIDUALS, individual_spans(doc, people, self._cues))
        return doc


@Language.factory("testigo_individuals", default_config={"ner_labels": ["PER", "PERSON"]})
def make_individual_tagger(nlp: Language, name: str, ner_labels: list[str]) -> IndividualTagger:
    return IndividualTagger(nlp, ner_labels)


class EntityKeeper:
    """Moves a trained NER's entities into ``doc.spans["ner_<lang>"]``, so several languages'
    NER pipes can run in one pipeline without overwriting each other's ``doc.ents``."""

    def __init__(self, lang: str) -> None:
        self._key = f"ner_{lang}"

    def __call__(self, doc: Doc) -> Doc:
        doc.spans[self._key] = SpanGroup(doc, name=self._key, spans=list(doc.ents))
        doc.ents = []
        return doc


@Language.factory("testigo_keep_entities", default_config={"lang": "xx"})
def make_entity_keeper(nlp: Language, name: str, lang: str) -> EntityKeeper:
    return EntityKeeper(lang)


class DetailTagger:
    def __call__(self, doc: Doc) -> Doc:
        found = doc_state(doc).cues
        spans = []
        for _, match in longest_first([(m.value, m) for m in found.get(DETAIL, ())]):
            end = match.end
            if match.value in _DETAIL_EXTENDS:
                while (
                    end < len(doc)
                    and end - match.end < _DETAIL_EXTENSION_WORDS
                    and doc[end].is_title
                    and doc[end].is_alpha
                ):
                    end += 1
            spans.append(Span(doc, match.start, end, label=match.value))
        spans.sort(key=lambda s: s.start)
        write_spans(doc, DETAILS, spans)
        return doc


@Language.factory("testigo_details")
def make_detail_tagger(nlp: Language, name: str) -> DetailTagger:
    return DetailTagger()
