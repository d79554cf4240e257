"""Open the configured database with its schema up to date."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, event
from sqlalchemy.exc import ArgumentError, OperationalError
from sqlalchemy.orm import Session

from storage.engine import checkpoint_in_background, create_database_engine
from storage.migrate import current_revision, upgrade
from testigo.config import Config, mask_url
from testigo.errors import UserError


def open_database(config: Config, migrate: bool = True) -> Engine:
    """An engine for `[database] url`; runs pending migrations unless told not to."""
    try:
        engine = create_database_engine(config.database.url)
    except (ArgumentError, ImportError) as error:
        raise UserError(f"[database] url {mask_url(config.database.url)!r}: {error}") from None
    if migrate:
        with _reachable(config):
            upgrade(engine)
    return engine


def database_revision(config: Config) -> str | None:
    """The schema revision the database is at (None: not migrated yet); never migrates."""
    engine = open_database(config, migrate=False)
    try:
        with _reachable(config):
            return current_revision(engine)
    finally:
        engine.dispose()


@contextmanager
def _reachable(config: Config) -> Iterator[None]:
    """A database that cannot be reached is one line naming it (password masked)."""
    try:
        yield
    except OperationalError as error:
        first_line = str(error.orig).strip().splitlines()[0] if str(error.orig).strip() else ""
        raise UserError(
            f"cannot open database {mask_url(config.database.url)}: {first_line}"
        ) from None


def queue_sqlite_writers(engine: Engine) -> Engine:
    """SQLite: take the write lock at BEGIN, so concurrent writers wait their turn.

    In WAL mode a transaction that reads and then writes fails at once with
    "database is locked" when another connection wrote in between; BEGIN
    IMMEDIATE makes it wait (busy_timeout) instead. The daemon's jobs and a
    `testigo worker` beside it write concurrently, so they need this. Such busy writers
    also leave checkpoints to a background thread (`checkpoint_in_background`).
    """
    if engine.dialect.name != "sqlite":
        return engine

    @event.listens_for(engine, "connect")
    def _no_implicit_begin(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None

    @event.listens_for(engine, "begin")
    def _begin_immediate(connection: Any) -> None:
        reads_only = connection.get_execution_options().get(_READS_ONLY, False)
        connection.exec_driver_sql("BEGIN" if reads_only else "BEGIN IMMEDIATE")

    engine.dispose()
    checkpoint_in_background(engine)
    return engine


_READS_ONLY = "testigo_reads_only"


@contextmanager
def read_transaction(engine: Engine) -> Iterator[Session]:
    """A session that only reads: on SQLite (queued writers) it does not take the write lock.

    A reader in WAL mode needs no lock, so it neither waits for the collector's commit
    nor holds the collector up. Writing in it can fail with "database is locked".
    """
    with engine.connect() as connection:
        connection.execution_options(**{_READS_ONLY: True})
        with Session(connection) as session, session.begin():
            yield session
