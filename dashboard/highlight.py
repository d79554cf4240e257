"""A post's text as HTML with its annotations marked in place, names per the policy.

The text is split at every mark boundary; each piece is escaped and wrapped in
the marks covering it. A person's span is replaced whole by their label, so a
viewer's page never holds the name, not even in an attribute.
"""

from __future__ import annotations

from markupsafe import Markup, escape

from storage.post_marks import Mark
from storage.privacy import Names


def highlight(text: str, marks: list[Mark], names: Names) -> Markup:
    people = _people(marks, len(text))
    others = [m for m in marks if m.kind != "individual" and 0 <= m.start < m.end <= len(text)]
    cuts = sorted({0, len(text), *(p for m in people + others for p in (m.start, m.end))})
    html: list[str] = []
    for start, end in zip(cuts, cuts[1:], strict=False):
        person = next((p for p in people if p.start <= start < p.end), None)
        if person is not None:
            if person.start == start:
                label = names.label(person.name, person.name_key)
                html.append(f'<mark class="individual" title="individual">{escape(label)}</mark>')
            continue
        piece = str(escape(text[start:end]))
        for mark in (m for m in others if m.start <= start and end <= m.end):
            classes = f"{mark.kind} {'contested' if mark.polarity == 'contested' else ''}".strip()
            title = f"{mark.kind}: {mark.key}" + (f" ({mark.polarity})" if mark.polarity else "")
            piece = f'<mark class="{classes}" title="{escape(title)}">{piece}</mark>'
        html.append(piece)
    return Markup("".join(html))


def _people(marks: list[Mark], length: int) -> list[Mark]:
    """People's spans, in order, without overlaps (the earlier, longer span wins)."""
    kept: list[Mark] = []
    named = (m for m in marks if m.kind == "individual")
    for mark in sorted(named, key=lambda m: (m.start, -m.end)):
        if 0 <= mark.start < mark.end <= length and (not kept or mark.start >= kept[-1].end):
            kept.append(mark)
    return kept
