"""The compiled stages (nlp.native): used only when built from exactly the current sources, so
an edited source is never shadowed by a stale build; a build that fails says why and leaves
nothing in use; compiled, the stages annotate exactly as they do as plain Python."""

from __future__ import annotations

import importlib.machinery
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from nlp import disk_cache, native
from nlp.evaluate import GOLD_DIR, read_parts

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def sources(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the package's sources and an empty folder of builds, in place of the real."""
    package = tmp_path / "nlp"
    package.mkdir()
    for source in native.PACKAGE.glob("*.py"):
        shutil.copyfile(source, package / source.name)
    monkeypatch.setattr(native, "PACKAGE", package)
    monkeypatch.setattr(native, "BUILDS", tmp_path / "builds")
    monkeypatch.delenv(native.PURE_PYTHON_VARIABLE, raising=False)
    return package


def _complete_build(digest: str) -> Path:
    folder = native.BUILDS / digest
    (folder / "nlp").mkdir(parents=True)
    (folder / "complete").write_text(digest)
    return folder


def _edit(source: Path) -> None:
    source.write_text(source.read_text("utf-8") + "\n# edited\n", "utf-8")


def test_the_build_of_the_current_sources_goes_first_on_the_package_path(sources: Path) -> None:
    folder = _complete_build(native.sources_digest())
    package_path = [str(sources)]
    assert native.use_compiled(package_path)
    assert package_path == [str(folder / "nlp"), str(sources)]


def test_an_edited_source_is_not_shadowed_by_the_build_of_the_old_one(sources: Path) -> None:
    _complete_build(native.sources_digest())
    _edit(sources / "actors.py")
    package_path = [str(sources)]
    assert not native.use_compiled(package_path)
    assert package_path == [str(sources)]


def test_a_build_that_did_not_finish_is_not_used(sources: Path) -> None:
    (native.BUILDS / native.sources_digest() / "nlp").mkdir(parents=True)
    assert native.compiled_folder() is None


def test_plain_python_when_asked(sources: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _complete_build(native.sources_digest())
    monkeypatch.setenv(native.PURE_PYTHON_VARIABLE, "1")
    assert native.compiled_folder() is None


def test_a_failed_build_shows_the_compilers_words_and_leaves_nothing_in_use(
    sources: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    failing = "print('fatal error: Python.h: No such file or directory'); raise SystemExit(1)"
    monkeypatch.setattr(native, "_COMPILE", failing)
    with pytest.raises(native.BuildError, match="Python.h: No such file"):
        native.build()
    assert native.compiled_folder() is None
    assert list(native.BUILDS.iterdir()) == []


def test_the_start_up_cache_keys_follow_the_source_of_a_compiled_module(sources: Path) -> None:
    """A compiled module's own file is a stub that does not change with its source."""
    before = disk_cache.code_version(["nlp.text"])
    _edit(sources / "text.py")
    assert disk_cache.code_version(["nlp.text"]) != before


def test_make_test_runs_the_compiled_stages() -> None:
    if not os.environ.get("TESTIGO_EXPECT_COMPILED"):
        pytest.skip("only under `make test`, which compiles the stages first")
    import nlp.actors

    assert native.compiled_folder() is not None
    assert nlp.actors.__file__ is not None
    assert nlp.actors.__file__.endswith(tuple(importlib.machinery.EXTENSION_SUFFIXES))


def test_compiled_stages_annotate_as_plain_python_does(tmp_path: Path) -> None:
    if native.compiled_folder() is None:
        pytest.skip("the stages are not compiled here (testigo nlp compile)")
    posts = tmp_path / "posts.jsonl"
    gold = [post for part in read_parts([GOLD_DIR]).values() for post in part]
    with posts.open("w", encoding="utf-8") as out:
        for number, post in enumerate(gold):
            line = {"id": post["id"], "text": post["text"]}
            if number % 3:  # every third post has its language detected
                line["lang"] = post["lang"]
            out.write(json.dumps(line) + "\n")

    def annotated(**env: str) -> bytes:
        command = [sys.executable, "-m", "testigo", "annotate", str(posts)]
        run = subprocess.run(
            command, cwd=ROOT, env={**os.environ, **env}, capture_output=True, check=True
        )
        return run.stdout

    compiled = annotated()
    assert compiled == annotated(**{native.PURE_PYTHON_VARIABLE: "1"})
    assert b'"id": "bukele"' in compiled
