"""HTML to safe plain text, shared by every collector that receives markup.

Post text is hostile: tags are stripped, script/style content is dropped (not
shown as text), entities are unescaped once, and whitespace is collapsed so
text fingerprints match across platforms. Block tags and <br> become line
breaks so paragraphs stay apart.
"""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser

_DROPPED = frozenset({"script", "style", "template", "noscript", "head", "title"})
_BLOCKS = frozenset(
    {
        "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt",
        "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header",
        "hr", "li", "main", "nav", "ol", "p", "pre", "section", "table", "td", "th", "tr", "ul",
    }
)  # fmt: skip


class PlainText:
    """Accumulates plain text from HTML parser events; other parsers feed it a subtree."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._dropping = 0

    def start(self, tag: str) -> None:
        if tag in _DROPPED:
            self._dropping += 1
        elif tag in _BLOCKS:
            self._parts.append("\n")

    def end(self, tag: str) -> None:
        if tag in _DROPPED:
            self._dropping = max(self._dropping - 1, 0)
        elif tag in _BLOCKS:
            self._parts.append("\n")

    def data(self, text: str) -> None:
        if not self._dropping:
            self._parts.append(text)

    def text(self) -> str:
        return collapse_whitespace("".join(self._parts))


def collapse_whitespace(text: str) -> str:
    """Runs of spaces become one space; line breaks survive, blank lines do not.

    str.split() and regular expressions' \\s agree on what whitespace is (no-break spaces
    included); splitting is several times faster than two regex substitutions, and every
    post's text and author name passes through here.
    """
    if "\n" not in text:
        return " ".join(text.split())
    return "\n".join(filter(None, [" ".join(line.split()) for line in text.split("\n")]))


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out = PlainText()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.out.start(tag)

    def handle_endtag(self, tag: str) -> None:
        self.out.end(tag)

    def handle_data(self, data: str) -> None:
        self.out.data(data)


def html_to_text(html: str) -> str:
    """Plain text of an HTML fragment (already unescaped once, e.g. by an XML parser)."""
    if "<" not in html and "&" not in html:
        return collapse_whitespace(html)
    out = _plain_markup(html)
    if out is None:
        parser = _Parser()
        parser.feed(html)
        parser.close()
        out = parser.out
    return out.text()


# A start or end tag with quoted attribute values and nothing unusual, as Mastodon writes them.
# Spaces are ASCII only: html.parser ends a tag name at those alone.
_TAG = re.compile(
    r"<(/?)([a-zA-Z][a-zA-Z0-9]*+)"
    r"((?:[ \t\n\r\f]++[a-zA-Z_:][-a-zA-Z0-9_:.]*+"
    r"(?:[ \t\n\r\f]*+=[ \t\n\r\f]*+(?:\"[^\"<>]*+\"|'[^'<>]*+'))?+)*+)"
    r"[ \t\n\r\f]*+(/?)>"
)
# Elements whose content html.parser reads as raw text (or may, in other Python versions).
_RAW_TEXT = frozenset({"script", "style", "textarea", "title", "xmp", "iframe", "noembed",
                       "noframes", "noscript", "plaintext"})  # fmt: skip


def _plain_markup(html: str) -> PlainText | None:
    """Text and plain tags read with one regex, the same events html.parser gives, several
    times faster; None when anything else is there (a comment, a stray '<', script or style,
    an unquoted attribute), which html.parser then reads."""
    out = PlainText()
    position = 0
    for match in _TAG.finditer(html):
        if not _plain_data(out, html[position : match.start()]):
            return None
        closing, name, attributes, self_closing = match.groups()
        name = name.lower()
        if name in _RAW_TEXT or (closing and (attributes or self_closing)):
            return None
        if not closing:
            out.start(name)
        if closing or self_closing:
            out.end(name)
        position = match.end()
    return out if _plain_data(out, html[position:]) else None


def _plain_data(out: PlainText, text: str) -> bool:
    if "<" in text:
        return False
    if text:
        out.data(unescape(text))
    return True
