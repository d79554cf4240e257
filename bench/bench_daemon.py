"""End to end: a local Mastodon replay of N posts until all are stored and annotated.

A werkzeug server on 127.0.0.1 replays generated statuses (40 a page, newest
first, as Mastodon pages); this process collects them with the real mastodon
collector through `testigo.collect.run_source`, as the daemon's collect job
does, while annotation workers run as the daemon runs its own: child processes
(`testigo.annotation_worker.start_worker_process`) with the real NLP pipeline.
The figure is posts per second from the first request to the moment every post
is stored and annotated (workers start, and load the pipeline, before that).

Runs: SQLite with one worker, then PostgreSQL (127.0.0.1:5432, database `test`,
a throwaway schema) with one and with two workers; when PostgreSQL cannot be
reached the JSON says why and SQLite is still reported. With --database-url, one
run on that database with --workers workers.

Target: >= 5,000 posts/s on SQLite.
Run: python bench/bench_daemon.py [--posts 200000] [--database-url URL --workers N]
     [--json PATH]
"""

from __future__ import annotations

import argparse
import json
import logging
import multiprocessing
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from werkzeug import Request
from werkzeug.serving import make_server

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "daemon")]

from mastodon_replay import MastodonReplay  # noqa: E402
from sqlalchemy import create_engine, func, select, text  # noqa: E402

from storage.engine import (  # noqa: E402
    create_database_engine,
    queue_writers,
    throwaway_schema,
    transaction,
)
from storage.migrate import upgrade  # noqa: E402
from storage.models import Post  # noqa: E402
from testigo.annotation_worker import start_worker_process  # noqa: E402
from testigo.collect import run_source  # noqa: E402
from testigo.config import Config, parse_config  # noqa: E402

POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
TARGET = 5000
POLL_SECONDS = 0.02
TICKS = os.sysconf("SC_CLK_TCK")


def serve(posts: int, port: Any) -> None:
    """The replay server, in a process of its own as a remote platform would be."""
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    app = Request.application(MastodonReplay(visible=posts))
    server = make_server("127.0.0.1", 0, app, threaded=True)
    port.put(server.server_port)
    server.serve_forever()


def cpu_seconds(pid: int) -> float:
    """User + system CPU of a running process so far (from /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def bench_config(url: str, base_url: str, posts: int) -> Config:
    return parse_config(
        f'[database]\nurl = "{url}"\n'
        '[schedule]\nannotate_interval = "1s"\nannotate_batch_size = 500\n'
        f'[[sources]]\nname = "replay"\nkind = "mastodon"\nbase_url = "{base_url}"\n'
        f'max_pages = {posts // 40 + 2}\ntags = ["CECOT"]\n',
        "bench",
    )


def annotated_count(engine: Any) -> int:
    with engine.connect() as connection:
        query = select(func.count()).where(Post.annotated_version.is_not(None))
        return connection.scalar(query)


def run(url: str, posts: int, workers: int) -> dict[str, Any]:
    """One end-to-end run on an empty, migrated database at `url`."""
    engine = queue_writers(create_database_engine(url))
    upgrade(engine)
    reader = create_database_engine(url)  # polls without taking SQLite's write lock
    context = multiprocessing.get_context("spawn")
    port = context.Queue()
    server = context.Process(target=serve, args=(posts, port), daemon=True)
    server.start()
    config = bench_config(url, f"http://127.0.0.1:{port.get(timeout=60)}", posts)
    ready = [context.Event() for _ in range(workers)]
    children = [start_worker_process(config, "text", event) for event in ready]
    try:
        for event in ready:
            event.wait(120)
        cpu_children = sum(cpu_seconds(child.pid) for child in children)
        cpu_server = cpu_seconds(server.pid)
        cpu_self = time.process_time()
        started = time.perf_counter()
        summary = run_source(engine, config, config.sources[0])
        collect_seconds = time.perf_counter() - started
        while annotated_count(reader) < summary.new and all(c.is_alive() for c in children):
            time.sleep(POLL_SECONDS)
        seconds = time.perf_counter() - started
        cpu_self = time.process_time() - cpu_self
        cpu_children = sum(cpu_seconds(child.pid) for child in children) - cpu_children
        cpu_server = cpu_seconds(server.pid) - cpu_server
    finally:
        for child in children:
            child.terminate()
        for child in children:
            child.join(30)
        server.terminate()
    with transaction(reader) as session:
        annotated = session.scalar(select(func.count()).where(Post.annotated_version.is_not(None)))
    reader.dispose()
    engine.dispose()
    return {
        "database": engine.dialect.name,
        "workers": workers,
        "posts": posts,
        "stored": summary.new,
        "annotated": annotated,
        "collect_seconds": round(collect_seconds, 2),
        "seconds": round(seconds, 2),
        "posts_per_second": round(annotated / seconds),
        "cpu_seconds": {
            "collector": round(cpu_self, 2),
            "workers": round(cpu_children, 2),
            "replay_server": round(cpu_server, 2),
        },
        "load_average_1m": round(os.getloadavg()[0], 2),
    }


def postgres_problem() -> str | None:
    """Why the local PostgreSQL cannot be used, or None."""
    admin = create_engine(POSTGRES_URL, connect_args={"connect_timeout": 5})
    try:
        with admin.connect() as connection:
            connection.execute(text("select 1"))
    except Exception as error:  # noqa: BLE001 - any failure means "no server here"
        return f"PostgreSQL not reachable at {POSTGRES_URL}: {type(error).__name__}"
    finally:
        admin.dispose()
    return None


def all_runs(posts: int) -> dict[str, Any]:
    """SQLite with one worker (the top-level figures), then PostgreSQL with one and two."""
    sqlite = run(f"sqlite:///{tempfile.mkdtemp()}/bench.db", posts, 1)
    print(json.dumps(sqlite), flush=True)
    result: dict[str, Any] = {**sqlite, "target_posts_per_second": TARGET, "runs": [sqlite]}
    problem = postgres_problem()
    if problem:
        print(problem, file=sys.stderr)
        result["postgresql_unavailable"] = problem
        return result
    for workers in (1, 2):
        with throwaway_schema(POSTGRES_URL, "bench_daemon") as url:
            figures = run(url, posts, workers)
        print(json.dumps(figures), flush=True)
        result["runs"].append(figures)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=200_000)
    parser.add_argument("--database-url", help="one run on this (empty) database only")
    parser.add_argument("--workers", type=int, default=1, help="with --database-url")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    if args.database_url:
        figures = run(args.database_url, args.posts, args.workers)
        result = {**figures, "target_posts_per_second": TARGET, "runs": [figures]}
    else:
        result = all_runs(args.posts)
    print(json.dumps(result, indent=2))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2), "utf-8")


if __name__ == "__main__":
    main()
