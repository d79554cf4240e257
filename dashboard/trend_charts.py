"""Trend rows into the shared SVG renderer's input (dashboard/charts.py draws)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

from markupsafe import Markup

from dashboard.charts import bar_chart, line_chart

MAX_SERIES = 7


def trend_chart(title: str, rows: Iterable[Any], series_of: Callable[[Any], str]) -> Markup:
    """A line per series (the biggest MAX_SERIES) over every period present, gaps as 0."""
    counts: dict[str, dict[date, int]] = defaultdict(dict)
    for row in rows:
        slot = counts[series_of(row)]
        slot[row.period] = slot.get(row.period, 0) + row.posts
    periods = sorted({p for per in counts.values() for p in per})
    biggest = sorted(counts, key=lambda s: -sum(counts[s].values()))[:MAX_SERIES]
    series = {name: [counts[name].get(p, 0) for p in periods] for name in biggest}
    # The renderer escapes every label it is given.
    return Markup(line_chart(title, [p.isoformat() for p in periods], series))


def ranking_chart(title: str, bars: list[tuple[str, float]]) -> Markup:
    return Markup(bar_chart(title, bars))
