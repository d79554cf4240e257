"""Open the configured database with its schema up to date."""

from __future__ import annotations

from sqlalchemy import Engine
from sqlalchemy.exc import ArgumentError, OperationalError

from storage.engine import create_database_engine
from storage.migrate import upgrade
from testigo.config import Config, mask_url
from testigo.errors import UserError


def open_database(config: Config, migrate: bool = True) -> Engine:
    """An engine for `[database] url`; runs pending migrations unless told not to."""
    try:
        engine = create_database_engine(config.database.url)
    except (ArgumentError, ImportError) as error:
        raise UserError(f"[database] url {mask_url(config.database.url)!r}: {error}") from None
    if migrate:
        try:
            upgrade(engine)
        except OperationalError as error:
            raise UserError(
                f"cannot open database {mask_url(config.database.url)}: {error.orig}"
            ) from None
    return engine
