"""One scheduler per database: a PostgreSQL advisory lock, or a lock file beside SQLite.

On PostgreSQL the lock is keyed by the schema Testigo writes to, so two
Testigo databases in separate schemas of one server database do not block
each other.

Both locks go away with the process that holds them (its connection closes, or
the kernel drops its file lock), so a killed daemon never blocks the next one.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path
from typing import IO, Any

from sqlalchemy import Engine, text

# An arbitrary 32-bit namespace ("tsgo"); the second key is the hash of the current schema.
ADVISORY_NAMESPACE = int.from_bytes(b"tsgo", "big")
_TRY_LOCK = text("SELECT pg_try_advisory_lock(:namespace, hashtext(current_schema()))")
_UNLOCK = text("SELECT pg_advisory_unlock(:namespace, hashtext(current_schema()))")


class SchedulerLock:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._connection: Any = None
        self._file: IO[str] | None = None

    @property
    def where(self) -> str:
        if self.engine.dialect.name == "postgresql":
            return f"PostgreSQL advisory lock ({ADVISORY_NAMESPACE}, hash of the schema)"
        return str(self.lock_path())

    def lock_path(self) -> Path:
        database = self.engine.url.database or ""
        return Path(database + ".scheduler.lock")

    def acquire(self) -> bool:
        """Take the lock if it is free; False when another scheduler holds it."""
        if self.engine.dialect.name == "postgresql":
            connection = self.engine.connect()
            taken = connection.execute(_TRY_LOCK, {"namespace": ADVISORY_NAMESPACE}).scalar()
            connection.commit()
            if taken:
                self._connection = connection
            else:
                connection.close()
            return bool(taken)
        if not self.engine.url.database or self.engine.url.database == ":memory:":
            return True
        handle = self.lock_path().open("a+", encoding="utf-8")
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
        if self._connection is not None:
            self._connection.execute(_UNLOCK, {"namespace": ADVISORY_NAMESPACE})
            self._connection.close()
            self._connection = None
        if self._file is not None:
            fcntl.flock(self._file, fcntl.LOCK_UN)
            self._file.close()
            self._file = None
