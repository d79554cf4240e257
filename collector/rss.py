"""RSS 0.9x, 1.0 (RDF) and 2.0 and Atom 0.3 and 1.0 feeds, read by feedparser.

Feeds have no paging: each run asks each feed once, with the ETag and
Last-Modified of the previous answer, so an unchanged feed costs a 304 with an
empty body. Items are not sorted, so what is new is decided by id (guid, or the
link) against the ids of the previous answer, never by position.

feedparser decodes the body (the HTTP charset first, then the XML declaration,
then the byte order mark and chardet's guess), reads HTML entities, recovers what
it can from a feed that is not well-formed, and converts dates in every format it
knows to UTC. It is handed bytes only, never a URL or a path, so it does no I/O.
"""

from __future__ import annotations

import calendar
import email.utils
import io
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin, urlsplit
from xml.sax import SAXParseException

import feedparser
from feedparser.exceptions import ThingsNobodyCaresAboutButMe

from collector.base import Collector, Page, Quarantined
from collector.html_text import collapse_whitespace, html_to_text
from collector.http import RawResponse
from collector.ids import stable_id
from collector.post import Post, PostError
from collector.registry import SOURCE_KINDS

REMEMBERED_IDS = 2000
"""Ids kept per feed: the current answer first, then older ones, so an item that drops
out of a feed and comes back is not taken for new."""
MAX_FEED_BYTES = 16 * 1024 * 1024
"""Larger bodies are quarantined unread; real feeds, podcasts included, stay well below."""
_ENTITY_DECLARATION = "<!ENTITY"
# How "<!ENTITY" looks in every encoding an XML parser may detect without a declaration.
_ENTITY_DECLARATION_BYTES = tuple(
    {_ENTITY_DECLARATION.encode(codec) for codec in ("ascii", "utf-16-le", "utf-16-be",
                                                     "utf-32-le", "utf-32-be", "cp037")}
)  # fmt: skip
# expat's messages for an entity XML does not define, and for a body that ends too soon.
_UNDEFINED_ENTITY = "undefined entity"
_BROKEN_OFF = "no element found"
_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})


# Zone names feeds use that feedparser's RFC 822 reader does not know (it reads them as
# UTC). Where a name is ambiguous, the meaning news feeds use: BST is British Summer Time,
# IST India's. Venezuela has kept -04:00 since 2016.
ZONE_OFFSETS = {
    "UTC": "+0000", "WET": "+0000", "WEST": "+0100", "BST": "+0100", "IST": "+0530",
    "CET": "+0100", "CEST": "+0200", "EET": "+0200", "EEST": "+0300", "MSK": "+0300",
    "CAT": "+0200", "EAT": "+0300", "WAT": "+0100", "SAST": "+0200", "PKT": "+0500",
    "HKT": "+0800", "SGT": "+0800", "JST": "+0900", "KST": "+0900", "AWST": "+0800",
    "ACST": "+0930", "AEST": "+1000", "AEDT": "+1100", "NZST": "+1200", "NZDT": "+1300",
    "VET": "-0400", "COT": "-0500", "PET": "-0500", "ECT": "-0500", "BOT": "-0400",
    "CLT": "-0400", "CLST": "-0300", "ART": "-0300", "BRT": "-0300", "UYT": "-0300",
    "PYT": "-0400", "HST": "-1000", "AKST": "-0900", "AKDT": "-0800", "NST": "-0330",
    "NDT": "-0230",
}  # fmt: skip


def date_with_zone_name(value: str) -> time.struct_time | None:
    """An RFC 822 date whose zone is a name in ZONE_OFFSETS, as UTC; None for any other
    value, which feedparser's own readers then take."""
    head, _, zone = value.strip().rpartition(" ")
    offset = ZONE_OFFSETS.get(zone.upper())
    parsed = email.utils.parsedate_tz(f"{head} {offset}") if head and offset else None
    if parsed is None or parsed[9] is None:
        return None
    return time.gmtime(email.utils.mktime_tz(parsed))


feedparser.registerDateHandler(date_with_zone_name)


