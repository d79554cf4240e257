"""A collect run's pages stored together: the same rows and counts as page by page."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from collector.post import Metrics, Post
from storage.engine import create_database_engine, transaction
from storage.migrate import upgrade
from storage.models import Author
from storage.models import Post as PostRow
from storage.writes import UpsertResult, save_raw_payload, upsert_pages, upsert_posts

APRIL_21 = datetime(2025, 4, 21, 2, 30, tzinfo=UTC)


def post(number: int, **changes: object) -> Post:
    """Posts by three authors; every fourth repeats an earlier text word for word."""
    text = f"Bukele ofrece un canje humanitario a Maduro, número {number - number % 4}"
    made = Post(
        platform="mastodon",
        external_id=f"https://example.social/statuses/{number}",
        created_at=APRIL_21 + timedelta(minutes=number),
        text=text,
        author_id=f"https://example.social/@u{number % 3}",
        author_handle=f"u{number % 3}@example.social",
        metrics=Metrics(likes=number, reposts=1),
    )
    return replace(made, **changes)


def store(engine, pages: list[list[Post]], together: bool) -> tuple[int, int]:
    with transaction(engine) as session:
        payloads = [
            save_raw_payload(session, url=f"u{i}", body=b"[]", fetched_at=APRIL_21)
            for i in range(len(pages))
        ]
        if together:
            result = upsert_pages(session, list(zip(pages, payloads, strict=True)))
        else:
            result = UpsertResult()
            for page, payload in zip(pages, payloads, strict=True):
                result += upsert_posts(session, page, raw_payload_id=payload)
    return result.new, result.updated


def stored(engine) -> list[tuple]:
    with transaction(engine) as session:
        handles = dict(session.execute(select(Author.id, Author.handle)).all())
        rows = session.scalars(select(PostRow).order_by(PostRow.external_id)).all()
        return [
            (r.external_id, handles[r.author_id], r.raw_payload_id, r.likes, r.is_copy)
            for r in rows
        ]


def test_pages_stored_together_count_new_and_refetched_posts_and_flag_copies(engine):
    pages = [[post(n) for n in range(p * 5, p * 5 + 5)] for p in range(4)]
    store(engine, [pages[0]], together=False)  # one page already stored, then refetched
    counts = store(engine, pages, together=True)
    together = stored(engine)
    assert counts == (15, 5)
    assert sum(is_copy for *_, is_copy in together) == 15
    assert len({author for _, author, *_ in together}) == 3


def test_a_post_on_two_pages_is_inserted_by_the_first_and_refreshed_by_the_second(engine):
    pages = [[post(1), post(2)], [post(3), post(1, metrics=Metrics(likes=99))]]
    assert store(engine, pages, together=True) == (3, 1)
    first = stored(engine)[0]
    assert (first[2], first[3]) == (1, 99), "the first page's payload, the later metrics"


def test_pages_stored_together_or_not_leave_the_same_rows(database_url, tmp_path):
    pages = [[post(n) for n in range(p * 5, p * 5 + 5)] for p in range(3)]
    pages[2].append(post(7, metrics=Metrics(likes=70)))
    results = []
    for together in (False, True):
        url = database_url if together else f"sqlite:///{tmp_path}/one_by_one.db"
        engine = create_database_engine(url)
        upgrade(engine)
        results.append((store(engine, pages, together), stored(engine)))
        engine.dispose()
    assert results[0] == results[1]
