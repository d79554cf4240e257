"""`testigo run`: collectors, annotation, rollups, coordination, digest and retention on a schedule.

Jobs live in a persistent APScheduler job store in the project database
(tables `apscheduler_*`), so a restart keeps each job's next run time. No job
overlaps itself; a failing job logs and runs again later (failing sources back
off); one scheduler runs per database, guarded by a lock.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy import Engine

from storage.engine import transaction
from storage.retention import purge_old
from storage.rollups import refresh_rollups
from testigo.alerts import run_alerts
from testigo.annotation_worker import (
    CANNOT_START,
    AnnotationWorker,
    PipelineLike,
    start_worker_process,
)
from testigo.collect import FAILED, run_source, select_sources
from testigo.config import Config
from testigo.coordination import refresh_coordination, settings_from
from testigo.digest import daily_digest
from testigo.errors import UserError
from testigo.stopping import StopSignal

log = logging.getLogger("testigo.daemon")

JOBSTORE_TABLE = "apscheduler_jobs"
FIRST_RETRY_SECONDS = 30
MAX_RETRY_SECONDS = 3600
RETENTION_HOUR = 3


@dataclass
class Daemon:
    """What the jobs share. APScheduler stores jobs by reference, so they find it in `CURRENT`."""

    engine: Engine
    config: Config
    stop: StopSignal
    pipeline: PipelineLike | None
    worker_process_log_format: str | None = None
    """Set: `run_forever` annotates in a child process logging in this format (see below)."""
    worker: AnnotationWorker | None = None
    failures: dict[str, int] = field(default_factory=dict)
    scheduler: BackgroundScheduler | None = None

    def __post_init__(self) -> None:
        if self.pipeline is not None:
            self.worker = AnnotationWorker(
                self.engine, self.pipeline, self.config.schedule.annotate_batch_size
            )


CURRENT: Daemon | None = None


def _timed(name: str, work: Callable[[], Any]) -> Any:
    """Run one job: log start, end, counts and duration; a failure is logged, never raised."""
    started = time.monotonic()
    log.info("%s: start", name)
    try:
        result = work()
    except Exception as error:  # noqa: BLE001 - the job runs again at its next time
        log.error("%s: failed after %.2fs: %s", name, time.monotonic() - started, _what(error))
        return None
    log.info("%s: end %s duration=%.2fs", name, result or "", time.monotonic() - started)
    return result


def _what(error: Exception) -> str:
    """An error without its arguments' values: database errors can quote post text."""
    return type(error).__name__ + (
        f" ({error.orig.__class__.__name__})" if hasattr(error, "orig") else ""
    )


def collect_job(source_name: str) -> None:
    daemon = _current()
    source = next((s for s in daemon.config.sources if s.name == source_name), None)
    if source is None or daemon.stop.is_set():
        return
    try:
        summary = run_source(daemon.engine, daemon.config, source, should_stop=daemon.stop.is_set)
        failed = summary.status == FAILED
    except Exception as error:  # noqa: BLE001 - e.g. the database is briefly away
        log.error("collect %s: could not run: %s", source_name, _what(error))
        failed = True
    if failed:
        _back_off(daemon, source_name, source.interval_seconds)
    else:
        daemon.failures.pop(source_name, None)


def retry_wait(failures: int, interval: int) -> int:
    """Seconds before a source that failed `failures` times in a row runs again: from 30 s,
    doubling each time, up to its interval or an hour, whichever is longer. A source
    polled every few seconds still backs off; one polled daily retries within the hour."""
    return min(FIRST_RETRY_SECONDS * 2 ** (failures - 1), max(interval, MAX_RETRY_SECONDS))


def _back_off(daemon: Daemon, source_name: str, interval: int) -> None:
    count = daemon.failures[source_name] = daemon.failures.get(source_name, 0) + 1
    wait = retry_wait(count, interval)
    log.warning("collect %s: failure %d in a row, retrying in %ds", source_name, count, wait)
    if daemon.scheduler is not None and not daemon.stop.is_set():
        daemon.scheduler.modify_job(
            f"collect:{source_name}", next_run_time=datetime.now(UTC) + timedelta(seconds=wait)
        )


