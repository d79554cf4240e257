"""Collection health for one day: failed and degraded runs, what they quarantined, caps hit,
rate-limit losses, silent sources."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import Engine, Float, String, column, inspect, select, table
from sqlalchemy.orm import Session

from storage.models import CollectionRun, Source
from storage.rollups import day_start


@dataclass(frozen=True)
class DayHealth:
    source: str
    kind: str
    runs: int
    failed: int  # runs that ended "failed" or "partial"
    degraded: int  # runs that went to their end but quarantined part of what they fetched
    quarantined: int
    causes: str  # quarantined items per cause, most frequent first
    new: int
    caps_hit: int
    rate_limited_seconds: float
    errors: str  # the first error messages, "; "-joined


def day_health(session: Session, day: date) -> list[DayHealth]:
    """Every known source; one with zero runs on the day is a gap."""
    start, end = day_start(day), day_start(day + timedelta(1))
    runs: dict[int, list[CollectionRun]] = {}
    for run in session.scalars(
        select(CollectionRun).where(
            CollectionRun.started_at >= start, CollectionRun.started_at < end
        )
    ):
        runs.setdefault(run.source_id, []).append(run)
    rows = []
    for source in session.scalars(select(Source).order_by(Source.name)):
        own = runs.get(source.id, [])
        errors = [str(e) for r in own for e in (r.errors or [])]
        rows.append(
            DayHealth(
                source.name,
                source.kind,
                len(own),
                sum(r.status in ("failed", "partial") for r in own),
                sum(r.status == "degraded" for r in own),
                sum(r.quarantined for r in own),
                causes_text(summed_causes(r.quarantine_causes for r in own)),
                sum(r.new for r in own),
                sum(len(r.caps_hit or []) for r in own),
                round(sum(r.rate_limited_seconds for r in own), 1),
                "; ".join(errors[:3])[:300],
            )
        )
    return rows


def summed_causes(per_run: Iterable[Mapping[str, int] | None]) -> Counter[str]:
    total: Counter[str] = Counter()
    for causes in per_run:
        total.update(causes or {})
    return total


def causes_text(causes: Mapping[str, int], limit: int = 5) -> str:
    """'3 text: required; 1 unparseable payload: Expecting value', most frequent first."""
    ranked = sorted(causes.items(), key=lambda kv: (-kv[1], kv[0]))
    shown = [f"{count} {cause}" for cause, count in ranked[:limit]]
    rest = sum(count for _, count in ranked[limit:])
    return "; ".join(shown + ([f"{rest} more"] if rest else []))


def scheduled_runs(engine: Engine, jobstore_table: str) -> dict[str, datetime]:
    """Each scheduled job's next run, as the daemon's job store keeps it (none before a daemon
    ever ran)."""
    if not inspect(engine).has_table(jobstore_table):
        return {}
    jobs = table(jobstore_table, column("id", String), column("next_run_time", Float))
    with engine.connect() as connection:
        rows = connection.execute(select(jobs.c.id, jobs.c.next_run_time))
        return {id_: datetime.fromtimestamp(t, UTC) for id_, t in rows if t is not None}
