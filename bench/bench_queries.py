"""Query speed on 1,000,000 generated posts with annotations in SQLite, beside DuckDB.

Run: .venv/bin/python bench/bench_queries.py [--posts N] [--json PATH] [--database PATH]
Times each query function on rolled-up data and DuckDB's time for the same
aggregate over the raw tables (copied into DuckDB through pyarrow). With --database,
the generated SQLite file is kept there and reused by the next run (no load or full
rollup figures then).
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import duckdb
import pyarrow as pa

from dashboard.digest import build_digest
from storage.engine import create_database_engine, transaction
from storage.migrate import upgrade
from storage.privacy import Names
from storage.queries.cooccurrence import cooccurrence
from storage.queries.exposure import exposure
from storage.queries.spikes import spikes
from storage.queries.trends import trends
from storage.rollups import refresh_rollups
from testigo.name_masking import name_masker

ACTORS = ["bukele", "maduro", "trump", "rubio", "saab", "cabello", "machado", "cecot"]
FRAMES = [
    "criminality_terrorism",
    "humanitarian",
    "exchange_bargaining",
    "due_process",
    "political_repression",
    "asylum_protection",
    "sovereignty_kidnapping",
]
PLATFORMS = ["bluesky", "mastodon", "x", "reddit"]
DAYS = 90
START = date(2025, 2, 1)


def generate(path: Path, n: int) -> None:
    rng = random.Random(6)
    db = sqlite3.connect(path)
    db.execute("PRAGMA synchronous=OFF")
    now = datetime.now(UTC).replace(tzinfo=None).isoformat(" ")
    db.executemany(
        "INSERT INTO authors(id, platform, external_id) VALUES (?, ?, ?)",
        [(a, PLATFORMS[a % 4], f"a{a}") for a in range(1, 50_001)],
    )
    db.executemany(
        "INSERT INTO individuals(id, name, name_key, kind, origin, status, first_seen_at)"
        " VALUES (?, ?, ?, 'detainee_or_deportee', 'watchlist', 'confirmed', ?)",
        [(i, f"Person {i}", f"person {i}", now) for i in range(1, 501)],
    )
    ids = iter(range(1, 10**8))
    for chunk in range(0, n, 100_000):
        posts, anns, acts, frs, inds, dets = [], [], [], [], [], []
        for pid in range(chunk + 1, min(n, chunk + 100_000) + 1):
            day = START + timedelta(int(rng.triangular(0, DAYS, DAYS * 0.7)))
            at = datetime.combine(day, datetime.min.time()) + timedelta(
                seconds=rng.randrange(86400)
            )
            author = rng.randrange(1, 50_001)
            stamp = at.isoformat(" ")
            posts.append(
                (
                    pid,
                    PLATFORMS[author % 4],
                    str(pid),
                    author,
                    stamp,
                    stamp,
                    now,
                    now,
                    rng.choice(("es", "en")),
                    f"post {pid} sobre el CECOT",
                    f"h{pid}",
                    rng.randrange(200),
                    pid,
                    "bench-1",
                )
            )
            anns.append((pid, pid, "bench-1", posts[-1][8], now))
            for actor in rng.sample(ACTORS, rng.randrange(0, 3)):
                acts.append((next(ids), pid, pid, actor, actor, 0, 1))
            for frame in rng.sample(FRAMES, rng.randrange(0, 3)):
                frs.append(
                    (
                        next(ids),
                        pid,
                        pid,
                        frame,
                        frame,
                        0,
                        1,
                        "contested" if rng.random() < 0.2 else "affirmed",
                    )
                )
            if rng.random() < 0.1:
                inds.append(
                    (
                        next(ids),
                        pid,
                        pid,
                        int(rng.paretovariate(1.2)) % 500 + 1,
                        "x",
                        0,
                        1,
                        "watchlist",
                    )
                )
                if rng.random() < 0.2:
                    dets.append((next(ids), pid, pid, "relative", "x", 0, 1))
        db.executemany(
            "INSERT INTO posts(id, platform, external_id, author_id, created_at, published_at,"
            " collected_at, updated_at, lang, text, text_hash, engagement, annotation_id,"
            " annotated_version, is_copy) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,0)",
            posts,
        )
        db.executemany(
            "INSERT INTO annotations(id, post_id, pipeline_version, lang, created_at)"
            " VALUES (?,?,?,?,?)",
            anns,
        )
        db.executemany(
            "INSERT INTO actor_mentions(id, annotation_id, post_id, actor_id, text,"
            ' start, "end") VALUES (?,?,?,?,?,?,?)',
            acts,
        )
        db.executemany(
            "INSERT INTO frame_mentions(id, annotation_id, post_id, frame_id, text,"
            ' start, "end", polarity) VALUES (?,?,?,?,?,?,?,?)',
            frs,
        )
        db.executemany(
            "INSERT INTO individual_mentions(id, annotation_id, post_id, individual_id,"
            ' text, start, "end", source) VALUES (?,?,?,?,?,?,?,?)',
            inds,
        )
        db.executemany(
            "INSERT INTO detail_mentions(id, annotation_id, post_id, kind, text, start,"
            ' "end") VALUES (?,?,?,?,?,?,?)',
            dets,
        )
        db.commit()
    db.execute("INSERT INTO posts_fts(posts_fts) VALUES ('rebuild')")  # index every post once
    db.commit()
    db.close()


def timed(fn, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best * 1000


def duck_from(path: Path) -> duckdb.DuckDBPyConnection:
    source = sqlite3.connect(path)
    duck = duckdb.connect()
    for table, cols in (
        ("posts", "id, platform, author_id, published_at, lang, engagement, annotation_id"),
        ("actor_mentions", "post_id, annotation_id, actor_id"),
        ("frame_mentions", "post_id, annotation_id, frame_id, polarity"),
        ("individual_mentions", "post_id, annotation_id, individual_id"),
    ):
        cursor = source.execute(f"SELECT {cols} FROM {table}")  # noqa: S608 - fixed names
        names = [d[0] for d in cursor.description]
        arrow = pa.Table.from_pylist([dict(zip(names, row, strict=True)) for row in cursor])
        duck.register(f"{table}_arrow", arrow)
        typed = "* REPLACE (CAST(published_at AS TIMESTAMP) AS published_at)"
        columns = typed if table == "posts" else "*"
        duck.execute(f"CREATE TABLE {table} AS SELECT {columns} FROM {table}_arrow")  # noqa: S608
    source.close()
    return duck


DUCK = {
    "trends": "SELECT CAST(p.published_at AS DATE) d, f.frame_id, count(DISTINCT p.id), "
    "count(DISTINCT p.author_id), sum(p.engagement) FROM posts p JOIN frame_mentions f "
    "ON f.post_id = p.id AND f.annotation_id = p.annotation_id GROUP BY 1, 2",
    "cooccurrence": "SELECT a.actor_id, f.frame_id, count(DISTINCT p.id), "
    "count(DISTINCT CASE WHEN f.polarity = 'contested' THEN p.id END) FROM posts p "
    "JOIN actor_mentions a ON a.post_id = p.id JOIN frame_mentions f ON f.post_id = p.id "
    "GROUP BY 1, 2",
    "spikes": "SELECT f.frame_id, CAST(p.published_at AS DATE) d, count(*) FROM posts p "
    "JOIN frame_mentions f ON f.post_id = p.id WHERE p.published_at >= TIMESTAMP '{first}' "
    "GROUP BY 1, 2",
    "exposure": "SELECT i.individual_id, count(DISTINCT p.id), count(DISTINCT p.author_id), "
    "sum(p.engagement) FROM posts p JOIN individual_mentions i ON i.post_id = p.id "
    "WHERE p.published_at >= TIMESTAMP '{day}' AND p.published_at < TIMESTAMP '{next}' GROUP BY 1",
}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--posts", type=int, default=1_000_000)
    parser.add_argument("--json", dest="json_path")
    parser.add_argument("--database", type=Path, help="keep the generated SQLite file here")
    args = parser.parse_args()
    path = args.database or Path(tempfile.mkdtemp()) / "bench.db"
    fresh = not path.exists()
    engine = create_database_engine(f"sqlite:///{path}")
    upgrade(engine)
    load_s = rollup_s = None
    if fresh:
        t = time.perf_counter()
        generate(path, args.posts)
        load_s = round(time.perf_counter() - t, 1)
        t = time.perf_counter()
        with transaction(engine) as session:
            refresh_rollups(session)
        rollup_s = round(time.perf_counter() - t, 1)
    day = START + timedelta(DAYS - 25)
    names = Names(b"bench", masker=name_masker())
    duck = duck_from(path)
    subs = {"first": day - timedelta(14), "day": day, "next": day + timedelta(1)}
    results = {"posts": args.posts, "load_s": load_s, "rollup_full_s": rollup_s}
    with transaction(engine) as session:
        ours = {
            "trends": lambda: trends(session, "frames"),
            "cooccurrence": lambda: cooccurrence(session),
            "spikes": lambda: spikes(session, day, names=names),
            "exposure": lambda: exposure(session, day, 20, names=names),
        }
        for name, fn in ours.items():
            mine = timed(fn)
            theirs = timed(lambda q=DUCK[name]: duck.execute(q.format(**subs)).fetchall())
            results[name] = {
                "ms": round(mine, 1),
                "duckdb_ms": round(theirs, 1),
                "ratio": round(mine / theirs, 2),
            }
            print(
                f"{name:13} {mine:8.1f} ms   duckdb raw {theirs:8.1f} ms"
                f"   ratio {mine / theirs:.2f}"
            )
        digest_ms = timed(lambda: build_digest(session, day, names=names), repeat=1)
        results["digest_ms"] = round(digest_ms, 1)
        print(f"digest        {digest_ms:8.1f} ms")
    t = time.perf_counter()
    with transaction(engine) as session:
        refresh_rollups(session)
    results["rollup_incremental_s"] = round(time.perf_counter() - t, 2)
    built = f"load {load_s} s, full rollup {rollup_s} s, " if fresh else "reused database, "
    print(f"{built}incremental refresh {results['rollup_incremental_s']} s")
    if args.json_path:
        Path(args.json_path).write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
