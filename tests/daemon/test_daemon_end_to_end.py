"""`testigo run` as a real process against a local Mastodon stand-in: kill it, restart, count."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from mastodon_replay import TAG_PATH, MastodonReplay, status_uri
from sqlalchemy import func, select

from storage.engine import create_database_engine, transaction
from storage.models import Annotation, CollectionRun, Post

TESTIGO = str(Path(sys.executable).with_name("testigo"))


def write_config(tmp_path: Path, database_url: str, base_url: str) -> Path:
    path = tmp_path / "testigo.toml"
    path.write_text(
        f"""
[database]
url = "{database_url}"

[schedule]
annotate_interval = "1s"
annotate_batch_size = 200
rollup_interval = "2s"
jitter = "0s"

[[sources]]
name = "replay"
kind = "mastodon"
base_url = "{base_url}"
interval = "1s"
max_pages = 1000
tags = ["CECOT"]
""",
        "utf-8",
    )
    return path


def start(config: Path, tmp_path: Path, *args: str) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TESTIGO_")}
    log = (tmp_path / f"daemon-{time.monotonic_ns()}.log").open("w")
    return subprocess.Popen(
        [TESTIGO, "--config", str(config), "run", *args],
        stdout=log,
        stderr=subprocess.STDOUT,
        env=env,
        cwd=tmp_path,
    )


def wait_until(check, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {check.__doc__}")


def state(engine) -> dict:
    with transaction(engine) as session:
        return {
            "posts": session.scalar(select(func.count()).select_from(Post)),
            "annotated": session.scalar(
                select(func.count()).where(Post.annotated_version.is_not(None))
            ),
            "annotations": session.scalar(select(func.count()).select_from(Annotation)),
            "versions": set(session.scalars(select(Post.annotated_version).distinct())),
            "uris": set(session.scalars(select(Post.external_id))),
        }


@pytest.fixture
def replay(httpserver):
    server = MastodonReplay(visible=1200, delay=0.02)
    httpserver.expect_request(TAG_PATH).respond_with_handler(server)
    return server


def stop(process: subprocess.Popen) -> int:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
    return process.wait(30)


def test_killed_daemon_restarts_with_every_post_stored_and_annotated_once(
    tmp_path, database_url, httpserver, replay
):
    config = write_config(tmp_path, database_url, httpserver.url_for("").rstrip("/"))
    engine = create_database_engine(database_url)
    daemon = start(config, tmp_path)
    try:

        def some_stored():
            """some but not all posts stored"""
            return 0 < state(engine)["posts"] < 1200

        wait_until(some_stored)
        daemon.send_signal(signal.SIGKILL)
        daemon.wait(10)
        daemon = start(config, tmp_path)

        def all_annotated():
            """1200 posts stored and annotated"""
            return state(engine)["annotated"] == 1200

        wait_until(all_annotated, timeout=120)
        replay.visible = 1300  # new posts arrive while the daemon runs

        def new_ones_annotated():
            """the 100 new posts stored and annotated"""
            return state(engine)["annotated"] == 1300

        wait_until(new_ones_annotated)
        assert stop(daemon) == 0, "SIGTERM stops the daemon cleanly"
    finally:
        if daemon.poll() is None:
            daemon.kill()
    final = state(engine)
    assert final["uris"] == {status_uri(n) for n in range(1, 1301)}
    assert final["posts"] == final["annotations"] == 1300
    assert len(final["versions"]) == 1 and None not in final["versions"]
    with transaction(engine) as session:
        statuses = set(session.scalars(select(CollectionRun.status)))
    assert "ok" in statuses
    engine.dispose()


def children_of(pid: int) -> set[int]:
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.add(int(stat.parent.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_the_annotation_worker_process_goes_with_a_killed_daemon(
    tmp_path, database_url, httpserver, replay
):
    config = write_config(tmp_path, database_url, httpserver.url_for("").rstrip("/"))
    daemon = start(config, tmp_path)
    try:
        engine = create_database_engine(database_url)

        def annotating():
            """the daemon's worker process annotated posts"""
            return state(engine)["annotated"] > 0

        wait_until(annotating)
        workers = children_of(daemon.pid)
        assert workers, "the daemon annotates in a child process"
        daemon.send_signal(signal.SIGKILL)
        daemon.wait(10)

        def workers_gone():
            """the worker process exited after its parent was killed"""
            return not any(alive(pid) for pid in workers)

        wait_until(workers_gone, timeout=30)
        engine.dispose()
    finally:
        if daemon.poll() is None:
            daemon.kill()


def test_a_second_daemon_on_the_same_database_is_refused(
    tmp_path, database_url, httpserver, replay
):
    config = write_config(tmp_path, database_url, httpserver.url_for("").rstrip("/"))
    first = start(config, tmp_path)
    try:
        engine = create_database_engine(database_url)

        def first_is_running():
            """the first daemon stored posts"""
            return state(engine)["posts"] > 0

        wait_until(first_is_running)
        second = subprocess.run(
            [TESTIGO, "--config", str(config), "run"],
            capture_output=True,
            text=True,
            timeout=60,
            cwd=tmp_path,
            env={k: v for k, v in os.environ.items() if not k.startswith("TESTIGO_")},
        )
        assert second.returncode == 2
        assert "another `testigo run` already schedules this database" in second.stderr
        standby = start(config, tmp_path, "--standby")
        time.sleep(2)
        assert standby.poll() is None, "a standby waits instead of exiting"
        assert stop(first) == 0
        time.sleep(7)
        assert standby.poll() is None, "the standby took over and keeps running"
        assert stop(standby) == 0
    finally:
        for process in (first,):
            if process.poll() is None:
                process.kill()
    engine.dispose()
