"""Bluesky post search (app.bsky.feed.searchPosts) with an app-password session.

The session is made once per collector object and reused across pages and
runs; an expired access token is refreshed (or the session remade). Search
stops returning a cursor after about 10,000 hits, so a full page without a
cursor is followed by a new search with `until` at the oldest post seen.
Client-set `createdAt` can be absurd (year 0001, 1970, the future): it is kept,
but paging uses `indexedAt` for such posts, and so should ordering downstream
(`effective_time`). See docs/platforms.md#bluesky.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

from collector.base import Collector, Page, Quarantined
from collector.http import FetchError, RawResponse
from collector.paging import Batch, Fetch, Item, json_body, quarantine_payload, stream_pages
from collector.post import Metrics, Post, PostError, parse_time
from collector.registry import SOURCE_KINDS

SEARCH = "/xrpc/app.bsky.feed.searchPosts"
CREATE_SESSION = "/xrpc/com.atproto.server.createSession"
REFRESH_SESSION = "/xrpc/com.atproto.server.refreshSession"
PAGE_SIZE = 100
NETWORK_START = datetime(2022, 11, 17, tzinfo=UTC)  # no genuine Bluesky post is older
CLOCK_SKEW = timedelta(hours=1)
_QUOTE_EMBEDS = {
    "app.bsky.embed.record": ("record",),
    "app.bsky.embed.recordWithMedia": ("record", "record"),
}


def effective_time(post: Post) -> datetime:
    """created_at when plausible, else indexed_at: what ordering and day buckets should use."""
    if post.indexed_at is None:
        return post.created_at
    if NETWORK_START <= post.created_at <= post.indexed_at + CLOCK_SKEW:
        return post.created_at
    return post.indexed_at


class BlueskyCollector(Collector):
    kind = SOURCE_KINDS["bluesky"]
    _session: dict[str, str] | None = None

    def pages(self, cursor: dict[str, Any]) -> Iterator[Page]:
        languages = self.source.option("languages", []) or [None]
        fetchers = {}
        for query in self.source.option("queries", []):
            for lang in languages:
                name = f"{query} lang:{lang}" if lang else query
                fetchers[name] = self._fetcher(query, lang)
        yield from stream_pages(self, cursor, fetchers)

    def parse(self, raw: RawResponse) -> tuple[list[Post], list[Quarantined]]:
        items, quarantined, _ = _parse(raw)
        return [post for item in items for post in item.posts], quarantined

    def _fetcher(self, query: str, lang: str | None) -> Fetch:
        def fetch(token: dict[str, Any] | None, floor: dict[str, Any] | None) -> Batch:
            params = {"q": query, "sort": "latest", "limit": str(PAGE_SIZE)}
            if lang:
                params["lang"] = lang
            if floor:
                params["since"] = floor["key"]
            token = token or {}
            if "cursor" in token:
                params["cursor"] = token["cursor"]
            if "until" in token:
                params["until"] = token["until"]
            raw = self._search(params)
            try:
                items, quarantined, next_cursor = _parse(raw)
            except ValueError as error:
                return quarantine_payload(raw, error)
            full = len(items) + len(quarantined) >= PAGE_SIZE
            items = [item for item in items if item.id not in token.get("skip", ())]
            batch = Batch(raw, items, quarantined)
            if not self._logged_in():
                if full:
                    self.coverage.caps_hit.append(f"{query}: anonymous search gives one page")
            elif next_cursor:
                batch.next_token = {"cursor": next_cursor, **_until(token)}
            elif full and items:
                batch.next_token = _restart_below(items)
            return batch

        return fetch

    def _logged_in(self) -> bool:
        return bool(self.credentials.get("identifier") and self.credentials.get("password"))

    def _search(self, params: dict[str, str]) -> RawResponse:
        url = self.source.base_url + SEARCH
        if not self._logged_in():
            raw = self.http.get(url, params=params, ok_statuses=(403,))
            if raw.status_code == 403:
                self.http.report_failure(raw, "HTTP 403 to anonymous search")
                raise FetchError(
                    "Bluesky refused anonymous search (HTTP 403): set the identifier and "
                    "password credentials (an app password)",
                    raw,
                )
            return raw
        for _ in range(2):
            headers = {"Authorization": f"Bearer {self._access_token()}"}
            raw = self.http.get(url, params=params, headers=headers, ok_statuses=(400,))
            if raw.status_code != 400:
                return raw
            if _xrpc_error(raw) != "ExpiredToken":
                break
            self._refresh()
        message = f"HTTP 400 from Bluesky search: {_xrpc_error(raw) or 'bad request'}"
        self.http.report_failure(raw, message)
        raise FetchError(message, raw)

    def _auth_url(self, path: str) -> str:
        return (self.source.option("auth_base_url") or self.source.base_url).rstrip("/") + path

    def _access_token(self) -> str:
        if self._session is None:
            raw = self.http.post(
                self._auth_url(CREATE_SESSION),
                json={
                    "identifier": self.credentials["identifier"],
                    "password": self.credentials["password"],
                },
            )
            self._session = _session_tokens(raw)
        return self._session["accessJwt"]

    def _refresh(self) -> None:
        """Swap the refresh token for new tokens; when it has expired too, log in again."""
        refresh = self._session["refreshJwt"] if self._session else ""
        raw = self.http.post(
            self._auth_url(REFRESH_SESSION),
            headers={"Authorization": f"Bearer {refresh}"},
            ok_statuses=(400, 401),
        )
        self._session = _session_tokens(raw) if raw.status_code == 200 else None


def _session_tokens(raw: RawResponse) -> dict[str, str]:
    """The two JWTs of a session response (which is never stored: it holds credentials)."""
    try:
        body = json.loads(raw.body)
        return {"accessJwt": body["accessJwt"], "refreshJwt": body["refreshJwt"]}
    except (ValueError, KeyError, TypeError):
        raise FetchError("Bluesky session response had no tokens") from None


def _xrpc_error(raw: RawResponse) -> str | None:
    try:
        body = json.loads(raw.body)
    except ValueError:
        return None
    return body.get("error") if isinstance(body, dict) else None


def _until(token: dict[str, Any]) -> dict[str, Any]:
    return {k: token[k] for k in ("until", "skip") if k in token}


def _restart_below(items: list[Item]) -> dict[str, Any]:
    """Past the search cap: search again up to (and including) the oldest time seen."""
    oldest = min(item.key for item in items)
    until = datetime.fromisoformat(oldest) + timedelta(milliseconds=1)
    return {"until": _time_key(until), "skip": [i.id for i in items if i.key == oldest]}


def _time_key(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _parse(raw: RawResponse) -> tuple[list[Item], list[Quarantined], str | None]:
    body = json_body(raw)
    if not isinstance(body, dict) or not isinstance(body.get("posts"), list):
        raise ValueError("expected an object with a posts list")
    items: list[Item] = []
    quarantined: list[Quarantined] = []
    for view in body["posts"]:
        try:
            post = _post(view)
        except (PostError, KeyError, TypeError, AttributeError, ValueError) as error:
            reason = f"post unusable: {error}"
            quarantined.append(Quarantined(reason, json.dumps(view, ensure_ascii=False)))
            continue
        items.append(Item(_time_key(effective_time(post)), post.external_id, [post]))
    return items, quarantined, body.get("cursor")


def _post(view: dict[str, Any]) -> Post:
    record = view.get("record")
    if not isinstance(record, dict) or "createdAt" not in record:
        raise PostError("record.createdAt: required (deleted or unreadable record)")
    uri: str = view["uri"]
    author = view["author"]
    reply = (record.get("reply") or {}).get("parent") or {}
    return Post(
        platform="bluesky",
        external_id=uri,
        created_at=parse_time(record["createdAt"], "createdAt"),
        indexed_at=parse_time(view["indexedAt"], "indexedAt"),
        text=expand_links(record.get("text") or "", record.get("facets") or []),
        url=f"https://bsky.app/profile/{author['did']}/post/{uri.rsplit('/', 1)[-1]}",
        author_id=author["did"],
        author_handle=author.get("handle"),
        author_name=author.get("displayName") or None,
        lang=(record.get("langs") or [None])[0],
        metrics=Metrics(
            likes=view.get("likeCount"),
            reposts=view.get("repostCount"),
            replies=view.get("replyCount"),
            quotes=view.get("quoteCount"),
        ),
        reply_to=reply.get("uri"),
        quote_of=_quoted_uri(record.get("embed") or {}),
    )


def _quoted_uri(embed: dict[str, Any]) -> str | None:
    path = _QUOTE_EMBEDS.get(embed.get("$type", ""))
    node: Any = embed
    for key in path or ():
        node = node.get(key) if isinstance(node, dict) else None
    return node.get("uri") if path and isinstance(node, dict) else None


def expand_links(text: str, facets: list[Any]) -> str:
    """Put each link facet's full URI in place of its shortened label.

    Facet offsets count UTF-8 bytes, not characters; a facet whose offsets
    do not fall on character boundaries is left alone.
    """
    data = text.encode("utf-8")
    links = []
    for facet in facets:
        if not isinstance(facet, dict):
            continue
        start, end = (
            (facet.get("index") or {}).get("byteStart"),
            (facet.get("index") or {}).get("byteEnd"),
        )
        if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(data)):
            continue
        for feature in facet.get("features") or []:
            if feature.get("$type") == "app.bsky.richtext.facet#link" and feature.get("uri"):
                links.append((start, end, feature["uri"]))
    last_start = len(data) + 1
    for start, end, uri in sorted(links, reverse=True):
        if end > last_start:
            continue
        try:
            data[start:end].decode("utf-8")
            data[:start].decode("utf-8")
        except UnicodeDecodeError:
            continue
        data = data[:start] + uri.encode("utf-8") + data[end:]
        last_start = start
    return data.decode("utf-8")


COLLECTOR = BlueskyCollector
