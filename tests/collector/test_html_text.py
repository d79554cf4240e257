"""HTML to plain text: what an analyst reads of a post whose text arrived as markup."""

from __future__ import annotations

import pytest

from collector.html_text import html_to_text, markdown_text
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


def test_a_zero_width_space_is_no_line_and_no_character() -> None:
    """Editors put `&#x200B;` in an empty paragraph to keep it; readers see nothing there."""
    assert html_to_text("<p>Sin juicio.</p><p>&#x200B;</p><p>Sin\u200babogado.</p>") == (
        "Sin juicio.\nSinabogado."
    )


def test_markdown_source_reads_as_shown_with_its_paragraphs() -> None:
    source = (
        "Familias &amp; abogados&nbsp;piden fe de vida.\n\n&#x200B;\n\n\u200b\nhttps://x.example/a"
    )
    assert markdown_text(source) == (
        "Familias & abogados\u00a0piden fe de vida.\n\nhttps://x.example/a"
    )


def test_fingerprint_ignores_case_spacing_and_composition() -> None:
    assert text_fingerprint("  Presos\u00a0POLÍTICOS\n ya ") == text_fingerprint(
        "presos poli\u0301ticos ya"
    )


def test_markup_cut_off_inside_a_tag_shows_no_half_tag() -> None:
    """A feed that truncates its description mid-link: what is left of the tag is not text."""
    assert html_to_text('<p>Liberen a los presos <a href="https://x.example/no') == (
        "Liberen a los presos"
    )


def test_marked_section_of_unknown_kind_is_not_an_error() -> None:
    assert html_to_text("<p>Antes.</p><![x[ dentro") == "Antes."


# A megabyte each: html.parser took minutes on several of these shapes (its work grew with
# the square of the input); each is read here in a single pass, so the suite's own run time
# would show a return to quadratic work.
_SIZE = 1_000_000


@pytest.mark.parametrize(
    ("hostile", "text"),
    [
        (("<a<a\u2039a" * _SIZE)[:_SIZE], ""),  # a tag that never closes
        ("<span>" * (_SIZE // 6) + "hondo", "hondo"),  # deep nesting, never closed
        ("<b>" + "<span>" * (_SIZE // 12) + "</p>" * (_SIZE // 12) + "fin", "fin"),
        ('<a title="' + "x" * _SIZE + '">enlace</a>', "enlace"),  # a huge attribute
        ('<a title="' + "<a x=" * (_SIZE // 5), ""),  # an attribute value never closed
        ("<!--" + "<p>x" * (_SIZE // 4), ""),  # a comment never closed
        ("<!--" * (_SIZE // 4), ""),
        ("<script>" + "<p>x</scrip" * (_SIZE // 11), ""),  # a script never closed
        ("</" * (_SIZE // 2), ""),
        ("<?" * (_SIZE // 2), ""),
        ("<![x[" * (_SIZE // 5), ""),
        ("<" * _SIZE, "<" * _SIZE),  # no markup at all, only brackets
    ],
)
def test_hostile_markup_is_read_once_and_text_before_it_survives(hostile: str, text: str) -> None:
    assert html_to_text("<p>Antes.</p>" + hostile) == f"Antes.\n{text}".strip()
