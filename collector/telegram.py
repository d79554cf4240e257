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
from html.parser import HTMLParser
from typing import Any
from urllib.parse import quote, urlsplit

from collector.base import Collector, Page, Quarantined
from collector.html_text import PlainText, collapse_whitespace
from collector.http import RawResponse
from collector.paging import Batch, Item, padded_id, quarantine_payload, stream_pages
from collector.post import Metrics, Post, PostError, parse_time
from collector.registry import SOURCE_KINDS

_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                   "source", "track", "wbr"})  # fmt: skip
_COUNT = re.compile(r"^([\d.,]+)\s*([KMB]?)$", re.IGNORECASE)
_SCALE = {"": 1, "K": 1_000, "M": 1_000_000, "B": 1_000_000_000}


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

    def _fetcher(self, channel: str):
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
    forwarded_name: list[str] = field(default_factory=list)
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
            repost_of=_message_ref(self.forwarded_href),
        )

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
    return f"{parts[-2]}/{parts[-1]}" if len(parts) >= 2 and parts[-1].isdigit() else None


@dataclass
class PreviewPage:
    messages: list[Message] = field(default_factory=list)
    history_seen: bool = False
    history_closed: bool = False


class PreviewParser(HTMLParser):
    """Reads the messages of a preview page; tracks open elements to know whose text is whose."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = PreviewPage()
        self._stack: list[tuple[str, str | None]] = []  # (tag, role)
        self._message: Message | None = None
        self._capture: list[str] | None = None
        self._capture_role: str | None = None

    @classmethod
    def read(cls, html: str) -> PreviewPage:
        parser = cls()
        parser.feed(html)
        parser.close()
        if not parser.page.history_seen:
            raise ValueError("not a channel preview: no message history in the page")
        if not parser.page.history_closed:
            raise ValueError("truncated preview: the message history does not end")
        return parser.page

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {k: v or "" for k, v in attrs}
        classes = set(attributes.get("class", "").split())
        role = self._role(tag, classes, attributes)
        if self._message and self._message.text is not None and self._capture_role == "text":
            self._message.text.start(tag)
        if tag not in _VOID:
            self._stack.append((tag, role))

    def _role(self, tag: str, classes: set[str], attributes: dict[str, str]) -> str | None:
        if "tgme_channel_history" in classes:
            self.page.history_seen = True
            return "history"
        if "tgme_widget_message" in classes and attributes.get("data-post"):
            self._message = Message(attributes["data-post"], service="service_message" in classes)
            self.page.messages.append(self._message)
            return "message"
        message = self._message
        if message is None or self._capture_role is not None:
            return None
        if "tgme_widget_message_reply" in classes:
            message.reply_href = attributes.get("href")
            return self._start_capture("reply", None)
        if "tgme_widget_message_text" in classes and message.text is None:
            message.text = PlainText()
            return self._start_capture("text", None)
        if "tgme_widget_message_owner_name" in classes:
            return self._start_capture("owner", message.owner_name)
        if "tgme_widget_message_views" in classes:
            return self._start_capture("views", message.views)
        if "tgme_widget_message_forwarded_from_name" in classes:
            message.forwarded_href = attributes.get("href")
            return self._start_capture("forwarded", message.forwarded_name)
        if tag == "time" and "datetime" in attributes and self._inside("date"):
            message.datetime = attributes["datetime"]
        if "tgme_widget_message_date" in classes:
            return "date"
        return None

    def _start_capture(self, role: str, sink: list[str] | None) -> str:
        self._capture_role, self._capture = role, sink
        return role

    def _inside(self, role: str) -> bool:
        return any(r == role for _, r in self._stack)

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID or not any(t == tag for t, _ in self._stack):
            return
        while self._stack:
            open_tag, role = self._stack.pop()
            if role == self._capture_role and role is not None:
                self._capture_role, self._capture = None, None
            elif role == "message":
                self._message = None
            elif role == "history":
                self.page.history_closed = True
            if open_tag == tag:
                break
            if self._message and self._message.text is not None and self._capture_role == "text":
                self._message.text.end(open_tag)
        if self._message and self._message.text is not None and self._capture_role == "text":
            self._message.text.end(tag)

    def handle_data(self, data: str) -> None:
        if self._capture_role == "text" and self._message and self._message.text is not None:
            self._message.text.data(data)
        elif self._capture is not None:
            self._capture.append(data)


COLLECTOR = TelegramCollector
