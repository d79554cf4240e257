"""`testigo nlp ...`: the NLP pipeline's compiled stages and start-up tables, and its quality
against a gold set."""

from __future__ import annotations

import sys
import time

import click
from rich.console import Console
from rich.table import Table

from nlp import native
from nlp.disk_cache import cache_folder
from nlp.evaluate import (
    ACTORS,
    FRAMES,
    GOLD_DIR,
    LABEL_TYPES,
    QUALITY_FLOORS,
    REAL_TEXT_TARGETS,
    Counts,
    EvaluationReport,
    GoldError,
    evaluate,
    read_parts,
)
from testigo.cli.annotate import configured_pipeline
from testigo.errors import UserError

# Post text and ids are data, never markup.
_console = Console(markup=False, emoji=False, highlight=False)


@click.group("nlp")
def nlp() -> None:
    """The NLP pipeline: compile its stages, prepare its start-up tables, evaluate it."""


@nlp.command("compile")
def compile_command() -> None:
    """Compile the NLP stages to C with mypyc (about two minutes; quick when up to date): they
    then annotate with about a fifth less CPU. `make install` runs it. Until it has run, and
    after a source in nlp/ changes, the stages run as plain Python, with the same results."""
    if native.compiled_folder() is not None:
        _console.print("the compiled stages are up to date")
        return
    count = len(native.compiled_modules())
    _console.print(f"compiling {count} modules of nlp/ with mypyc (about two minutes)")
    started = time.monotonic()
    try:
        folder = native.build()
    except native.BuildError as error:
        raise UserError(f"{error}\nthe stages run as plain Python") from error
    _console.print(f"compiled into {folder} in {time.monotonic() - started:.0f} s", soft_wrap=True)


@nlp.command("prepare")
@click.pass_context
def prepare_command(ctx: click.Context) -> None:
    """Build the configured pipeline once, so that what it computes from the data files (cue
    tables, lexicon) is kept in the cache folder: without them the next `annotate`, `worker` or
    `run` spends about two seconds more starting. `make install` runs it."""
    pipeline = configured_pipeline(ctx)
    stages = "compiled" if native.compiled_folder() else "plain Python (testigo nlp compile)"
    _console.print(f"stages: {stages}")
    folder = cache_folder()
    kept = sorted(path.name for path in folder.glob("*")) if folder and folder.is_dir() else []
    if not kept:
        _console.print(f"pipeline {pipeline.version}: nothing could be kept, built at each start")
        return
    _console.print(f"pipeline {pipeline.version}: {', '.join(kept)} kept in {folder}")


@nlp.command("evaluate")
@click.argument(
    "gold_paths", metavar="[GOLD.jsonl|FOLDER]...", nargs=-1, type=click.Path(exists=True)
)
@click.option(
    "--part",
    "parts",
    multiple=True,
    help="Only these parts of a split gold set (train, dev); default every part.",
)
@click.option("--per-id/--no-per-id", default=True, help="Tables per actor and frame id.")
@click.pass_context
def evaluate_command(
    ctx: click.Context, gold_paths: tuple[str, ...], parts: tuple[str, ...], per_id: bool
) -> None:
    """Precision, recall and F1 per label type (and per actor and frame id), for each part of
    the gold set (default: the real-text set in nlp/gold, train and dev apart). Exits 1 when a
    part misses its bar: the real-text targets for train/dev, the floors for files without
    a split."""
    pipeline = configured_pipeline(ctx)
    try:
        gold = read_parts(gold_paths or [GOLD_DIR])
    except GoldError as error:
        raise UserError(str(error)) from None
    unknown = set(parts) - set(gold)
    if unknown:
        raise UserError(f"no gold lines in part {', '.join(sorted(unknown))}")
    unmet = []
    for part, posts in sorted(gold.items(), key=lambda item: _PART_ORDER.get(item[0], 9)):
        if parts and part not in parts:
            continue
        report = evaluate(pipeline, posts)
        _print_report(f"{part}: {report.posts} posts, pipeline {pipeline.version}", report, per_id)
        floors = QUALITY_FLOORS if part == "all" else REAL_TEXT_TARGETS
        for floor, value in report.unmet_floors(floors):
            unmet.append(f"{part}: {floor.label_type} {floor.metric} {value:.3f} < {floor.minimum}")
    for line in unmet:
        _console.print(f"BELOW BAR: {line}")
    if unmet:
        sys.exit(1)
    _console.print("Every bar met.")


_PART_ORDER = {"train": 0, "dev": 1, "all": 2}


def _print_report(title: str, report: EvaluationReport, per_id: bool) -> None:
    summary = Table(title=title)
    for column in ("label type", "precision", "recall", "F1", "tp", "fp", "fn"):
        summary.add_column(column, justify="left" if column == "label type" else "right")
    for label_type in LABEL_TYPES:
        summary.add_row(label_type, *_scores(report.totals[label_type]))
    _console.print(summary)
    _console.print(
        f"frame polarity accuracy: {report.polarity_accuracy:.3f} "
        f"({report.polarity_right}/{report.polarity_total}); "
        f"language accuracy: {report.lang_accuracy:.3f}"
    )
    if not per_id:
        return
    for label_type in (ACTORS, FRAMES):
        table = Table(title=f"{label_type} per id")
        for column in ("id", "precision", "recall", "F1", "tp", "fp", "fn"):
            table.add_column(column, justify="left" if column == "id" else "right")
        for label, counts in sorted(report.per_id[label_type].items()):
            table.add_row(label, *_scores(counts))
        _console.print(table)


def _scores(counts: Counts) -> list[str]:
    return [
        f"{counts.precision:.3f}",
        f"{counts.recall:.3f}",
        f"{counts.f1:.3f}",
        str(counts.tp),
        str(counts.fp),
        str(counts.fn),
    ]
