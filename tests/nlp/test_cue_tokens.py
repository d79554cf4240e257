"""The cue tokens cached between runs: a start with the cache annotates as one without it, and
an edited lexicon, a changed norm or a damaged or unwritable cache never shows in the output."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from nlp import cue_tables, cue_tokens
from nlp.pipeline import Pipeline, load_pipeline

TEXT = (
    "Bukele le ofrece a Maduro un canje: mi primo Yorbis Andrés Peña sigue en el CECOT "
    "sin abogado, y Washington pagó por las celdas. #LiberenALosPresosPoliticos"
)


@pytest.fixture(autouse=True)
def _no_cue_tables(monkeypatch: pytest.MonkeyPatch) -> None:
    """The matcher's tables kept for a lexicon (nlp.cue_tables) would spare these tokens:
    here they are never found."""
    monkeypatch.setattr(cue_tables, "kept", lambda name, key, compute: compute())


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache" / "testigo" / cue_tokens.CACHE_FILE


def _no_home() -> Path:
    raise RuntimeError("Could not determine home directory.")


def _annotated(pipeline: Pipeline) -> tuple[object, ...]:
    annotation = pipeline.annotate(TEXT)
    return annotation.actors, annotation.frames, annotation.individuals, annotation.details


def test_a_start_with_the_cache_annotates_as_the_one_that_wrote_it(
    uncached: Pipeline, cache_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = load_pipeline(frame_classifier=False)
    assert cache_home.is_file()

    def no_tokenizing(*args: object) -> None:
        raise AssertionError("the cached tokens were not used")

    monkeypatch.setattr(cue_tokens, "_tokenize", no_tokenizing)
    second = load_pipeline(frame_classifier=False)
    assert _annotated(second) == _annotated(first) == _annotated(uncached)


def test_an_edited_lexicon_is_matched_though_a_cache_exists(
    cache_home: Path, edited_lexicon: Path
) -> None:
    load_pipeline(frame_classifier=False)
    annotation = load_pipeline(data_dir=edited_lexicon, frame_classifier=False).annotate(
        "Todo pasa por la ventanilla azul."
    )
    assert [f.text for f in annotation.frames] == ["ventanilla azul"]


def test_a_cache_whose_norms_are_not_the_vocabularys_is_rebuilt(
    uncached: Pipeline, cache_home: Path
) -> None:
    load_pipeline(frame_classifier=False)
    document = json.loads(cache_home.read_text("utf-8"))
    # What a changed norm function looks like: the cached norms are no longer the words' own.
    document["words"] = [[text, norm + "x", own] for text, norm, own in document["words"]]
    cache_home.write_text(json.dumps(document), "utf-8")
    assert _annotated(load_pipeline(frame_classifier=False)) == _annotated(uncached)
    assert json.loads(cache_home.read_text("utf-8"))["words"] != document["words"]


@pytest.mark.parametrize(
    "damage",
    [
        lambda text: text[: len(text) // 2],
        lambda text: text.replace('"words":[[', '"words":[[7,', 1),
        lambda text: text.replace('"tokens":[[', '"tokens":[[999999,', 1),
    ],
)
def test_a_damaged_cache_is_rebuilt(uncached: Pipeline, cache_home: Path, damage) -> None:
    load_pipeline(frame_classifier=False)
    cache_home.write_text(damage(cache_home.read_text("utf-8")), "utf-8")
    assert _annotated(load_pipeline(frame_classifier=False)) == _annotated(uncached)
    json.loads(cache_home.read_text("utf-8"))  # written whole again


def test_without_a_cache_folder_the_spellings_are_tokenized_at_each_start(
    uncached: Pipeline, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setattr(Path, "home", _no_home)
    assert cue_tokens.cache_path() is None
    assert _annotated(load_pipeline(frame_classifier=False)) == _annotated(uncached)


def test_an_edited_lexicon_tokenizes_only_its_new_spellings(
    cache_home: Path, edited_lexicon: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A new term costs its own tokenizing, not the lexicons'; the file then holds the
    spellings in use, so it does not grow with every lexicon it has seen."""
    load_pipeline(frame_classifier=False)
    before = json.loads(cache_home.read_text("utf-8"))["spellings"]
    tokenized: list[str] = []
    tokenize = cue_tokens._tokenize

    def recording(nlp: object, spellings: list[str]) -> object:
        tokenized.extend(spellings)
        return tokenize(nlp, spellings)  # type: ignore[arg-type]

    monkeypatch.setattr(cue_tokens, "_tokenize", recording)
    load_pipeline(data_dir=edited_lexicon, frame_classifier=False)
    assert tokenized == ["ventanilla azul"]
    after = json.loads(cache_home.read_text("utf-8"))["spellings"]
    assert set(after) == set(before) | {"ventanilla azul"}
    load_pipeline(frame_classifier=False)
    assert set(json.loads(cache_home.read_text("utf-8"))["spellings"]) == set(before)
