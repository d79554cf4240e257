"""Import speed and memory: `testigo import` of generated posts into SQLite.

Target: >= 50,000 posts/s with peak memory under 300 MB whatever the file size.
Run: python bench/bench_import.py [--posts 1000000] [--json PATH]
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.corpus import write_jsonl  # noqa: E402
from storage.engine import create_database_engine  # noqa: E402
from storage.migrate import upgrade  # noqa: E402
from testigo.importer import import_file  # noqa: E402


def peak_memory_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run(posts: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as folder:
        source = write_jsonl(Path(folder) / "posts.jsonl", posts)
        engine = create_database_engine(f"sqlite:///{folder}/bench.db")
        upgrade(engine)
        memory_before = peak_memory_mb()
        started = time.perf_counter()
        summary = import_file(engine, source)
        elapsed = time.perf_counter() - started
        engine.dispose()
    assert summary.new == posts, summary
    return {
        "posts": posts,
        "seconds": round(elapsed, 2),
        "posts_per_second": round(posts / elapsed),
        "peak_memory_mb": round(peak_memory_mb(), 1),
        "memory_before_import_mb": round(memory_before, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=1_000_000)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    figures = run(args.posts)
    verdict = "meets" if figures["posts_per_second"] >= 50_000 else "MISSES"
    print(
        f"import: {figures['posts']} posts in {figures['seconds']} s = "
        f"{figures['posts_per_second']} posts/s ({verdict} 50,000); "
        f"peak memory {figures['peak_memory_mb']} MB"
    )
    if args.json:
        args.json.write_text(json.dumps({"import": figures}, indent=2))


if __name__ == "__main__":
    main()
