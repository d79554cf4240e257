"""Open the configured database with its schema up to date."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine
from sqlalchemy.exc import ArgumentError, OperationalError

from storage.engine import create_database_engine
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
