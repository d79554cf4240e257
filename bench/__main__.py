"""`python -m bench` (= `make bench`): every benchmark in bench/, one table, one JSON file.

Each bench_*.py runs in its own process with `--posts N --json PATH` on its
generated (seeded, bilingual) corpus; this runner reads the figures back,
measures each script's peak memory itself (the largest process of its tree,
from wait4), and prints one table. A figure a script does not report shows
"n/a" with the reason under the table. Default sizes finish in about 10
minutes on 2 cores; change them with --posts NAME=N (e.g. --posts queries=1000000).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results" / "latest.json"
# Run order and default corpus sizes (posts), sized for about 10 minutes on 2 cores.
SIZES = {
    "import": 200_000,
    "annotate": 100_000,  # the corpus; the command's ~1.5 s start-up is in every run
    "collect": 20_000,
    "daemon": 30_000,
    "queries": 200_000,
    "dashboard": 200_000,
    "name_masks": 20_000,  # the viewer's masker, run at read time on every text shown
    "coordination": 200_000,  # detection from scratch, at a quarter of that and at all of it
}
QUERIES = ("trends", "cooccurrence", "spikes", "exposure")


@dataclass(slots=True)
class Row:
    benchmark: str
    figure: str
    value: float | None
    unit: str
    versus: str = ""
    """A baseline beside the figure (ratio to spaCy's tokenizer, to DuckDB)."""
    peak_mb: float | None = None
    note: str = ""


@dataclass(slots=True)
class Outcome:
    name: str
    figures: dict[str, Any] | None
    seconds: float
    peak_mb: float | None
    problem: str = ""


def run_script(name: str, posts: int) -> Outcome:
    """Run bench_<name>.py in a child process; its JSON figures, wall time and peak RSS."""
    script = HERE / f"bench_{name}.py"
    if not script.exists():
        return Outcome(name, None, 0.0, None, f"bench/bench_{name}.py does not exist yet")
    usage = subprocess.run([sys.executable, str(script), "--help"], capture_output=True, text=True)
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / f"{name}.json"
        command = [sys.executable, str(script), "--json", str(out)]
        if "--posts" in usage.stdout:
            command += ["--posts", str(posts)]
        print(f"\n$ {' '.join(command[1:])}", flush=True)
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=HERE.parent)
        _, status, usage_after = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.perf_counter() - started
        peak = round(usage_after.ru_maxrss / 1024, 1)  # KiB on Linux
        if process.returncode != 0:
            return Outcome(name, None, seconds, peak, f"exited with status {process.returncode}")
        if not out.exists():
            return Outcome(name, None, seconds, peak, "wrote no JSON")
        return Outcome(name, json.loads(out.read_text("utf-8")), seconds, peak)


def rows_for(outcome: Outcome) -> list[Row]:
    """The table rows of one script, read from its own JSON shape."""
    figures = outcome.figures
    if figures is None:
        return [Row(outcome.name, "all figures", None, "", note=outcome.problem)]
    peak = outcome.peak_mb
    reader = READERS.get(outcome.name, _generic)
    return [
        Row(row.benchmark, row.figure, row.value, row.unit, row.versus,
            row.peak_mb if row.peak_mb is not None else peak, row.note)
        for row in reader(outcome.name, figures)
    ]  # fmt: skip


def _import(name: str, figures: dict[str, Any]) -> list[Row]:
    data = figures.get("import", figures)
    return [Row(name, f"import {data.get('posts')} posts", data.get("posts_per_second"),
                "posts/s", peak_mb=data.get("peak_memory_mb"))]  # fmt: skip


def _clocks(value: Any) -> dict[str, float]:
    """A rate or ratio as {"wall": x, "cpu": y}; older scripts reported a bare wall figure."""
    if isinstance(value, dict):
        return value
    return {} if value is None else {"wall": value}


def _annotate(name: str, figures: dict[str, Any]) -> list[Row]:
    ratio = _clocks(figures.get("ratio_pipeline_to_tokenizer"))
    versus = f"{ratio['wall']:.2f}x spaCy bare tokenizer's speed" if "wall" in ratio else ""
    if "cpu" in ratio:
        versus += f" ({ratio['cpu']:.2f}x per CPU second)"
    pipeline, tokenizer = _clocks(figures.get("pipeline_1_process")), _clocks(
        figures.get("bare_tokenizer"))  # fmt: skip
    parallel = next((k for k in figures if k.startswith("annotate_jsonl_") and
                     not k.endswith("_1_process")), None)  # fmt: skip
    rows = [
        Row(name, "pipeline, 1 process (wall)", pipeline.get("wall"), "posts/s",
            versus, figures.get("peak_mb_main_process")),
        Row(name, "spaCy bare tokenizer (baseline, wall)", tokenizer.get("wall"), "posts/s"),
    ]  # fmt: skip
    if "cpu" in pipeline:
        rows.append(Row(name, "pipeline, 1 process, per CPU second", pipeline["cpu"], "posts/s",
                        f"tokenizer {tokenizer.get('cpu', 0):,.0f} per CPU second"))  # fmt: skip
    single = figures.get("annotate_jsonl_1_process")
    if isinstance(single, dict) and "peak_mb" in single:  # measured as the command, not in-process
        rows.append(Row(name, "testigo annotate, 1 process (wall)", single.get("wall"), "posts/s",
                        peak_mb=single["peak_mb"]))  # fmt: skip
    if parallel:
        label = parallel.removeprefix("annotate_jsonl_").replace("_", " ")
        speedup = figures.get("speedup_processes")
        rows.append(Row(name, f"testigo annotate, {label} (wall)",
                        _clocks(figures[parallel]).get("wall"), "posts/s",
                        f"{speedup:.2f}x 1 process, start-up included" if speedup else "",
                        peak_mb=figures.get("peak_mb_worker_process"),
                        note="peak is the command's largest process"))  # fmt: skip
    return rows