def annotate_job() -> None:
    daemon = _current()
    worker = daemon.worker
    if worker is not None:
        _timed("annotate", lambda: _counts(worker.run_until_idle(daemon.stop.is_set)))


def _counts(result: Any) -> str:
    return f"new={result.new} reannotated={result.reannotated}"


def rollup_job() -> None:
    daemon = _current()
    _timed("rollups", lambda: _refresh_rollups(daemon.engine))
    if daemon.config.alerts and not daemon.stop.is_set():
        _timed("alerts", lambda: _send_alerts(daemon))


def _send_alerts(daemon: Daemon) -> str:
    """Today's alerts after the rollup they read; failed sends wait out their back-off."""
    day = datetime.now(UTC).date()
    return run_alerts(daemon.engine, daemon.config, day, wait_for_retry=True).summary()


def _refresh_rollups(engine: Engine) -> str:
    with transaction(engine) as session:
        days = refresh_rollups(session)
    return f"days={len(days)}"


def coordination_job() -> None:
    """Coordinated-amplification clusters of the hours whose posts changed, as rollups do."""
    daemon = _current()
    settings = settings_from(daemon.config)
    _timed("coordination", lambda: refresh_coordination(daemon.engine, settings))


def digest_job() -> None:
    daemon = _current()
    _timed("digest", lambda: daily_digest(daemon.engine, daemon.config))


def retention_job() -> None:
    daemon = _current()
    _timed("retention", lambda: purge(daemon.engine, daemon.config))


def purge(engine: Engine, config: Config) -> str:
    with transaction(engine) as session:
        purged = purge_old(
            session,
            datetime.now(UTC),
            config.retention.raw_payload_days,
            config.retention.text_days,
        )
    return f"payload_bodies={purged.payload_bodies} post_texts={purged.post_texts}"


def _current() -> Daemon:
    if CURRENT is None:
        raise RuntimeError("no daemon is running in this process")
    return CURRENT


class _ClosingThreadPool(ThreadPoolExecutor):
    """A pool that drops jobs submitted once it is shut down.

    APScheduler's loop may be waiting for its job-store lock while `shutdown` holds it
    to wait for running jobs; once let in, it submitted due jobs to the closed pool and
    logged "cannot schedule new futures after shutdown" with a traceback on most stops.
    """

    closed = False

    def shutdown(self, wait: bool = True) -> None:
        self.closed = True
        super().shutdown(wait)

    def _do_submit_job(self, job: Any, run_times: Any) -> None:
        if not self.closed:
            super()._do_submit_job(job, run_times)


def build_scheduler(daemon: Daemon) -> BackgroundScheduler:
    """The scheduler with every job (re)declared; jobs of removed sources are dropped.

    Started paused; a failure while declaring jobs shuts it down again, so no scheduler
    thread is left to keep the process alive.
    """
    scheduler = BackgroundScheduler(
        jobstores={"default": SQLAlchemyJobStore(engine=daemon.engine, tablename=JOBSTORE_TABLE)},
        executors={"default": _ClosingThreadPool(max_workers=4)},
        job_defaults={"max_instances": 1, "coalesce": True, "misfire_grace_time": None},
        timezone=UTC,
    )
    scheduler.start(paused=True)
    try:
        _declare_jobs(scheduler, daemon)
    except BaseException:
        scheduler.shutdown(wait=False)
        raise
    return scheduler


