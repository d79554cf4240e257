"""One default pipeline for the whole NLP test session (building it takes half a second), one
without the frame classifier, for what the rules alone do, and one built with no start-up cache
(for the tests of what the caches spare)."""

from __future__ import annotations

import pytest

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