def _collect(name: str, figures: dict[str, Any]) -> list[Row]:
    """Telegram's figures at the top level; another platform's (mastodon) under its name."""
    rows = []
    for source, data in [
        ("telegram previews", figures),
        ("mastodon timeline", figures.get("mastodon")),
    ]:
        if data is None:
            continue
        per_cpu = data.get("posts_per_cpu_second")
        rows += [
            Row(
                name,
                f"{source} -> SQLite (HTTP time out)",
                data.get("posts_per_second"),
                "posts/s",
                f"{per_cpu:,.0f} per CPU second" if per_cpu else "",
                peak_mb=data.get("peak_memory_mb"),
            ),
            Row(name, "same, HTTP included", data.get("posts_per_second_with_network"), "posts/s"),
        ]
    return rows


def _daemon(name: str, figures: dict[str, Any]) -> list[Row]:
    """One row per run (SQLite, PostgreSQL with 1 and 2 workers); older JSON had one run."""
    rows = []
    for run in figures.get("runs") or [figures]:
        workers = run.get("workers", "?")
        cpu = run.get("cpu_seconds") or {}
        rows.append(Row(
            name, f"mastodon replay -> stored + annotated ({run.get('database', '?')}, "
            f"{workers} worker{'' if workers == 1 else 's'})", run.get("posts_per_second"),
            "posts/s", ", ".join(f"{k} {v:.1f}" for k, v in cpu.items()) + " CPU s" if cpu
            else "", note="" if rows else "peak measured by the runner"))  # fmt: skip
    if figures.get("postgresql_unavailable"):
        rows.append(Row(name, "mastodon replay -> stored + annotated (postgresql)", None,
                        "posts/s", note=figures["postgresql_unavailable"]))  # fmt: skip
    return rows


def _queries(name: str, figures: dict[str, Any]) -> list[Row]:
    rows = []
    for query in QUERIES:
        data = figures.get(query) or {}
        ratio = data.get("ratio")
        rows.append(Row(name, f"{query} ({figures.get('posts')} posts)", data.get("ms"), "ms",
                        f"{ratio:.2f}x DuckDB's time on raw tables ({data.get('duckdb_ms')} ms)"
                        if ratio else "",
                        note="" if data else f"no '{query}' in its JSON"))  # fmt: skip
    rows.append(Row(name, "digest", figures.get("digest_ms"), "ms"))
    return rows


def _dashboard(name: str, figures: dict[str, Any]) -> list[Row]:
    """One row per page: the analyst's server time, the viewer's beside it."""
    analyst, viewer = figures.get("analyst") or {}, figures.get("viewer") or {}
    target = figures.get("target_ms")
    return [
        Row(name, f"page {page.removesuffix('_ms')} (analyst)", ms, "ms",
            f"viewer {viewer.get(page, 'n/a')} ms" + (f"; target < {target} ms" if target else ""))
        for page, ms in analyst.items()
    ] or [Row(name, "pages", None, "ms", note="no analyst page times in its JSON")]  # fmt: skip


def _generic(name: str, figures: dict[str, Any]) -> list[Row]:
    """A script without a reader here: every figure ending in _ms or _s."""
    rows = []
    for key, value in _leaves(figures):
        unit = "ms" if key.endswith("ms") else "s" if key.endswith("_s") else ""
        if unit and isinstance(value, int | float):
            rows.append(Row(name, key.removesuffix("_" + unit).removesuffix(unit), value, unit))
    return rows or [Row(name, "figures", None, "", note="no *_ms or *_s figure in its JSON")]


def _leaves(data: Any, prefix: str = "") -> list[tuple[str, Any]]:
    if isinstance(data, dict):
        return [leaf for k, v in data.items() for leaf in _leaves(v, f"{prefix}{k}.")]
    return [(prefix.rstrip("."), data)]


def _name_masks(name: str, figures: dict[str, Any]) -> list[Row]:
    """Time per text a viewer is shown, for paragraphs and for short posts."""
    return [
        Row(name, f"mask names in {kind} ({data.get('mean_chars')} chars)", data.get("us_per_text"),
            "µs/text", f"{data.get('mb_per_s')} MB of text/s")
        for kind in ("passages", "posts") if (data := figures.get(kind))
    ] + [Row(name, "build the masker", figures.get("build_ms"), "ms")]  # fmt: skip


