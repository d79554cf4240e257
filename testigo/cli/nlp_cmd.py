"""`testigo nlp ...`: checks of the NLP pipeline (quality against a gold set)."""

from __future__ import annotations

import sys

import click
from rich.console import Console
from rich.table import Table

from nlp.evaluate import ACTORS, FRAMES, LABEL_TYPES, Counts, GoldError, evaluate, read_gold
from testigo.cli.annotate import configured_pipeline
from testigo.errors import UserError

# Post text and ids are data, never markup.
_console = Console(markup=False, emoji=False, highlight=False)


@click.group("nlp")
def nlp() -> None:
    """The NLP pipeline: evaluate it against a gold set."""


@nlp.command("evaluate")
@click.argument("gold_path", metavar="GOLD.jsonl", type=click.Path(exists=True, dir_okay=False))
@click.pass_context
def evaluate_command(ctx: click.Context, gold_path: str) -> None:
    """Precision, recall and F1 per label type and per id; exit 1 if a quality floor is unmet."""
    pipeline = configured_pipeline(ctx)
    try:
        gold = read_gold(gold_path)
    except GoldError as error:
        raise UserError(str(error)) from None
    report = evaluate(pipeline, gold)
    summary = Table(title=f"{report.posts} posts, pipeline {pipeline.version}")
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
    for label_type in (ACTORS, FRAMES):
        table = Table(title=f"{label_type} per id")
        for column in ("id", "precision", "recall", "F1", "tp", "fp", "fn"):
            table.add_column(column, justify="left" if column == "id" else "right")
        for label, counts in sorted(report.per_id[label_type].items()):
            table.add_row(label, *_scores(counts))
        _console.print(table)
    unmet = report.unmet_floors()
    for floor, value in unmet:
        _console.print(
            f"BELOW FLOOR: {floor.label_type} {floor.metric} {value:.3f} < {floor.minimum}"
        )
    if unmet:
        sys.exit(1)
    _console.print("All quality floors met.")


def _scores(counts: Counts) -> list[str]:
    return [
        f"{counts.precision:.3f}",
        f"{counts.recall:.3f}",
        f"{counts.f1:.3f}",
        str(counts.tp),
        str(counts.fp),
        str(counts.fn),
    ]
