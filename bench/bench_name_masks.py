"""The name masker's speed: it runs at read time on every text a viewer sees.

`python bench/bench_name_masks.py` masks the gold passages (paragraph-length, real-shaped
text; the generated corpus when there are none) and the benchmark corpus's short posts, and
reports microseconds per text and megabytes of text per second, best of three rounds.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.corpus import generate_posts  # noqa: E402
from nlp.lexicon import load_lexicon  # noqa: E402
from nlp.name_masks import NameMasks  # noqa: E402

GOLD = Path(__file__).resolve().parents[1] / "nlp" / "gold"


def rate(masks: NameMasks, texts: list[str], rounds: int = 3) -> dict[str, float]:
    best = float("inf")
    for _ in range(rounds):
        started = time.perf_counter()
        for text in texts:
            masks.spans(text)
        best = min(best, time.perf_counter() - started)
    characters = sum(len(t) for t in texts)
    return {
        "texts": len(texts),
        "mean_chars": round(characters / len(texts)),
        "us_per_text": round(best / len(texts) * 1e6, 1),
        "mb_per_s": round(characters / best / 1e6, 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=20_000, help="Corpus posts to mask.")
    parser.add_argument("--json", type=Path, help="Write the figures here too.")
    args = parser.parse_args()
    started = time.perf_counter()
    masks = NameMasks.from_lexicon(load_lexicon())
    build_ms = round((time.perf_counter() - started) * 1000, 1)
    passages = [
        json.loads(line)["text"]
        for path in sorted(GOLD.glob("*.jsonl"))
        for line in path.read_text("utf-8").splitlines()
        if line.strip()
    ]
    posts = [p["text"] for p in generate_posts(args.posts)]
    figures = {
        "build_ms": build_ms,
        "passages": rate(masks, passages or posts),
        "posts": rate(masks, posts),
    }
    print(json.dumps(figures, indent=2))
    if args.json:
        args.json.write_text(json.dumps(figures), "utf-8")


if __name__ == "__main__":
    main()
