"""The NLP pipeline: post text in, an Annotation (language, actors, frames, individuals) out.

One spaCy `Language`, assembled from `nlp/pipeline.cfg`: rule components over a blank
multi-language tokenizer (see nlp.components), which need no model download. Trained parts are
ordinary pipes of the same `nlp`: a configured language's NER (`[nlp] models`, e.g.
``{"es": "es_core_news_md"}``) and the frame classifier shipped in `nlp/models/`.
"""

from __future__ import annotations

import gc
import hashlib
import itertools
from collections.abc import Iterable, Iterator
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.pipeline import TextCategorizer
from spacy.tokens import Doc

from nlp import components as _components  # noqa: F401  (registers the config's factories)
from nlp.annotation import (
    ActorMention,
    Annotation,
    DetailMention,
    FrameMention,
    IndividualMention,
)
from nlp.components import (
    ACTORS,
    DETAILS,
    FRAMES,
    INDIVIDUALS,
    CueFinder,
    cue_finder,
)
from nlp.doc_state import doc_state, start_state, written_spans
from nlp.frame_model import write_scores
from nlp.gc_tuning import gc_paused
from nlp.langid import UNDETERMINED
from nlp.polarity import polarities_of
from nlp.text import MAX_CHARS, clean_for_tokens, safe_text

# Bump when a code change alters annotations; the config and data-file hashes are added to it.
CODE_VERSION = "2.1"
CONFIG_PATH = Path(__file__).with_name("pipeline.cfg")
FRAME_CLASSIFIER_PATH = Path(__file__).parent / "models" / "frame_classifier"
FRAME_CLASSIFIER = "frame_classifier"
# Posts taken together through the pipes: the docs of a batch of paragraph-length posts fit
# in the processor's caches beside a pipe's tables.
BATCH_SIZE = 64
# The tokenizer's vocabulary grows with every new word; past this size it is rebuilt.
VOCAB_LIMIT = 500_000
_TRAINED_LISTENED = ("tok2vec", "transformer")


class ModelError(ValueError):
    """A configured trained pipeline cannot be loaded; the message names it."""


def load_pipeline(
    models: dict[str, str] | None = None,
    data_dir: str | Path | None = None,
    frame_classifier: bool = True,
) -> Pipeline:
    """The pipeline for the given trained models ({lang: name or path}) and data folder; the
    shipped frame classifier joins it when present, unless `frame_classifier` is false."""
    recipe = (dict(models or {}), data_dir, frame_classifier)
    with gc_paused():
        pipeline = Pipeline(build_language(*recipe), recipe)
        # The pipeline's tables live as long as the process: moved out of the collector's
        # reach (before it runs again, which would scan them all once more), they are not
        # rescanned by every full collection that the docs of a batch set off.
        gc.freeze()
    return pipeline


def build_language(
    models: dict[str, str], data_dir: str | Path | None, frame_classifier: bool = True
) -> Language:
    """The configured spaCy pipeline: the rule stages, plus each trained pipe asked for."""
    classifier = frame_classifier and FRAME_CLASSIFIER_PATH.is_dir()
    config = spacy.util.load_config(
        CONFIG_PATH,
        overrides={
            "components.testigo_cues.data_dir": str(data_dir) if data_dir else None,
            "nlp.after_creation.only_rule_attributes": not models,
        },
    )
    nlp = spacy.util.load_model_from_config(config, auto_fill=True, validate=True)
    for lang, name in models.items():
        _add_ner(nlp, _language_code(lang) or lang, name)
    if classifier:
        add_frame_classifier(nlp, FRAME_CLASSIFIER_PATH)
    return nlp


def add_frame_classifier(nlp: Language, model_dir: Path) -> None:
    """The trained classifier saved in `model_dir` (a one-pipe spaCy pipeline) as pipe
    FRAME_CLASSIFIER, built from its saved config and weights: loading the saved pipeline
    whole with `spacy.load` to copy the pipe from it also built its tokenizer and vocabulary,
    which the pipe does not use, and took longer than the pipe."""
    saved = spacy.util.load_config(model_dir / "config.cfg", interpolate=True)
    (name,) = saved["nlp"]["pipeline"]
    config = dict(saved["components"][name])
    factory = config.pop("factory")
    pipe = nlp.add_pipe(factory, name=FRAME_CLASSIFIER, config=config, before="testigo_frames")
    # spaCy types pipes as plain callables; a trained pipe reads its weights from disk.
    pipe.from_disk(model_dir / name, exclude=["vocab"])  # type: ignore[attr-defined]
    if isinstance(pipe, TextCategorizer):
        write_scores(pipe)


