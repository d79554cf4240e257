"""Run configured sources once: fetch pages, store them atomically, record the run.

A page (raw payload, posts, quarantined items) commits whole, together with the
cursor that follows it, so a process killed between commits neither loses nor
repeats anything: the next run resumes from the last stored cursor and fetches
again whatever was not committed. Pages that arrive quickly one after another
share a transaction (at most `PAGES_PER_COMMIT`, none held longer than
`COMMIT_INTERVAL_SECONDS`); a slow source still commits every page as it comes.
A failing source is recorded and never stops the others.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from collector.base import Collector, Page, Quarantined
from collector.http import FetchError, HttpClient, RateLimited, RawResponse
from collector.registry import SourceConfig, collector_class
from storage.engine import transaction
from storage.search_index import index_new_posts
from storage.writes import (
    ensure_source,
    finish_run,
    quarantine,
    save_cursor,
    save_raw_payload,
    set_retry_at,
    start_run,
    upsert_pages,
    utcnow,
)
from testigo.config import Config
from testigo.errors import UserError

log = logging.getLogger("testigo.collect")

# Run outcomes, as stored in collection_runs.status and shown by `collect` and `status`.
# "degraded": the run went to its end but quarantined some of what it fetched.
OK, PARTIAL, FAILED, RATE_LIMITED, DEFERRED = "ok", "partial", "failed", "rate_limited", "deferred"
DEGRADED = "degraded"
MAX_CAUSES = 20
"""Causes counted apart per run; any beyond are counted together as `OTHER_CAUSES`."""
OTHER_CAUSES = "other causes"


@dataclass(slots=True)
class RunSummary:
    """What one run of one source did; `status` is one of the outcomes above."""

    source: str
    status: str = OK
    pages: int = 0
    fetched: int = 0
    new: int = 0
    updated: int = 0
    quarantined: int = 0
    quarantine_causes: Counter[str] = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)
    cursor: dict[str, Any] = field(default_factory=dict)
    retry_at: datetime | None = None
    caps_hit: list[str] = field(default_factory=list)
    rate_limited_seconds: float = 0.0
    duration_seconds: float = 0.0

    @property
    def failed_entirely(self) -> bool:
        return self.status == FAILED


MAX_LOGGED_REASON = 300


def loggable(message: str) -> str:
    """A message safe for one log line: a server's words (a content type, a URL) may carry
    control characters or terminal escapes, and must not run on for pages."""
    shown = "".join(c if c.isprintable() else c.encode("unicode_escape").decode() for c in message)
    return shown if len(shown) <= MAX_LOGGED_REASON else shown[:MAX_LOGGED_REASON] + "…"


def redact(message: str, secrets: Iterable[str | None]) -> str:
    """Replace every credential value in a message, so errors can be logged and stored."""
    for secret in secrets:
        if secret:
            message = message.replace(secret, "********")
    return message


def _save_raw(session: Session, raw: RawResponse, source_id: int, error: str | None = None) -> int:
    return save_raw_payload(
        session,
        url=raw.url,
        body=raw.body,
        fetched_at=raw.fetched_at,
        source_id=source_id,
        status_code=raw.status_code,
        content_type=raw.content_type,
        error=error,
    )


# A commit writes every index leaf its posts touched to SQLite's WAL and takes a turn at the
# write lock the annotation worker also needs, so pages that arrive together share one; the
# interval bounds how long a stored page waits for its commit when a source is slow.
PAGES_PER_COMMIT = 16
COMMIT_INTERVAL_SECONDS = 0.25


class _PageWriter:
    """Stores pages a few per transaction, each transaction saving its last page's cursor.

    Every page carries the whole cursor after it, so the cursor a commit saves always
    matches what it stored. `flush` before reporting or stopping: pending pages are
    not stored yet, and a killed process fetches them again.
    """

    def __init__(self, session: Session, source_id: int, summary: RunSummary) -> None:
        self.source = summary.source
        self.session = session
        self.source_id = source_id
        self.summary = summary
        self.pending: list[Page] = []
        self.last_commit = time.monotonic()

    def add(self, page: Page) -> None:
        self.pending.append(page)
        waited = time.monotonic() - self.last_commit
        if len(self.pending) >= PAGES_PER_COMMIT or waited >= COMMIT_INTERVAL_SECONDS:
            self.flush()

    def flush(self) -> None:
        pages, self.pending = self.pending, []  # a failed commit is not retried
        for page in pages:
            self._log_unusable_payload(page)
        if not pages:
            return
        session, source_id = self.session, self.source_id
        with session.begin():
            posts, kept = [], []
            for page in pages:
                payload_id = _save_raw(session, page.raw, source_id)
                posts.append((page.posts, payload_id))
                kept += _quarantine_page(session, page, payload_id, source_id)
            result = upsert_pages(session, posts, source_id=source_id)
            save_cursor(session, source_id, pages[-1].cursor)
        self.last_commit = time.monotonic()
        summary = self.summary
        summary.pages += len(pages)
        summary.fetched += sum(len(page.posts) for page in pages)
        summary.new += result.new
        summary.updated += result.updated
        summary.quarantined += len(kept)
        summary.quarantine_causes.update(item.cause for item in kept)
        summary.cursor = pages[-1].cursor

    def _log_unusable_payload(self, page: Page) -> None:
        """A whole page kept as evidence (not JSON, not a feed) says why in the daemon log."""
        for item in page.quarantined:
            if item.item is None:
                reason = loggable(item.reason)
                log.warning("collect %s: page kept unparsed: %s", self.source, reason)


def _quarantine_page(
    session: Session, page: Page, payload_id: int, source_id: int
) -> list[Quarantined]:
    """Keep the page's bad items; returns those that were new (a refetched page repeats some)."""
    payload_sha256 = None
    if any(item.item is None for item in page.quarantined):
        payload_sha256 = hashlib.sha256(page.raw.body).hexdigest()
    return [
        item
        for item in page.quarantined
        if quarantine(
            session,
            reason=item.reason,
            item=item.item,
            payload_sha256=payload_sha256,
            raw_payload_id=payload_id,
            source_id=source_id,
        )
    ]


