"""One default pipeline for the whole NLP test session (building it takes half a second), one
without the frame classifier, for what the rules alone do, and one built with no start-up cache
(for the tests of what the caches spare)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from nlp.lexicon import data_paths
from nlp.pipeline import Pipeline, load_pipeline


@pytest.fixture(scope="session")
def pipeline() -> Pipeline:
    return load_pipeline()


@pytest.fixture(scope="session")
def rules_only() -> Pipeline:
    return load_pipeline(frame_classifier=False)


@pytest.fixture(scope="module")
def uncached(tmp_path_factory: pytest.TempPathFactory) -> Pipeline:
    """The rule stages as built with no cache to read or write (its folder is a file)."""
    blocked = tmp_path_factory.mktemp("no-cache") / "a-file"
    blocked.write_text("", "utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(blocked))
        return load_pipeline(frame_classifier=False)


@pytest.fixture
def no_cache_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """XDG_CACHE_HOME is a file: no cache folder can be made there, so nothing is kept."""
    blocked = tmp_path / "a-file"
    blocked.write_text("", "utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))


@pytest.fixture
def edited_lexicon(tmp_path: Path) -> Path:
    """A data folder whose frames.yaml gains one frame cue, "ventanilla azul"."""
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(data_paths()["frames.yaml"], data / "frames.yaml")
    frames = (data / "frames.yaml").read_text("utf-8")
    edited = frames.replace("    terms:\n", "    terms:\n      - ventanilla azul\n", 1)
    assert edited != frames
    (data / "frames.yaml").write_text(edited, "utf-8")
    return data
