"""Telegram public channel previews (`t.me/s/<channel>`), read from their HTML.

There is no API without an account: the preview page lists about 20 messages,
oldest first, and `?before=<id>` pages further back. Message ids have gaps
(deleted messages simply vanish), so paging and the cursor compare ids, never
counts. See docs/platforms.md#telegram.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from collector.base import Collector, Page, Quarantined
from collector.html_text import PlainText, collapse_whitespace
from collector.http import RawResponse
from collector.paging import Batch, Fetch, Item, padded_id, quarantine_payload, stream_pages
from collector.post import Metrics, Post, PostError, parse_time
from collector.registry import SOURCE_KINDS

_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                   "source", "track", "wbr"})  # fmt: skip
_COUNT = re.compile(r"^([\d.,]+)\s*([KMB]?)$", re.IGNORECASE)
_SCALE = {"": 1, "K": 1_000, "M": 1_000_000, "B": 1_000_000_000}
_USERNAME = re.compile(r"[A-Za-z0-9_]{1,64}")
_MESSAGE_ID = re.compile(r"[0-9]{1,19}")
HIDDEN_ORIGIN = "(hidden account)"
"""`repost_of` of a message forwarded from an account the preview does not name by username
(one that hides itself shows a name only): a private person's name is not copied out of the
raw page. Telegram usernames cannot hold spaces or parentheses, so it never names one."""


class TelegramCollector(Collector):
    kind = SOURCE_KINDS["telegram"]

    def pages(self, cursor: dict[str, Any]) -> Iterator[Page]:
        fetchers = {
            channel: self._fetcher(channel) for channel in self.source.option("channels", [])
        }
        yield from stream_pages(self, cursor, fetchers)

    def parse(self, raw: RawResponse) -> tuple[list[Post], list[Quarantined]]:
        items, quarantined = self._items(raw)
        return [post for item in items for post in item.posts], quarantined

    def _fetcher(self, channel: str) -> Fetch:
        url = f"{self.source.base_url}/s/{quote(channel.lstrip('@'), safe='')}"

        def fetch(before: int | None, floor: dict[str, Any] | None) -> Batch:
            raw = self.http.get(url, params={"before": str(before)} if before else None)
            try:
                items, quarantined = self._items(raw)
            except ValueError as error:
                return quarantine_payload(raw, error)
            ids = [int(item.id.rsplit("/", 1)[1]) for item in items]
            oldest = min(ids, default=None)
            older = oldest is not None and oldest > 1 and (before is None or oldest < before)
            return Batch(raw, items, quarantined, next_token=oldest if older else None)

        return fetch

    def _items(self, raw: RawResponse) -> tuple[list[Item], list[Quarantined]]:
        page = PreviewParser.read(raw.body.decode("utf-8", errors="replace"))
        items: list[Item] = []
        quarantined: list[Quarantined] = []
        for message in page.messages:
            if message.service:
                continue
            try:
                post = message.post()
            except (PostError, ValueError) as error:
                quarantined.append(Quarantined(str(error), json.dumps(message.as_json())))
                continue
            number = post.external_id.rsplit("/", 1)[1]
            items.append(Item(padded_id(number), post.external_id, [post]))
        return items, quarantined


@dataclass
class Message:
    """What the preview shows of one message, before it is checked."""

    data_post: str
    service: bool = False
    datetime: str | None = None
    text: PlainText | None = None
    owner_name: list[str] = field(default_factory=list)
    views: list[str] = field(default_factory=list)
    forwarded: bool = False
    forwarded_href: str | None = None
    reply_href: str | None = None

    def post(self) -> Post:
        channel, _, number = self.data_post.partition("/")
        if not channel or not number.isdigit():
            raise ValueError(f"data-post is not <channel>/<id>: {self.data_post!r}")
        if not self.datetime:
            raise ValueError("message has no <time datetime> in its date link")
        return Post(
            platform="telegram",
            external_id=self.data_post,
            created_at=parse_time(self.datetime, "datetime"),
            text=self.text.text() if self.text else "",
            url=f"https://t.me/{self.data_post}",
            author_id=channel,
            author_handle=channel,
            author_name=collapse_whitespace("".join(self.owner_name)) or None,
            metrics=Metrics(views=parse_count("".join(self.views))),
            reply_to=_message_ref(self.reply_href),
            repost_of=self.forward_origin(),
        )

    def forward_origin(self) -> str | None:
        """What a forward points to: the original message ('origin/77'), else the account
        it came from ('some_user', a profile link), else `HIDDEN_ORIGIN` (a name only)."""
        if not self.forwarded:
            return None
        if not self.forwarded_href:
            return HIDDEN_ORIGIN
        message = _message_ref(self.forwarded_href)
        if message:
            return message
        path = urlsplit(self.forwarded_href).path.strip("/")
        return path if _USERNAME.fullmatch(path) else HIDDEN_ORIGIN

    def as_json(self) -> dict[str, Any]:
        return {
            "data_post": self.data_post,
            "datetime": self.datetime,
            "text": self.text.text() if self.text else None,
            "views": "".join(self.views) or None,
        }


def parse_count(value: str) -> int | None:
    """Telegram's abbreviated counts: '987', '12.4K', '1.2M'."""
    match = _COUNT.match(value.strip())
    if not match:
        return None
    number = float(match.group(1).replace(",", ""))
    return round(number * _SCALE[match.group(2).upper()])


