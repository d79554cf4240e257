"""HTML to plain text: what an analyst reads of a post whose text arrived as markup."""

from __future__ import annotations

import pytest

from collector.html_text import html_to_text
from collector.post import text_fingerprint


@pytest.mark.parametrize(
    ("html", "text"),
    [
        (
            '<p>Ni un juicio en <a href="https://m.example/tags/CECOT" class="mention hashtag"'
            ' rel="tag">#<span>CECOT</span></a>.</p><p>Debido&nbsp;proceso &amp; ya.</p>',
            "Ni un juicio en #CECOT.\nDebido proceso & ya.",
        ),
        ("<P>Uno<BR/>dos<br>tres</P>", "Uno\ndos\ntres"),
        ("&lt;b&gt;no es una etiqueta&lt;/b&gt;", "<b>no es una etiqueta</b>"),
        ("<p>a<script>alert('<p>x</p>')</script>b</p>", "ab"),
        ("<p>1 < 2 y 3 > 2</p>", "1 < 2 y 3 > 2"),
        ("<p>visible<!-- <p>oculto</p> --></p>", "visible"),
        ("<a href=sin-comillas>enlace</a> <i>fin</i>", "enlace fin"),
        ('<span title="a > b">texto</span>', "texto"),
        ("<p>  muchos \t espacios \n\n\n líneas  </p>", "muchos espacios\nlíneas"),
    ],
)
def test_markup_becomes_plain_text(html: str, text: str) -> None:
    assert html_to_text(html) == text


def test_fingerprint_ignores_case_spacing_and_composition() -> None:
    assert text_fingerprint("  Presos\u00a0POLÍTICOS\n ya ") == text_fingerprint(
        "presos poli\u0301ticos ya"
    )
