"""The matcher's tables kept between runs: a start that reads them annotates as one that built
them, and a stale, damaged or unwritable file never shows in the output."""

from __future__ import annotations

import pickle
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pytest

from nlp import cue_tables
from nlp.pipeline import Pipeline, load_pipeline

T = TypeVar("T")

TEXT = (
    "Bukele le ofrece a Maduro un canje: mi primo Yorbis Andrés Peña sigue en el CECOT "
    "sin abogado, y Washington pagó por las celdas. #LiberenALosPresosPoliticos"
)


@pytest.fixture
def tables_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache" / "testigo" / cue_tables.CACHE_FILE


def _annotated(pipeline: Pipeline, text: str = TEXT) -> tuple[object, ...]:
    annotation = pipeline.annotate(text)
    return annotation.actors, annotation.frames, annotation.individuals, annotation.details


def _no_building(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Records each building of the rules (the work the file spares). Watched where the
    tables are kept: the matcher may run compiled (nlp.native), whose calls between its own
    modules no patch reaches."""
    built: list[str] = []
    keep = cue_tables.kept

    def recording(name: str, key: str, build: Callable[[], T]) -> T:
        def building() -> T:
            built.append("built")
            return build()

        return keep(name, key, building)

    monkeypatch.setattr(cue_tables, "kept", recording)
    return built


def test_a_start_with_the_tables_annotates_as_the_one_that_built_them(
    uncached: Pipeline, tables_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = load_pipeline(frame_classifier=False)
    assert tables_file.is_file()
    built = _no_building(monkeypatch)
    second = load_pipeline(frame_classifier=False)
    assert built == []
    assert _annotated(second) == _annotated(first) == _annotated(uncached)


def test_tables_of_another_lexicon_are_stale(
    tables_file: Path, edited_lexicon: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_pipeline(frame_classifier=False)
    built = _no_building(monkeypatch)
    annotation = load_pipeline(data_dir=edited_lexicon, frame_classifier=False).annotate(
        "Todo pasa por la ventanilla azul."
    )
    assert [f.text for f in annotation.frames] == ["ventanilla azul"]
    assert built == ["built"]


def test_tables_built_by_other_code_are_stale(
    uncached: Pipeline, tables_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file written by another version of the code that builds the tables (here: tables
    that match nothing) is never read."""
    load_pipeline(frame_classifier=False)
    key, _ = tables_file.read_bytes().split(b"\n", 1)
    empty = cue_tables.CueTables([], [])
    tables_file.write_bytes(key + b"\n" + pickle.dumps(empty))
    assert _annotated(load_pipeline(frame_classifier=False)) == ((), (), (), ())
    monkeypatch.setattr(cue_tables, "_FORMAT", cue_tables._FORMAT + "-next")
    built = _no_building(monkeypatch)
    assert _annotated(load_pipeline(frame_classifier=False)) == _annotated(uncached)
    assert built == ["built"]


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[: len(data) // 2],
        lambda data: data[: data.index(b"\n") + 1] + b"not a pickle",
        lambda data: data[: data.index(b"\n") + 1],
    ],
)
def test_a_damaged_file_is_rebuilt(uncached: Pipeline, tables_file: Path, damage) -> None:
    load_pipeline(frame_classifier=False)
    written = tables_file.read_bytes()
    tables_file.write_bytes(damage(written))
    assert _annotated(load_pipeline(frame_classifier=False)) == _annotated(uncached)
    assert tables_file.read_bytes() == written  # written whole again
