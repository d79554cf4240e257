"""The quality floors of issue 3, measured on tests/data/nlp_gold.jsonl with the CLI's code."""

from __future__ import annotations

from pathlib import Path

from nlp.evaluate import evaluate, read_gold
from nlp.pipeline import Pipeline

GOLD = Path(__file__).resolve().parents[1] / "data" / "nlp_gold.jsonl"


def test_gold_set_is_large_and_bilingual() -> None:
    posts = read_gold(GOLD)
    spanish = sum(post["lang"] == "es" for post in posts)
    assert len(posts) >= 200
    assert 0.4 <= spanish / len(posts) <= 0.6


def test_quality_floors_are_met_on_the_gold_set(pipeline: Pipeline) -> None:
    report = evaluate(pipeline, read_gold(GOLD))
    assert report.unmet_floors() == []
