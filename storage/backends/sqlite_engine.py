"""SQLite engines: WAL with foreign keys on, queued writers, checkpoints off the write path."""

from __future__ import annotations

import fcntl
import logging
import os
import sqlite3
import threading
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.pool import ConnectionPoolEntry

log = logging.getLogger("storage.engine")

# Writers' own checkpoints once a background checkpointer runs: only a safety net for
# when it falls behind (pages of the write-ahead log; SQLite's default is 1,000).
FALLBACK_AUTOCHECKPOINT_PAGES = 20_000
# A log this long is started over (RESTART: it waits for readers on older snapshots, up
# to RESTART_WAIT_SECONDS, holding off new writers meanwhile). Without it, readers that
# come and go would keep the log from ever being reset while writers append to it.
RESTART_AFTER_PAGES = 4_000
RESTART_WAIT_SECONDS = 0.2
# An execution option: this connection's transactions only read (no write lock at BEGIN).
READS_ONLY = "testigo_reads_only"
# SQLite page cache while importing: the posts indexes take inserts all over their pages, and
# with the default 2 MB cache each insert re-reads pages from the OS. Counts toward memory.
IMPORT_CACHE_KIB = 96 * 1024


def create_sqlite_engine(url: str, **kwargs: Any) -> Engine:
    engine = create_engine(url, connect_args={"timeout": 30}, **kwargs)
    event.listen(engine, "connect", _pragmas)
    return engine


def _pragmas(dbapi_connection: sqlite3.Connection, _record: ConnectionPoolEntry) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def queue_writers(engine: Engine) -> Engine:
    """Take the write lock at BEGIN, so concurrent writers wait their turn.

    In WAL mode a transaction that reads and then writes fails at once with
    "database is locked" when another connection wrote in between; BEGIN
    IMMEDIATE makes it wait (busy_timeout) instead. The daemon's jobs and a
    `testigo worker` beside it write concurrently, so they need this. Such busy writers
    also leave checkpoints to a background thread (`checkpoint_in_background`).
    """

    @event.listens_for(engine, "connect")
    def _no_implicit_begin(
        dbapi_connection: sqlite3.Connection, _record: ConnectionPoolEntry
    ) -> None:
        dbapi_connection.isolation_level = None

    @event.listens_for(engine, "begin")
    def _begin_immediate(connection: Connection) -> None:
        reads_only = connection.get_execution_options().get(READS_ONLY, False)
        connection.exec_driver_sql("BEGIN" if reads_only else "BEGIN IMMEDIATE")

    engine.dispose()
    checkpoint_in_background(engine)
    return engine


def checkpoint_in_background(engine: Engine, every_seconds: float = 0.5) -> None:
    """Copy the write-ahead log into the database from a thread, not at commits.

    By default the connection that commits past 1,000 log pages checkpoints, and while
    readers come and go the log is rarely reset, so nearly every commit of a busy
    writer would checkpoint and wait for two fsyncs. Here one thread checkpoints twice
    a second (PASSIVE: it never blocks readers or writers) and starts the log over when
    it has grown long; the engine's writers checkpoint only if it falls far behind. The
    thread ends when the engine is disposed or collected.
    """
    if not engine.url.database or engine.url.database == ":memory:":
        return

    @event.listens_for(engine, "connect")
    def _checkpoint_rarely(
        dbapi_connection: sqlite3.Connection, _record: ConnectionPoolEntry
    ) -> None:
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


@contextmanager
def import_cache(connection: Connection) -> Iterator[None]:
    """A page cache sized for bulk work while the block runs, the previous one after."""
    previous = int(connection.exec_driver_sql("PRAGMA cache_size").scalar_one())
    connection.exec_driver_sql(f"PRAGMA cache_size = -{IMPORT_CACHE_KIB}")
    connection.commit()
    try:
        yield
    finally:
        connection.rollback()
        connection.exec_driver_sql(f"PRAGMA cache_size = {previous}")
        connection.commit()


def database_bytes(engine: Engine) -> int | None:
    """The database file and its write-ahead log."""
    path = engine.url.database
    if not path or path == ":memory:" or not os.path.exists(path):
        return None
    return sum(os.path.getsize(p) for p in (path, path + "-wal") if os.path.exists(p))


class LockFile:
    """A scheduler lock: a file beside the database, flock-ed (the kernel drops it with
    the process, so a killed daemon never blocks the next one)."""

    def __init__(self, engine: Engine) -> None:
        self.database = engine.url.database or ""
        self._file: IO[str] | None = None

    @property
    def where(self) -> str:
        return str(self.path)

    @property
    def path(self) -> Path:
        return Path(self.database + ".scheduler.lock")

    def acquire(self) -> bool:
        if not self.database or self.database == ":memory:":
            return True
        handle = self.path.open("a+", encoding="utf-8")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.close()
            return False
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()}\n")
        handle.flush()
        self._file = handle
        return True

    def release(self) -> None:
        if self._file is not None:
            fcntl.flock(self._file, fcntl.LOCK_UN)
            self._file.close()
            self._file = None
