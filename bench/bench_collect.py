"""Collect speed and memory: Telegram previews and a Mastodon timeline served locally, into SQLite.

A child process serves, on 127.0.0.1, generated `t.me/s/<channel>` pages (the
real preview markup, 20 messages a page, paged back with ?before=) and a
Mastodon hashtag timeline (statuses in the API's JSON shape, 40 a page, paged
with the Link header); this process runs `testigo.collect.run_source` with the
telegram, then the mastodon collector, each into a fresh temporary SQLite
database. Time spent waiting on HTTP is measured and taken out, so each figure
is parse + normalise + store: HTML for Telegram, JSON with HTML content for
Mastodon. The top-level figures are Telegram's; Mastodon's are under "mastodon".

Target: >= 5,000 posts/s with flat memory.
Run: python bench/bench_collect.py [--posts 20000] [--json PATH]
"""

from __future__ import annotations

import argparse
import html
import json
import multiprocessing
import os
import resource
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.corpus import _EN, _ES  # noqa: E402
from collector.http import HttpClient, RawResponse  # noqa: E402
from testigo.collect import OK, run_source  # noqa: E402
from testigo.config import parse_config  # noqa: E402
from testigo.database import open_database  # noqa: E402

CHANNEL = "canal_bench"
PER_PAGE = 20
TAG = "CECOT"
MASTODON_PER_PAGE = 40
MASTODON_FIRST_ID = 114_380_000_000_000_000
START = datetime(2025, 4, 20, tzinfo=UTC)
TARGET = 5_000


def message_html(number: int) -> str:
    template = (_ES if number % 2 else _EN)[number % len(_ES)]
    text = html.escape(template.format(n=number)).replace(". ", ".<br/>", 1)
    when = (START + timedelta(seconds=37 * number)).isoformat()
    return (
        '<div class="tgme_widget_message_wrap js-widget_message_wrap">'
        f'<div class="tgme_widget_message text_not_supported_wrap js-widget_message" '
        f'data-post="{CHANNEL}/{number}" data-view="eyJjIjoxfQ">'
        '<div class="tgme_widget_message_user"><a href="https://t.me/canal_bench">'
        '<i class="tgme_widget_message_user_photo bgcolor1" data-content="C"></i></a></div>'
        '<div class="tgme_widget_message_bubble"><i class="tgme_widget_message_bubble_tail"></i>'
        '<div class="tgme_widget_message_author accent_color">'
        '<a class="tgme_widget_message_owner_name"'
        ' href="https://t.me/canal_bench"><span dir="auto">Canal Bench</span></a></div>'
        f'<div class="tgme_widget_message_text js-message_text" dir="auto">{text} '
        '<a href="?q=%23CECOT">#CECOT</a></div>'
        '<div class="tgme_widget_message_footer compact js-message_footer">'
        '<div class="tgme_widget_message_info short js-message_info">'
        f'<span class="tgme_widget_message_views">{number % 97}.{number % 10}K</span>'
        '<span class="copyonly"> views</span><span class="tgme_widget_message_meta">'
        f'<a class="tgme_widget_message_date" href="https://t.me/{CHANNEL}/{number}">'
        f'<time datetime="{when}" class="time">{when[11:16]}</time></a></span>'
        "</div></div></div></div></div>\n"
    )


def page_html(newest: int, before: int | None) -> bytes:
    top = min(newest, before - 1) if before else newest
    numbers = range(max(1, top - PER_PAGE + 1), top + 1)
    more = (
        f'<a href="/s/{CHANNEL}?before={numbers[0]}" class="tme_messages_more js-messages_more" '
        f'data-before="{numbers[0]}"></a>'
        if numbers and numbers[0] > 1
        else ""
    )
    body = "".join(message_html(n) for n in numbers)
    return (
        '<!DOCTYPE html><html><head><meta charset="utf-8"><title>Canal Bench</title></head>'
        '<body class="widget_frame_base tgme_webpage_body"><main class="tgme_main">'
        f'<section class="tgme_channel_history js-message_history">{more}{body}</section>'
        "</main></body></html>"
    ).encode()


