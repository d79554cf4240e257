"""What `testigo status` reports: each source's last run and next one, the backlog, the digest."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, func, select

from storage.engine import database_bytes, transaction
from storage.models import CollectionRun, Digest, Post, Source
from storage.queries.health import causes_text, scheduled_runs
from testigo.config import Config
from testigo.daemon import JOBSTORE_TABLE


@dataclass(frozen=True, slots=True)
class SourceStatus:
    name: str
    on: str
    last_run: datetime | None
    outcome: str | None
    quarantined: int
    """Items the last run quarantined; `causes` says why, most frequent first."""
    causes: str
    new_24h: int
    next_run: datetime | None
    retry_at: datetime | None


@dataclass(frozen=True, slots=True)
class DaemonStatus:
    sources: list[SourceStatus]
    never_annotated: int
    annotated_by_version: dict[str, int]
    last_digest: str | None
    database_bytes: int | None


def daemon_status(engine: Engine, config: Config, now: datetime | None = None) -> DaemonStatus:
    now = now or datetime.now(UTC)
    next_runs = scheduled_runs(engine, JOBSTORE_TABLE)
    with transaction(engine) as session:
        rows = {s.name: s for s in session.scalars(select(Source))}
        sources = []
        for source in config.sources:
            on, why = config.source_status(source)
            row = rows.get(source.name)
            last = None
            new_24h = 0
            if row is not None:
                last = session.scalars(
                    select(CollectionRun)
                    .where(CollectionRun.source_id == row.id)
                    .order_by(CollectionRun.started_at.desc())
                    .limit(1)
                ).first()
                new_24h = (
                    session.scalar(
                        select(func.sum(CollectionRun.new)).where(
                            CollectionRun.source_id == row.id,
                            CollectionRun.started_at >= now - timedelta(hours=24),
                        )
                    )
                    or 0
                )
            sources.append(
                SourceStatus(
                    name=source.name,
                    on=("on" if on else "off: ") + ("" if on else why),
                    last_run=last.started_at if last else None,
                    outcome=last.status if last else None,
                    quarantined=last.quarantined if last else 0,
                    causes=causes_text(last.quarantine_causes or {}) if last else "",
                    new_24h=int(new_24h),
                    next_run=next_runs.get(f"collect:{source.name}"),
                    retry_at=row.retry_at if row is not None and row.retry_at else None,
                )
            )
        never = session.scalar(select(func.count()).where(Post.annotated_version.is_(None))) or 0
        by_version = dict(
            session.execute(
                select(Post.annotated_version, func.count())
                .where(Post.annotated_version.is_not(None))
                .group_by(Post.annotated_version)
            ).all()
        )
        digest = session.execute(
            select(Digest.day, Digest.created_at).order_by(Digest.day.desc()).limit(1)
        ).first()
    return DaemonStatus(
        sources=sources,
        never_annotated=int(never),
        annotated_by_version={k: int(v) for k, v in by_version.items() if k is not None},
        last_digest=f"{digest.day} (made {digest.created_at:%Y-%m-%d %H:%M} UTC)"
        if digest
        else None,
        database_bytes=database_bytes(engine),
    )