def load_saved_pipeline(path: str | Path) -> Pipeline:
    """A pipeline written by `Pipeline.to_disk` (its data files come with it)."""
    return Pipeline(spacy.load(path), None)


class Pipeline:
    """A spaCy pipeline and the Annotation contract the rest of Testigo reads."""

    def __init__(
        self, nlp: Language, recipe: tuple[dict[str, str], str | Path | None, bool] | None
    ) -> None:
        self.nlp = nlp
        self._recipe = recipe
        self.version = _version(nlp)
        lexicon = self._cues.lexicon
        self.lexicon = lexicon
        self._kinds = {person.name: person.kind for person in lexicon.watchlist}

    @property
    def _cues(self) -> CueFinder:
        return cue_finder(self.nlp)

    def __reduce__(self) -> tuple[object, tuple[object, ...]]:
        """Pickled as the recipe that loads it, not its tables: a worker process that is not
        forked from the loading one rebuilds it from the same models and data folder."""
        if self._recipe is None:
            raise TypeError("a pipeline loaded from disk is not picklable; load it again")
        return load_pipeline, self._recipe

    def warm_up(self) -> None:
        """Load what is otherwise loaded on first use (the language detector)."""
        self._cues.warm_up()

    def to_disk(self, path: str | Path) -> None:
        self.nlp.to_disk(path)

    def annotate(self, text: str, lang: str | None = None) -> Annotation:
        return next(self.annotate_many([(text, lang)], batch_size=1))

    def annotate_many(
        self, items: Iterable[tuple[str, str | None]], batch_size: int = BATCH_SIZE
    ) -> Iterator[Annotation]:
        """Annotations in input order. A text without a token skips the pipes (a trained
        classifier has nothing to read in it)."""
        iterator = iter(items)
        while batch := list(itertools.islice(iterator, max(1, batch_size))):
            texts = [_checked(text) for text, _ in batch]
            docs = [self._doc(text, lang) for text, (_, lang) in zip(texts, batch, strict=True)]
            processed = iter(self._processed([d for d in docs if len(d)]))
            for text, doc in zip(texts, docs, strict=True):
                if len(doc):
                    annotation = self.annotation(text, next(processed))
                else:
                    hint = doc_state(doc).lang_hint
                    annotation = Annotation(hint or UNDETERMINED, (), (), (), (), self.version)
                # The doc's state holds spans that hold the doc: cleared, the doc and every
                # object made for it are freed as soon as the batch lets go of it, instead of
                # waiting, all of them, for a garbage collection (which rescans them first).
                doc.user_data.clear()
                yield annotation
            if len(self.nlp.vocab) > VOCAB_LIMIT and self._recipe is not None:
                self.nlp = build_language(*self._recipe)

    def _processed(self, docs: list[Doc]) -> list[Doc]:
        """The docs through each pipe in turn, every pipe over all of them: a pipe's tables
        and a batch's docs then stay in the processor's caches, where `nlp.pipe` sends one doc
        at a time through every pipe. As in `nlp.pipe`, a pipe that batches gets the docs
        through its own `pipe`, and an error in a pipe is raised."""
        for _, pipe in self.nlp.pipeline:
            if hasattr(pipe, "pipe"):
                docs = list(pipe.pipe(docs, batch_size=len(docs)))
            else:
                docs = [pipe(doc) for doc in docs]
        return docs

    def _doc(self, text: str, lang: str | None) -> Doc:
        cleaned = clean_for_tokens(text)
        # The tokenizer itself: `make_doc` only adds a length check, which `_checked` has done.
        doc = self.nlp.tokenizer(cleaned)
        start_state(doc, cleaned, _language_code(lang))
        return doc

    def annotation(self, text: str, doc: Doc) -> Annotation:
        """The Annotation of a processed doc; offsets index `text` (the doc's text before
        cleaning, of the same length)."""
        state = doc_state(doc)
        lang = state.lang or UNDETERMINED
        frames, individuals = written_spans(doc, FRAMES), written_spans(doc, INDIVIDUALS)
        if not (state.cues or frames or individuals):
            return Annotation(lang, (), (), (), (), self.version)
        # Tuples of lists: tuple() over a generator grows its result step by step.
        return Annotation(
            lang=lang,
            actors=tuple(
                [
                    ActorMention(
                        s.label_, text[s.start_char : s.end_char], s.start_char, s.end_char
                    )
                    for s in written_spans(doc, ACTORS)
                ]
            ),
            frames=tuple(
                [
                    FrameMention(
                        s.label_,
                        text[s.start_char : s.end_char],
                        s.start_char,
                        s.end_char,
                        polarity,
                    )
                    for s, polarity in zip(frames, polarities_of(doc, frames), strict=True)
                ]
            ),
            individuals=tuple(
                [
                    IndividualMention(
                        text[s.start_char : s.end_char],
                        s.kb_id_ or None,
                        self._kinds.get(s.kb_id_),
                        s.start_char,
                        s.end_char,
                        s.label_,
                    )
                    for s in individuals
                ]
            ),
            details=tuple(
                [
                    DetailMention(
                        s.label_, text[s.start_char : s.end_char], s.start_char, s.end_char
                    )
                    for s in written_spans(doc, DETAILS)
                ]
            ),
            pipeline_version=self.version,
        )


