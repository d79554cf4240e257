"""`testigo import`: posts from a JSONL or CSV file into the database.

A bad line never stops an import: it goes, with its line number and the
reason, to a rejects file beside the input.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from sqlalchemy import Connection, Engine
from sqlalchemy.orm import Session

from collector.post import METRIC_NAMES, Post, PostError
from storage.search_index import index_new_posts
from storage.writes import upsert_posts

# Posts per transaction (indexed for full-text search in one statement): fewer commits for a
# write lock held a few seconds at most, which concurrent writers wait out (busy_timeout).
BATCH_SIZE = 10_000
# SQLite page cache while importing: the posts indexes take inserts all over their pages, and
# with the default 2 MB cache each insert re-reads pages from the OS. Counts toward memory.
IMPORT_CACHE_KIB = 96 * 1024
FORMATS = ("jsonl", "csv")


@dataclass(slots=True)
class ImportSummary:
    read: int = 0
    new: int = 0
    updated: int = 0
    rejected: int = 0
    rejects_path: Path | None = None


def rejects_path_for(path: Path) -> Path:
    return path.with_name(path.name + ".rejects.jsonl")


def guess_format(path: Path) -> str:
    return "csv" if path.suffix.lower() == ".csv" else "jsonl"


def _jsonl_records(handle: TextIO) -> Iterator[tuple[int, Any, str]]:
    for number, line in enumerate(handle, start=1):
        if not line.strip():
            continue
        try:
            yield number, json.loads(line), line
        except json.JSONDecodeError as error:
            yield number, PostError(f"invalid JSON: {error.msg} at column {error.colno}"), line


def _csv_records(handle: TextIO) -> Iterator[tuple[int, Any, str]]:
    reader = csv.DictReader(handle)
    for row in reader:
        number = reader.line_num
        if None in row:
            yield number, PostError("more values than header columns"), json.dumps(row[None])
            continue
        record: dict[str, Any] = {k: (v if v != "" else None) for k, v in row.items()}
        metrics = {name: record.pop(name) for name in METRIC_NAMES if name in record}
        record["metrics"] = metrics
        if record.get("text") is None and "text" in row:
            record["text"] = ""
        yield number, record, json.dumps(row, ensure_ascii=False)


def import_file(
    engine: Engine,
    path: Path,
    *,
    file_format: str | None = None,
    platform: str | None = None,
    progress: Callable[[int], None] | None = None,
) -> ImportSummary:
    """Import posts; `progress` is told how many bytes were consumed since the last call."""
    file_format = file_format or guess_format(path)
    if file_format not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}")
    summary = ImportSummary(rejects_path=rejects_path_for(path))
    summary.rejects_path.unlink(missing_ok=True)
    records = _jsonl_records if file_format == "jsonl" else _csv_records
    batch: list[Post] = []
    rejects: TextIO | None = None
    with (
        path.open("r", encoding="utf-8", newline="" if file_format == "csv" else None) as handle,
        _import_connection(engine) as connection,
    ):
        position = 0
        try:
            for number, record, original in records(handle):
                summary.read += 1
                try:
                    if isinstance(record, PostError):
                        raise record
                    batch.append(Post.from_json(record, platform=platform))
                except (PostError, TypeError) as error:
                    summary.rejected += 1
                    if rejects is None:
                        rejects = summary.rejects_path.open("w", encoding="utf-8")
                    rejects.write(
                        json.dumps(
                            {"line": number, "reason": str(error), "input": original.rstrip("\n")},
                            ensure_ascii=False,
                        )
                        + "\n"
                    )
                if len(batch) >= BATCH_SIZE:
                    _store(connection, batch, summary)
                    batch = []
                    if progress:
                        now = handle.buffer.tell()  # bytes read ahead, close enough
                        progress(now - position)
                        position = now
            if batch:
                _store(connection, batch, summary)
        finally:
            if rejects is not None:
                rejects.close()
    if summary.rejected == 0:
        summary.rejects_path = None
    return summary


@contextmanager
def _import_connection(engine: Engine) -> Iterator[Connection]:
    """One connection for the whole import, on SQLite with a page cache sized for bulk work."""
    with engine.connect() as connection:
        if connection.dialect.name != "sqlite":
            yield connection
            return
        previous = int(connection.exec_driver_sql("PRAGMA cache_size").scalar_one())
        connection.exec_driver_sql(f"PRAGMA cache_size = -{IMPORT_CACHE_KIB}")
        connection.commit()
        try:
            yield connection
        finally:
            connection.rollback()
            connection.exec_driver_sql(f"PRAGMA cache_size = {previous}")
            connection.commit()


def _store(connection: Connection, batch: list[Post], summary: ImportSummary) -> None:
    with Session(connection) as session, session.begin():
        result = upsert_posts(session, batch)
        index_new_posts(connection)
    summary.new += result.new
    summary.updated += result.updated