def _declare_jobs(scheduler: BackgroundScheduler, daemon: Daemon) -> None:
    config = daemon.config
    jitter = config.schedule.jitter_seconds
    on, off = select_sources(config)
    for source, why in off:
        log.info("source off: %s (%s)", source.name, why)
    wanted = set()
    now = datetime.now(UTC)
    for source in on:
        log.info("source on: %s (%s, every %ds)", source.name, source.kind, source.interval_seconds)
        job_id = f"collect:{source.name}"
        wanted.add(job_id)
        trigger = IntervalTrigger(seconds=source.interval_seconds, jitter=jitter, timezone=UTC)
        existing = scheduler.get_job(job_id)
        scheduler.add_job(
            collect_job,
            trigger,
            args=[source.name],
            id=job_id,
            name=job_id,
            replace_existing=True,
            next_run_time=existing.next_run_time if existing else now,
        )
    schedule = config.schedule
    hour, minute = (int(part) for part in config.digest.time.split(":"))
    rollups = IntervalTrigger(seconds=schedule.rollup_interval_seconds, timezone=UTC)
    fixed: list[tuple[str, Callable[[], None], Any]] = [
        ("rollups", rollup_job, rollups),
        ("coordination", coordination_job, rollups),
        (
            "digest",
            digest_job,
            CronTrigger(hour=hour, minute=minute, timezone=config.digest.timezone),
        ),
        ("retention", retention_job, CronTrigger(hour=RETENTION_HOUR, timezone=UTC)),
    ]
    if daemon.worker is not None:
        every = IntervalTrigger(seconds=schedule.annotate_interval_seconds, timezone=UTC)
        fixed.append(("annotate", annotate_job, every))
    for job_id, function, trigger in fixed:
        wanted.add(job_id)
        existing = scheduler.get_job(job_id)
        immediate = job_id in ("annotate", "rollups", "coordination")
        scheduler.add_job(
            function,
            trigger,
            id=job_id,
            name=job_id,
            replace_existing=True,
            **({"next_run_time": existing.next_run_time if existing else now} if immediate else {}),
        )
    for job in scheduler.get_jobs():
        if job.id not in wanted:
            log.info("job %s: no longer configured, removed", job.id)
            job.remove()


def run_forever(daemon: Daemon) -> None:
    """Run the schedule until Ctrl-C or SIGTERM; running jobs finish their current unit.

    With `worker_process_log_format`, the daemon's own worker is a child process
    rather than a job: in a thread it shared the collectors' GIL, so collecting
    and annotating took turns on one core. A worker that dies is replaced; one that
    cannot load its pipeline stops the daemon (another would fail the same way).
    """
    global CURRENT
    CURRENT = daemon
    child = None
    scheduler = None
    log_format = daemon.worker_process_log_format
    try:
        if log_format is not None:
            child = start_worker_process(daemon.config, log_format)
        scheduler = daemon.scheduler = build_scheduler(daemon)
        scheduler.resume()
        log.info("daemon: running %d jobs; Ctrl-C or SIGTERM stops", len(scheduler.get_jobs()))
        while not daemon.stop.wait(1.0):
            if child is not None and log_format is not None and not child.is_alive():
                child = _replace_worker(daemon, child, log_format)
    finally:
        log.info("daemon: stopping, waiting for running jobs to finish their batch")
        if child is not None:
            child.terminate()
        if scheduler is not None:
            scheduler.shutdown(wait=True)
        if child is not None:
            child.join()
        CURRENT = None
        log.info("daemon: stopped")


def _replace_worker(daemon: Daemon, child: Any, log_format: str) -> Any:
    if child.exitcode == CANNOT_START:
        raise UserError("the annotation worker cannot start (the reason is logged above)")
    log.error("daemon: annotation worker exited (%s); starting another", child.exitcode)
    return start_worker_process(daemon.config, log_format)


def run_once(daemon: Daemon) -> None:
    """Every source once, then annotate until idle, roll up and find coordination."""
    global CURRENT
    CURRENT = daemon
    try:
        on, off = select_sources(daemon.config)
        for source, why in off:
            log.info("source off: %s (%s)", source.name, why)
        for source in on:
            if daemon.stop.is_set():
                break
            collect_job(source.name)
        if not daemon.stop.is_set():
            annotate_job()
        if not daemon.stop.is_set():
            rollup_job()
        if not daemon.stop.is_set():
            coordination_job()
    finally:
        CURRENT = None
