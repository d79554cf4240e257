"""`testigo import`: posts from a file into the database.

Formats: Testigo's normalised posts as JSON Lines (`jsonl`) or CSV (`csv`), twarc2
output of any command (`twarc2`) and 4CAT dataset CSV (`4cat`); `auto` tells them
apart by the file's first whole record. A bad record never stops an import: every one
is validated and normalised (`collector.post.Post`) before it reaches a chunk, and one
that cannot be stored goes, with its line number and the reason, to a rejects file
beside the input while its neighbours are stored.

Where the time goes, and what is done about it: parsing and validating a line, and
turning the post into a row, is most of the Python work, and it needs no database,
so JSON Lines are parsed in worker processes (`parse_jsonl_chunk`) while this process
only writes. The database's backend decides what a worker hands over (on SQLite, its
rows staged in an in-memory database, so the writer binds no values at all) and
whether an import is a bulk load (on SQLite, one at least as big as the posts already
stored: one transaction that drops the secondary posts indexes, writes, and builds them
again once).
"""

from __future__ import annotations

import csv
import io
import json
import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from itertools import islice
from pathlib import Path
from typing import IO, Any

import orjson
from sqlalchemy import Connection, Engine

from collector.file import READERS, format_of_lines
from collector.post import METRIC_NAMES, Post, PostError, is_valid_unicode
from storage.backends import backend_of
from storage.backends.base import Backend, LoadablePosts
from storage.post_rows import UpsertResult, prepare_posts, utcnow
from storage.search_index import index_new_posts

FORMATS = ("auto", "jsonl", "csv", "twarc2", "4cat")
CSV_FORMATS = frozenset({"csv", "4cat"})
# A CSV field may be a whole long post; past this it is an unclosed quote swallowing the
# file, and that row is rejected (Python's default, 128 KiB, stopped imports).
CSV_FIELD_BYTES = 16 << 20
# Bytes of input per chunk a worker parses: big enough that handing chunks between
# processes costs little, small enough that a few in flight stay a few MB.
CHUNK_BYTES = 1 << 20
# A post line is rarely shorter; the estimate decides between a bulk and an incremental load.
MIN_LINE_BYTES = 200


@dataclass(slots=True)
class ImportSummary:
    read: int = 0
    new: int = 0
    updated: int = 0
    rejected: int = 0
    rejects_path: Path | None = None


@dataclass(frozen=True, slots=True)
class ParseOptions:
    platform: str | None
    backend: Backend
    now: datetime
    file_format: str = "jsonl"


@dataclass(slots=True)
class LineChunk:
    first_line: int
    lines: list[bytes]


@dataclass(slots=True)
class Reject:
    line: int
    reason: str
    input: str


@dataclass(slots=True)
class ParsedChunk:
    """One chunk of input, parsed: its rows ready to store and its rejected lines."""

    read: int
    size: int
    """Bytes of input it covers, for progress."""
    posts: LoadablePosts
    """What the backend's `prepare_for_load` made of the chunk's posts."""
    rejects: list[Reject] = field(default_factory=list)


def rejects_path_for(path: Path) -> Path:
    return path.with_name(path.name + ".rejects.jsonl")


def guess_format(path: Path) -> str:
    """The format of `path` from its first whole record (a CSV header, a JSON line)."""
    with path.open("rb") as handle:
        if path.suffix.lower() == ".csv":
            header = next(csv.reader([handle.readline().decode("utf-8", "replace")]), [])
            return "csv" if "external_id" in header else "4cat"
        found = format_of_lines(islice(handle, 20))
    return "twarc2" if found == "twarc2" else "jsonl"


def default_processes() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1)


