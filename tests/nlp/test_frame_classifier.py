"""The frame classifier: trained by one command, sourced by build_language, shipped in wheels."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest
import spacy
from spacy.attrs import NORM
from spacy.ml.extract_ngrams import extract_ngrams

import nlp.pipeline
from nlp.batched_ngrams import batched_ngrams
from nlp.frame_thresholds import set_threshold
from nlp.pipeline import FRAME_CLASSIFIER, FRAME_CLASSIFIER_PATH, build_language, load_pipeline
from nlp.train_frames import (
    FINGERPRINT_FILE,
    frame_labels,
    main,
    training_fingerprint,
    training_lines,
    write_docbin,
)

ROOT = Path(__file__).parents[2]
NINE_FRAMES = {
    "criminality_terrorism",
    "humanitarian",
    "exchange_bargaining",
    "due_process",
    "political_repression",
    "asylum_protection",
    "sovereignty_kidnapping",
    "spectacle_propaganda",
    "election_legitimacy",
}


def test_training_reads_only_the_training_part() -> None:
    lines = training_lines()
    assert len(lines) > 200
    assert {line["split"] for line in lines} == {"train"}


def test_the_shipped_classifier_is_what_make_train_frames_gives_today() -> None:
    """Gold training lines added or recoded since the model was trained: run make train-frames."""
    shipped = json.loads((FRAME_CLASSIFIER_PATH / FINGERPRINT_FILE).read_text(encoding="utf-8"))
    lines = training_lines(with_posts=True)
    assert shipped == {"passages": len(lines), "fingerprint": training_fingerprint(lines)}


def test_every_gold_frame_is_a_positive_class_whatever_its_polarity(tmp_path: Path) -> None:
    rules = load_pipeline(frame_classifier=False)
    line = {"text": "No son terroristas.", "frames": {"criminality_terrorism": "contested"}}
    path = write_docbin([line], tmp_path / "one.spacy", rules)
    (doc,) = spacy.tokens.DocBin().from_disk(path).get_docs(rules.nlp.vocab)
    assert doc.cats["criminality_terrorism"] == 1.0
    assert set(doc.cats) == NINE_FRAMES
    assert sum(doc.cats.values()) == 1.0


def test_one_command_trains_a_pipe_build_language_can_source(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    output = tmp_path / "frame_classifier"
    main(["--sample", "30", "--max-epochs", "1", "--output", str(output)])
    trained = spacy.load(output)
    assert set(trained.get_pipe("textcat_multilabel").labels) == NINE_FRAMES
    monkeypatch.setattr(nlp.pipeline, "FRAME_CLASSIFIER_PATH", output)
    language = build_language({}, None)
    names = language.pipe_names
    assert names.index(FRAME_CLASSIFIER) < names.index("testigo_frames")
    doc = language("Bukele propone un canje de presos políticos.")
    assert set(doc.cats) == NINE_FRAMES


def test_the_shipped_pipeline_has_the_frame_classifier_in_its_version() -> None:
    assert FRAME_CLASSIFIER_PATH.is_dir(), "run `make train-frames`"
    pipeline = load_pipeline()
    assert FRAME_CLASSIFIER in pipeline.nlp.pipe_names
    assert "frames.textcat_multilabel-" in pipeline.version
    assert set(pipeline.nlp.get_pipe(FRAME_CLASSIFIER).labels) == set(frame_labels(pipeline))
    assert FRAME_CLASSIFIER not in load_pipeline(frame_classifier=False).nlp.pipe_names


def test_the_shipped_model_is_a_few_megabytes() -> None:
    size = sum(p.stat().st_size for p in FRAME_CLASSIFIER_PATH.rglob("*") if p.is_file())
    assert 0 < size < 5_000_000


def test_wheels_carry_the_model_config_and_data_files() -> None:
    """Every file the pipeline loads from the nlp package matches its package-data patterns
    (a model's files have no suffix, so '*.json'-style patterns alone would drop them)."""
    setuptools = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    patterns = setuptools["package-data"]["nlp"] + setuptools["package-data"]["*"]
    package = ROOT / "nlp"
    shipped = {path for pattern in patterns for path in package.glob(pattern) if path.is_file()}
    needed = [
        package / "pipeline.cfg",
        *(package / "data").iterdir(),
        *(path for path in FRAME_CLASSIFIER_PATH.rglob("*") if path.is_file()),
    ]
    assert [str(path.relative_to(package)) for path in needed if path not in shipped] == []


def test_the_classifier_reads_words_as_the_rules_match_them() -> None:
    """Its features are token norms: spellings that differ only in case, accents and plural
    or gender endings score alike, so what it learnt carries to words spelt otherwise."""
    classifier = load_pipeline().nlp
    first = classifier("Los TERRORISTAS fueron deportados sin juicio").cats
    second = classifier("los terrorista fueron deportado sin júicio").cats
    assert first == second
    assert classifier("Son solo migrantes").cats != first


def test_setting_the_threshold_keeps_the_weak_cue_support_unless_given() -> None:
    nlp = load_pipeline(frame_classifier=False).nlp
    shipped = nlp.get_pipe_config("testigo_frames")["weak_cue_support"]
    set_threshold(nlp, 0.5)
    config = nlp.get_pipe_config("testigo_frames")
    assert (config["classifier_threshold"], config["weak_cue_support"]) == (0.5, shipped)
    set_threshold(nlp, 0.5, 0.3)
    assert nlp.get_pipe_config("testigo_frames")["weak_cue_support"] == 0.3


@pytest.mark.parametrize("ngram_size", [1, 2, 3])
def test_a_batch_has_the_features_spacy_counts_doc_by_doc(ngram_size: int) -> None:
    """The batched n-gram layer gives spaCy's own arrays, in its order, so the classifier's
    scores do not change (an empty doc has no features; spaCy's layer fails on it above
    unigrams)."""
    tokenizer = spacy.blank("xx")
    texts = ["Libres ya, libres ya", "", "a", "Bukele y Maduro: canje, canje y más canje"]
    docs = [tokenizer(text) for text in texts if ngram_size == 1 or text]
    expected = extract_ngrams(ngram_size, NORM).predict(docs)
    batched = batched_ngrams(ngram_size, NORM).predict(docs)
    for ours, spacys in zip(batched, expected, strict=True):
        assert ours.dtype == spacys.dtype
        assert ours.tolist() == spacys.tolist()
