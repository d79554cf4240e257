"""Storing posts: idempotent, metrics refreshed, copies flagged, odd dates handled."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone

from sqlalchemy import func, select

from collector.post import Metrics, Post
from storage.engine import transaction
from storage.models import Author
from storage.models import Post as PostRow
from storage.privacy import Names
from storage.queries.export import export_posts
from storage.writes import upsert_posts

APRIL_21 = datetime(2025, 4, 21, 2, 30, tzinfo=UTC)


def make_post(external_id: str = "1", **changes: object) -> Post:
    post = Post(
        platform="bluesky",
        external_id=external_id,
        created_at=APRIL_21,
        text=f"Bukele ofrece un canje humanitario a Maduro, post {external_id}",
        author_id="did:plc:abc",
        author_handle="analista.bsky.social",
        metrics=Metrics(likes=3, reposts=1),
    )
    return replace(post, **changes)


def test_storing_the_same_post_twice_keeps_one_row(engine):
    with transaction(engine) as session:
        first = upsert_posts(session, [make_post()])
    with transaction(engine) as session:
        second = upsert_posts(session, [make_post()])
        count = session.scalar(select(func.count()).select_from(PostRow))
    assert (first.new, first.updated) == (1, 0)
    assert (second.new, second.updated) == (0, 1)
    assert count == 1


def test_refetch_updates_metrics_and_keeps_first_seen_time(engine):
    with transaction(engine) as session:
        upsert_posts(session, [make_post()])
    with transaction(engine) as session:
        first_seen = session.scalar(select(PostRow.collected_at))
    with transaction(engine) as session:
        upsert_posts(session, [make_post(metrics=Metrics(likes=40, reposts=None, replies=2))])
    with transaction(engine) as session:
        row = session.scalars(select(PostRow)).one()
    assert row.likes == 40
    assert row.reposts == 1, "a metric the re-fetch did not report keeps its last value"
    assert row.engagement == 40 + 2
    assert row.collected_at == first_seen
    assert row.updated_at >= first_seen


def test_duplicates_inside_one_batch_become_one_row(engine):
    with transaction(engine) as session:
        result = upsert_posts(session, [make_post(), make_post(metrics=Metrics(likes=9))])
        assert session.scalar(select(PostRow.likes)) == 9
    assert result.new == 1


def test_verbatim_copy_of_earlier_text_is_flagged(engine):
    text = "No son terroristas, son migrantes. #CECOT"
    with transaction(engine) as session:
        upsert_posts(session, [make_post("1", text=text)])
    with transaction(engine) as session:
        upsert_posts(session, [make_post("2", text="  no son TERRORISTAS, son migrantes. #cecot ")])
        upsert_posts(session, [make_post("3", text="Otra cosa distinta sobre el CECOT hoy")])
        flags = dict(session.execute(select(PostRow.external_id, PostRow.is_copy)).all())
    assert flags == {"1": False, "2": True, "3": False}


def test_implausible_client_date_is_bucketed_by_indexed_time(engine):
    year_one = datetime(1, 1, 1, tzinfo=UTC)
    with transaction(engine) as session:
        upsert_posts(session, [make_post(created_at=year_one, indexed_at=APRIL_21)])
        row = session.scalars(select(PostRow)).one()
    assert row.created_at == year_one, "the platform's claim is kept as evidence"
    assert row.published_at == APRIL_21


def test_authors_are_shared_between_their_posts(engine):
    with transaction(engine) as session:
        upsert_posts(session, [make_post("1"), make_post("2")])
        upsert_posts(session, [make_post("3", author_handle="renamed.bsky.social")])
        authors = session.scalars(select(Author)).all()
        author_ids = set(session.scalars(select(PostRow.author_id)).all())
    assert len(authors) == 1
    assert authors[0].handle == "renamed.bsky.social"
    assert author_ids == {authors[0].id}


def feed_post(external_id: str, outlet: str, host: str | None = "diario.example") -> Post:
    """A feed or GDELT item: the outlet's name and host, and no author id."""
    return make_post(
        external_id, platform="rss", author_id=None, author_name=outlet, author_handle=host
    )


def test_authors_without_an_id_are_kept_by_the_name_they_show(engine):
    with transaction(engine) as session:
        upsert_posts(session, [feed_post("a", "Diario Sur"), feed_post("b", "Diario Sur")])
        upsert_posts(session, [feed_post("c", "Otro Diario", "otro.example")])
        upsert_posts(
            session,
            [
                feed_post("d", "Sin enlace", None),
                make_post("e", author_id=None, author_handle=None),
            ],
        )
        authors = {a.id: (a.handle, a.display_name) for a in session.scalars(select(Author))}
        by_post = dict(session.execute(select(PostRow.external_id, PostRow.author_id)).all())
    assert authors[by_post["a"]] == ("diario.example", "Diario Sur")
    assert by_post["a"] == by_post["b"]
    assert authors[by_post["c"]] == ("otro.example", "Otro Diario")
    assert authors[by_post["d"]] == (None, "Sin enlace")
    assert by_post["e"] is None


def test_feed_posts_export_with_their_author(engine):
    with transaction(engine) as session:
        upsert_posts(session, [feed_post("a", "Diario Sur")])
    with transaction(engine) as session:
        [row] = export_posts(session, names=Names(b"k" * 32, reveal=True))
    assert row.author == "diario.example"


def test_undated_mark_is_stored(engine):
    with transaction(engine) as session:
        upsert_posts(session, [make_post("1", undated=True), make_post("2")])
        marks = dict(session.execute(select(PostRow.external_id, PostRow.undated)).all())
    assert marks == {"1": True, "2": False}


def test_times_come_back_timezone_aware_utc(engine):
    with transaction(engine) as session:
        upsert_posts(session, [make_post()])
        created = session.scalar(select(PostRow.created_at))
    assert created == APRIL_21
    assert created.tzinfo is not None


def test_stored_times_match_times_queried_in_any_offset(engine):
    caracas = timezone(timedelta(hours=-4))
    on_the_second = datetime(2025, 4, 20, 22, 30, tzinfo=caracas)
    with_micros = datetime(2025, 4, 20, 22, 30, 0, 5, tzinfo=caracas)
    with transaction(engine) as session:
        upsert_posts(
            session,
            [make_post("1", created_at=on_the_second), make_post("2", created_at=with_micros)],
        )
    with transaction(engine) as session:
        exact = session.scalars(
            select(PostRow.external_id).where(PostRow.created_at == APRIL_21)
        ).all()
        later = session.scalars(
            select(PostRow.external_id).where(PostRow.published_at > APRIL_21)
        ).all()
    assert exact == ["1"], "22:30 in Caracas is 02:30 UTC, stored so that equality holds"
    assert later == ["2"]


def test_new_and_updated_are_counted_exactly_across_platforms(engine):
    with transaction(engine) as session:
        upsert_posts(session, [make_post("1"), make_post("1", platform="mastodon")])
    with transaction(engine) as session:
        result = upsert_posts(
            session,
            [
                make_post("1"),
                make_post("1", platform="mastodon"),
                make_post("2", platform="mastodon"),
                make_post("1", platform="telegram", author_id="canal"),
            ],
        )
        authors = session.scalar(select(func.count()).select_from(Author))
    assert (result.new, result.updated) == (2, 2)
    assert authors == 3, "one author per platform, even with the same external id"
