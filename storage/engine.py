"""Engines and sessions: SQLite (WAL, foreign keys on) by default, PostgreSQL via psycopg 3."""

from __future__ import annotations

import logging
import sqlite3
import threading
import uuid
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker


def normalise_url(url: str) -> str:
    """Let people write postgresql:// and get the psycopg 3 driver."""
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


def create_database_engine(url: str, **kwargs: Any) -> Engine:
    url = normalise_url(url)
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30}, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    # No server-side prepared statements: psycopg prepares a query after five runs, and
    # PostgreSQL may then keep a generic plan made while a table was young (a scan of
    # every post per collected page, long after the table has grown). Planning each
    # statement costs far less than that.
    connect_args = {"prepare_threshold": None, **kwargs.pop("connect_args", {})}
    return create_engine(url, pool_pre_ping=True, connect_args=connect_args, **kwargs)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


log = logging.getLogger("storage.engine")

# Writers' own checkpoints once a background checkpointer runs: only a safety net for
# when it falls behind (pages of the write-ahead log; SQLite's default is 1,000).
FALLBACK_AUTOCHECKPOINT_PAGES = 20_000
# A log this long is started over (RESTART: it waits for readers on older snapshots, up
# to RESTART_WAIT_SECONDS, holding off new writers meanwhile). Without it, readers that
# come and go kept the log from ever being reset while writers appended to it.
RESTART_AFTER_PAGES = 4_000
RESTART_WAIT_SECONDS = 0.2


def checkpoint_in_background(engine: Engine, every_seconds: float = 0.5) -> None:
    """SQLite: copy the write-ahead log into the database from a thread, not at commits.

    By default the connection that commits past 1,000 log pages checkpoints, and while
    readers come and go the log is rarely reset, so nearly every commit of a busy
    writer checkpointed and waited for two fsyncs (the daemon bench's collector spent a
    third of its time there). Here one thread checkpoints twice a second (PASSIVE: it
    never blocks readers or writers) and starts the log over when it has grown long;
    the engine's writers checkpoint only if it falls far behind. The thread ends when
    the engine is disposed or collected.
    """
    if engine.dialect.name != "sqlite" or not engine.url.database:
        return
    if engine.url.database == ":memory:":
        return

    @event.listens_for(engine, "connect")
    def _checkpoint_rarely(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.execute(f"PRAGMA wal_autocheckpoint={FALLBACK_AUTOCHECKPOINT_PAGES}")

    engine.dispose()  # connections already open take the setting too
    stop = threading.Event()
    event.listen(engine, "engine_disposed", lambda _engine: stop.set())
    alive = weakref.ref(engine)
    path = engine.url.database

    def checkpoint() -> None:
        with sqlite3.connect(path, timeout=RESTART_WAIT_SECONDS, check_same_thread=False) as db:
            while not stop.wait(every_seconds) and alive() is not None:
                try:
                    _, log_pages, _ = db.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
                    if log_pages > RESTART_AFTER_PAGES:
                        db.execute("PRAGMA wal_checkpoint(RESTART)")
                except sqlite3.Error as error:  # busy now, or the file went away: next time
                    log.debug("checkpoint of %s: %s", path, error)
        # `with` on a sqlite3 connection only ends its transaction; close it too.
        db.close()

    threading.Thread(target=checkpoint, name="wal-checkpoint", daemon=True).start()


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
