"""What Testigo keeps between runs (nlp.disk_cache): read back only under the key it was
written with; computed again when missing, stale or damaged; computed at every start when it
cannot be written. The lexicon kept so is the one its files make."""

from __future__ import annotations

import pickle
import shutil
from pathlib import Path

import pytest

from nlp import disk_cache, lexicon
from nlp.lexicon import data_paths, load_lexicon


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache" / "testigo"


def _counting(value: object) -> tuple[list[int], object]:
    calls: list[int] = []

    def compute() -> object:
        calls.append(1)
        return value

    return calls, compute


def test_a_value_is_read_back_under_its_key_only(folder: Path) -> None:
    calls, compute = _counting({"words": frozenset({"a", "b"})})
    assert disk_cache.kept("f.pickle", "k1", compute) == {"words": frozenset({"a", "b"})}
    assert disk_cache.kept("f.pickle", "k1", compute) == {"words": frozenset({"a", "b"})}
    assert len(calls) == 1
    disk_cache.kept("f.pickle", "k2", compute)  # stale: another key
    assert len(calls) == 2


@pytest.mark.parametrize("damage", [lambda d: d[:-3], lambda d: d[: d.index(b"\n") + 1] + b"x"])
def test_a_damaged_file_is_computed_again(folder: Path, damage) -> None:
    calls, compute = _counting(list(range(100)))
    disk_cache.kept("f.pickle", "k", compute)
    path = folder / "f.pickle"
    written = path.read_bytes()
    path.write_bytes(damage(written))
    assert disk_cache.kept("f.pickle", "k", compute) == list(range(100))
    assert len(calls) == 2
    assert path.read_bytes() == written


@pytest.mark.parametrize("writable_by_others", ["file", "folder"])
def test_a_pickle_others_could_have_written_is_never_read(
    folder: Path, writable_by_others: str
) -> None:
    calls, compute = _counting(["kept"])
    disk_cache.kept("f.pickle", "k", compute)
    path = folder / "f.pickle"
    target = path if writable_by_others == "file" else folder
    target.chmod(target.stat().st_mode | 0o002)
    path.write_bytes(b"k\n" + pickle.dumps(["planted"]))
    assert disk_cache.kept("f.pickle", "k", compute) == ["kept"]
    assert len(calls) == 2


@pytest.mark.usefixtures("no_cache_folder")
def test_without_a_folder_to_write_it_is_computed_each_time() -> None:
    calls, compute = _counting(1)
    assert disk_cache.kept("f.pickle", "k", compute) == disk_cache.kept("f.pickle", "k", compute)
    assert len(calls) == 2


def test_a_kept_lexicon_is_the_one_its_files_make(folder: Path, tmp_path: Path) -> None:
    assert load_lexicon() == load_lexicon()
    assert (folder / lexicon.CACHE_FILE).is_file()
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(data_paths()["surnames.txt"], data / "surnames.txt")
    with (data / "surnames.txt").open("a", encoding="utf-8") as surnames:
        surnames.write("Quilarque\n")
    edited = load_lexicon(data)
    assert "Quilarque" in edited.surnames
    assert "Quilarque" not in load_lexicon().surnames


def test_a_lexicon_kept_by_other_code_is_stale(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fresh = load_lexicon()
    path = folder / lexicon.CACHE_FILE
    key, _ = path.read_bytes().split(b"\n", 1)
    disk_cache.write_atomically(path, key + b"\n" + pickle.dumps("not a lexicon"))
    assert load_lexicon() == "not a lexicon"  # what the key vouches for is read back
    monkeypatch.setattr(lexicon, "_CACHE_FORMAT", lexicon._CACHE_FORMAT + "-next")
    assert load_lexicon() == fresh
