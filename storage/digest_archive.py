"""Reading the digests table: the archive and one digest (storage/digests.py writes it)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.models import Digest


@dataclass(frozen=True)
class StoredDigest:
    day: date
    created_at: datetime
    markdown: str
    html: str


def digest_days(session: Session) -> list[tuple[date, datetime]]:
    """Every stored digest's day and build time, newest day first."""
    rows = session.execute(select(Digest.day, Digest.created_at).order_by(Digest.day.desc()))
    return [(day, created) for day, created in rows]


def stored_digest(session: Session, day: date) -> StoredDigest | None:
    row = session.scalars(select(Digest).where(Digest.day == day)).one_or_none()
    return StoredDigest(row.day, row.created_at, row.markdown, row.html) if row else None
