"""Digests as written: one per day, replaced when rebuilt."""

from __future__ import annotations

from datetime import date
from typing import cast

from sqlalchemy import Table
from sqlalchemy.orm import Session

from storage.backends import backend_of
from storage.models import Digest
from storage.post_rows import utcnow


def save_digest(session: Session, day: date, markdown: str, html: str) -> None:
    statement = backend_of(session).insert(cast(Table, Digest.__table__))
    values = {"created_at": utcnow(), "markdown": markdown, "html": html}
    session.execute(
        statement.on_conflict_do_update(index_elements=["day"], set_=values), {"day": day, **values}
    )
