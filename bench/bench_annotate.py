"""Throughput of the default NLP pipeline on a seeded, generated bilingual corpus.

Prints posts/s for spaCy's bare tokenizer and the pipeline in one process (and their ratio), then
runs `testigo annotate FILE --out FILE` as a user does, with 1 and N processes, start-up
included, alternating and best of --repeat runs, and prints the speed-up and each run's peak
memory (its largest process). Not a test: run
`python bench/bench_annotate.py [--posts N] [--processes N] [--repeat N] [--json PATH]`.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import spacy

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


def write_json_lines(path: Path, texts: list[str]) -> Path:
    with path.open("w", encoding="utf-8") as sink:
        for i, text in enumerate(texts):
            sink.write(json.dumps({"id": i, "text": text}, ensure_ascii=False) + "\n")
    return path


def rate(label: str, posts: int, run: Callable[[], object]) -> dict[str, float]:
    """Posts per wall-clock second, and per CPU second of this process (steadier when other
    work shares the machine)."""
    wall, cpu = time.perf_counter(), time.process_time()
    run()
    figures = {
        "wall": posts / (time.perf_counter() - wall),
        "cpu": posts / max(time.process_time() - cpu, 1e-9),
    }
    print(
        f"{label:<44} {figures['wall']:>9,.0f} posts/s wall {figures['cpu']:>9,.0f} per CPU s",
        flush=True,
    )
    return figures


@dataclass(frozen=True, slots=True)
class CommandRun:
    wall: float  # seconds, start-up included
    cpu: float  # user + system seconds of the command and its workers
    peak_mb: float  # its largest process


def run_annotate(source: Path, processes: int) -> CommandRun:
    """`testigo annotate SOURCE --out FILE --processes N` in a fresh interpreter, on this tree."""
    out = source.with_suffix(".out")
    command = [sys.executable, "-m", "testigo", "annotate", str(source), "--out", str(out)]
    root = str(Path(__file__).resolve().parents[1])
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([root, os.environ.get("PYTHONPATH", "")])}
    started = time.perf_counter()
    process = subprocess.Popen([*command, "--processes", str(processes)], env=env, cwd=root)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(command)} failed with status {status}")
    with out.open("rb") as lines:
        assert sum(1 for _ in lines) == sum(1 for _ in source.open("rb")), "a line went missing"
    return CommandRun(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


def command_rates(
    posts: int, folder: Path, texts: list[str], processes: int, repeat: int
) -> dict[str, object]:
    """The command with 1 and N processes, alternating so both meet the same load; the best
    of `repeat` runs of each, and the start-up time (annotating an empty file)."""
    source = write_json_lines(folder / "posts.jsonl", texts)
    start_up = min(run_annotate(write_json_lines(folder / "empty.jsonl", []), 1).wall
                   for _ in range(repeat))  # fmt: skip
    best: dict[int, CommandRun] = {}
    for _ in range(repeat):
        for count in (1, processes):
            run = run_annotate(source, count)
            if count not in best or run.wall < best[count].wall:
                best[count] = run
    figures: dict[str, object] = {"start_up_seconds": start_up}
    for count, run in best.items():
        key = "annotate_jsonl_1_process" if count == 1 else f"annotate_jsonl_{count}_processes"
        figures[key] = {"wall": posts / run.wall, "cpu": posts / run.cpu, "peak_mb": run.peak_mb}
        label = f"testigo annotate, {count} process(es)"
        print(
            f"{label:<44} {posts / run.wall:>9,.0f} posts/s wall "
            f"{posts / run.cpu:>9,.0f} per CPU s ({run.wall:.2f} s, best of {repeat}; "
            f"peak {run.peak_mb:.0f} MB)",
            flush=True,
        )
    one, many = best[1].wall, best[processes].wall
    figures["speedup_processes"] = one / many
    figures["speedup_processes_after_start_up"] = (one - start_up) / max(many - start_up, 1e-9)
    figures["peak_mb_worker_process"] = best[processes].peak_mb
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=100_000)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=3, help="runs of the command, best kept")
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
    figures: dict[str, object] = {
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
    figures["peak_mb_main_process"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    ratio = figures["ratio_pipeline_to_tokenizer"] = {
        clock: figures["pipeline_1_process"][clock] / figures["bare_tokenizer"][clock]
        for clock in ("wall", "cpu")
    }
    print(f"pipeline / bare tokenizer: {ratio['wall']:.3f} wall, {ratio['cpu']:.3f} per CPU s")
    with tempfile.TemporaryDirectory() as folder:
        figures |= command_rates(args.posts, Path(folder), texts, args.processes, args.repeat)
    figures["load_average_after"] = os.getloadavg()[0]
    print(
        f"testigo annotate, {args.processes} processes / 1: {figures['speedup_processes']:.2f}x "
        f"({figures['speedup_processes_after_start_up']:.2f}x after the "
        f"{figures['start_up_seconds']:.2f} s start-up); peak memory: this process "
        f"{figures['peak_mb_main_process']:.0f} MB (includes the generated corpus)"
    )
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