def _failed_response_saver(engine: Engine, source_id: int) -> Callable[[RawResponse, str], None]:
    """Keep every failed response body (429s, 5xx, 4xx) as evidence, with its error."""

    def save(raw: RawResponse, reason: str) -> None:
        with transaction(engine) as session:
            _save_raw(session, raw, source_id, error=reason)

    return save


def run_source(
    engine: Engine,
    config: Config,
    source: SourceConfig,
    *,
    http: HttpClient | None = None,
    should_stop: Callable[[], bool] = lambda: False,
) -> RunSummary:
    """Run one source once, from its stored cursor; never raises for a platform's fault.

    A source whose `retry_at` is still in the future is not contacted (status
    "deferred"). `should_stop` is asked between pages, so a shutdown ends the
    run after the page being stored. Database errors while opening or closing
    the run propagate: the caller retries the whole run later.
    """
    started = time.monotonic()
    summary = RunSummary(source=source.name)
    with transaction(engine) as session:
        row = ensure_source(session, source.name, source.kind)
        source_id, summary.cursor, retry_at = row.id, dict(row.cursor or {}), row.retry_at
        if retry_at is not None and retry_at > utcnow():
            summary.status, summary.retry_at = DEFERRED, retry_at
            return summary
        run_id = start_run(session, source_id)
    log.info("collect %s: start", source.name)
    credentials = config.source_credentials(source)
    own_client = http is None
    client = http or HttpClient()
    waited_before = client.rate_limited_seconds  # a shared client counts every run's waits
    previous_handler = client.on_failed_response
    client.on_failed_response = _failed_response_saver(engine, source_id)
    collector: Collector | None = None
    try:
        collector = collector_class(source.kind)(source, credentials, client)
        # One connection and session for the whole run: a pool checkout per commit would
        # cost more than the small page it commits.
        with engine.connect() as connection, Session(connection, expire_on_commit=False) as session:
            writer = _PageWriter(session, source_id, summary)
            try:
                for page in collector.pages(summary.cursor):
                    writer.add(page)
                    if should_stop():
                        writer.flush()
                        summary.errors.append("stopped by shutdown after a stored page")
                        break
            finally:  # pages received before a fetch failed are kept
                writer.flush()
    except RateLimited as error:
        summary.status, summary.retry_at = RATE_LIMITED, error.retry_at
        summary.errors.append(redact(_rate_limit_reason(error), credentials.values()))
    except FetchError as error:
        summary.status = PARTIAL if summary.pages else FAILED
        summary.errors.append(redact(str(error), credentials.values()))
    except Exception as error:  # noqa: BLE001 - one source's fault must not stop the others
        summary.status = PARTIAL if summary.pages else FAILED
        message = redact(f"{type(error).__name__}: {error}", credentials.values())
        summary.errors.append(message)
        log.warning("collect %s: %s", source.name, loggable(message), exc_info=log.isEnabledFor(10))
    finally:
        client.on_failed_response = previous_handler
        if own_client:
            client.close()
    if collector is not None:
        summary.caps_hit = list(collector.coverage.caps_hit)
    summary.rate_limited_seconds = client.rate_limited_seconds - waited_before
    if summary.status == OK and summary.quarantined:
        summary.status = DEGRADED
    summary.duration_seconds = time.monotonic() - started
    _finish(engine, source_id, run_id, summary)
    return summary


