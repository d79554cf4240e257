"""Daemon jobs keep going through faults; retention empties old bodies and keeps the evidence."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from daemon_fakes import FakePipeline, ScriptedCollector, make_source
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from storage.engine import transaction
from storage.models import RawPayload
from storage.writes import save_raw_payload
from testigo import collect
from testigo import daemon as daemon_module
from testigo.config import parse_config
from testigo.stopping import StopSignal


def test_a_database_that_is_briefly_away_makes_the_job_retry_not_die(engine, monkeypatch):
    config = parse_config("", "test")
    config.sources.append(make_source("flaky"))
    real_run_source = daemon_module.run_source
    calls = []

    def away_then_back(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise OperationalError("INSERT ...", {}, Exception("server closed the connection"))
        return real_run_source(*args, **kwargs)

    monkeypatch.setattr(daemon_module, "run_source", away_then_back)
    monkeypatch.setattr(collect, "collector_class", lambda kind: ScriptedCollector)
    ScriptedCollector.script = [2]
    daemon_module.CURRENT = daemon_module.Daemon(engine, config, StopSignal(), FakePipeline())
    try:
        daemon_module.collect_job("flaky")
        assert daemon_module.CURRENT.failures == {"flaky": 1}
        daemon_module.collect_job("flaky")
        assert daemon_module.CURRENT.failures == {}, "a success resets the back-off"
    finally:
        daemon_module.CURRENT = None


def test_retention_empties_old_payload_bodies_and_keeps_their_hash(engine):
    now = datetime.now(UTC)
    with transaction(engine) as session:
        for age in (100, 10):
            save_raw_payload(
                session,
                url=f"http://127.0.0.1/{age}",
                body=b"{}",
                fetched_at=now - timedelta(days=age),
            )
    config = parse_config("[retention]\nraw_payload_days = 90\n", "test")
    assert daemon_module.purge(engine, config) == "payload_bodies=1 post_texts=0"
    with transaction(engine) as session:
        rows = session.execute(select(RawPayload.url, RawPayload.body, RawPayload.sha256)).all()
    bodies = {url: body for url, body, _ in rows}
    assert bodies == {"http://127.0.0.1/100": None, "http://127.0.0.1/10": b"{}"}
    assert all(sha for _, _, sha in rows)


def test_raw_payload_days_zero_keeps_every_body(engine):
    with transaction(engine) as session:
        save_raw_payload(
            session,
            url="http://127.0.0.1/old",
            body=b"{}",
            fetched_at=datetime.now(UTC) - timedelta(days=4000),
        )
    config = parse_config("[retention]\nraw_payload_days = 0\n", "test")
    assert daemon_module.purge(engine, config) == "payload_bodies=0 post_texts=0"
    with transaction(engine) as session:
        assert session.scalars(select(RawPayload.body)).one() == b"{}"


def test_a_failing_source_backs_off_beyond_a_short_interval():
    every_five_seconds = [daemon_module.retry_wait(n, 5) for n in range(1, 10)]
    assert every_five_seconds[:4] == [30, 60, 120, 240]
    assert every_five_seconds[-1] == 3600, "capped at an hour"
    assert daemon_module.retry_wait(1, 86400) == 30, "a daily source still retries soon"
    assert daemon_module.retry_wait(20, 86400) == 86400, "and never later than its interval"
