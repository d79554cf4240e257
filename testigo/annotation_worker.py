"""Annotate stored posts in batches with the current NLP pipeline.

Which posts come first, and how a batch is claimed and saved on each database, is
`storage.annotation_queue`'s; this module runs the pipeline over the batches, in
worker processes the daemon starts and stops.
"""

from __future__ import annotations

import logging
import multiprocessing
import multiprocessing.connection
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy import Engine

from storage.annotation_queue import ClaimedPost, claim_and_save
from storage.engine import queue_writers
from storage.records import AnnotationLike
from testigo.config import Config
from testigo.database import open_database
from testigo.errors import UserError
from testigo.logs import configure_logging
from testigo.pipeline_loading import load_configured_pipeline
from testigo.stopping import StopSignal

log = logging.getLogger("testigo.annotate")


class PipelineLike(Protocol):
    """What the worker needs of `nlp.pipeline.Pipeline`."""

    version: str

    def annotate_many(
        self, items: Iterable[tuple[str, str | None]]
    ) -> Iterable[AnnotationLike]: ...


# A worker process exits with this when its pipeline cannot load: starting another would fail
# the same way, so the daemon stops instead.
CANNOT_START = 3


@dataclass(slots=True)
class BatchResult:
    new: int = 0
    reannotated: int = 0

    @property
    def total(self) -> int:
        return self.new + self.reannotated


class AnnotationWorker:
    """Annotates batches; a post the pipeline cannot handle is logged and set aside.

    Set-aside posts (by id, never their text) are retried when the worker
    restarts, so one hostile post cannot hold the queue forever.
    """

    def __init__(self, engine: Engine, pipeline: PipelineLike, batch_size: int) -> None:
        self.engine = engine
        self.pipeline = pipeline
        self.batch_size = batch_size
        self.set_aside: set[int] = set()

    def annotate_batch(self) -> BatchResult:
        """Claim, annotate and store one batch (`claim_and_save`)."""
        fresh, stale, done = claim_and_save(
            self.engine, self.pipeline.version, self.batch_size, self.set_aside, self._annotate
        )
        ok = {post_id for post_id, _ in done}
        return BatchResult(
            new=sum(row.id in ok for row in fresh), reannotated=sum(row.id in ok for row in stale)
        )

    def _annotate(self, rows: list[ClaimedPost]) -> list[tuple[int, AnnotationLike]]:
        if not rows:
            return []
        try:
            annotations = self.pipeline.annotate_many([(row.text, row.lang) for row in rows])
            return [(row.id, a) for row, a in zip(rows, annotations, strict=True)]
        except Exception:  # noqa: BLE001 - find the post at fault, keep the rest
            done = []
            for row in rows:
                try:
                    (annotation,) = self.pipeline.annotate_many([(row.text, row.lang)])
                except Exception as error:  # noqa: BLE001
                    log.warning("annotate: post %d set aside: %s", row.id, type(error).__name__)
                    self.set_aside.add(row.id)
                    continue
                done.append((row.id, annotation))
            return done

    def run_until_idle(self, should_stop: Callable[[], bool] = lambda: False) -> BatchResult:
        """Run batches until none is left (or a stop is requested); logs one line per call."""
        started = time.monotonic()
        total = BatchResult()
        while not should_stop():
            result = self.annotate_batch()
            total.new += result.new
            total.reannotated += result.reannotated
            if result.total == 0:
                break
        if total.total:
            log.info(
                "annotate: end new=%d reannotated=%d version=%s duration=%.2fs",
                total.new,
                total.reannotated,
                self.pipeline.version,
                time.monotonic() - started,
            )
        return total


def keep_annotating(
    worker: AnnotationWorker, stop: StopSignal, pause: float, until_idle: bool = False
) -> None:
    """Annotate until stopped, waiting `pause` seconds whenever no post is left.

    A failed run (the database briefly away) is retried after the pause; with
    `until_idle` it is raised instead, and the loop ends once the backlog is done.
    """
    log.info(
        "worker: pipeline version %s, batches of %d", worker.pipeline.version, worker.batch_size
    )
    while not stop.is_set():
        try:
            worker.run_until_idle(stop.is_set)
        except Exception as error:  # noqa: BLE001 - e.g. the database is briefly away: retry
            if until_idle:
                raise
            log.error("worker: batch failed (%s); retrying in %ds", type(error).__name__, pause)
            stop.wait(pause)
            continue
        if until_idle:
            break
        stop.wait(pause)


def run_worker_process(config: Config, log_format: str, ready: Any = None) -> None:
    """A worker in a process of its own: the daemon's annotation, off the collector's GIL.

    Started with the "spawn" method, so it inherits no database connection or lock
    of its parent. It stops on SIGTERM, or when its parent dies (even by SIGKILL),
    after its current batch. `ready` (an Event) is set once the pipeline
    is loaded.
    """
    configure_logging(log_format)
    stop = StopSignal().install()
    # Ctrl-C reaches the whole process group: the parent relays it once, as SIGTERM.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _stop_when_orphaned(stop)
    try:
        pipeline = load_configured_pipeline(config)
    except UserError as error:
        log.error("worker: cannot start: %s", error)
        sys.exit(CANNOT_START)
    engine = queue_writers(open_database(config, migrate=False))
    worker = AnnotationWorker(engine, pipeline, config.schedule.annotate_batch_size)
    if ready is not None:
        ready.set()
    keep_annotating(worker, stop, config.schedule.annotate_interval_seconds)
    engine.dispose()


def _stop_when_orphaned(stop: StopSignal) -> None:
    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch() -> None:
        multiprocessing.connection.wait([parent.sentinel])
        if not stop.is_set():
            log.info("worker: parent process gone, stopping after the current batch")
            stop.event.set()

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def start_worker_process(config: Config, log_format: str, ready: Any = None) -> Any:
    """Start `run_worker_process` in a spawned child; returns the started Process."""
    context = multiprocessing.get_context("spawn")
    process = context.Process(
        target=run_worker_process,
        args=(config, log_format, ready),
        name="testigo-worker",
    )
    process.start()
    return process
