"""Running a source once: every page stored atomically, faults recorded, others unaffected."""

from __future__ import annotations

from collections import Counter

import pytest
from daemon_fakes import ScriptedCollector, make_source, rate_limited, raw
from sqlalchemy import func, select

from collector.base import Quarantined
from collector.http import FetchError, HttpClient
from storage.engine import transaction
from storage.models import CollectionRun, Post, QuarantinedItem, RawPayload, Source
from testigo import collect
from testigo.config import parse_config


@pytest.fixture
def scripted(monkeypatch):
    monkeypatch.setattr(collect, "collector_class", lambda kind: ScriptedCollector)
    ScriptedCollector.seen_cursors = []
    monkeypatch.setattr(ScriptedCollector, "quarantined_per_page", 1)
    return ScriptedCollector


@pytest.fixture
def config():
    return parse_config("", "test")


def count(engine, model) -> int:
    with transaction(engine) as session:
        return session.scalar(select(func.count()).select_from(model))


def test_each_page_stores_its_posts_payload_quarantine_and_cursor(engine, scripted, config):
    scripted.script = [3, 2]
    summary = collect.run_source(engine, config, make_source())
    assert (summary.status, summary.pages, summary.fetched, summary.new) == ("degraded", 2, 5, 5)
    assert summary.quarantined == 2
    assert count(engine, Post) == 5
    assert count(engine, RawPayload) == 2
    assert count(engine, QuarantinedItem) == 2
    with transaction(engine) as session:
        assert session.scalars(select(Source.cursor)).one() == {"last": 5}
        run = session.scalars(select(CollectionRun)).one()
    assert (run.status, run.pages, run.new, run.cursor_after) == ("degraded", 2, 5, {"last": 5})
    assert run.quarantine_causes == {"missing created_at": 2}


def test_a_run_that_quarantined_nothing_is_ok(engine, scripted, config):
    scripted.script = [3]
    scripted.quarantined_per_page = 0
    assert collect.run_source(engine, config, make_source()).status == "ok"


def test_quarantine_causes_are_counted_without_where_they_happened() -> None:
    causes = Counter(
        Quarantined(reason).cause
        for reason in (
            "line 12: text: required",
            "line 40: text: required",
            "unparseable payload: Expecting value: line 1 column 1 (char 0)",
            "unparseable payload: Expecting value: line 3 column 9 (char 80)",
        )
    )
    assert collect.counted_causes(causes) == {
        "text: required": 2,
        "unparseable payload: Expecting value": 2,
    }


def test_a_flood_of_distinct_causes_is_summed_past_the_first_ones() -> None:
    causes = Counter({f"cause {n}": n for n in range(1, 31)})
    counted = collect.counted_causes(causes)
    assert len(counted) == collect.MAX_CAUSES + 1
    assert counted[collect.OTHER_CAUSES] == sum(range(1, 11))
    assert sum(counted.values()) == sum(range(1, 31))


def test_second_run_resumes_from_the_stored_cursor(engine, scripted, config):
    scripted.script = [2]
    collect.run_source(engine, config, make_source())
    second = collect.run_source(engine, config, make_source())
    assert scripted.seen_cursors == [{}, {"last": 2}]
    assert (second.new, second.updated) == (2, 0)
    assert count(engine, Post) == 4


def test_a_crash_after_some_pages_keeps_them_and_the_cursor(engine, scripted, config):
    scripted.script = [2, RuntimeError("parser blew up")]
    summary = collect.run_source(engine, config, make_source())
    assert summary.status == "partial"
    assert summary.errors == ["RuntimeError: parser blew up"]
    assert count(engine, Post) == 2
    scripted.script = [1]
    collect.run_source(engine, config, make_source())
    assert scripted.seen_cursors[-1] == {"last": 2}
    assert count(engine, Post) == 3


def test_a_source_that_fetches_nothing_failed_entirely(engine, scripted, config):
    scripted.script = [FetchError("HTTP 503 from http://127.0.0.1:9/page")]
    summary = collect.run_source(engine, config, make_source())
    assert summary.failed_entirely
    with transaction(engine) as session:
        assert session.scalars(select(CollectionRun.status)).one() == "failed"


def test_rate_limit_sets_retry_at_and_the_next_run_waits(engine, scripted, config):
    scripted.script = [1, rate_limited(minutes=15)]
    first = collect.run_source(engine, config, make_source())
    assert first.status == "rate_limited" and first.retry_at is not None
    assert count(engine, Post) == 1
    scripted.script = [1]
    second = collect.run_source(engine, config, make_source())
    assert second.status == "deferred"
    assert len(scripted.seen_cursors) == 1, "the platform must not be called before retry_at"
    with transaction(engine) as session:
        assert session.scalars(select(Source.retry_at)).one() is not None


def test_failed_response_bodies_are_kept_with_their_error(engine, scripted, config):
    failure = FetchError("HTTP 500 from http://127.0.0.1:9/page", raw(b"<html>oops</html>", 500))
    scripted.script = [failure]
    collect.run_source(engine, config, make_source())
    with transaction(engine) as session:
        payload = session.scalars(select(RawPayload)).one()
    assert (payload.body, payload.status_code) == (b"<html>oops</html>", 500)
    assert payload.error == "HTTP 500 from http://127.0.0.1:9/page"


