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

from collector.base import Collector, Page, Quarantined
from collector.html_text import html_to_text
from collector.http import RawResponse
from collector.paging import Batch, Item, json_body, padded_id, quarantine_payload, stream_pages
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

    def _tag_fetcher(self, tag: str):
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

    def _search_fetcher(self, query: str):
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
        items: list[Item] = []
        quarantined: list[Quarantined] = []
        for status in statuses:
            try:
                posts = _status_posts(status, host)
            except (PostError, KeyError, TypeError, AttributeError) as error:
                reason = f"status unusable: {error}"
                quarantined.append(Quarantined(reason, json.dumps(status, ensure_ascii=False)))
                continue
            items.append(Item(padded_id(str(status["id"])), str(status["id"]), posts))
        return items, quarantined


def _status_posts(status: dict[str, Any], host: str) -> list[Post]:
    """The status as a post; a boost also yields its original, which it points to."""
    original = status.get("reblog")
    if original:
        boosted = _status_post(original, host, None)
        return [_status_post(status, host, boosted.external_id), boosted]
    return [_status_post(status, host, None)]


def _status_post(status: dict[str, Any], host: str, repost_of: str | None) -> Post:
    if "content" not in status:
        raise PostError("content: required")
    account = status["account"]
    acct = account["acct"] if "@" in account["acct"] else f"{account['acct']}@{host}"
    text = html_to_text(status["content"] or "")
    if status.get("spoiler_text"):
        text = f"{html_to_text(status['spoiler_text'])}\n\n{text}".strip()
    quoted = (status.get("quote") or {}).get("quoted_status") or {}
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
        quote_of=quoted.get("uri"),
        repost_of=repost_of,
    )


def _next_page(raw: RawResponse) -> dict[str, str] | None:
    """The max_id of the Link header's rel="next" URL; no link means the end."""
    link = {k.lower(): v for k, v in raw.headers.items()}.get("link", "")
    match = _NEXT_LINK.search(link)
    if not match:
        return None
    max_id = parse_qs(urlsplit(match.group(1)).query).get("max_id")
    return {"max_id": max_id[0]} if max_id else None


COLLECTOR = MastodonCollector
