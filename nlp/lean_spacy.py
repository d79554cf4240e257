"""spaCy imported without its command line, which the pipeline never runs.

`import spacy` imports `spacy.cli` for one name, `spacy.info`, and with it typer, requests,
httpx, weasel and their dependencies: about a sixth of `testigo annotate`'s start-up. Here spaCy
is imported with a stand-in for `spacy.cli.info` whose `info` imports the real one when called;
the stand-in is then dropped, so a later `import spacy.cli...` (training) imports the real
package. Should a spaCy release import more of its command line at import, the stand-in is
dropped and spaCy imported as usual. `testigo.pipeline_loading` runs it before it imports the
pipeline; it must come before anything imports spaCy, so it imports nothing of Testigo's.
"""

from __future__ import annotations

import gc
import sys
import types
from typing import Any

_CLI, _INFO = "spacy.cli", "spacy.cli.info"


def import_spacy_without_cli() -> None:
    """Import spaCy, leaving out `spacy.cli` (a no-op if spaCy is imported already). Its
    modules live as long as the process: they are made with the garbage collector paused and
    then moved out of its reach, instead of being rescanned by every collection meanwhile."""
    if "spacy" in sys.modules:
        return
    collecting = gc.isenabled()
    gc.disable()
    try:
        _import_spacy()
        gc.freeze()
    finally:
        if collecting:
            gc.enable()


def _import_spacy() -> None:
    cli = types.ModuleType(_CLI)
    cli.__path__ = []
    info = types.ModuleType(_INFO)
    setattr(info, "info", _info)  # noqa: B010  (a module object has no declared attributes)
    sys.modules[_CLI], sys.modules[_INFO] = cli, info
    try:
        import spacy  # noqa: F401
    except ImportError:
        sys.modules.pop("spacy", None)
    finally:
        for name in (_CLI, _INFO):
            if sys.modules.get(name) in (cli, info):
                del sys.modules[name]
    import spacy  # noqa: F401, F811  (as usual, if the stand-in did not do)


def _info(*args: Any, **kwargs: Any) -> Any:
    """`spacy.info`, from the real command line, imported now."""
    from spacy.cli.info import info

    return info(*args, **kwargs)
