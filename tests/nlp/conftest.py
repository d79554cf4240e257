"""One default pipeline for the whole NLP test session (building it takes half a second), and one
without the frame classifier, for what the rules alone do."""

from __future__ import annotations

import pytest

from nlp.pipeline import Pipeline, load_pipeline


@pytest.fixture(scope="session")
def pipeline() -> Pipeline:
    return load_pipeline()


@pytest.fixture(scope="session")
def rules_only() -> Pipeline:
    return load_pipeline(frame_classifier=False)
