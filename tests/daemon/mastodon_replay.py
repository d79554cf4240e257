"""A local stand-in for a Mastodon server's hashtag timeline, replaying generated statuses.

It pages like Mastodon (newest first, `max_id`/`since_id`, a Link header to the
next page). `visible` grows to make posts "arrive"; `delay` slows each response
so a test can kill a daemon mid-run. Used by the daemon tests and bench/bench_daemon.py.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from werkzeug import Request, Response

TAG_PATH = "/api/v1/timelines/tag/CECOT"
START = datetime(2025, 4, 21, 0, 0, tzinfo=UTC)
TEXTS = (
    "Bukele ofrece a Maduro un canje humanitario: los venezolanos del CECOT por presos políticos",
    "None of the men held in CECOT has seen a judge; this is not a humanitarian deal",
    "Tarek William Saab exige debido proceso mientras Venezuela niega ambos a sus presos",
)


def status_uri(number: int) -> str:
    return f"https://replay.example/users/u{number % 97}/statuses/{number}"


def status(number: int) -> dict:
    account = f"https://replay.example/@u{number % 97}"
    return {
        "id": str(number),
        "created_at": (START + timedelta(seconds=number)).isoformat().replace("+00:00", "Z"),
        "uri": status_uri(number),
        "url": f"{account}/{number}",
        "language": "es" if number % 3 != 1 else "en",
        "content": f"<p>{TEXTS[number % 3]} #{number}</p>",
        "spoiler_text": "",
        "reblog": None,
        "replies_count": number % 5,
        "reblogs_count": number % 7,
        "favourites_count": number % 11,
        "account": {"id": str(number % 97), "acct": f"u{number % 97}", "url": account,
                    "display_name": f"User {number % 97}"},
    }  # fmt: skip


@dataclass
class MastodonReplay:
    visible: int
    delay: float = 0.0
    requests: int = 0

    def __call__(self, request: Request) -> Response:
        self.requests += 1
        if self.delay:
            time.sleep(self.delay)
        limit = int(request.args.get("limit", "20"))
        below = int(request.args.get("max_id", str(self.visible + 1)))
        above = int(request.args.get("since_id", "0"))
        top = min(below - 1, self.visible)
        numbers = list(range(top, max(above, top - limit), -1))
        body = json.dumps([status(n) for n in numbers])
        headers = {}
        if numbers:
            next_url = f"{request.base_url}?max_id={numbers[-1]}"
            headers["Link"] = f'<{next_url}>; rel="next"'
        return Response(body, content_type="application/json", headers=headers)
