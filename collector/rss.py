"""RSS 2.0 and Atom feeds (e.g. Google News searches), fetched with conditional GET.

Feeds have no paging: each run asks each feed once, with the ETag and
Last-Modified of the previous answer, so an unchanged feed costs a 304 with an
empty body. Items are not sorted, so what is new is decided by id (guid, or the
link) against the ids of the previous answer, never by position.
"""

from __future__ import annotations

import email.utils
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

from collector.base import Collector, Page, Quarantined
from collector.html_text import html_to_text
from collector.http import RawResponse
from collector.ids import stable_id
from collector.post import Post, PostError, parse_time
from collector.registry import SOURCE_KINDS

ATOM = "{http://www.w3.org/2005/Atom}"
DC = "{http://purl.org/dc/elements/1.1/}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
REMEMBERED_IDS = 2000
"""Ids kept per feed: the current answer first, then older ones, so an item that drops
out of a feed and comes back is not taken for new."""
_PROLOG = re.compile(rb"^(?:\xef\xbb\xbf)?(?:\s|<\?.*?\?>|<!--.*?-->)*", re.DOTALL)


def parse_xml(body: bytes) -> ET.Element:
    """Parse a feed, refusing any DOCTYPE: entity declarations (billion laughs, external
    entities) can only come through one, and no real feed needs it."""
    prolog_end = _PROLOG.match(body)
    rest = body[prolog_end.end() if prolog_end else 0 :]
    if rest[:9].upper() == b"<!DOCTYPE":
        raise ValueError("feed declares a DOCTYPE; refused (entity declarations are unsafe)")
    try:
        return ET.fromstring(body)
    except ET.ParseError as error:
        raise ValueError(f"not well-formed XML: {error}") from None


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
        root = parse_xml(raw.body)
        if root.tag == f"{ATOM}feed":
            return _collect(root.findall(f"{ATOM}entry"), _atom_post, _lang(root.get(XML_LANG)))
        channel = root.find("channel")
        if root.tag != "rss" or channel is None:
            raise ValueError(f"neither RSS 2.0 nor Atom: root element <{root.tag}>")
        lang = _lang(channel.findtext("language"))
        return _collect(channel.findall("item"), _rss_post, lang)


def _collect(items: list[ET.Element], build: Any, lang: str | None) -> tuple[list, list]:
    posts: list[Post] = []
    quarantined: list[Quarantined] = []
    for item in items:
        try:
            posts.append(build(item, lang))
        except (PostError, ValueError) as error:
            quarantined.append(Quarantined(str(error), ET.tostring(item, encoding="unicode")))
    return posts, quarantined


def _rss_post(item: ET.Element, lang: str | None) -> Post:
    link = _text(item, "link")
    identity = _text(item, "guid") or link
    if not identity:
        raise ValueError("item has neither guid nor link")
    published = _text(item, "pubDate") or _text(item, f"{DC}date")
    title = html_to_text(_text(item, "title"))
    source = item.find("source")
    outlet = (source.text or "").strip() if source is not None else ""
    outlet_url = source.get("url", "") if source is not None else ""
    if outlet and title.endswith(f" - {outlet}"):
        title = title[: -len(f" - {outlet}")]
    description = html_to_text(_text(item, "description"))
    author = outlet or _text(item, f"{DC}creator") or _text(item, "author")
    return Post(
        platform="rss",
        external_id=stable_id(identity),
        created_at=_rfc822_or_iso(published),
        text=_join(title, description, outlet),
        url=link or None,
        author_name=author or None,
        author_handle=_host(outlet_url or link),
        lang=lang,
    )


def _atom_post(entry: ET.Element, lang: str | None) -> Post:
    link = next(
        (
            el.get("href", "")
            for el in entry.findall(f"{ATOM}link")
            if el.get("rel", "alternate") == "alternate"
        ),
        "",
    )
    identity = _text(entry, f"{ATOM}id") or link
    if not identity:
        raise ValueError("entry has neither id nor link")
    published = _text(entry, f"{ATOM}published") or _text(entry, f"{ATOM}updated")
    title = _atom_text(entry.find(f"{ATOM}title"))
    body = _atom_text(entry.find(f"{ATOM}summary")) or _atom_text(entry.find(f"{ATOM}content"))
    return Post(
        platform="rss",
        external_id=stable_id(identity),
        created_at=_rfc822_or_iso(published),
        text=_join(title, body, ""),
        url=link or None,
        author_name=_text(entry, f"{ATOM}author/{ATOM}name") or None,
        author_handle=_host(link),
        lang=_lang(entry.get(XML_LANG)) or lang,
    )


def _atom_text(element: ET.Element | None) -> str:
    if element is None:
        return ""
    if element.get("type") == "xhtml":
        return html_to_text(ET.tostring(element, encoding="unicode", method="html"))
    return html_to_text("".join(element.itertext()))


def _join(title: str, description: str, outlet: str) -> str:
    """Title, plus the description when it says more than the title (and the outlet)."""
    if not description:
        text = title
    elif not title:
        text = description
    else:
        rest = description.replace(title, "", 1).replace(outlet, "", 1).strip()
        text = f"{title}\n{description}" if rest else title
    if not text:
        raise ValueError("item has no title and no description")
    return text


def _text(element: ET.Element, path: str) -> str:
    return (element.findtext(path) or "").strip()


def _rfc822_or_iso(value: str) -> datetime:
    if not value:
        raise ValueError("item has no publication date")
    try:
        moment = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return parse_time(value, "published")
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(UTC)


def _lang(value: str | None) -> str | None:
    """'es-419' -> 'es'."""
    return value.split("-")[0].strip().lower() or None if value else None


def _host(url: str) -> str | None:
    host = urlsplit(url).hostname if url else None
    return host.removeprefix("www.") if host else None


def _copy(state: dict[str, Any]) -> dict[str, Any]:
    return {k: dict(v) for k, v in state.items()}


COLLECTOR = RssCollector
