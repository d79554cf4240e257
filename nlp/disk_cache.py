"""Where and how Testigo keeps what it computes at start-up from the data files, between runs.

Files live in $XDG_CACHE_HOME/testigo/ (default ~/.cache/testigo/), each written whole under
another name and then renamed, so a reader sees an old file or a new one, never part of one,
whichever process writes. Each file holds a key naming what its content was computed from;
a file with another key, or one that is damaged, is computed again. Where nothing can be
written (no home, a read-only disk), everything is computed at every start, as without it.
Imports no spaCy: the lexicon uses it too.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

import orjson

from nlp.native import files_digest, source_file

T = TypeVar("T")


def cache_folder() -> Path | None:
    """The folder of the cache files: None without a home directory."""
    try:
        base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    except RuntimeError:  # no home directory to be found
        return None
    return Path(base) / "testigo"


def code_version(modules: Iterable[str]) -> str:
    """A digest of the Python version and of the source of the named modules of this package:
    what computes a file's content, so that a change to it makes the file stale. The source
    file, also of a module that runs compiled (nlp.native), whose own file does not change
    with its source."""
    return files_digest(map(source_file, modules))


def kept(name: str, key: str, compute: Callable[[], T]) -> T:
    """`compute()`, read from the file `name` if it holds the result of the same key, else
    computed and written there. For values of Testigo's own classes (pickled: the file is the
    user's, written by Testigo; its key is checked before any of its pickle is read)."""
    folder = cache_folder()
    path = folder / name if folder is not None else None
    prefix = key.encode() + b"\n"
    if path is not None and _only_ours(path):
        try:
            with path.open("rb") as source:
                if source.read(len(prefix)) == prefix:
                    value: T = pickle.load(source)
                    return value
        except Exception:  # missing, or damaged in any way unpickling can fail: computed again
            pass
    value = compute()
    if path is not None:
        write_atomically(path, prefix + pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
    return value


def _only_ours(path: Path) -> bool:
    """Whether the file and its folder belong to this user and no one else can write them:
    unpickling runs code, so a pickle anyone else could have written is computed again."""
    try:
        stats = (path.stat(), path.parent.stat())
    except OSError:
        return False
    uid = os.getuid() if hasattr(os, "getuid") else None
    return all((uid is None or stat.st_uid == uid) and not stat.st_mode & 0o022 for stat in stats)


def read_json(path: Path, key: str) -> dict[str, Any] | None:
    """The JSON object of a cache file if it is there and has this key."""
    try:
        document: Any = orjson.loads(path.read_bytes())
    except (OSError, orjson.JSONDecodeError):
        return None
    if not (isinstance(document, dict) and document.get("key") == key):
        return None
    return document


def write_json(path: Path, document: dict[str, Any]) -> None:
    try:
        data = orjson.dumps(document)
    except TypeError:  # a word orjson cannot encode (a lone surrogate)
        return
    write_atomically(path, data)


def write_atomically(path: Path, data: bytes) -> None:
    """Written whole under another name, then renamed."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        sink = tempfile.NamedTemporaryFile(dir=path.parent, suffix=".tmp", delete=False)
    except OSError:
        return
    try:
        with sink:
            sink.write(data)
        os.replace(sink.name, path)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(sink.name)
