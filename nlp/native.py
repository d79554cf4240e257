"""The NLP stages compiled to C with mypyc, used only when built from exactly these sources.

The stages are strictly typed Python. mypyc compiles such modules into C extension modules that
run the same code in about a fifth fewer instructions (`testigo annotate` spends ~20% less CPU
time). `make native` (part of `make install`, `run`, `test` and `bench`) runs this module to
build them into `<venv>/testigo-native/<digest>/nlp/`, where the digest covers every source
file of this package and the Python version. `nlp/__init__` puts that folder first on the
package's path only when the build of the current digest is complete: an edited source is
never shadowed by a stale build, and until it is built again the package runs as plain Python
(the same annotations, slower). Where no C compiler is to be found it always runs so.
Setting TESTIGO_PURE_PYTHON=1 runs it as plain Python anyway (for a debugger, or to compare).

Imports nothing of Testigo's and no spaCy: `nlp/__init__` runs it before any stage is imported.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
BUILDS = Path(sys.prefix) / "testigo-native"
PURE_PYTHON_VARIABLE = "TESTIGO_PURE_PYTHON"
# The shared library of the compiled modules is a module of this package: found on its path
# with them, with nothing added to sys.path.
_GROUP = "nlp.compiled_stages"
_COMPLETE = "complete"  # written last: a build folder without it did not finish

# The modules that stay plain Python, and why.
KEPT_AS_PYTHON = {
    "__init__": "decides whether the build is used",
    "native": "finds and makes the build",
    "pipeline": "finds its config and classifier beside its source file",
    "lexicon": "its values are pickled in the start-up cache, which compiled frozen dataclasses "
    "cannot be read back from",
    "cue_tables": "as lexicon",
    "cue_tokens": "start-up only (tokenizes the lexicons' spellings)",
    "frame_model": "spaCy's stubs type a text classifier's labels as a 1-tuple, which compiled "
    "code checks",
    "batched_ngrams": "a thinc layer, called by thinc once a batch",
    "jsonl": "reading and writing lines, not the stages",
    "disk_cache": "start-up only",
    "gc_tuning": "start-up only",
    "langid": "start-up only",
    "lean_spacy": "runs before spaCy is imported",
    "train_frames": "training, with spaCy's command line",
    "frame_thresholds": "training",
    "evaluate": "evaluation, not the stages",
}


def source_file(module_name: str) -> Path:
    """The source file of a module of this package, whether it runs compiled or not."""
    return PACKAGE / f"{module_name.rpartition('.')[2]}.py"


def compiled_modules() -> list[str]:
    """The names of the modules the build compiles (every module not kept as Python)."""
    names = sorted(path.stem for path in PACKAGE.glob("*.py"))
    return [name for name in names if name not in KEPT_AS_PYTHON]


def files_digest(paths: Iterable[Path]) -> str:
    """A digest of the Python version and of the files' names and contents: what a build, or
    a file of the start-up cache (nlp.disk_cache), is made from."""
    digest = hashlib.sha256(sys.version.encode() + b"\0")
    for path in paths:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def sources_digest() -> str:
    """The digest of every source file of the package: a compiled module depends on the types
    of the modules it imports, compiled or not."""
    return files_digest(sorted(PACKAGE.glob("*.py")))[:32]


def compiled_folder() -> Path | None:
    """The complete build of the current sources, unless plain Python is asked for."""
    if os.environ.get(PURE_PYTHON_VARIABLE):
        return None
    folder = BUILDS / sources_digest()
    return folder if (folder / _COMPLETE).is_file() else None


def use_compiled(package_path: list[str]) -> bool:
    """Put the build of the current sources first on the package's path, if there is one."""
    folder = compiled_folder()
    if folder is None:
        return False
    package_path.insert(0, str(folder / "nlp"))
    return True


class BuildError(RuntimeError):
    """The stages could not be compiled; the message ends with the build's last lines."""


def build() -> Path:
    """Compile the modules (mypyc, then the C compiler) into the folder of the current digest;
    the folders of earlier sources are removed. Built in a temporary folder and renamed, so a
    build that fails or is killed is never used. The compilers' output goes to a log, shown
    (its end) only when the build fails."""
    digest = sources_digest()
    target = BUILDS / digest
    if (target / _COMPLETE).is_file():
        return target
    BUILDS.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=BUILDS, prefix="building-") as work:
        log = Path(work) / "build.log"
        with log.open("wb") as output:
            # A process of its own: the compilers write to its standard streams, and mypy
            # names the modules from the project's root and reads its config there.
            finished = subprocess.run(
                [sys.executable, "-c", _COMPILE, work],
                cwd=PACKAGE.parent,
                stdout=output,
                stderr=subprocess.STDOUT,
                check=False,
            )
        if finished.returncode != 0:
            lines = log.read_text(errors="replace").splitlines()
            raise BuildError("\n".join(["the compiler failed:", *lines[-20:]]))
        built = Path(work) / "lib"
        (built / _COMPLETE).write_text(digest + "\n")
        for old in BUILDS.iterdir():
            if old.name != Path(work).name and _left_over(old):
                shutil.rmtree(old, ignore_errors=True)
        os.replace(built, target)
    return target


def _left_over(folder: Path) -> bool:
    """A build of earlier sources, or the work folder of a build killed an hour ago or more
    (another build may be under way in a newer one)."""
    if not folder.name.startswith("building-"):
        return True
    return time.time() - folder.stat().st_mtime > 3600


# Run by `build` in the project's root, with the work folder as its argument.
_COMPILE = "import sys; from nlp.native import compile_into; compile_into(sys.argv[1])"


def compile_into(work: str) -> None:
    """mypyc's C code for the modules and its extension modules, built into `work`/lib."""
    # Imported here: the build tools are needed to build, not to run.
    from mypyc.build import mypycify
    from setuptools import setup

    extensions = mypycify(
        [f"nlp/{name}.py" for name in compiled_modules()],
        group_name=_GROUP,
        target_dir=str(Path(work) / "c"),
    )
    setup(
        name="testigo-compiled-stages",
        ext_modules=extensions,
        script_args=["build_ext", f"--build-lib={work}/lib", f"--build-temp={work}/temp"],
    )
