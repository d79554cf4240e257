"""Retention: drop old raw bodies (and, if configured, old post texts); keep every aggregate.

A purged payload keeps its URL, time, size and SHA-256, so what was seen can
still be attested; a purged post keeps its counts, hash and annotations.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import cast

from sqlalchemy import CursorResult, update
from sqlalchemy.orm import Session

from storage.models import Post, RawPayload


@dataclass(frozen=True, slots=True)
class Purged:
    payload_bodies: int
    post_texts: int


def purge_old(session: Session, now: datetime, raw_payload_days: int, text_days: int) -> Purged:
    """Empty bodies older than `raw_payload_days`, texts older than `text_days` (0 = keep)."""
    bodies = 0
    if raw_payload_days > 0:
        bodies = cast(
            CursorResult[()],
            session.execute(
                update(RawPayload)
                .where(
                    RawPayload.fetched_at < now - timedelta(days=raw_payload_days),
                    RawPayload.body.is_not(None),
                )
                .values(body=None)
            ),
        ).rowcount
    texts = 0
    if text_days > 0:
        texts = cast(
            CursorResult[()],
            session.execute(
                update(Post)
                .where(Post.collected_at < now - timedelta(days=text_days), Post.text != "")
                .values(text="")
            ),
        ).rowcount
    return Purged(payload_bodies=bodies, post_texts=texts)
