"""Coordinated-amplification detection's speed and memory, as the daemon runs it.

`python bench/bench_coordination.py --posts 200000` stores generated days of 5,000 organic
posts each (tests/coordination/coordinated_day.py; the first day hides a 30-account
campaign) in a SQLite database, then, each in a fresh process, detects every cluster from
scratch: once over a quarter of the posts and once over all of them. It reports posts per
second for the whole refresh (read, detect, write) and for detection alone (wall and
per CPU second of its process, which other load on the machine does not lower), and each
process's peak memory: the refresh reads a few hours at a time, so the peak should not
grow with the number of posts.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "coordination")]

from coordinated_day import DAY, generate_day  # noqa: E402
from sqlalchemy import delete  # noqa: E402

import testigo.coordination as coordination  # noqa: E402
from nlp.coordination import CoordinationSettings  # noqa: E402
from storage.engine import create_database_engine, transaction  # noqa: E402
from storage.migrate import upgrade  # noqa: E402
from storage.models import RollupWatermark  # noqa: E402
from storage.writes import upsert_posts  # noqa: E402

POSTS_PER_DAY = 5000


def store_days(url: str, first_day: int, days: int) -> int:
    engine = create_database_engine(url)
    stored = 0
    for n in range(first_day, first_day + days):
        posts = generate_day(POSTS_PER_DAY, seed=n, day=DAY + timedelta(n)).posts
        with transaction(engine) as session:
            upsert_posts(session, posts)
        stored += len(posts)
    engine.dispose()
    return stored


def refresh_from_scratch(url: str) -> dict[str, float]:
    """Every cluster from scratch in this process: rate of the refresh and of detection."""
    engine = create_database_engine(url)
    with transaction(engine) as session:
        session.execute(delete(RollupWatermark))
    detecting = detecting_cpu = 0.0
    real_find = coordination.find_clusters

    def timed_find(posts, settings):  # type: ignore[no-untyped-def]
        nonlocal detecting, detecting_cpu
        started, started_cpu = time.perf_counter(), time.process_time()
        found = real_find(posts, settings)
        detecting += time.perf_counter() - started
        detecting_cpu += time.process_time() - started_cpu
        return found

    coordination.find_clusters = timed_find
    started, started_cpu = time.perf_counter(), time.process_time()
    result = coordination.refresh_coordination(engine, CoordinationSettings())
    seconds, cpu = time.perf_counter() - started, time.process_time() - started_cpu
    with engine.connect() as connection:
        posts = connection.exec_driver_sql("SELECT count(*) FROM posts").scalar_one()
    engine.dispose()
    return {
        "posts": posts,
        "hours": result.hours,
        "clusters": result.clusters,
        "refresh_s": round(seconds, 2),
        "refresh_posts_per_second": round(posts / seconds),
        "refresh_posts_per_cpu_second": round(posts / cpu),
        "detect_posts_per_second": round(posts / detecting),
        "detect_posts_per_cpu_second": round(posts / detecting_cpu),
        "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def in_child(url: str) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, __file__, "--refresh", url], capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=200_000)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--refresh", metavar="URL", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.refresh:
        print(json.dumps(refresh_from_scratch(args.refresh)))
        return
    days = max(4, args.posts // POSTS_PER_DAY)
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'bench.db'}"
        upgrade_engine = create_database_engine(url)
        upgrade(upgrade_engine)
        upgrade_engine.dispose()
        store_days(url, 0, days // 4)
        quarter = in_child(url)
        print(f"quarter: {quarter}", flush=True)
        store_days(url, days // 4, days - days // 4)
        whole = in_child(url)
        print(f"whole: {whole}", flush=True)
    figures = {"quarter": quarter, "whole": whole}
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", "utf-8")


if __name__ == "__main__":
    main()