def test_error_messages_never_contain_the_credential(engine, scripted, config, monkeypatch):
    monkeypatch.setenv("FAKE_TOKEN_ENV", "s3cret-token-value")
    scripted.script = [RuntimeError("bad request with token=s3cret-token-value")]
    summary = collect.run_source(engine, config, make_source())
    with transaction(engine) as session:
        stored = session.scalars(select(CollectionRun.errors)).one()
    assert "s3cret-token-value" not in repr(summary.errors) + repr(stored)
    assert "token=********" in stored[0]


def test_one_failing_source_does_not_stop_the_others(engine, monkeypatch, config):
    class Broken(ScriptedCollector):
        def __init__(self, *args):
            raise ImportError("collector module missing")

    monkeypatch.setattr(
        collect, "collector_class", lambda kind: Broken if kind == "x" else ScriptedCollector
    )
    ScriptedCollector.script = [2]
    summaries = collect.run_sources(
        engine, config, [make_source("broken", kind="x"), make_source("fine")]
    )
    assert [(s.source, s.status) for s in summaries] == [
        ("broken", "failed"),
        ("fine", "degraded"),
    ]
    assert count(engine, Post) == 2


def test_a_stop_request_ends_the_run_after_the_stored_page(engine, scripted, config):
    scripted.script = [1, 1, 1]
    summary = collect.run_source(engine, config, make_source(), should_stop=lambda: True)
    assert summary.pages == 1
    with transaction(engine) as session:
        assert session.scalars(select(Source.cursor)).one() == {"last": 1}


def stored_state(engine) -> tuple[int, dict]:
    with transaction(engine) as session:
        return count(engine, Post), session.scalars(select(Source.cursor)).one_or_none() or {}


def test_the_stored_cursor_always_matches_the_stored_posts(engine, scripted, config, monkeypatch):
    """Pages arriving quickly share a commit; a process killed at any point resumes exactly."""
    monkeypatch.setattr(collect, "COMMIT_INTERVAL_SECONDS", 3600.0)
    seen = []

    class Watching(ScriptedCollector):
        def pages(self, cursor):
            for page in super().pages(cursor):
                seen.append(stored_state(engine))
                yield page

    monkeypatch.setattr(collect, "collector_class", lambda kind: Watching)
    scripted.script = [2] * (2 * collect.PAGES_PER_COMMIT + 3)
    summary = collect.run_source(engine, config, make_source())
    assert all(stored == cursor.get("last", 0) for stored, cursor in seen)
    assert {stored for stored, _ in seen} == {
        0,
        2 * collect.PAGES_PER_COMMIT,
        4 * collect.PAGES_PER_COMMIT,
    }
    assert summary.pages == len(scripted.script)
    assert stored_state(engine) == (summary.new, {"last": summary.new})


def test_a_slow_source_commits_each_page_before_fetching_the_next(
    engine, scripted, config, monkeypatch
):
    monkeypatch.setattr(collect, "COMMIT_INTERVAL_SECONDS", 0.0)
    seen = []

    class Watching(ScriptedCollector):
        def pages(self, cursor):
            for page in super().pages(cursor):
                seen.append(stored_state(engine)[0])
                yield page

    monkeypatch.setattr(collect, "collector_class", lambda kind: Watching)
    scripted.script = [1, 1, 1]
    collect.run_source(engine, config, make_source())
    assert seen == [0, 1, 2]


def test_a_run_records_the_time_it_waited_on_rate_limits_and_only_its_own(engine, httpserver):
    """Two sources share one HTTP client: the first waits out a 429 (Retry-After: 2), the
    second does not wait, and its run must not be charged the first one's wait."""
    tag_path = "/api/v1/timelines/tag/CECOT"
    httpserver.expect_oneshot_request(tag_path).respond_with_data(
        "slow down", status=429, headers={"Retry-After": "2"}
    )
    httpserver.expect_request(tag_path).respond_with_json([])
    base_url = httpserver.url_for("").rstrip("/")
    config = parse_config(
        "".join(
            f'[[sources]]\nname = "{name}"\nkind = "mastodon"\nbase_url = "{base_url}"\n'
            'tags = ["CECOT"]\n'
            for name in ("waits", "does-not")
        ),
        "test",
    )
    waits: list[float] = []
    with HttpClient(sleep=waits.append) as client:
        first, second = (collect.run_source(engine, config, s, http=client) for s in config.sources)
    assert first.status == second.status == "ok"
    assert first.rate_limited_seconds == sum(waits) > 0
    assert second.rate_limited_seconds == 0
    with transaction(engine) as session:
        recorded = dict(
            session.execute(
                select(Source.name, CollectionRun.rate_limited_seconds).join(
                    Source, Source.id == CollectionRun.source_id
                )
            ).all()
        )
    assert recorded == {"waits": first.rate_limited_seconds, "does-not": 0}
