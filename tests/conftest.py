"""Shared fixtures: every database test runs on SQLite and on PostgreSQL.

PostgreSQL is the server on 127.0.0.1:5432 (database `test`, trust auth), or
$TESTIGO_TEST_POSTGRES_URL. Each test session gets its own schema, dropped at
the end. Without a server the PostgreSQL cases are skipped with the reason,
except under CI (CI=true), where they fail.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, create_engine, text

from storage.engine import create_database_engine, throwaway_schema
from storage.migrate import upgrade
from storage.models import Base

POSTGRES_URL = os.environ.get(
    "TESTIGO_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


def _postgres_schema_url() -> Iterator[str]:
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text("select 1"))
    except Exception as error:  # noqa: BLE001 - any failure means "no server here"
        admin.dispose()
        reason = f"PostgreSQL not reachable at {POSTGRES_URL}: {type(error).__name__}"
        if os.environ.get("CI"):
            pytest.fail(reason + " (CI must run the PostgreSQL tests)")
        pytest.skip(reason)
    admin.dispose()
    with throwaway_schema(POSTGRES_URL, "testigo_test") as url:
        yield url


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    yield from _postgres_schema_url()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str:
    """A URL of an empty, migrated database of each kind."""
    if request.param == "sqlite":
        path = tmp_path_factory.mktemp("db") / "testigo.db"
        url = f"sqlite:///{path}"
        engine = create_database_engine(url)
        upgrade(engine)
        engine.dispose()
        return url
    url = request.getfixturevalue("postgres_url")
    engine = create_database_engine(url)
    upgrade(engine)
    _truncate_all(engine)
    engine.dispose()
    return url


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    engine = create_database_engine(database_url)
    yield engine
    engine.dispose()


def _truncate_all(engine: Engine) -> None:
    tables = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
    with engine.begin() as connection:
        connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
