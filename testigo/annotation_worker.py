"""Annotate stored posts in batches with the current NLP pipeline.

Posts never annotated come first; posts annotated by an older pipeline
version are re-annotated (newest first) only with what room a batch has left,
so history never holds back new posts. On PostgreSQL a batch is claimed
`FOR UPDATE SKIP LOCKED`, annotated and saved in one transaction, so workers on
many machines never annotate the same post twice. On SQLite, where a write
transaction locks the whole database, the claim is a read that takes no lock and
the save a short write transaction, with the pipeline run between them, so the
collector keeps writing while posts are annotated.
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
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy import Engine, Select, or_, select
from sqlalchemy.orm import Session

from storage.engine import is_sqlite, transaction
from storage.models import Post
from storage.records import AnnotationLike
from storage.writes import save_annotations
from testigo.config import Config
from testigo.database import open_database, queue_sqlite_writers, read_transaction
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


def _claim(session: Session, query: Select[Any], limit: int, skip: AbstractSet[int]) -> list[Any]:
    if skip:
        query = query.where(Post.id.not_in(skip))
    query = query.limit(limit)
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(of=Post, skip_locked=True)
    return list(session.execute(query).all())


def claim_batch(
    session: Session, version: str, size: int, skip: AbstractSet[int] = frozenset()
) -> tuple[list[Any], list[Any]]:
    """Rows (id, text, lang) to annotate: never-annotated by id, then older versions newest first.

    Posts whose text retention emptied are not re-annotated: there is nothing left to read.
    """
    columns = (Post.id, Post.text, Post.lang)
    never = select(*columns).where(Post.annotated_version.is_(None)).order_by(Post.id)
    fresh = _claim(session, never, size, skip)
    stale: list[Any] = []
    if len(fresh) < size and _any_stale(session, version):
        older = (
            select(*columns)
            .where(Post.annotated_version.is_not(None), Post.annotated_version != version)
            .where(Post.text != "")
            .order_by(Post.published_at.desc(), Post.id.desc())
        )
        stale = _claim(session, older, size - len(fresh), skip)
    return fresh, stale


def _any_stale(session: Session, version: str) -> bool:
    """Whether any readable post carries another pipeline version: two index range probes.

    The claim of stale posts is ordered by time, so the database walks posts newest first
    testing each one's version; with none stale (the usual state) that read every post
    on every batch, while the collector waited for the write lock the claim holds.
    """
    other_version = or_(Post.annotated_version < version, Post.annotated_version > version)
    probe = select(Post.id).where(other_version, Post.text != "").limit(1)
    return session.execute(probe).first() is not None


def _still_waiting(
    session: Session, version: str, done: list[tuple[int, AnnotationLike]]
) -> list[tuple[int, AnnotationLike]]:
    """The annotated posts that still exist and do not carry `version` yet (SQLite's save).

    A driver statement: SQLAlchemy's handling of an IN list of a batch's ids cost more
    than the query.
    """
    if not done:
        return done
    marks = ", ".join("?" * len(done))
    sql = (
        f"SELECT id FROM posts WHERE id IN ({marks}) "  # noqa: S608 - only marks are added
        "AND (annotated_version IS NULL OR annotated_version != ?)"
    )
    found = session.connection().exec_driver_sql(sql, (*(post_id for post_id, _ in done), version))
    waiting = set(found.scalars())
    return [(post_id, a) for post_id, a in done if post_id in waiting]


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
        """Claim, annotate and store one batch; a crash loses nothing and repeats nothing.

        PostgreSQL: the rows stay locked until the save commits, and a dead worker's
        locks go with its connection. SQLite: a claim is only a read, so posts of a
        worker that died before its save are still unannotated and claimed again; the
        save keeps only posts still waiting for this version, in case another worker
        saved them meanwhile.
        """
        version = self.pipeline.version
        if is_sqlite(self.engine):
            with read_transaction(self.engine) as session:
                fresh, stale = claim_batch(session, version, self.batch_size, self.set_aside)
            if not fresh and not stale:
                return BatchResult()
            done = self._annotate(fresh + stale)
            with transaction(self.engine) as session:
                done = _still_waiting(session, version, done)
                save_annotations(session, done)
        else:
            with transaction(self.engine) as session:
                fresh, stale = claim_batch(session, version, self.batch_size, self.set_aside)
                done = self._annotate(fresh + stale)
                save_annotations(session, done)
        ok = {post_id for post_id, _ in done}
        return BatchResult(
            new=sum(row.id in ok for row in fresh), reannotated=sum(row.id in ok for row in stale)
        )

    def _annotate(self, rows: list[Any]) -> list[tuple[int, AnnotationLike]]:
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
    engine = queue_sqlite_writers(open_database(config, migrate=False))
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
