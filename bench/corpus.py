"""A seeded, bilingual corpus of normalised posts about the exchange, for benchmarks."""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

PLATFORMS = ("bluesky", "mastodon", "reddit", "rss", "gdelt", "telegram", "x")
START = datetime(2025, 4, 1, tzinfo=UTC)

_ES = (
    "Bukele propone a Maduro un canje humanitario: los 252 venezolanos del CECOT por presos "
    "políticos. {n}",
    "No son terroristas, son migrantes sin juicio ni abogado. #CECOT {n}",
    "El fiscal Tarek William Saab exige debido proceso mientras niega fe de vida. {n}",
    "Foro Penal cuenta cientos de presos políticos tras el 28 de julio. {n}",
    "Secuestrados en un campo de concentración, dice el gobierno venezolano. {n}",
)
_EN = (
    "Bukele offers Maduro a prisoner swap: 252 Venezuelans in CECOT for political prisoners. {n}",
    "They are not gang members. Most had no criminal record and never saw a judge. {n}",
    "A publicity stunt made for social media, say rights groups. #Bukele {n}",
    "Alien Enemies Act deportations face due process challenges in US courts. {n}",
    "Human beings used as bargaining chips in a contest of narratives. {n}",
)


def generate_posts(count: int, seed: int = 2025) -> Iterator[dict]:
    """Normalised post dicts: half Spanish, spread over 30 days and seven platforms."""
    rng = random.Random(seed)
    for n in range(count):
        spanish = n % 2 == 0
        template = rng.choice(_ES if spanish else _EN)
        platform = PLATFORMS[n % len(PLATFORMS)]
        author = rng.randrange(50_000)  # one handle per account, as on a real platform
        yield {
            "platform": platform,
            "external_id": f"{platform}-{n}",
            "created_at": (START + timedelta(seconds=rng.randrange(30 * 86400)))
            .isoformat()
            .replace("+00:00", "Z"),
            "text": template.format(n=n),
            "url": f"https://example.org/{platform}/{n}",
            "author_id": f"author-{author}",
            "author_handle": f"user{author}",
            "lang": "es" if spanish else "en",
            "metrics": {"likes": rng.randrange(500), "reposts": rng.randrange(100)},
        }


def write_jsonl(path: Path, count: int, seed: int = 2025) -> Path:
    with path.open("w", encoding="utf-8") as handle:
        for post in generate_posts(count, seed):
            handle.write(json.dumps(post, ensure_ascii=False) + "\n")
    return path
