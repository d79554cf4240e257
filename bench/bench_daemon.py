"""End to end: a local Mastodon replay of N posts until all are stored and annotated.

A werkzeug server on 127.0.0.1 replays generated statuses (40 a page, newest
first, as Mastodon pages); this process collects them with the real mastodon
collector through `testigo.collect.run_source` and annotates them with the real
NLP pipeline through `AnnotationWorker` threads (1 on SQLite; 1 or 2 on
PostgreSQL). The figure is posts per second from the first request to the last
annotation committed.

Target: >= 5,000 posts/s on SQLite.
Run: python bench/bench_daemon.py [--posts 200000] [--database-url URL] [--workers 2]
     [--json PATH]
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import tempfile
import threading
import time
from pathlib import Path

from werkzeug import Request
from werkzeug.serving import make_server

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "daemon")]

from mastodon_replay import MastodonReplay  # noqa: E402
from sqlalchemy import func, select  # noqa: E402

from storage.engine import create_database_engine, transaction  # noqa: E402
from storage.migrate import upgrade  # noqa: E402
from storage.models import Post  # noqa: E402
from testigo.annotation_worker import AnnotationWorker, load_configured_pipeline  # noqa: E402
from testigo.collect import run_source  # noqa: E402
from testigo.config import parse_config  # noqa: E402
from testigo.database import queue_sqlite_writers  # noqa: E402


def serve(replay: MastodonReplay) -> tuple[str, object]:
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    server = make_server("127.0.0.1", 0, Request.application(replay), threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_port}", server


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=200_000)
    parser.add_argument("--database-url", help="default: a temporary SQLite file")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    url = args.database_url or f"sqlite:///{tempfile.mkdtemp()}/bench.db"
    engine = queue_sqlite_writers(create_database_engine(url))
    upgrade(engine)
    base_url, server = serve(MastodonReplay(visible=args.posts))
    config = parse_config(
        f'[database]\nurl = "{url}"\n[[sources]]\nname = "replay"\nkind = "mastodon"\n'
        f'base_url = "{base_url}"\nmax_pages = {args.posts // 40 + 2}\ntags = ["CECOT"]\n',
        "bench",
    )
    pipeline = load_configured_pipeline(config)
    collected = threading.Event()
    workers = [AnnotationWorker(engine, pipeline, 500) for _ in range(args.workers)]

    def annotate(worker: AnnotationWorker) -> None:
        while True:
            done_collecting = collected.is_set()
            if worker.run_until_idle().total == 0 and done_collecting:
                return
            time.sleep(0.05)

    started = time.perf_counter()
    threads = [threading.Thread(target=annotate, args=(w,)) for w in workers]
    for thread in threads:
        thread.start()
    summary = run_source(engine, config, config.sources[0])
    collect_seconds = time.perf_counter() - started
    collected.set()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - started
    server.shutdown()
    with transaction(engine) as session:
        annotated = session.scalar(select(func.count()).where(Post.annotated_version.is_not(None)))
    result = {
        "database": engine.dialect.name,
        "workers": args.workers,
        "posts": args.posts,
        "stored": summary.new,
        "annotated": annotated,
        "collect_seconds": round(collect_seconds, 2),
        "seconds": round(seconds, 2),
        "posts_per_second": round(annotated / seconds),
        "target_posts_per_second": 5000,
    }
    print(json.dumps(result, indent=2))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2), "utf-8")


if __name__ == "__main__":
    main()