def _coordination(name: str, figures: dict[str, Any]) -> list[Row]:
    """The refresh (read, detect, write) and detection alone, with each run's own peak: the
    peak at all posts against the peak at a quarter shows memory flat in the posts."""
    rows = []
    for run in ("quarter", "whole"):
        data = figures.get(run) or {}
        rows += [
            Row(name, f"refresh from scratch, {data.get('posts')} posts (SQLite)",
                data.get("refresh_posts_per_second"), "posts/s",
                f"{data.get('refresh_posts_per_cpu_second', 0):,} per CPU second; "
                f"{data.get('clusters')} clusters", peak_mb=data.get("peak_mb")),
            Row(name, f"detection alone, {data.get('posts')} posts",
                data.get("detect_posts_per_second"), "posts/s",
                f"{data.get('detect_posts_per_cpu_second', 0):,} per CPU second; target 5,000",
                peak_mb=data.get("peak_mb")),
        ]  # fmt: skip
    return rows


READERS = {
    "import": _import, "annotate": _annotate, "collect": _collect,
    "daemon": _daemon, "queries": _queries, "dashboard": _dashboard,
    "name_masks": _name_masks, "coordination": _coordination,
}  # fmt: skip


def machine() -> dict[str, Any]:
    memory_kib = next(
        (int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
         if line.startswith("MemTotal:")), 0)  # fmt: skip
    return {
        "nproc": os.cpu_count(),
        "memory_gb": round(memory_kib / 1024 / 1024, 1),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "load_average_1m": round(os.getloadavg()[0], 2),
        "date": datetime.now(UTC).strftime("%Y-%m-%d"),
    }


def _value(row: Row) -> str:
    if row.value is None:
        return "n/a"
    return f"{row.value:,.0f}" if row.unit == "posts/s" else f"{row.value:,.1f}"


def table(rows: list[Row]) -> str:
    head = ("benchmark", "figure", "value", "unit", "versus baseline", "peak MB")
    body = [
        (r.benchmark, r.figure, _value(r), r.unit, r.versus,
         f"{r.peak_mb:,.0f}" if r.peak_mb is not None else "n/a")
        for r in rows
    ]  # fmt: skip
    widths = [max(len(str(line[i])) for line in [head, *body]) for i in range(len(head))]
    right = {2, 5}  # numbers
    lines = [
        " | ".join(str(c).rjust(w) if i in right else str(c).ljust(w)
                   for i, (c, w) in enumerate(zip(line, widths, strict=True))).rstrip()
        for line in [head, *body]
    ]  # fmt: skip
    lines.insert(1, "-+-".join("-" * w for w in widths))
    notes = [f"- {r.benchmark} {r.figure}: {r.note}" for r in rows if r.note]
    return "\n".join(lines + (["", "notes:", *notes] if notes else []))


def header(about: dict[str, Any], seconds: float) -> str:
    return (f"\nTestigo benchmarks, {about['date']}: {about['nproc']} CPUs, "
            f"{about['memory_gb']} GB, Python {about['python']}, load average "
            f"{about['load_average_1m']} at start ({seconds:.0f} s)\n")  # fmt: skip


def parse_sizes(pairs: list[str]) -> dict[str, int]:
    sizes = dict(SIZES)
    for pair in pairs:
        name, _, count = pair.partition("=")
        if name not in SIZES or not count.isdigit():
            raise SystemExit(f"--posts: expected NAME=N with NAME in {', '.join(SIZES)}, "
                             f"got {pair!r}")  # fmt: skip
        sizes[name] = int(count)
    return sizes


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--posts",
        action="append",
        default=[],
        metavar="NAME=N",
        help=f"corpus size per benchmark (defaults: {SIZES})",
    )
    parser.add_argument("--only", nargs="*", choices=list(SIZES), help="run only these")
    parser.add_argument("--json", type=Path, default=RESULTS, help=f"default: {RESULTS}")
    parser.add_argument(
        "--show",
        action="store_true",
        help="print the table of the --json file again, without running",
    )
    args = parser.parse_args()  # fmt: skip
    if args.show:
        saved = json.loads(args.json.read_text("utf-8"))
        outcomes = [Outcome(**outcome) for outcome in saved["outcomes"]]
        print(header(saved["machine"], sum(o.seconds for o in outcomes)))
        print(table([row for outcome in outcomes for row in rows_for(outcome)]))
        return
    sizes = parse_sizes(args.posts)
    about = machine()  # the load average before the runs, which add their own
    started = time.perf_counter()
    outcomes = [
        run_script(name, sizes[name]) for name in SIZES if not args.only or name in args.only
    ]
    rows = [row for outcome in outcomes for row in rows_for(outcome)]
    print(header(about, time.perf_counter() - started))
    print(table(rows))
    args.json.parent.mkdir(parents=True, exist_ok=True)
    report = {
        "machine": about,
        "sizes": sizes,
        "rows": [asdict(row) for row in rows],
        "outcomes": [asdict(outcome) for outcome in outcomes],
    }
    args.json.write_text(json.dumps(report, indent=2) + "\n", "utf-8")
    print(f"\nwritten: {args.json}")


if __name__ == "__main__":
    main()
