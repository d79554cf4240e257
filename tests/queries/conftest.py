"""The known dataset, loaded and rolled up, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from query_dataset import load
from sqlalchemy import Engine

from storage.engine import transaction
from storage.privacy import Names
from storage.rollups import refresh_rollups
from testigo.name_masking import name_masker

KEY = b"test-pseudonym-key"


@pytest.fixture
def loaded(engine: Engine) -> dict[str, int]:
    ids = load(engine)
    with transaction(engine) as session:
        refresh_rollups(session)
    return ids


@pytest.fixture
def hidden() -> Names:
    return Names(KEY, masker=name_masker())


@pytest.fixture
def revealed() -> Names:
    return Names(KEY, reveal=True)
