"""The garbage collector tuned to how the pipeline allocates.

Start-up makes objects that live as long as the process (imports, the pipeline's tables): every
collection run meanwhile rescans all of them and frees nothing, so it is paused. Annotation makes
many short-lived objects and no reference cycles (a post's objects are freed as soon as it is
written out): a young collection every 700 new objects only rescans the batch in flight, so
they are made rare; they still run, for whatever cycles other code makes.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

# Young objects between collections while annotating: more than a block of posts holds alive.
ANNOTATING_YOUNG_OBJECTS = 50_000


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """No automatic collection inside; the collector's state is restored after."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@contextlib.contextmanager
def rare_young_collections() -> Iterator[None]:
    """Young collections once per ANNOTATING_YOUNG_OBJECTS new objects inside, instead of
    Python's 700; the thresholds are restored after."""
    thresholds = gc.get_threshold()
    gc.set_threshold(max(thresholds[0], ANNOTATING_YOUNG_OBJECTS), *thresholds[1:])
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