def import_file(
    engine: Engine,
    path: Path,
    *,
    file_format: str | None = None,
    platform: str | None = None,
    processes: int | None = None,
    bulk: bool | None = None,
    progress: Callable[[int], None] | None = None,
    status: Callable[[str], None] | None = None,
) -> ImportSummary:
    """Import posts from `path`.

    `processes`: workers parsing JSON Lines (default: one per CPU; 1 parses in this
    process). `bulk`: force or forbid a bulk load on SQLite (default: decided by sizes).
    `progress` is told how many bytes were consumed since the last call; `status` is
    told when the import enters a phase that moves no bytes (building indexes).
    """
    if file_format not in (None, *FORMATS):
        raise ValueError(f"format must be one of {', '.join(FORMATS)}")
    if file_format in (None, "auto"):
        file_format = guess_format(path)
    rejects_path = rejects_path_for(path)
    rejects_path.unlink(missing_ok=True)
    summary = ImportSummary(rejects_path=rejects_path)
    backend = backend_of(engine)
    options = ParseOptions(platform, backend, utcnow(), file_format)
    rejects: IO[str] | None = None
    with path.open("rb") as handle, backend.import_connection(engine) as connection:
        bulk = backend.bulk_load_wanted(connection, path.stat().st_size // MIN_LINE_BYTES, bulk)
        if file_format not in CSV_FORMATS:
            parse_in = processes or default_processes()
            if path.stat().st_size < 2 * CHUNK_BYTES:
                parse_in = 1  # starting workers would cost more than they save
            chunks = _parse_jsonl(_line_chunks(handle), options, parse_in)
        else:
            chunks = _parse_csv(handle, options)
        if bulk:
            stored = _bulk_load(backend, connection, chunks, status)
        else:
            stored = _incremental_load(backend, connection, chunks)
        try:
            for parsed, result in stored:
                summary.read += parsed.read
                for reject in parsed.rejects:
                    if rejects is None:
                        rejects = rejects_path.open("w", encoding="utf-8")
                    rejects.write(_reject_line(reject))
                summary.rejected += len(parsed.rejects)
                summary.new += result.new
                summary.updated += result.updated
                if progress:
                    progress(parsed.size)
        finally:
            if rejects is not None:
                rejects.close()
    if summary.rejected == 0:
        summary.rejects_path = None
    return summary


def _reject_line(reject: Reject) -> str:
    data = {"line": reject.line, "reason": reject.reason, "input": reject.input}
    return json.dumps(data, ensure_ascii=False) + "\n"


# --- parsing (worker processes) ----------------------------------------------------------


def _line_chunks(handle: IO[bytes]) -> Iterator[LineChunk]:
    number = 1
    while lines := handle.readlines(CHUNK_BYTES):
        yield LineChunk(number, lines)
        number += len(lines)


def parse_jsonl_chunk(chunk: LineChunk, options: ParseOptions) -> ParsedChunk:
    """Parse, validate and prepare one chunk of JSON Lines; needs no database."""
    records: list[tuple[int, Any, bytes]] = []
    for number, line in enumerate(chunk.lines, start=chunk.first_line):
        if not line.strip():
            continue
        try:
            record = orjson.loads(line)
        except orjson.JSONDecodeError as error:
            record = PostError(_json_error(line, error))
        records.append((number, record, line))
    return _prepare_records(records, options, sum(map(len, chunk.lines)))


def _json_error(line: bytes, error: orjson.JSONDecodeError) -> str:
    """Why a line is not JSON, at its real column (orjson says column 1 for bad UTF-8)."""
    try:
        line.decode("utf-8")
    except UnicodeDecodeError as bad:
        return f"invalid UTF-8 {_bad_bytes(bad)} at column {_column(line, bad.start)}"
    return f"invalid JSON: {error.msg} at column {error.colno}"


def _bad_bytes(error: UnicodeDecodeError) -> str:
    return "byte " + " ".join(f"0x{byte:02x}" for byte in error.object[error.start : error.end])


def _column(data: bytes, offset: int) -> int:
    """1-based character column of byte `offset` (UTF-8 before it counts per character)."""
    return len(data[:offset].decode("utf-8", "replace")) + 1


_READERS = {"jsonl": "normalised", "csv": "normalised", "twarc2": "twarc2", "4cat": "4cat"}
"""The `collector.file` reader of each import format."""


def _prepare_records(
    records: Iterable[tuple[int, Any, bytes | str]], options: ParseOptions, size: int
) -> ParsedChunk:
    read_record = READERS[_READERS[options.file_format]]
    posts: list[Post] = []
    rejects: list[Reject] = []
    read = 0
    for number, record, original in records:
        read += 1
        try:
            if isinstance(record, PostError):
                raise record
            found, rejected = read_record(record, options.platform)
        except (PostError, TypeError) as error:
            text = original.decode("utf-8", "replace") if isinstance(original, bytes) else original
            rejects.append(Reject(number, str(error), text.rstrip("\r\n")))
            continue
        posts += found
        rejects += (Reject(number, reason, item) for reason, item in rejected)
    prepared = prepare_posts(posts, options.backend.time_binder(), options.now)
    return ParsedChunk(read, size, options.backend.prepare_for_load(prepared), rejects)


def _parse_jsonl(
    chunks: Iterator[LineChunk], options: ParseOptions, processes: int
) -> Iterator[ParsedChunk]:
    """Parsed chunks in input order; at most two per worker in flight, so memory stays flat."""
    if processes <= 1:
        yield from (parse_jsonl_chunk(chunk, options) for chunk in chunks)
        return
    # forkserver: workers are forked from a clean process that preloaded this module, never
    # from this one, whose threads (a progress bar) and open database must not be copied.
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([__name__])
    with context.Pool(processes) as pool:
        pending: deque[Any] = deque()
        for chunk in chunks:
            pending.append(pool.apply_async(parse_jsonl_chunk, (chunk, options)))
            if len(pending) >= 2 * processes:
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()


def _parse_csv(handle: IO[bytes], options: ParseOptions) -> Iterator[ParsedChunk]:
    """CSV in this process: a quoted field may span lines, so it cannot be split blindly.

    Bytes that are not UTF-8 are kept as surrogates (surrogateescape) so the reader goes
    on; the row that holds them is rejected, saying where.
    """
    csv.field_size_limit(max(csv.field_size_limit(), CSV_FIELD_BYTES))
    text = io.TextIOWrapper(handle, encoding="utf-8", errors="surrogateescape", newline="")
    reader = csv.DictReader(text)
    read_as_posts = options.file_format == "csv"
    position = 0
    batch: list[tuple[int, Any, str]] = []
    while True:
        start = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            batch.append((start, PostError(f"unreadable CSV: {error}"), ""))
            continue
        batch.append((start, *_csv_record(row, read_as_posts)))
        if len(batch) >= 5_000:
            now = handle.tell()  # bytes read ahead, close enough
            yield _prepare_records(batch, options, now - position)
            position, batch = now, []
    yield _prepare_records(batch, options, handle.tell() - position)


def _csv_record(row: dict[str | None, Any], as_post: bool) -> tuple[Any, str]:
    """A row as a normalised post's fields (`csv`) or as it is (`4cat`), or why it is bad."""
    if None in row:
        return PostError("more values than header columns"), _shown_row(row)
    for name, value in row.items():
        if isinstance(value, str) and not is_valid_unicode(value):
            return PostError(_undecodable(name, value)), _shown_row(row)
    if not as_post:
        return row, _shown_row(row)
    record: dict[str, Any] = {k: (v if v != "" else None) for k, v in row.items() if k is not None}
    record["metrics"] = {name: record.pop(name) for name in METRIC_NAMES if name in record}
    if record.get("text") is None and "text" in row:
        record["text"] = ""
    return record, _shown_row(row)


def _undecodable(column: str | None, value: str) -> str:
    """Where a field read with surrogateescape held bytes that are not UTF-8."""
    raw = value.encode("utf-8", "surrogateescape")
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as error:
        where = _column(raw, error.start)
        return f"invalid UTF-8 {_bad_bytes(error)} in column {column!r} at character {where}"
    return f"invalid UTF-8 in column {column!r}"


def _shown_row(row: dict[str | None, Any]) -> str:
    """The row as JSON for the rejects file, undecodable bytes shown as U+FFFD."""
    text = json.dumps(row, ensure_ascii=False, default=str)
    return (
        text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
        if not is_valid_unicode(text)
        else text
    )


# --- writing (this process) -----------------------------------------------------------------


def _incremental_load(
    backend: Backend, connection: Connection, chunks: Iterable[ParsedChunk]
) -> Iterator[tuple[ParsedChunk, UpsertResult]]:
    """A transaction per chunk: the write lock is held a moment at a time."""
    for parsed in chunks:
        with connection.begin():
            result = backend.load(connection, parsed.posts)
            index_new_posts(connection)
        yield parsed, result


def _bulk_load(
    backend: Backend,
    connection: Connection,
    chunks: Iterable[ParsedChunk],
    status: Callable[[str], None] | None,
) -> Iterator[tuple[ParsedChunk, UpsertResult]]:
    """One transaction around every chunk; anything raised leaves it uncommitted."""
    with backend.bulk_load(connection, default_processes(), status):
        for parsed in chunks:
            result = backend.load(connection, parsed.posts)
            index_new_posts(connection)  # now, while workers parse, not after the last chunk
            yield parsed, result
