"""Engines and sessions: SQLite (WAL, foreign keys on) by default, PostgreSQL via psycopg 3.

What differs between the two lives in `storage.backends`, chosen here once per engine.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from storage.backends import backend_of, create_engine_with_backend
from storage.backends.base import SchedulerLock


def normalise_url(url: str) -> str:
    """Let people write postgresql:// and get the psycopg 3 driver."""
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


def create_database_engine(url: str, **kwargs: Any) -> Engine:
    return create_engine_with_backend(normalise_url(url), **kwargs)


def queue_writers(engine: Engine) -> Engine:
    """Make the engine's writers wait their turn where the database would refuse them
    (SQLite: the write lock is taken at BEGIN). For the daemon and workers, which write
    concurrently."""
    return backend_of(engine).queue_writers(engine)


@contextmanager
def read_transaction(engine: Engine) -> Iterator[Session]:
    """A session that only reads: with queued SQLite writers it takes no write lock.

    A reader in WAL mode needs no lock, so it neither waits for the collector's commit
    nor holds the collector up. Writing in it can fail with "database is locked".
    """
    with engine.connect() as connection:
        backend_of(engine).begin_reading(connection)
        with Session(connection) as session, session.begin():
            yield session


def scheduler_lock(engine: Engine) -> SchedulerLock:
    """The lock that lets one scheduler (`testigo run`) run per database; it goes away
    with the process holding it, so a killed daemon never blocks the next one."""
    return backend_of(engine).scheduler_lock(engine)


def database_bytes(engine: Engine) -> int | None:
    """How much room the database takes (None: unknown, e.g. in memory)."""
    return backend_of(engine).database_bytes(engine)


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


@contextmanager
def transaction(engine: Engine) -> Iterator[Session]:
    """A session whose work commits together or not at all."""
    with session_factory(engine)() as session, session.begin():
        yield session


@contextmanager
def throwaway_schema(admin_url: str, prefix: str) -> Iterator[str]:
    """The URL of a fresh PostgreSQL schema, dropped afterwards: isolated tests and benches."""
    admin = create_engine(normalise_url(admin_url), isolation_level="AUTOCOMMIT")
    schema = f"{prefix}_{uuid.uuid4().hex[:10]}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield f"{admin_url}?options=-csearch_path%3D{schema}"
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()
