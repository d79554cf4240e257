"""`testigo run` as a real process says why a source failed, backs off, stops cleanly on
SIGTERM, and refuses a config or a pipeline it cannot use with one line; two collects of
the same page keep its bad items once."""

from __future__ import annotations

import json
import re
import signal
import socket
import subprocess
import threading
import time
from pathlib import Path

import pytest
from mastodon_replay import TAG_PATH, status
from pytest_httpserver import HTTPServer
from sqlalchemy import func, select
from test_daemon_end_to_end import start, stop, wait_until
from werkzeug import Request, Response

from storage.engine import queue_writers, transaction
from storage.models import QuarantinedItem
from testigo import collect
from testigo.config import parse_config

BAD_STATUS = {"id": "1", "content": "<p>no uri, no account, no date</p>"}


def closed_port() -> int:
    """A loopback port nobody listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def mastodon_source(name: str, base_url: str, interval: str = "1s") -> str:
    return (
        f'[[sources]]\nname = "{name}"\nkind = "mastodon"\nbase_url = "{base_url}"\n'
        f'interval = "{interval}"\ntags = ["CECOT"]\n'
    )


def write(tmp_path: Path, database_url: str, body: str) -> Path:
    path = tmp_path / "testigo.toml"
    path.write_text(
        f'[database]\nurl = "{database_url}"\n[schedule]\njitter = "0s"\n{body}', "utf-8"
    )
    return path


def started(config: Path, tmp_path: Path, *args: str) -> tuple[subprocess.Popen, Path]:
    before = set(tmp_path.glob("daemon-*.log"))
    process = start(config, tmp_path, *args)
    (log,) = set(tmp_path.glob("daemon-*.log")) - before
    return process, log


@pytest.fixture
def threaded_server():
    """A server answering requests at the same time (pytest-httpserver's answers in turn)."""
    server = HTTPServer("127.0.0.1", threaded=True)
    server.start()
    yield server
    server.clear()
    server.stop()


def test_the_log_says_why_each_source_failed_and_a_short_interval_still_backs_off(
    tmp_path, database_url, httpserver
):
    httpserver.expect_request("/limited" + TAG_PATH).respond_with_data(
        "slow down", status=429, headers={"Retry-After": "3600"}
    )
    httpserver.expect_request("/garbage" + TAG_PATH).respond_with_data(
        "<html>\x1b[31mnot json</html>", content_type="text/html"
    )
    down = f"http://127.0.0.1:{closed_port()}"
    config = write(
        tmp_path,
        database_url,
        mastodon_source("down", down)
        + mastodon_source("limited", httpserver.url_for("/limited"))
        + mastodon_source("garbage", httpserver.url_for("/garbage")),
    )
    daemon, log = started(config, tmp_path, "--no-worker")
    try:

        def all_explained():
            """a reason for each failing source in the log"""
            text = log.read_text("utf-8")
            return "collect down: end status=failed" in text and "page kept unparsed" in text

        wait_until(all_explained)
        time.sleep(4)  # with a 1 s interval and no back-off, "down" would run 4 more times
    finally:
        assert stop(daemon) == 0
    text = log.read_text("utf-8")
    assert re.search(rf"collect down: end status=failed .* reason=.*ConnectError on {down}/", text)
    assert "collect limited: end status=rate_limited" in text
    assert re.search(r"reason=HTTP 429 from http://127\.0\.0\.1:\d+/limited/api/v1/", text)
    assert "collect garbage: page kept unparsed: unparseable payload: not a JSON document" in text
    assert "\x1b" not in text
    assert "collect down: failure 1 in a row, retrying in 30s" in text
    assert text.count("collect down: start") == 1
    assert "Traceback" not in text


def test_sigterm_stops_the_daemon_without_a_traceback(tmp_path, database_url, threaded_server):
    def busy(request: Request) -> Response:
        time.sleep(0.7)  # jobs are running, and others falling due, when SIGTERM comes
        return Response(json.dumps([status(n) for n in range(20, 0, -1)]), 200,
                        content_type="application/json")  # fmt: skip

    threaded_server.expect_request(TAG_PATH).respond_with_handler(busy)
    body = "".join(
        mastodon_source(f"s{i}", threaded_server.url_for("").rstrip("/")) for i in range(6)
    )
    config = write(tmp_path, database_url, body)
    for _ in range(3):
        daemon, log = started(config, tmp_path, "--no-worker")
        wait_until(lambda log=log: "collect s0: end" in log.read_text("utf-8"))
        time.sleep(0.5)
        daemon.send_signal(signal.SIGTERM)
        assert daemon.wait(30) == 0
        text = log.read_text("utf-8")
        assert "daemon: stopped" in text
        assert "Traceback" not in text
        assert "cannot schedule new futures" not in text


def test_a_bad_time_zone_stops_the_daemon_with_one_line_at_once(tmp_path, database_url):
    config = write(tmp_path, database_url, '[digest]\ntimezone = "Mars/Olympus"\n')
    daemon, log = started(config, tmp_path)
    assert daemon.wait(30) == 2
    lines = log.read_text("utf-8").strip().splitlines()
    assert lines == [f"Error: {config}: [digest] timezone: unknown time zone 'Mars/Olympus'; "
                     "expected an IANA name like 'America/Caracas' or 'UTC'"]  # fmt: skip


def test_a_pipeline_that_cannot_load_stops_the_daemon_instead_of_respawning(tmp_path, database_url):
    not_a_pipeline = tmp_path / "not-a-pipeline"
    not_a_pipeline.mkdir()
    config = write(tmp_path, database_url, f'[nlp]\nmodels = {{ es = "{not_a_pipeline}" }}\n')
    daemon, log = started(config, tmp_path)
    try:
        assert daemon.wait(60) == 2
    finally:
        if daemon.poll() is None:
            daemon.send_signal(signal.SIGKILL)
    text = log.read_text("utf-8")
    assert "worker: cannot start:" in text
    assert "Error: the annotation worker cannot start" in text
    assert "starting another" not in text
    assert "Traceback" not in text
    assert len(text.strip().splitlines()) < 12


def test_two_collects_of_one_page_keep_its_bad_item_once(engine, threaded_server):
    httpserver = threaded_server
    arrived = threading.Barrier(2, timeout=10)

    def page(request: Request) -> Response:
        arrived.wait()  # both runs hold the same page before either stores it
        return Response(json.dumps([status(2), BAD_STATUS]), 200, content_type="application/json")

    httpserver.expect_request(TAG_PATH).respond_with_handler(page)
    config = parse_config(mastodon_source("m", httpserver.url_for("").rstrip("/")), "test")
    writers = queue_writers(engine)
    summaries = []

    def run() -> None:
        summaries.append(collect.run_source(writers, config, config.sources[0]))

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    with transaction(engine) as session:
        assert session.scalar(select(func.count()).select_from(QuarantinedItem)) == 1
    # The run that kept the bad item is degraded (it quarantined one); the other found it kept.
    assert sorted((s.status, s.quarantined) for s in summaries) == [("degraded", 1), ("ok", 0)]