def _message_ref(href: str | None) -> str | None:
    """'https://t.me/origin/77' -> 'origin/77', the external id that message has here."""
    if not href:
        return None
    parts = urlsplit(href).path.strip("/").split("/")
    if len(parts) < 2 or not _MESSAGE_ID.fullmatch(parts[-1]) or not _USERNAME.fullmatch(parts[-2]):
        return None
    return f"{parts[-2]}/{parts[-1]}"


@dataclass
class PreviewPage:
    """The messages of a preview whose history was found and ends (else `read` refuses it)."""

    messages: list[Message] = field(default_factory=list)


class PreviewParser:
    """Reads the messages of a preview page with Lexbor (selectolax): one CSS query per
    message finds the elements that play a part, and text is taken element by element."""

    @classmethod
    def read(cls, html: str) -> PreviewPage:
        tree = LexborHTMLParser(html)
        history = tree.css_first(".tgme_channel_history")
        if history is None:
            raise ValueError("not a channel preview: no message history in the page")
        if not _history_ends(html):
            raise ValueError("truncated preview: the message history does not end")
        page = PreviewPage()
        for node in tree.css(".tgme_widget_message"):
            data_post = node.attributes.get("data-post")
            if data_post:
                page.messages.append(_message(node, data_post))
        return page


_HISTORY_START = re.compile(r"<[a-z][^<>]*?\btgme_channel_history\b", re.IGNORECASE)
_HISTORY_END = re.compile(r"</(section|main|body|html)\s*>", re.IGNORECASE)


def _history_ends(html: str) -> bool:
    """A body cut off in transfer still parses (HTML5 closes what is open), so the end of
    the history is looked for in the markup itself: its own or an enclosing end tag."""
    start = _HISTORY_START.search(html)
    return start is not None and _HISTORY_END.search(html, start.end()) is not None


_ROLES = (
    "tgme_widget_message_reply",
    "tgme_widget_message_text",
    "tgme_widget_message_owner_name",
    "tgme_widget_message_views",
    "tgme_widget_message_forwarded_from_name",
)
_DATE = "tgme_widget_message_date"
# Every element that can play a part, for Lexbor to find in C: a message has about a dozen
# elements and five of these. A selector list yields each element once per selector it
# matches, in document order, the node itself included.
_CANDIDATES = ", ".join(f".{name}" for name in (*_ROLES, _DATE)) + ", [datetime]"


def _message(node: LexborNode, data_post: str) -> Message:
    classes = (node.attributes.get("class") or "").split()
    message = Message(data_post, service="service_message" in classes)
    # In document order; a role's subtree (reply, text, owner, views, forwarded) is not searched
    # for other roles, so a quoted reply's text never becomes this message's text.
    top = previous = node.mem_id
    roles: set[int] = set()
    dates: set[int] = set()
    for element in node.css(_CANDIDATES):
        key = element.mem_id
        if key == previous:
            continue
        previous = key
        is_time = element.tag == "time"
        inside_role, inside_date = _ancestry(element, top, roles, dates if is_time else None)
        if inside_role:
            continue
        attributes = element.attributes
        element_classes = (attributes.get("class") or "").split()
        if _take_role(message, element, attributes, element_classes):
            roles.add(key)
        elif is_time and "datetime" in attributes and inside_date:
            message.datetime = attributes["datetime"] or ""
        if _DATE in element_classes and key not in roles:
            dates.add(key)
    return message


def _ancestry(
    element: LexborNode, top: int, roles: set[int], dates: set[int] | None
) -> tuple[bool, bool]:
    """(inside a role element, inside a date link), looking up to the message node only."""
    if not roles and not dates:
        return False, False
    inside_date = False
    parent = element.parent
    while parent is not None and (key := parent.mem_id) != top:
        if key in roles:
            return True, False
        inside_date = inside_date or (dates is not None and key in dates)
        parent = parent.parent
    return False, inside_date


def _take_role(
    message: Message, element: LexborNode, attributes: dict[str, str | None], classes: list[str]
) -> bool:
    """Read the element into the message when it plays a role there; False when it plays none."""
    if "tgme_widget_message_reply" in classes:
        message.reply_href = attributes.get("href")
    elif "tgme_widget_message_text" in classes and message.text is None:
        message.text = PlainText()
        _feed(message.text, element)
    elif "tgme_widget_message_owner_name" in classes:
        message.owner_name.append(element.text(deep=True))
    elif "tgme_widget_message_views" in classes:
        message.views.append(element.text(deep=True))
    elif "tgme_widget_message_forwarded_from_name" in classes:
        message.forwarded = True
        message.forwarded_href = attributes.get("href")
    else:
        return False
    return True


def _feed(out: PlainText, node: LexborNode) -> None:
    """Replay a subtree as start, data and end events, as the HTML parser gave them."""
    for child in node.iter(include_text=True):
        if child.tag == "-text":
            out.data(child.text_content or "")
        elif child.tag and not child.tag.startswith("-"):
            out.start(child.tag)
            if child.tag not in _VOID:
                _feed(out, child)
                out.end(child.tag)


COLLECTOR = TelegramCollector
