"""Annotation times are stored as every other time is, so time comparisons find them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import pytest
from sqlalchemy import select
from test_posts import make_post

from storage import writes
from storage.engine import transaction
from storage.models import Annotation
from storage.models import Post as PostRow

ON_THE_SECOND = datetime(2025, 4, 21, 3, 0, 0, tzinfo=UTC)


@dataclass(frozen=True)
class NoMentions:
    lang: str = "es"
    actors: tuple = ()
    frames: tuple = ()
    individuals: tuple = ()
    details: tuple = ()
    pipeline_version: str = "test-1"


@pytest.fixture
def saved_on_the_second(monkeypatch: pytest.MonkeyPatch) -> datetime:
    """Annotations saved at a time with no fraction of a second (one save in a million)."""
    monkeypatch.setattr(writes.annotations, "utcnow", lambda: ON_THE_SECOND)
    return ON_THE_SECOND


def test_an_annotation_saved_on_the_second_is_found_from_that_second(engine, saved_on_the_second):
    with transaction(engine) as session:
        writes.upsert_posts(session, [make_post()])
        post_id = session.scalar(select(PostRow.id))
        writes.save_annotations(session, [(post_id, NoMentions())])
    with transaction(engine) as session:
        found = session.scalars(
            select(Annotation.post_id).where(Annotation.created_at >= saved_on_the_second)
        ).all()
        stored = session.scalar(select(Annotation.created_at))
    assert stored == saved_on_the_second
    assert found == [post_id], "rollups read annotations from their watermark on"
