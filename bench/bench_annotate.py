"""Throughput of the default NLP pipeline on a seeded, generated bilingual corpus.

Prints posts/s for spaCy's bare tokenizer, the pipeline in one process, and `testigo annotate`'s
engine (JSON lines in and out) with 1 and N processes, plus peak memory. Not a test: run
`python bench/bench_annotate.py [--posts N] [--processes N] [--json PATH]`.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import spacy

from nlp.jsonl import PipelineSettings, annotate_lines
from nlp.pipeline import load_pipeline

_ES = (
    "Bukele propone a Maduro un canje humanitario de los 252 venezolanos del CECOT.",
    "No son terroristas, son migrantes sin juicio ni abogado.",
    "Libertad para los presos políticos de El Helicoide #LiberenALosPresosPoliticos",
    "mi hermano {name} lleva meses en el cecot y nunca vio a un juez",
    "El fiscal Tarek William Saab exige fe de vida mientras niega el debido proceso.",
    "Esto es puro show para las redes, un montaje de propaganda.",
    "Los secuestrados en El Salvador deben volver, dice el gobierno venezolano.",
    "La CIDH y Foro Penal denuncian desapariciones forzadas tras el fraude del 28J.",
    "qué vergüenza, usan a la gente como moneda de cambio",
    "Hoy llueve en Caracas y el tráfico está imposible, como siempre.",
)
_EN = (
    "Bukele offers Maduro a prisoner swap: CECOT detainees for political prisoners.",
    "They are not gang members. Most had no criminal record and no due process.",
    "The so-called humanitarian deal is a publicity stunt made for social media.",
    "My cousin {name} had TPS and a pending asylum case when ICE detained him.",
    "Venezuela's attorney general demands proof of life while jailing dissidents.",
    "Tren de Aragua terrorists belong in prison, says the White House.",
    "The UN human rights office warns about non-refoulement and enforced disappearance.",
    "Maduro stole the election and everybody knows it.",
    "lol this whole thing is theater 🙄 https://example.org/x",
    "Great game last night, what a finish!",
)
_NAMES = (
    "Carlos Pérez",
    "Yorbis Andrés Peña",
    "Luis Alberto Mendoza",
    "Freddy Superlano",
    "Andry Hernández",
    "María José Rivas",
)


def corpus(posts: int, seed: int) -> list[str]:
    """Posts of one to three sentences, mostly one language, some mixed, as in the wild."""
    rng = random.Random(seed)
    out = []
    for _ in range(posts):
        pool = _ES if rng.random() < 0.5 else _EN
        sentences = [
            rng.choice(pool if rng.random() < 0.9 else _ES + _EN) for _ in range(rng.randint(1, 3))
        ]
        text = " ".join(sentences).replace("{name}", rng.choice(_NAMES))
        out.append(text + (f" #{rng.randint(1, 99999)}" if rng.random() < 0.3 else ""))
    return out


def json_lines(texts: list[str]) -> Iterator[bytes]:
    for i, text in enumerate(texts):
        yield json.dumps({"id": i, "text": text}, ensure_ascii=False).encode()


def rate(label: str, posts: int, run: Callable[[], object]) -> dict[str, float]:
    """Posts per wall-clock second, and per CPU second of this process and the workers it
    waited for (steadier when other work shares the machine; for a multi-process run it shows
    what parallelism costs, not the speed-up)."""
    wall, cpu = time.perf_counter(), cpu_seconds()
    run()
    figures = {
        "wall": posts / (time.perf_counter() - wall),
        "cpu": posts / max(cpu_seconds() - cpu, 1e-9),
    }
    print(
        f"{label:<40} {figures['wall']:>9,.0f} posts/s wall {figures['cpu']:>9,.0f} per CPU s",
        flush=True,
    )
    return figures


def cpu_seconds() -> float:
    """User and system time of this process and of its finished, waited-for children."""
    return sum(
        usage.ru_utime + usage.ru_stime
        for usage in map(resource.getrusage, (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    )


def peak_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # ru_maxrss is in KiB on Linux


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=100_000)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--seed", type=int, default=20250420)
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    args = parser.parse_args()
    texts = corpus(args.posts, args.seed)
    print(
        f"{args.posts:,} generated posts, {sum(map(len, texts)) / len(texts):.0f} chars on "
        f"average; language detected per post; load average {os.getloadavg()[0]:.1f} on "
        f"{os.cpu_count()} CPUs",
        flush=True,
    )

    tokenizer = spacy.blank("xx").tokenizer
    pipeline = load_pipeline()
    pipeline.annotate("warm up: Bukele y Maduro")
    figures = {
        "posts": args.posts,
        "bare_tokenizer": rate(
            "spaCy bare tokenizer (xx)",
            args.posts,
            lambda: sum(1 for _ in tokenizer.pipe(texts, batch_size=1000)),
        ),
        "pipeline_1_process": rate(
            "pipeline.annotate_many, 1 process",
            args.posts,
            lambda: sum(1 for _ in pipeline.annotate_many((t, None) for t in texts)),
        ),
    }
    single_process_peak = peak_mb(resource.RUSAGE_SELF)
    settings = PipelineSettings()
    figures["annotate_jsonl_1_process"] = rate(
        "annotate (JSON lines), 1 process",
        args.posts,
        lambda: sum(len(c.output) for c in annotate_lines(json_lines(texts), settings, 1)),
    )
    figures[f"annotate_jsonl_{args.processes}_processes"] = rate(
        f"annotate (JSON lines), {args.processes} processes",
        args.posts,
        lambda: sum(
            len(c.output) for c in annotate_lines(json_lines(texts), settings, args.processes)
        ),
    )
    figures["ratio_pipeline_to_tokenizer"] = {
        clock: figures["pipeline_1_process"][clock] / figures["bare_tokenizer"][clock]
        for clock in ("wall", "cpu")
    }
    figures["speedup_processes"] = (
        figures[f"annotate_jsonl_{args.processes}_processes"]["wall"]
        / figures["annotate_jsonl_1_process"]["wall"]
    )
    figures["load_average_after"] = os.getloadavg()[0]
    figures["peak_mb_main_process"] = single_process_peak
    figures["peak_mb_worker_process"] = peak_mb(resource.RUSAGE_CHILDREN)
    ratio = figures["ratio_pipeline_to_tokenizer"]
    print(
        f"pipeline / bare tokenizer: {ratio['wall']:.3f} wall, {ratio['cpu']:.3f} CPU; "
        f"{args.processes} processes / 1 (wall): {figures['speedup_processes']:.2f}x"
    )
    print(
        f"peak memory: main process {figures['peak_mb_main_process']:.0f} MB "
        f"(includes the generated corpus), largest worker "
        f"{figures['peak_mb_worker_process']:.0f} MB"
    )
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
