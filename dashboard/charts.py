"""Inline SVG charts as pure functions: a line chart for trends, a bar chart for rankings.

No scripts, no external requests; every label is escaped (labels come from data).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape

WIDTH, HEIGHT, PAD = 640, 240, 40
COLOURS = ("#1b6ca8", "#c0392b", "#27ae60", "#8e44ad", "#d35400", "#2c3e50", "#16a085")


def line_chart(title: str, x_labels: Sequence[str], series: Mapping[str, Sequence[float]]) -> str:
    """One line per series over shared x labels (e.g. days)."""
    top = max((v for values in series.values() for v in values), default=0) or 1
    step = (WIDTH - 2 * PAD) / max(len(x_labels) - 1, 1)
    parts = [_open(title, HEIGHT)]
    for n, (name, values) in enumerate(series.items()):
        points = " ".join(
            f"{PAD + i * step:.1f},{HEIGHT - PAD - v / top * (HEIGHT - 2 * PAD):.1f}"
            for i, v in enumerate(values)
        )
        colour = COLOURS[n % len(COLOURS)]
        parts.append(
            f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="{points}"/>'
        )
        parts.append(
            f'<text x="{WIDTH - PAD + 4}" y="{PAD + 14 * n}" font-size="11" fill="{colour}">'
            f"{escape(name)}</text>"
        )
    for i, label in enumerate(x_labels):
        if len(x_labels) <= 8 or i in (0, len(x_labels) - 1):
            parts.append(
                f'<text x="{PAD + i * step:.1f}" y="{HEIGHT - PAD + 16}" font-size="10" '
                f'text-anchor="middle">{escape(label)}</text>'
            )
    parts.append(f'<text x="4" y="{PAD}" font-size="10">{top:g}</text></svg>')
    return "".join(parts)


def bar_chart(title: str, bars: Sequence[tuple[str, float]]) -> str:
    """Horizontal bars, largest first as given."""
    height = PAD + 22 * max(len(bars), 1)
    top = max((v for _, v in bars), default=0) or 1
    parts = [_open(title, height)]
    for i, (label, value) in enumerate(bars):
        y = PAD / 2 + 22 * i
        length = value / top * (WIDTH - 260)
        parts.append(
            f'<text x="4" y="{y + 14}" font-size="11">{escape(label)}</text>'
            f'<rect x="200" y="{y + 3}" width="{length:.1f}" height="14" fill="{COLOURS[0]}"/>'
            f'<text x="{204 + length:.1f}" y="{y + 14}" font-size="11">{value:g}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _open(title: str, height: float) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height:.0f}" '
        f'role="img" aria-label="{escape(title)}"><title>{escape(title)}</title>'
    )