def _version(nlp: Language) -> str:
    """Code version, then hashes of the config and the data files, then each trained pipe."""
    config = hashlib.sha256(nlp.config.to_str().encode("utf-8")).hexdigest()[:8]
    parts = [CODE_VERSION, f"config.{config}", f"data.{cue_finder(nlp).lexicon.fingerprint[:12]}"]
    for name in nlp.pipe_names:
        if name.startswith("ner_"):
            source = nlp.meta.get("sources", {}).get(name, {})
            parts.append(f"ner.{name[4:]}.{source.get('name')}-{source.get('version')}")
        elif name == FRAME_CLASSIFIER:
            parts.append(f"frames.{nlp.get_pipe_meta(name).factory}-{_classifier_hash()}")
    return "+".join(parts)


def _classifier_hash() -> str:
    digest = hashlib.sha256()
    for path in sorted(FRAME_CLASSIFIER_PATH.rglob("*")):
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()[:8]


def _add_ner(nlp: Language, lang: str, name: str) -> None:
    """A trained pipeline's NER as pipe `ner_<lang>`, its entities kept per language."""
    try:
        trained = spacy.load(name)
    except (OSError, ValueError) as error:
        raise ModelError(f"trained spaCy pipeline {name!r} cannot be loaded: {error}") from None
    if "ner" not in trained.pipe_names:
        raise ModelError(f"trained spaCy pipeline {name!r} has no 'ner' component")
    for listened in _TRAINED_LISTENED:
        if (
            listened in trained.pipe_names
            # spaCy types pipes as plain callables; tok2vec and transformer pipes list
            # the components listening to them.
            and "ner" in trained.get_pipe(listened).listening_components  # type: ignore[attr-defined]
        ):
            trained.replace_listeners(listened, "ner", ["model.tok2vec"])
    if trained.vocab.vectors.shape[0]:
        if nlp.vocab.vectors.shape[0]:
            raise ModelError(f"only one configured pipeline may carry word vectors ({name!r})")
        nlp.vocab.vectors = trained.vocab.vectors
    nlp.add_pipe("ner", name=f"ner_{lang}", source=trained, before="testigo_individuals")
    nlp.add_pipe(
        "testigo_keep_entities",
        name=f"keep_entities_{lang}",
        config={"lang": lang},
        after=f"ner_{lang}",
    )
    nlp.meta.setdefault("sources", {})[f"ner_{lang}"] = {
        "name": trained.meta.get("name"),
        "version": trained.meta.get("version"),
    }


def _checked(text: str) -> str:
    if not isinstance(text, str):
        raise TypeError(f"post text must be a string, got {type(text).__name__}")
    return safe_text(text[:MAX_CHARS])


def _language_code(lang: str | None) -> str | None:
    """'es-VE' -> 'es'; blank -> None (detect)."""
    if not lang or not lang.strip():
        return None
    return lang.strip().lower().replace("_", "-").split("-")[0]
