"""The daemon's SQLite writers leave checkpoints to a background thread.

Busy writers used to checkpoint (and wait for two fsyncs) on nearly every commit; now
the write-ahead log is copied into the database file by a thread, so the file still
catches up with what was committed, and the thread ends with its engine.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

from sqlalchemy import text

from storage.engine import create_database_engine, queue_writers


def checkpoint_threads() -> int:
    return sum(thread.name == "wal-checkpoint" for thread in threading.enumerate())


def wait_for(condition, seconds: float = 10) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


def test_committed_pages_reach_the_database_file_without_the_writer_checkpointing(tmp_path):
    database = Path(tmp_path) / "daemon.db"
    threads_before = checkpoint_threads()
    engine = queue_writers(create_database_engine(f"sqlite:///{database}"))
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE notes (body TEXT)"))
    time.sleep(1)  # the table reaches the file; the rows below are what is watched
    size_before = database.stat().st_size
    with engine.begin() as connection:
        rows = [{"body": "x" * 1000} for _ in range(2000)]  # about 500 log pages
        connection.execute(text("INSERT INTO notes VALUES (:body)"), rows)
        autocheckpoint = connection.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar()
    assert autocheckpoint > 500  # the writer itself would not have copied them yet
    assert wait_for(lambda: database.stat().st_size > size_before + 1_000_000)
    assert checkpoint_threads() == threads_before + 1
    engine.dispose()
    assert wait_for(lambda: checkpoint_threads() == threads_before)
