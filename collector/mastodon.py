"""Mastodon: hashtag timelines per tag, and status search when a token is configured.

external_id is the status `uri` (its ActivityPub id), the same on every
instance that federates the post, so the same post seen through two servers is
stored once. See docs/platforms.md#mastodon for the server quirks handled here.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

from selectolax.lexbor import LexborHTMLParser

from collector.base import Collector, Page, Quarantined
from collector.html_text import html_to_text
from collector.http import RawResponse
from collector.ids import stable_id
from collector.paging import (
    Batch,
    Fetch,
    Item,
    json_body,
    padded_id,
    quarantine_payload,
    stream_pages,
)
from collector.post import Metrics, Post, PostError, parse_time
from collector.registry import SOURCE_KINDS

PAGE_SIZE = 40
_NEXT_LINK = re.compile(r'<([^<>]+)>\s*;\s*rel="?next"?')


class MastodonCollector(Collector):
    kind = SOURCE_KINDS["mastodon"]

    def pages(self, cursor: dict[str, Any]) -> Iterator[Page]:
        fetchers = {f"tag:{tag}": self._tag_fetcher(tag) for tag in self.source.option("tags", [])}
        if self.credentials.get("token"):
            for query in self.source.option("queries", []):
                fetchers[f"search:{query}"] = self._search_fetcher(query)
        elif self.source.option("queries"):
            self.coverage.caps_hit.append("queries skipped: status search needs a token")
        yield from stream_pages(self, cursor, fetchers)

    def parse(self, raw: RawResponse) -> tuple[list[Post], list[Quarantined]]:
        items, quarantined = self._items(raw)
        return [post for item in items for post in item.posts], quarantined

    def _headers(self) -> dict[str, str]:
        token = self.credentials.get("token")
        return {"Authorization": f"Bearer {token}"} if token else {}

    def _tag_fetcher(self, tag: str) -> Fetch:
        url = f"{self.source.base_url}/api/v1/timelines/tag/{quote(tag.lstrip('#'), safe='')}"

        def fetch(token: dict[str, str] | None, floor: dict[str, Any] | None) -> Batch:
            params = {"limit": str(PAGE_SIZE), **(token or {})}
            if floor:
                params["since_id"] = max(floor["ids"], key=padded_id)
            raw = self.http.get(url, params=params, headers=self._headers(), ok_statuses=(401,))
            if raw.status_code == 401:
                self.coverage.caps_hit.append(f"tag:{tag}: this server wants a token (HTTP 401)")
                reason = "HTTP 401: hashtag timeline needs an access token on this server"
                return Batch(raw, quarantined=[Quarantined(reason, None)], failed=True)
            batch = self._batch(raw)
            if not batch.failed:
                batch.next_token = _next_page(raw) if batch.items else None
                if not batch.items and floor is None and token is None and not self._headers():
                    self.coverage.caps_hit.append(
                        f"tag:{tag}: empty timeline without a token; the server may hide it"
                    )
            return batch

        return fetch

    def _search_fetcher(self, query: str) -> Fetch:
        url = f"{self.source.base_url}/api/v2/search"

        def fetch(token: dict[str, str] | None, floor: dict[str, Any] | None) -> Batch:
            params = {"q": query, "type": "statuses", "limit": str(PAGE_SIZE), **(token or {})}
            if floor:
                params["since_id"] = max(floor["ids"], key=padded_id)
            batch = self._batch(self.http.get(url, params=params, headers=self._headers()))
            if len(batch.items) >= PAGE_SIZE:
                batch.next_token = {"max_id": min((i.id for i in batch.items), key=padded_id)}
            return batch

        return fetch

    def _batch(self, raw: RawResponse) -> Batch:
        try:
            items, quarantined = self._items(raw)
        except ValueError as error:
            return quarantine_payload(raw, error)
        return Batch(raw, items, quarantined)

    def _items(self, raw: RawResponse) -> tuple[list[Item], list[Quarantined]]:
        data = json_body(raw)
        statuses = data.get("statuses") if isinstance(data, dict) else data
        if not isinstance(statuses, list):
            raise ValueError("expected a list of statuses")
        host = urlsplit(raw.url).netloc
        uris = _uris_by_id(statuses)
        items: list[Item] = []
        quarantined: list[Quarantined] = []
        for status in statuses:
            try:
                posts = _status_posts(status, host, uris)
            except (PostError, KeyError, TypeError, AttributeError) as error:
                reason = f"status unusable: {error}"
                quarantined.append(Quarantined(reason, json.dumps(status, ensure_ascii=False)))
                continue
            items.append(Item(padded_id(str(status["id"])), str(status["id"]), posts))
        return items, quarantined


def _uris_by_id(statuses: list[Any]) -> dict[str, str]:
    """The uri of every status in a response (boosted ones too) by its local id: a reply
    names its parent by local id only, so it is linked when the parent came with it."""
    uris = {}
    for status in statuses:
        for shown in (status, status.get("reblog")) if isinstance(status, dict) else ():
            if isinstance(shown, dict) and shown.get("id") and shown.get("uri"):
                uris[str(shown["id"])] = shown["uri"]
    return uris


def _status_posts(status: dict[str, Any], host: str, uris: dict[str, str]) -> list[Post]:
    """The status as a post; a boost also yields its original, a quote the quoted post, each
    pointed to by the post that shares it."""
    original = status.get("reblog")
    if original:
        boosted = _status_post(original, host, uris)
        posts = [_status_post(status, host, uris, repost_of=boosted.external_id), boosted]
    else:
        posts = [_status_post(status, host, uris)]
    quoted = _quoted_status(original or status)
    if quoted is not None:
        posts.append(_status_post(quoted, host, uris))
    return posts


def _status_post(
    status: dict[str, Any], host: str, uris: dict[str, str], repost_of: str | None = None
) -> Post:
    if "content" not in status:
        raise PostError("content: required")
    account = status["account"]
    acct = account["acct"] if "@" in account["acct"] else f"{account['acct']}@{host}"
    content, fallback_link = _without_quote_fallback(status["content"] or "")
    text = html_to_text(content)
    if status.get("spoiler_text"):
        text = f"{html_to_text(status['spoiler_text'])}\n\n{text}".strip()
    quoted = _quoted_status(status)
    parent = status.get("in_reply_to_id")
    return Post(
        platform="mastodon",
        external_id=status["uri"],
        created_at=parse_time(status["created_at"], "created_at"),
        text=text,
        url=status.get("url") or status["uri"],
        author_id=account.get("url"),
        author_handle=acct,
        author_name=account.get("display_name") or None,
        lang=status.get("language"),
        metrics=Metrics(
            likes=status.get("favourites_count"),
            reposts=status.get("reblogs_count"),
            replies=status.get("replies_count"),
            quotes=status.get("quotes_count"),
        ),
        reply_to=uris.get(str(parent)) if parent else None,
        quote_of=quoted["uri"] if quoted is not None else fallback_link,
        repost_of=repost_of,
    )


def _quoted_status(status: dict[str, Any]) -> dict[str, Any] | None:
    """The quoted status when the API gives it whole: Mastodon 4.4+ wraps it in a Quote
    (`{"state", "quoted_status"}`, null unless accepted), Fedibird gives the status itself;
    a ShallowQuote (`quoted_status_id` only, inside a quoted status) names no uri."""
    quote = status.get("quote")
    if not isinstance(quote, dict):
        return None
    quoted = quote.get("quoted_status") if "quoted_status" in quote else quote
    return quoted if isinstance(quoted, dict) and quoted.get("uri") else None


def _without_quote_fallback(content: str) -> tuple[str, str | None]:
    """Content without the `RE: <link>` line servers add for clients that cannot show
    quotes (a `.quote-inline` paragraph or span), and the link that line held."""
    if "quote-inline" not in content:
        return content, None
    tree = LexborHTMLParser(content)
    link = None
    for node in tree.css(".quote-inline"):
        anchor = node.css_first("a[href]")
        link = link or (anchor.attributes.get("href") if anchor is not None else None)
        node.decompose()
    body = tree.body
    rest = (body.inner_html or "") if body is not None else ""
    return rest, stable_id(link) if link else None


def _next_page(raw: RawResponse) -> dict[str, str] | None:
    """The max_id of the Link header's rel="next" URL; no link means the end."""
    link = {k.lower(): v for k, v in raw.headers.items()}.get("link", "")
    match = _NEXT_LINK.search(link)
    if not match:
        return None
    max_id = parse_qs(urlsplit(match.group(1)).query).get("max_id")
    return {"max_id": max_id[0]} if max_id else None


COLLECTOR = MastodonCollector
