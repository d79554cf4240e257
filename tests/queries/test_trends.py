"""Trends and actor x frame counts, read from rollups, match the known dataset exactly."""

from __future__ import annotations

from dataclasses import replace

from query_dataset import ANA, DAY, JOSE, KEY, PREVIOUS, ROWS, Annotated, Frame, load

from storage.engine import transaction
from storage.privacy import pseudonym
from storage.queries.cooccurrence import cooccurrence
from storage.queries.filters import QueryFilters
from storage.queries.trends import trends
from storage.rollups import refresh_rollups
from storage.writes import name_key


def _table(rows):
    return {(r.period, r.key): (r.posts, r.authors, r.engagement) for r in rows}


def test_frame_trends_count_posts_authors_and_engagement_per_day(engine, loaded):
    with transaction(engine) as session:
        rows = trends(session, "frames")
    assert _table(rows) == {
        (PREVIOUS, "humanitarian"): (1, 1, 10),
        (PREVIOUS, "exchange_bargaining"): (1, 1, 5),
        # p4 p5 (bluesky es) + p6 (bluesky en) + p8 (mastodon es): authors summed per group
        (DAY, "criminality_terrorism"): (4, 4, 123),
        (DAY, "due_process"): (1, 1, 7),
        (DAY, "humanitarian"): (1, 1, 50),
    }


def test_week_trends_fold_days_into_the_monday_week(engine, loaded):
    with transaction(engine) as session:
        rows = trends(session, "actors", by="week")
    monday_before, monday = PREVIOUS.replace(day=14), DAY
    assert _table(rows) == {
        (monday_before, "bukele"): (1, 1, 10),
        (monday_before, "maduro"): (1, 1, 5),
        (monday, "bukele"): (3, 3, 123),
        (monday, "trump"): (2, 2, 20),
        (monday, "maduro"): (1, 1, 7),
    }


def test_normalised_trends_divide_by_the_platforms_volume(engine, loaded):
    with transaction(engine) as session:
        rows = trends(
            session, "frames", filters=QueryFilters(since=DAY), normalize=True, by_platform=True
        )
    shares = {(r.platform, r.key): r.share for r in rows}
    # bluesky on D: p4 p5 p6 p10 = 4 posts (the unannotated one counts in the volume)
    assert shares[("bluesky", "criminality_terrorism")] == 0.75
    assert shares[("mastodon", "criminality_terrorism")] == 0.5
    assert shares[("x", "humanitarian")] == 1.0


def test_filters_narrow_by_platform_language_and_dates(engine, loaded):
    with transaction(engine) as session:
        english = trends(session, "frames", filters=QueryFilters(lang="en"))
        mastodon = trends(session, "posts", filters=QueryFilters(platform="mastodon"))
        before = trends(session, "posts", filters=QueryFilters(until=PREVIOUS))
    assert _table(english) == {
        (DAY, "criminality_terrorism"): (1, 1, 0),
        (DAY, "due_process"): (1, 1, 7),
    }
    assert _table(mastodon) == {(PREVIOUS, ""): (1, 1, 1), (DAY, ""): (2, 2, 10)}
    assert _table(before) == {(PREVIOUS, ""): (3, 3, 16)}


def test_individual_trends_show_pseudonyms_and_skip_the_rarely_named(engine, loaded, hidden):
    with transaction(engine) as session:
        rows = trends(session, "individuals", names=hidden, min_mentions=3)
    assert [(r.label, r.posts) for r in rows] == [(pseudonym(name_key(JOSE), KEY), 4)]
    assert all(JOSE not in r.label and ANA not in r.label for r in rows)


def test_actor_frame_pairs_count_posts_and_contested_share(engine, loaded):
    with transaction(engine) as session:
        pairs = {(r.row, r.col): r for r in cooccurrence(session)}
        flipped = {(r.row, r.col) for r in cooccurrence(session, rows="frames", cols="actors")}
    assert {k: (r.posts, r.contested) for k, r in pairs.items()} == {
        ("bukele", "criminality_terrorism"): (3, 0),
        ("trump", "criminality_terrorism"): (2, 1),
        ("maduro", "due_process"): (1, 0),
        ("bukele", "humanitarian"): (1, 0),
        ("maduro", "exchange_bargaining"): (1, 0),
    }
    assert pairs[("trump", "criminality_terrorism")].contested_share == 0.5
    assert ("criminality_terrorism", "trump") in flipped


def test_refresh_recomputes_only_days_touched_since_the_last_one(engine, loaded):
    with transaction(engine) as session:
        assert refresh_rollups(session) == [PREVIOUS, DAY]  # still within the commit lag
    p2 = next(r for r in ROWS if r.external_id == "p2")
    newer = replace(
        p2, annotation=Annotated("es", (), (Frame("due_process"),), pipeline_version="test-2")
    )
    load(engine, (newer,))
    with transaction(engine) as session:
        refresh_rollups(session)
        rows = trends(session, "frames", filters=QueryFilters(until=PREVIOUS))
    assert _table(rows) == {
        (PREVIOUS, "humanitarian"): (1, 1, 10),
        (PREVIOUS, "due_process"): (1, 1, 5),
    }, "the re-annotated post counts under its current annotation only"
