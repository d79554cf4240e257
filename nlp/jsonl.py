"""`testigo annotate`'s engine: JSON Lines of posts in, one annotation line per input line out.

Bad lines become error lines in place, so output line N always answers input line N. With
several processes, chunks of lines go to workers that each hold a pipeline; at most two chunks
per worker are in flight, so memory stays flat whatever the input size.
"""

from __future__ import annotations

import json
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

from nlp.pipeline import Pipeline, load_pipeline

CHUNK_LINES = 2000
_IN_FLIGHT_PER_WORKER = 2


@dataclass(frozen=True, slots=True)
class PipelineSettings:
    models: dict[str, str] = field(default_factory=dict)
    data_dir: str | Path | None = None

    def load(self) -> Pipeline:
        return load_pipeline(self.models, self.data_dir)


@dataclass(frozen=True, slots=True)
class ChunkResult:
    """Output for consecutive input lines: one JSON line each, and the lines that failed."""

    output: str  # newline-terminated JSON lines
    errors: list[tuple[int, str]]  # (input line number, why it failed)


def annotate_lines(lines: Iterable[bytes | str], settings: PipelineSettings,
                   processes: int = 1) -> Iterator[ChunkResult]:
    """Results for all input lines, chunk by chunk, in input order."""
    chunks = _chunks(lines)
    if processes <= 1:
        pipeline = settings.load()
        for first_line_no, chunk in chunks:
            yield annotate_chunk(pipeline, first_line_no, chunk)
        return
    with ProcessPoolExecutor(processes, initializer=_start_worker,
                             initargs=(settings,)) as pool:
        pending: deque[Future[ChunkResult]] = deque()
        for first_line_no, chunk in chunks:
            pending.append(pool.submit(_worker_chunk, first_line_no, chunk))
            if len(pending) >= processes * _IN_FLIGHT_PER_WORKER:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


def annotate_chunk(pipeline: Pipeline, first_line_no: int,
                   chunk: list[bytes | str]) -> ChunkResult:
    parsed = [_parse(raw) for raw in chunk]
    good = [p for p in parsed if isinstance(p, _Post)]
    annotations = iter(pipeline.annotate_many((p.text, p.lang) for p in good))
    lines, errors = [], []
    for offset, post in enumerate(parsed):
        if isinstance(post, _Post):
            lines.append(_dumps(next(annotations).to_json(post.post_id)))
        else:
            lines.append(_dumps({"id": post.post_id, "error": post.error}))
            errors.append((first_line_no + offset, post.error))
    return ChunkResult("".join(line + "\n" for line in lines), errors)


@dataclass(frozen=True, slots=True)
class _Post:
    post_id: Any
    text: str
    lang: str | None


@dataclass(frozen=True, slots=True)
class _BadLine:
    post_id: Any
    error: str


def _parse(raw: bytes | str) -> _Post | _BadLine:
    line = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else raw
    if not line.strip():
        return _BadLine(None, "empty line")
    try:
        record = json.loads(line)
    except (ValueError, RecursionError) as error:
        return _BadLine(None, f"invalid JSON: {error}")
    if not isinstance(record, dict):
        return _BadLine(None, "expected a JSON object with a text")
    post_id = record.get("id")
    text, lang = record.get("text"), record.get("lang")
    if not isinstance(text, str):
        return _BadLine(post_id, "no text" if text is None else "text must be a string")
    if lang is not None and not isinstance(lang, str):
        return _BadLine(post_id, "lang must be a string or null")
    return _Post(post_id, text, lang)


def _dumps(value: dict[str, Any]) -> str:
    try:
        return json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):  # e.g. an id that is a lone surrogate string
        return json.dumps(value, ensure_ascii=True)


def _chunks(lines: Iterable[bytes | str]) -> Iterator[tuple[int, list[bytes | str]]]:
    iterator = iter(lines)
    line_no = 1
    while chunk := [line.rstrip(b"\r\n") if isinstance(line, bytes) else line.rstrip("\r\n")
                    for line in islice(iterator, CHUNK_LINES)]:
        yield line_no, chunk
        line_no += len(chunk)


_worker_pipeline: Pipeline | None = None


def _start_worker(settings: PipelineSettings) -> None:
    global _worker_pipeline
    _worker_pipeline = settings.load()


def _worker_chunk(first_line_no: int, chunk: list[bytes | str]) -> ChunkResult:
    assert _worker_pipeline is not None, "worker started without a pipeline"
    return annotate_chunk(_worker_pipeline, first_line_no, chunk)