def refuse_unsafe(body: bytes) -> None:
    """Raise ValueError for a body that must not be parsed.

    Entity declarations are how expansion bombs work (billion laughs, or one long
    entity referenced a million times, which the lenient parser would also expand),
    and no real feed needs one: a feed that declares any is refused. A DOCTYPE
    without them (RSS 0.91's Netscape one) is fine; feedparser never fetches it.
    """
    if len(body) > MAX_FEED_BYTES:
        raise ValueError(f"feed is larger than {MAX_FEED_BYTES} bytes; not read")
    if any(pattern in body for pattern in _ENTITY_DECLARATION_BYTES):
        raise ValueError("feed declares entities in a DOCTYPE; refused (expansion is unsafe)")


def parse_feed(raw: RawResponse) -> feedparser.FeedParserDict:
    """feedparser's reading of a body, with the response's headers for its charset.

    Markup is neither sanitised nor has its links resolved here: html_to_text turns
    it into plain text, which is all a post keeps.
    """
    refuse_unsafe(raw.body)
    headers = {name.lower(): value for name, value in raw.headers.items()}
    headers.setdefault("content-location", raw.url)
    return feedparser.parse(
        io.BytesIO(raw.body),
        response_headers=headers,
        resolve_relative_uris=False,
        sanitize_html=False,
    )


class RssCollector(Collector):
    kind = SOURCE_KINDS["rss"]

    def feed_urls(self) -> list[str]:
        """`feeds` are full URLs; a relative one is joined to `base_url` when that is set."""
        base = self.source.base_url
        return [
            urljoin(base + "/", feed) if base and "://" not in feed else feed
            for feed in self.source.option("feeds", [])
        ]

    def pages(self, cursor: dict[str, Any]) -> Iterator[Page]:
        state: dict[str, Any] = {k: dict(v) for k, v in cursor.get("feeds", {}).items()}
        for url in self.feed_urls():
            previous = state.get(url, {})
            headers = {}
            if previous.get("etag"):
                headers["If-None-Match"] = previous["etag"]
            if previous.get("last_modified"):
                headers["If-Modified-Since"] = previous["last_modified"]
            raw = self.http.get(url, headers=headers)
            self.coverage.pages += 1
            if raw.status_code == 304:
                yield Page(raw, [], [], {"feeds": _copy(state)})
                continue
            try:
                posts, quarantined = self.parse(raw)
            except ValueError as error:
                yield Page(raw, [], [Quarantined(str(error))], {"feeds": _copy(state)})
                continue
            previous_ids = previous.get("ids", [])
            seen = set(previous_ids)
            new = [post for post in posts if post.external_id not in seen]
            current = list(dict.fromkeys(post.external_id for post in posts))
            state[url] = {
                "etag": raw.headers.get("etag"),
                "last_modified": raw.headers.get("last-modified"),
                "ids": list(dict.fromkeys(current + previous_ids))[:REMEMBERED_IDS],
            }
            yield Page(raw, new, quarantined, {"feeds": _copy(state)})

    def parse(self, raw: RawResponse) -> tuple[list[Post], list[Quarantined]]:
        parsed = parse_feed(raw)
        if not parsed.entries and not parsed.get("version"):
            raise ValueError(f"not an RSS, RDF or Atom feed{_bozo_reason(parsed)}")
        feed = parsed.feed
        defaults = ItemDefaults(
            feed_url=raw.url,
            lang=_lang(feed.get("language")),
            published=_utc(feed.get("published_parsed") or feed.get("updated_parsed")),
            first_seen=raw.fetched_at,
        )
        entries, quarantined = _whole_entries(parsed)
        posts: list[Post] = []
        for entry in entries:
            try:
                posts.append(entry_post(entry, defaults))
            except (PostError, ValueError) as error:
                quarantined.append(Quarantined(str(error), _describe(entry)))
        return posts, quarantined


@dataclass(frozen=True, slots=True)
class ItemDefaults:
    """What a feed gives its items that lack their own: language, date, a base for ids."""

    feed_url: str
    lang: str | None
    published: datetime | None
    first_seen: datetime


