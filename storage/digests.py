"""Digests as written: one per day, replaced when rebuilt."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from storage.models import Digest
from storage.writes import dialect_insert, utcnow


def save_digest(session: Session, day: date, markdown: str, html: str) -> None:
    statement = dialect_insert(session, Digest.__table__)
    values = {"created_at": utcnow(), "markdown": markdown, "html": html}
    session.execute(
        statement.on_conflict_do_update(index_elements=["day"], set_=values), {"day": day, **values}
    )