def status_json(number: int) -> dict[str, Any]:
    """One status as Mastodon's API returns it (fields the collector ignores included)."""
    template = (_ES if number % 2 else _EN)[number % len(_ES)]
    user, host = f"u{number % 500}", ("mastodon.social", "hachyderm.io")[number % 2]
    first, _, rest = html.escape(template.format(n=number)).partition(". ")
    hashtag = (
        f'<a href="https://{host}/tags/{TAG}" class="mention hashtag" rel="tag">'
        f"#<span>{TAG}</span></a>"
    )
    status_id = str(MASTODON_FIRST_ID + number)
    return {
        "id": status_id,
        "created_at": (START + timedelta(seconds=37 * number)).isoformat(timespec="milliseconds")
        .replace("+00:00", "Z"),
        "in_reply_to_id": None, "in_reply_to_account_id": None, "sensitive": False,
        "spoiler_text": "", "visibility": "public", "language": "es" if number % 2 else "en",
        "uri": f"https://{host}/users/{user}/statuses/{status_id}",
        "url": f"https://{host}/@{user}/{status_id}",
        "replies_count": number % 5, "reblogs_count": number % 7, "favourites_count": number % 11,
        "edited_at": None,
        "content": f"<p>{first}. {hashtag}</p>" + (f"<p>{rest}</p>" if rest else ""),
        "reblog": None, "application": None,
        "account": {
            "id": str(109_300_000_000_000_000 + number % 500), "username": user,
            "acct": f"{user}@{host}" if number % 3 else user, "display_name": f"Usuario {user}",
            "locked": False, "bot": False, "created_at": "2022-11-04T00:00:00.000Z",
            "url": f"https://{host}/@{user}", "avatar": f"https://{host}/avatars/{user}.png",
            "followers_count": 812, "following_count": 301, "statuses_count": 4410,
        },
        "media_attachments": [], "mentions": [],
        "tags": [{"name": TAG.lower(), "url": f"https://{host}/tags/{TAG.lower()}"}],
        "emojis": [], "card": None, "poll": None,
    }  # fmt: skip


def timeline_json(newest: int, max_id: int | None) -> tuple[bytes, str | None]:
    """A timeline page, newest first, below `max_id`; and its Link header (None at the end)."""
    top = min(newest, max_id - MASTODON_FIRST_ID - 1) if max_id else newest
    numbers = range(top, max(0, top - MASTODON_PER_PAGE), -1)
    body = json.dumps([status_json(n) for n in numbers]).encode()
    if not numbers:
        return body, None
    last = MASTODON_FIRST_ID + numbers[-1]
    return body, f'</api/v1/timelines/tag/{TAG}?max_id={last}>; rel="next"'


def serve(newest: int, port_queue: multiprocessing.Queue) -> None:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as t.me and Mastodon servers answer
        disable_nagle_algorithm = True  # headers and body go out in two writes

        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            path, query = urlsplit(self.path).path, parse_qs(urlsplit(self.path).query)
            link = None
            if path.startswith("/api/v1/timelines/tag/"):
                max_id = query.get("max_id", [None])[0]
                body, link = timeline_json(newest, int(max_id) if max_id else None)
                content_type = "application/json; charset=utf-8"
            else:
                before = query.get("before", [None])[0]
                body = page_html(newest, int(before) if before else None)
                content_type = "text/html; charset=utf-8"
            self.send_response(200)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            if link:
                self.send_header("Link", link)
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    port_queue.put(server.server_address[1])
    server.serve_forever()


def current_rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


