"""Inline SVG charts as pure functions: a line chart for trends, a bar chart for rankings.

No scripts, no external requests; every label is escaped (labels come from data: ids,
names, pseudonyms). Everything is drawn inside the viewBox, so a chart scales with its box
and nothing is clipped; hover text comes from SVG <title> elements.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape

WIDTH = 560
MIN_LEFT, RIGHT = 44, 40  # room for the y tick labels and half of the last x label
PLOT_TOP, PLOT_HEIGHT = 12, 170
AXIS_ROOM = 34  # x labels under the plot, before the legend
LEGEND_ROW = 18
BAR_ROW, BAR_LABEL_WIDTH = 24, 190
CHAR_WIDTH = 7.0  # generous width of one character at FONT_SIZE, for layout only
FONT_SIZE = 12
LABEL_CHARS = 26  # longer labels are shortened on screen; the hover text keeps them whole
COLOURS = ("#1b6ca8", "#c0392b", "#27ae60", "#8e44ad", "#d35400", "#2c3e50", "#16a085")
TEXT = f'font-family="sans-serif" font-size="{FONT_SIZE}" fill="#1d232a"'


def line_chart(title: str, x_labels: Sequence[str], series: Mapping[str, Sequence[float]]) -> str:
    """One line per series over shared x labels (e.g. days), a marker on every point (so a
    single period still shows), y ticks, a dated x axis and a legend under the plot."""
    top = max((v for values in series.values() for v in values), default=0) or 1
    ticks = [(value, _number(value)) for value in (0, top / 2, top)]
    left = max(MIN_LEFT, 10 + max(len(text) for _, text in ticks) * CHAR_WIDTH)
    bottom = PLOT_TOP + PLOT_HEIGHT
    plot_width = WIDTH - left - RIGHT
    gap = plot_width / (len(x_labels) - 1) if len(x_labels) > 1 else 0.0

    def x_of(i: int) -> float:
        return left + (i * gap if gap else plot_width / 2)

    def y_of(value: float) -> float:
        return bottom - value / top * PLOT_HEIGHT

    legend, legend_height = _legend(list(series), bottom + AXIS_ROOM)
    span = f"{x_labels[0]} to {x_labels[-1]}" if x_labels else "no periods"
    summary = f"{len(series)} series, {span}, highest value {_number(top)}"
    parts = [_open(title, bottom + AXIS_ROOM + legend_height, summary)]
    for value, text in ticks:
        y = y_of(value)
        parts.append(
            f'<line x1="{left:.1f}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" '
            f'stroke="#d9dee3"/><text x="{left - 6:.1f}" y="{y + 4:.1f}" text-anchor="end" '
            f"{TEXT}>{text}</text>"
        )
    for i in _spread(x_labels, plot_width):
        parts.append(
            f'<text x="{x_of(i):.1f}" y="{bottom + 18}" text-anchor="middle" {TEXT}>'
            f"{escape(x_labels[i])}</text>"
        )
    for n, (name, values) in enumerate(series.items()):
        colour, label = COLOURS[n % len(COLOURS)], escape(name)
        marks = [
            (f"{x_of(i):.1f}", f"{y_of(value):.1f}", period, value)
            for i, (period, value) in enumerate(zip(x_labels, values, strict=False))
        ]
        path = " ".join(f"{x},{y}" for x, y, _, _ in marks)
        parts.append(
            f'<g><polyline fill="none" stroke="{colour}" stroke-width="2" points="{path}">'
            f"<title>{label}</title></polyline>"
        )
        parts += [
            f'<circle cx="{x}" cy="{y}" r="3.5" fill="{colour}">'
            f"<title>{label}, {escape(period)}: {_number(value)}</title></circle>"
            for x, y, period, value in marks
        ]
        parts.append("</g>")
    if not series or not x_labels:
        parts.append(_no_data(bottom - PLOT_HEIGHT / 2))
    parts += legend
    parts.append("</svg>")
    return "".join(parts)


def bar_chart(title: str, bars: Sequence[tuple[str, float]]) -> str:
    """Horizontal bars, largest first as given; the label left, the value at the bar's end."""
    height = 2 * PLOT_TOP + BAR_ROW * max(len(bars), 1)
    top = max((v for _, v in bars), default=0) or 1
    room = WIDTH - BAR_LABEL_WIDTH - 8 - 8 * CHAR_WIDTH  # the value's text after the bar
    summary = f"{len(bars)} bars, highest value {_number(top)}"
    parts = [_open(title, height, summary)]
    for i, (label, value) in enumerate(bars):
        y = PLOT_TOP + BAR_ROW * i
        length = value / top * room
        parts.append(
            f"<g><title>{escape(label)}: {_number(value)}</title>"
            f'<text x="4" y="{y + 15}" {TEXT}>{escape(_short(label))}</text>'
            f'<rect x="{BAR_LABEL_WIDTH}" y="{y + 3}" width="{length:.1f}" height="16" '
            f'fill="{COLOURS[0]}"/>'
            f'<text x="{BAR_LABEL_WIDTH + 4 + length:.1f}" y="{y + 15}" {TEXT}>'
            f"{_number(value)}</text></g>"
        )
    if not bars:
        parts.append(_no_data(height / 2))
    parts.append("</svg>")
    return "".join(parts)


def _open(title: str, height: float, summary: str) -> str:
    """The accessible name is the title; the description says what the chart holds."""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height:.0f}" '
        f'width="{WIDTH}" height="{height:.0f}" role="img" aria-label="{escape(title)}">'
        f"<title>{escape(title)}</title><desc>{escape(summary)}</desc>"
    )


def _legend(names: list[str], top: float) -> tuple[list[str], float]:
    """A swatch and name per series, in rows that wrap inside the width; parts and height."""
    parts: list[str] = []
    x, y = 4.0, top
    for n, name in enumerate(names):
        shown = _short(name)
        width = 22 + len(shown) * CHAR_WIDTH
        if x > 4 and x + width > WIDTH - 4:
            x, y = 4.0, y + LEGEND_ROW
        parts.append(
            f"<g><title>{escape(name)}</title>"
            f'<rect x="{x:.1f}" y="{y - 9}" width="14" height="10" '
            f'fill="{COLOURS[n % len(COLOURS)]}"/>'
            f'<text x="{x + 18:.1f}" y="{y}" {TEXT}>{escape(shown)}</text></g>'
        )
        x += width + 12
    return parts, (y - top + LEGEND_ROW if names else 0)


def _spread(labels: Sequence[str], room: float) -> list[int]:
    """Indices of the x labels to print: first, last and as many evenly between as fit."""
    if len(labels) <= 1:
        return list(range(len(labels)))
    widest = max(len(label) for label in labels) * CHAR_WIDTH + 12
    shown = min(len(labels), max(2, int(room / widest)))
    return sorted({round(k * (len(labels) - 1) / (shown - 1)) for k in range(shown)})


def _short(label: str) -> str:
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1] + "…"


def _number(value: float) -> str:
    """Whole numbers bare, others to at most two decimals (45.9, not 45.900000001)."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _no_data(y: float) -> str:
    return f'<text x="{WIDTH / 2}" y="{y:.1f}" text-anchor="middle" {TEXT}>no data</text>'
