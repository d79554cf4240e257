"""Dashboard server time per page on 1,000,000 generated posts in SQLite.

Target: every page (and its /api twin) answers in under 300 ms of server time.
Run: .venv/bin/python bench/bench_dashboard.py [--posts 1000000] [--json PATH]
Reuses bench_queries' generator; each page is requested in-process (no network)
as an analyst (names, audited) and as a viewer, best of 3.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from starlette.testclient import TestClient  # noqa: E402

from bench.bench_queries import DAYS, START, generate  # noqa: E402
from dashboard.app import create_app  # noqa: E402
from storage.engine import create_database_engine, transaction  # noqa: E402
from storage.migrate import upgrade  # noqa: E402
from storage.rollups import refresh_rollups  # noqa: E402
from storage.users import add_user  # noqa: E402
from testigo.name_masking import name_masker  # noqa: E402

TARGET_MS = 300


def pages(day: str) -> dict[str, str]:
    return {
        "overview": "/",
        "overview_week": "/?by=week",
        "topics": "/topics",
        "topics_frame": "/topics?frame=criminality_terrorism",
        "posts": "/posts",
        "posts_filtered": f"/posts?platform=mastodon&frame=due_process&since={day}",
        "posts_text": "/posts?q=CECOT",  # a word in every post: the worst case
        "posts_text_rare": "/posts?q=999999",
        "posts_individual": "/posts?individual=400",
        "individuals": f"/individuals?day={day}",
        "person": f"/individuals/1?day={day}",
        "digests": "/digests",
        "api_posts": "/api/posts?actor=bukele",
    }


def log_in(client: TestClient, username: str, password: str) -> TestClient:
    html = client.get("/login").text
    token = html.split('name="csrf" value="', 1)[1].split('"', 1)[0]
    client.post("/login", data={"csrf": token, "username": username, "password": password})
    return client


def server_ms(client: TestClient, path: str, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get(path)
        best = min(best, time.perf_counter() - started)
        assert response.status_code == 200, (path, response.status_code)
    return best * 1000


def run(posts: int, database: Path | None) -> dict[str, object]:
    """Generate `posts` into `database` (a temporary file by default); reuse it if it exists."""
    if database is None:
        with tempfile.TemporaryDirectory() as folder:
            return run(posts, Path(folder) / "bench.db")
    path = database
    fresh = not path.exists()
    engine = create_database_engine(f"sqlite:///{path}")
    upgrade(engine)
    if fresh:
        generate(path, posts)
        with transaction(engine) as session:
            refresh_rollups(session)
            add_user(session, "analyst", "bench analyst", "analyst")
            add_user(session, "viewer", "bench viewer", "viewer")
    app = create_app(
        engine,
        pseudonym_key=b"bench key" * 4,
        masker=name_masker(),
        secret_key=b"bench secret" * 4,
    )
    day = (START + timedelta(DAYS - 25)).isoformat()
    results: dict[str, object] = {"posts": posts, "target_ms": TARGET_MS}
    for role, password in (("analyst", "bench analyst"), ("viewer", "bench viewer")):
        client = log_in(TestClient(app), role, password)
        figures = {name: round(server_ms(client, path), 1) for name, path in pages(day).items()}
        results[role] = {f"{name}_ms": ms for name, ms in figures.items()}
        for name, ms in figures.items():
            verdict = "ok" if ms < TARGET_MS else "SLOW"
            print(f"{role:8} {name:16} {ms:8.1f} ms  {verdict}")
    engine.dispose()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=1_000_000)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--database", type=Path, help="keep the generated SQLite file here")
    args = parser.parse_args()
    results = run(args.posts, args.database)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
