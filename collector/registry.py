"""Every source kind Testigo knows, in one place: config, CLI, daemon and docs read it.

A kind declares the config keys it accepts beyond the common ones, the
credentials it can use (and which of them it cannot run without), and its
platform's public API root.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collector.base import Collector

COMMON_KEYS = frozenset(
    {"name", "kind", "base_url", "interval", "max_pages", "enabled", "credentials"}
)


@dataclass(frozen=True, slots=True)
class SourceKind:
    name: str
    summary: str
    default_base_url: str
    config_keys: frozenset[str]
    credentials: tuple[str, ...] = ()
    required_credentials: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class SourceConfig:
    """One configured source (a `[[sources]]` table). Kind-specific keys live in `options`.

    `credentials` maps each credential to the NAME of an environment variable,
    never to a secret value; collectors receive resolved values separately.
    """

    name: str
    kind: str
    base_url: str
    interval_seconds: int
    max_pages: int
    enabled: bool | str
    credentials: dict[str, str]
    options: dict[str, Any]

    def option(self, key: str, default: Any = None) -> Any:
        return self.options.get(key, default)


SOURCE_KINDS: dict[str, SourceKind] = {
    kind.name: kind
    for kind in (
        SourceKind(
            "bluesky",
            "Bluesky post search (app.bsky.feed.searchPosts) with an app-password session",
            "https://bsky.social",
            frozenset({"queries", "auth_base_url", "languages"}),
            credentials=("identifier", "password"),
        ),
        SourceKind(
            "mastodon",
            "Mastodon hashtag timelines, and /api/v2/search with a token",
            "https://mastodon.social",
            frozenset({"tags", "queries"}),
            credentials=("token",),
        ),
        SourceKind(
            "reddit",
            "Reddit search through OAuth (client credentials)",
            "https://oauth.reddit.com",
            frozenset({"queries", "subreddits", "comments", "auth_base_url"}),
            credentials=("client_id", "client_secret"),
            required_credentials=("client_id", "client_secret"),
        ),
        SourceKind(
            "rss",
            "RSS 2.0 and Atom feeds, with conditional GET",
            "",
            frozenset({"feeds"}),
        ),
        SourceKind(
            "gdelt",
            "GDELT DOC 2.0 article list (mode=artlist, format=json)",
            "https://api.gdeltproject.org",
            frozenset({"queries", "window"}),
        ),
        SourceKind(
            "telegram",
            "Telegram public channel previews (t.me/s/<channel>)",
            "https://t.me",
            frozenset({"channels"}),
        ),
        SourceKind(
            "x",
            "X API v2 recent search with a bearer token",
            "https://api.x.com",
            frozenset({"queries"}),
            credentials=("bearer_token",),
            required_credentials=("bearer_token",),
        ),
        SourceKind(
            "file",
            "Exports on disk: twarc2 JSONL, 4CAT CSV, Testigo's normalised JSONL",
            "",
            frozenset({"path", "format", "platform"}),
        ),
    )
}


def collector_class(kind: str) -> type[Collector]:
    """The collector for a kind: module `collector.<kind>` exports it as `COLLECTOR`."""
    import importlib

    if kind not in SOURCE_KINDS:
        raise KeyError(f"unknown source kind {kind!r}")
    collector: type[Collector] = importlib.import_module(f"collector.{kind}").COLLECTOR
    return collector