def counted_causes(causes: Counter[str]) -> dict[str, int]:
    """The most frequent causes by name, the rest summed: a hostile or broken source must
    not fill a run's row with thousands of one-off reasons."""
    ranked = causes.most_common()
    counted = dict(ranked[:MAX_CAUSES])
    rest = sum(count for _, count in ranked[MAX_CAUSES:])
    if rest:
        counted[OTHER_CAUSES] = counted.get(OTHER_CAUSES, 0) + rest
    return counted


def _rate_limit_reason(error: RateLimited) -> str:
    """'HTTP 429 from <url>: rate limited until ...' (the URL as the client redacted it)."""
    raw = error.response
    return f"HTTP {raw.status_code} from {raw.url}: {error}" if raw is not None else str(error)


def _finish(engine: Engine, source_id: int, run_id: int, summary: RunSummary) -> None:
    with transaction(engine) as session:
        index_new_posts(session.connection())
        set_retry_at(session, source_id, summary.retry_at)
        finish_run(
            session,
            run_id,
            status=summary.status,
            pages=summary.pages,
            fetched=summary.fetched,
            new=summary.new,
            updated=summary.updated,
            quarantined=summary.quarantined,
            quarantine_causes=counted_causes(summary.quarantine_causes),
            errors=summary.errors,
            caps_hit=summary.caps_hit,
            rate_limited_seconds=summary.rate_limited_seconds,
            cursor_after=summary.cursor,
        )
    log.log(
        logging.INFO if summary.status == OK else logging.WARNING,
        "collect %s: end status=%s pages=%d fetched=%d new=%d updated=%d quarantined=%d "
        "errors=%d duration=%.2fs%s",
        summary.source,
        summary.status,
        summary.pages,
        summary.fetched,
        summary.new,
        summary.updated,
        summary.quarantined,
        len(summary.errors),
        summary.duration_seconds,
        f" reason={loggable(summary.errors[0])}" if summary.errors else "",
    )


def run_sources(
    engine: Engine,
    config: Config,
    sources: Iterable[SourceConfig],
    *,
    should_stop: Callable[[], bool] = lambda: False,
) -> list[RunSummary]:
    """Run each source once, in turn; one source's failure (even the database's) is isolated."""
    summaries = []
    for source in sources:
        if should_stop():
            break
        try:
            summaries.append(run_source(engine, config, source, should_stop=should_stop))
        except Exception as error:  # noqa: BLE001 - e.g. the database went away mid-run
            message = f"{type(error).__name__}: could not record the run"
            log.error("collect %s: %s", source.name, message)
            summaries.append(RunSummary(source=source.name, status=FAILED, errors=[message]))
    return summaries


def select_sources(
    config: Config, names: Iterable[str] = ()
) -> tuple[list[SourceConfig], list[tuple[SourceConfig, str]]]:
    """The sources to run (all, or those named) and the ones that are off, with why."""
    wanted = list(names)
    known = {source.name for source in config.sources}
    unknown = [name for name in wanted if name not in known]
    if unknown:
        raise UserError(
            f"no source named {unknown[0]!r} in {config.path}; "
            f"configured: {', '.join(sorted(known)) or 'none'}"
        )
    on: list[SourceConfig] = []
    off: list[tuple[SourceConfig, str]] = []
    for source in config.sources:
        if wanted and source.name not in wanted:
            continue
        enabled, why = config.source_status(source)
        if enabled:
            on.append(source)
        else:
            off.append((source, why))
    return on, off
