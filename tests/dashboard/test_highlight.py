"""A post's text with its marks: what a viewer sees of a long, heavily marked post."""

from __future__ import annotations

from dashboard.highlight import highlight
from storage.post_marks import Mark
from storage.privacy import Names, pseudonym
from testigo.name_masking import name_masker

_KEY = b"k" * 32


def test_long_post_with_thousands_of_marks_hides_every_name() -> None:
    """Twenty thousand names and frames in one post: once quadratic work (a minute for this
    page), now one sweep; every name is still a pseudonym and every frame marked."""
    phrase = "terroristas José Pérez "
    repeats = 20_000
    marks = []
    for number in range(repeats):
        at = number * len(phrase)
        marks.append(Mark("frame", "criminality_terrorism", at, at + 11))
        marks.append(Mark("individual", "p1", at + 12, at + 22, name="José Pérez", name_key="p1"))
    html = str(highlight(phrase * repeats, marks, Names(key=_KEY, masker=name_masker())))
    assert "José" not in html
    assert html.count(pseudonym("p1", _KEY)) == repeats
    assert html.count('<mark class="frame" title="frame: criminality_terrorism">') == repeats