def entry_post(entry: Any, defaults: ItemDefaults) -> Post:
    """One feed item as a post. An item without a date takes the feed's date, or the
    time it was first fetched, and is marked `undated`."""
    link = (entry.get("link") or "").strip()
    title = _text(entry.get("title_detail"))
    description = _text(entry.get("summary_detail")) or _text(_first(entry.get("content")))
    source = entry.get("source") or {}
    outlet = collapse_whitespace(source.get("title") or "")
    if outlet and title.endswith(f" - {outlet}"):
        title = title[: -len(f" - {outlet}")]
    created_at = _utc(
        entry.get("published_parsed") or entry.get("updated_parsed") or entry.get("created_parsed")
    )
    return Post(
        platform="rss",
        external_id=stable_id(_identity(entry, link, title, description, defaults.feed_url)),
        created_at=created_at or defaults.published or defaults.first_seen,
        text=_join(title, description, outlet),
        url=link or None,
        author_name=outlet or _author(entry) or None,
        author_handle=_host(source.get("href") or link),
        lang=_entry_lang(entry) or defaults.lang,
        undated=created_at is None,
    )


def _identity(entry: Any, link: str, title: str, description: str, feed_url: str) -> str:
    """The item's guid or id, else its link, else its content within this feed."""
    given = (entry.get("id") or "").strip() or link
    if given:
        return given
    return f"{feed_url}#{title}\n{description}\n{entry.get('published') or ''}"


def _text(detail: Any) -> str:
    """Plain text of a title, summary or content, whatever markup its type says it has."""
    if not detail:
        return ""
    value = detail.get("value") or ""
    return html_to_text(value) if detail.get("type") in _HTML_TYPES else collapse_whitespace(value)


def _first(values: Any) -> Any:
    return values[0] if values else None


def _author(entry: Any) -> str:
    detail = entry.get("author_detail") or {}
    return collapse_whitespace(detail.get("name") or entry.get("author") or "")


def _entry_lang(entry: Any) -> str | None:
    for name in ("title_detail", "summary_detail"):
        lang = _lang((entry.get(name) or {}).get("language"))
        if lang:
            return lang
    return None


def _join(title: str, description: str, outlet: str) -> str:
    """Title, plus the description when it says more than the title (and the outlet)."""
    if not description:
        return title
    if not title:
        return description
    rest = description.replace(title, "", 1).replace(outlet, "", 1).strip()
    return f"{title}\n{description}" if rest else title


def _utc(parsed: time.struct_time | None) -> datetime | None:
    """feedparser's UTC struct_time as an aware datetime; None when absent or impossible."""
    if not parsed:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(parsed), UTC)
    except (OverflowError, ValueError, OSError):
        return None


def _whole_entries(parsed: Any) -> tuple[list[Any], list[Quarantined]]:
    """The entries to keep, and what to quarantine about a feed that is not well-formed.

    Its items are kept, read leniently, and the payload is flagged, since what followed
    the error may be missing. When the body breaks off, its last entry is cut short and
    is quarantined instead. Neither encoding notes (a charset overridden or guessed) nor
    HTML entities that XML does not define (`&aacute;`, read as HTML) are faults.
    """
    entries = list(parsed.entries)
    error = parsed.get("bozo_exception")
    if not parsed.get("bozo") or isinstance(error, ThingsNobodyCaresAboutButMe):
        return entries, []
    message = error.getMessage() if isinstance(error, SAXParseException) else str(error)
    if message == _UNDEFINED_ENTITY:
        return entries, []
    flagged = [Quarantined(f"feed is not well-formed XML; items read leniently: {error}")]
    if message == _BROKEN_OFF and entries:
        cut = entries.pop()
        flagged.append(Quarantined("item cut off where the feed breaks off", _describe(cut)))
    return entries, flagged


def _bozo_reason(parsed: Any) -> str:
    error = parsed.get("bozo_exception")
    return f": {error}" if parsed.get("bozo") and error else ""


def _describe(entry: Any) -> str:
    """The item as feedparser read it, for the quarantine (its bytes are in the payload)."""
    return repr({key: entry[key] for key in ("id", "link", "title", "published") if key in entry})


def _lang(value: str | None) -> str | None:
    """'es-419' -> 'es'."""
    return value.split("-")[0].strip().lower() or None if value else None


def _host(url: str) -> str | None:
    try:
        host = urlsplit(url).hostname if url else None
    except ValueError:
        return None
    return host.removeprefix("www.") if host else None


def _copy(state: dict[str, Any]) -> dict[str, Any]:
    return {k: dict(v) for k, v in state.items()}


COLLECTOR = RssCollector
