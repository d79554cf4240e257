"""HTML to safe plain text, shared by every collector that receives markup.

Post text is hostile: tags are stripped, script/style content is dropped (not
shown as text), entities are unescaped once, and whitespace is collapsed so
text fingerprints match across platforms. Block tags and <br> become line
breaks so paragraphs stay apart. Invisible spacers (zero-width space, word
joiner, a stray byte-order mark) are dropped: editors insert them as blank-line
placeholders (Reddit's `&#x200B;`), and a line holding only one is no line at
all. Markup is read in one pass whatever it holds: html.parser's work grew with
the square of some inputs (a single hostile post of 200 KB held a collection run
for half a minute).
"""

from __future__ import annotations

import re
from html import unescape

# Characters with no width and no meaning in text. Zero-width (non-)joiners are not here:
# they shape emoji sequences and Persian or Indic words.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u2060\ufeff"))
_BLANK_LINES = re.compile(r"\n[^\S\n]*(?:\n[^\S\n]*)+\n")

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
    text = drop_invisible(text)
    if "\n" not in text:
        return " ".join(text.split())
    return "\n".join(filter(None, [" ".join(line.split()) for line in text.split("\n")]))


def drop_invisible(text: str) -> str:
    """The text without zero-width spacers; the usual text, which has none, is not copied."""
    if "\u200b" in text or "\u2060" in text or "\ufeff" in text:
        return text.translate(_INVISIBLE)
    return text


def markdown_text(markdown: str) -> str:
    """Markdown source (Reddit's) as people read it: entities decoded once, spacers dropped,
    paragraphs kept apart by one blank line and no more."""
    text = drop_invisible(unescape(markdown)) if "&" in markdown else drop_invisible(markdown)
    return _BLANK_LINES.sub("\n\n", text).strip()


def html_to_text(html: str) -> str:
    """Plain text of an HTML fragment (already unescaped once, e.g. by an XML parser)."""
    if "<" not in html and "&" not in html:
        return collapse_whitespace(html)
    out = PlainText()
    _read_markup(html, out)
    return out.text()


# One piece of markup at a '<', read the way an HTML5 tokenizer reads it: a tag runs to the
# first '>' outside a quoted attribute value, a comment to '-->', anything else starting with
# '<!', '<?' or '</' to the next '>'. Each alternative matches whatever follows its opening
# (possessively, to the end of the input if nothing closes it): a match never fails after
# reading on, the next search starts where it ended, and the work is linear in the input
# whatever it holds. A '<' that opens none of these (before a space, a digit, the end) is text.
_SPACE = r"\t\n\r\f "
_MARKUP = re.compile(
    rf"<(?:(/?)([a-zA-Z][^{_SPACE}/>]*+)"  # a start or end tag and its name
    rf"(?:[{_SPACE}]++|/(?!>)|[^{_SPACE}/>][^{_SPACE}/=>]*+"  # attributes, ignored
    rf"(?:[{_SPACE}]*+=[{_SPACE}]*+(?:\"[^\"]*+\"|'[^']*+'|[^{_SPACE}>]*+))?+)*+"
    r"(/?)(>)?"  # self-closing; no '>' means the input ended inside the tag
    r"|!--(?:-?>|.*?--!?>|.*+)"  # a comment, closed or not
    r"|/>|/(?!\Z)[^>]*+>?|[!?][^>]*+>?)",  # '</>', bogus comments, doctype, PI, CDATA
    re.DOTALL,
)
# Elements whose content is raw text up to their end tag, as html.parser reads them.
_RAW_TEXT = frozenset({"script", "style"})
_RAW_TEXT_END = {name: re.compile(rf"</{name}[{_SPACE}/>]", re.IGNORECASE) for name in _RAW_TEXT}


def _read_markup(html: str, out: PlainText) -> None:
    """Text and tag events into out. An unclosed tag, comment or raw-text element ends the
    input (what browsers and Python 3.13's html.parser do), so hostile markup costs no more
    to read than plain text."""
    position = 0
    while (match := _MARKUP.search(html, position)) is not None:
        if match.start() > position:
            out.data(unescape(html[position : match.start()]))
        position = match.end()
        closing, name, self_closing, closed = match.groups()
        if name is None or closed is None:
            continue
        name = name.lower()
        if closing:
            out.end(name)
            continue
        out.start(name)
        if self_closing:
            out.end(name)
        elif name in _RAW_TEXT:
            end = _RAW_TEXT_END[name].search(html, position)
            position = len(html) if end is None else end.start()
    if position < len(html):
        out.data(unescape(html[position:]))
