"""`testigo annotate`'s engine: JSON Lines of posts in, one annotation line per input line out.

Bad lines become error lines in place, so output line N always answers input line N. Input is
read in blocks of whole lines, and a block becomes ready-to-write UTF-8 output in one call, here
or, with several processes, in a worker. So the parent of the workers does next to nothing per
line (it reads, counts newlines and writes bytes), and on Linux the workers are forked from it
after the pipeline is loaded, so they start at once and share its tables. At most two blocks per
worker are in flight, so memory stays flat whatever the input size.
"""

from __future__ import annotations

import json
import sys
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING, Any

from nlp.annotation import json_text
from nlp.gc_tuning import rare_young_collections

if TYPE_CHECKING:  # spaCy is imported when the pipeline loads (testigo.pipeline_loading)
    from concurrent.futures import Future
    from multiprocessing.context import BaseContext

    from nlp.pipeline import Pipeline

BLOCK_BYTES = 256 * 1024  # ~1,500 posts: a few per worker keep both busy to the end
_IN_FLIGHT_PER_WORKER = 2


@dataclass(frozen=True, slots=True)
class BlockResult:
    """Output for consecutive input lines: one JSON line each, and the lines that failed."""

    output: bytes  # newline-terminated UTF-8 JSON lines
    errors: list[tuple[int, str]]  # (input line number, why it failed)


def annotate_stream(
    source: IO[bytes], pipeline: Pipeline, processes: int = 1
) -> Iterator[BlockResult]:
    """Results for all lines of `source`, block by block, in input order."""
    blocks = read_blocks(source)
    if processes <= 1:
        for first_line_no, block in blocks:
            yield annotate_block(pipeline, first_line_no, block)
        return
    # Imported for workers only: 4 ms of the start-up of a single process.
    from concurrent.futures import ProcessPoolExecutor

    pipeline.warm_up()  # once here, shared by the forked workers
    with ProcessPoolExecutor(
        processes, mp_context=_start_method(), initializer=_start_worker, initargs=(pipeline,)
    ) as pool:
        pending: deque[Future[BlockResult]] = deque()
        for first_line_no, block in blocks:
            pending.append(pool.submit(_worker_block, first_line_no, block))
            if len(pending) >= processes * _IN_FLIGHT_PER_WORKER:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


def read_blocks(source: IO[bytes], block_bytes: int = BLOCK_BYTES) -> Iterator[tuple[int, bytes]]:
    """(number of its first line, bytes) for runs of whole lines; a line longer than a block
    makes a block of its own. The last line may lack its newline."""
    line_no, partial = 1, []
    while data := source.read(block_bytes):
        cut = data.rfind(b"\n") + 1
        if not cut:
            partial.append(data)
            continue
        block = b"".join([*partial, data[:cut]])
        partial = [data[cut:]]
        yield line_no, block
        line_no += block.count(b"\n")
    if tail := b"".join(partial):
        yield line_no, tail


def annotate_block(pipeline: Pipeline, first_line_no: int, block: bytes) -> BlockResult:
    with rare_young_collections():
        return _annotated_block(pipeline, first_line_no, block)


def _annotated_block(pipeline: Pipeline, first_line_no: int, block: bytes) -> BlockResult:
    lines = block.decode("utf-8", "replace").split("\n")
    if not lines[-1]:  # what follows the block's last newline
        lines.pop()
    parsed = [_parse(line) for line in lines]
    annotations = iter(
        pipeline.annotate_many((post.text, post.lang) for post in parsed if isinstance(post, _Post))
    )
    out, errors = [], []
    for offset, post in enumerate(parsed):
        if isinstance(post, _Post):
            out.append(next(annotations).json_line(post.post_id))
        else:
            out.append(json_text({"id": post.post_id, "error": post.error}))
            errors.append((first_line_no + offset, post.error))
    return BlockResult(_utf8(out), errors)


@dataclass(frozen=True, slots=True)
class _Post:
    post_id: Any
    text: str
    lang: str | None


@dataclass(frozen=True, slots=True)
class _BadLine:
    post_id: Any
    error: str


def _parse(line: str) -> _Post | _BadLine:
    line = line.rstrip("\r")
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


def _utf8(lines: list[str]) -> bytes:
    """The lines as UTF-8, newline-terminated; a line holding a lone surrogate (an id can:
    JSON allows "\\ud800") is written with ASCII escapes instead, so it stays valid JSON."""
    try:
        return "".join(line + "\n" for line in lines).encode()
    except UnicodeEncodeError:
        return b"".join(_utf8_line(line) for line in lines)


def _utf8_line(line: str) -> bytes:
    try:
        return (line + "\n").encode()
    except UnicodeEncodeError:
        return (json.dumps(json.loads(line)) + "\n").encode()


def _start_method() -> BaseContext:
    """Fork on Linux: workers inherit the loaded pipeline. Elsewhere the platform's default,
    where each worker loads the pipeline again (see Pipeline.__reduce__)."""
    import multiprocessing

    if sys.platform.startswith("linux"):
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()


_worker_pipeline: Pipeline | None = None


def _start_worker(pipeline: Pipeline) -> None:
    global _worker_pipeline
    _worker_pipeline = pipeline


def _worker_block(first_line_no: int, block: bytes) -> BlockResult:
    assert _worker_pipeline is not None, "worker started without a pipeline"
    return annotate_block(_worker_pipeline, first_line_no, block)
