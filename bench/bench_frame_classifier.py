"""What the frame classifier costs: `annotate_many` posts/s with and without it, against spaCy's
bare tokenizer (`spacy.blank("xx").tokenizer`) on the same paragraph-length texts (the gold
set's training passages, repeated). The bar is at least 1/15 of the tokenizer's speed.
Not a test: run `python -m bench.bench_frame_classifier [--posts N] [--repeat N]`.
"""

from __future__ import annotations

import argparse
import itertools
import time
from collections.abc import Callable

import spacy

from nlp.pipeline import FRAME_CLASSIFIER, load_pipeline
from nlp.train_frames import training_lines

TOKENIZER = "spacy.blank('xx').tokenizer"


def paragraphs(count: int) -> list[str]:
    texts = [line["text"] for line in training_lines()]
    return list(itertools.islice(itertools.cycle(texts), count))


def best_rates(runs: dict[str, Callable[[], object]], count: int, repeat: int) -> dict[str, float]:
    """Texts/s of each run, best of `repeat`, the runs alternating so that a busy moment of
    the machine does not fall on one of them only."""
    best = dict.fromkeys(runs, float("inf"))
    for _ in range(repeat):
        for label, run in runs.items():
            start = time.perf_counter()
            run()
            best[label] = min(best[label], time.perf_counter() - start)
    return {label: count / seconds for label, seconds in best.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--posts", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    texts = paragraphs(args.posts)
    items = [(text, None) for text in texts]
    tokenizer = spacy.blank("xx").tokenizer
    runs: dict[str, Callable[[], object]] = {
        TOKENIZER: lambda: list(tokenizer.pipe(texts)),
    }
    for label, classifier in (("rules alone", False), ("rules + frame classifier", True)):
        pipeline = load_pipeline(frame_classifier=classifier)
        if classifier and FRAME_CLASSIFIER not in pipeline.nlp.pipe_names:
            print("no shipped frame classifier (nlp/models/frame_classifier/); skipped")
            continue
        runs[label] = lambda p=pipeline: list(p.annotate_many(items))
    rates = best_rates(runs, len(texts), args.repeat)
    base = rates[TOKENIZER]
    print(f"{len(texts):,} paragraph-length texts, best of {args.repeat}")
    for label, rate in rates.items():
        print(f"{label:<30} {rate:>10,.0f} texts/s   1/{base / rate:.1f} of the tokenizer")


if __name__ == "__main__":
    main()