class TimedClient(HttpClient):
    """Counts the time spent in HTTP, wall and CPU (excluded from the figures), and samples
    memory. The CPU figure holds on a machine shared with other work; the wall one does not."""

    def __init__(self) -> None:
        super().__init__(timeout=30, max_retries=0)
        self.network_seconds = 0.0
        self.network_cpu_seconds = 0.0
        self.rss_samples: list[float] = []

    def get(self, url: str, **kwargs: object) -> RawResponse:
        started, cpu = time.perf_counter(), time.process_time()
        self.rss_samples.append(current_rss_mb())
        try:
            return super().get(url, **kwargs)
        finally:
            self.network_seconds += time.perf_counter() - started
            self.network_cpu_seconds += time.process_time() - cpu


SOURCES = {
    "telegram": (PER_PAGE, f'channels = ["{CHANNEL}"]'),
    "mastodon": (MASTODON_PER_PAGE, f'tags = ["{TAG}"]'),
}


def collect(kind: str, posts: int, port: int) -> dict[str, float]:
    """Collect all `posts` of one source kind from the replay server into a fresh database."""
    per_page, option = SOURCES[kind]
    pages = -(-posts // per_page)
    with tempfile.TemporaryDirectory() as folder:
        config = parse_config(
            f'[database]\nurl = "sqlite:///{folder}/bench.db"\n'
            f'[[sources]]\nname = "bench"\nkind = "{kind}"\n'
            f'base_url = "http://127.0.0.1:{port}"\nmax_pages = {pages + 1}\n{option}\n',
            "<bench>",
        )
        engine = open_database(config)
        client = TimedClient()
        started, cpu = time.perf_counter(), time.process_time()
        summary = run_source(engine, config, config.sources[0], http=client)
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
        engine.dispose()
        client.close()
    assert summary.status == OK and summary.new == posts, summary
    work = elapsed - client.network_seconds
    samples = client.rss_samples
    tenth = max(len(samples) // 10, 1)
    return {
        "posts": posts,
        "pages": summary.pages,
        "seconds_total": round(elapsed, 2),
        "seconds_network": round(client.network_seconds, 2),
        "posts_per_second": round(posts / work),
        "posts_per_second_with_network": round(posts / elapsed),
        "posts_per_cpu_second": round(posts / (cpu - client.network_cpu_seconds)),
        "peak_memory_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "rss_first_tenth_mb": round(max(samples[:tenth]), 1),
        "rss_last_tenth_mb": round(max(samples[-tenth:]), 1),
    }


def run(posts: int) -> dict[str, Any]:
    """Telegram's figures at the top level (the keys bench/__main__.py has always read),
    Mastodon's under "mastodon"."""
    queue: multiprocessing.Queue = multiprocessing.Queue()
    server = multiprocessing.Process(target=serve, args=(posts, queue), daemon=True)
    server.start()
    port = queue.get(timeout=10)
    try:
        figures: dict[str, Any] = collect("telegram", posts, port)
        figures["mastodon"] = collect("mastodon", posts, port)
    finally:
        server.terminate()
    figures["load_average_1m"] = round(os.getloadavg()[0], 2)
    return figures


def describe(kind: str, figures: dict[str, Any]) -> str:
    verdict = "meets" if figures["posts_per_second"] >= TARGET else "MISSES"
    return (
        f"collect ({kind} -> SQLite): {figures['posts']} posts, "
        f"{figures['pages']} pages in {figures['seconds_total']} s "
        f"({figures['seconds_network']} s in HTTP) = {figures['posts_per_second']} posts/s "
        f"parse+normalise+store ({verdict} {TARGET:,}), "
        f"{figures['posts_per_cpu_second']} per CPU second; "
        f"{figures['posts_per_second_with_network']} posts/s end to end; "
        f"RSS {figures['rss_first_tenth_mb']} MB early, {figures['rss_last_tenth_mb']} MB late, "
        f"peak {figures['peak_memory_mb']} MB"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=20_000, help="posts per platform")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    figures = run(args.posts)
    print(describe("telegram previews", figures))
    print(describe("mastodon timeline", figures["mastodon"]))
    print(f"load average {figures['load_average_1m']} after the runs")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n")


if __name__ == "__main__":
    main()
