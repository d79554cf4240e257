"""Each source's latest collection run, for the dashboard's health panel."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from storage.models import CollectionRun, Source


@dataclass(frozen=True)
class SourceHealth:
    source: str
    kind: str
    last_started_at: datetime | None
    status: str  # the latest run's status, or "never run"
    fetched: int
    new: int
    quarantined: int
    errors: int
    retry_at: datetime | None


def collection_health(session: Session) -> list[SourceHealth]:
    latest = (
        select(CollectionRun.source_id, func.max(CollectionRun.id).label("run_id"))
        .group_by(CollectionRun.source_id)
        .subquery()
    )
    rows = session.execute(
        select(Source, CollectionRun)
        .outerjoin(latest, latest.c.source_id == Source.id)
        .outerjoin(CollectionRun, CollectionRun.id == latest.c.run_id)
        .order_by(Source.name)
    )
    return [
        SourceHealth(
            source=source.name,
            kind=source.kind,
            last_started_at=run.started_at if run else None,
            status=run.status if run else "never run",
            fetched=run.fetched if run else 0,
            new=run.new if run else 0,
            quarantined=run.quarantined if run else 0,
            errors=len(run.errors or []) if run else 0,
            retry_at=source.retry_at,
        )
        for source, run in rows
    ]
