"""A post's text as HTML with its annotations marked in place, names per the policy.

The text is split at every mark boundary; each piece is escaped and wrapped in
the marks covering it. A person's span is replaced whole by their label, and for a
viewer every other span that may name someone by a fixed placeholder, so a viewer's
page never holds the name, not even in an attribute.
"""

from __future__ import annotations

from collections import defaultdict
from itertools import pairwise

from markupsafe import Markup, escape

from storage.post_marks import Mark
from storage.privacy import Names, Replacement, Span, replacements


def highlight(text: str, marks: list[Mark], names: Names) -> Markup:
    """One sweep over the cuts, keeping the marks open at each: a long hostile post with
    thousands of marks costs what its output costs, not marks times pieces."""
    people = _replaced(text, marks, names)
    others = [m for m in marks if m.kind != "individual" and 0 <= m.start < m.end <= len(text)]
    spans: list[Replacement | Mark] = [*people, *others]
    cuts = sorted({0, len(text), *(p for m in spans for p in (m.start, m.end))})
    starting: dict[int, list[int]] = defaultdict(list)
    ending: dict[int, list[int]] = defaultdict(list)
    for index, mark in enumerate(others):
        starting[mark.start].append(index)
        ending[mark.end].append(index)
    upcoming = iter(people)
    person = next(upcoming, None)
    open_marks: set[int] = set()
    html: list[str] = []
    for start, end in pairwise(cuts):
        open_marks.difference_update(ending[start])
        open_marks.update(starting[start])
        while person is not None and person.end <= start:
            person = next(upcoming, None)
        if person is not None and person.start <= start:
            if person.start == start and person.span is not None:
                label = escape(person.label)
                html.append(f'<mark class="individual" title="individual">{label}</mark>')
            elif person.start == start:
                html.append(
                    f'<mark class="masked" title="hidden name">{escape(person.label)}</mark>'
                )
            continue
        piece = str(escape(text[start:end]))
        for mark in (others[index] for index in sorted(open_marks)):
            classes = f"{mark.kind} {'contested' if mark.polarity == 'contested' else ''}".strip()
            title = f"{mark.kind}: {mark.key}" + (f" ({mark.polarity})" if mark.polarity else "")
            piece = f'<mark class="{classes}" title="{escape(title)}">{piece}</mark>'
        html.append(piece)
    return Markup("".join(html))


def _replaced(text: str, marks: list[Mark], names: Names) -> list[Replacement]:
    """People's spans (the earlier, longer span wins) and, for viewers, masked names."""
    spans = [Span(m.start, m.end, m.name, m.name_key) for m in marks if m.kind == "individual"]
    return replacements(text, spans, names)
