"""Collect speed and memory: Telegram channel previews served locally, stored into SQLite.

A child process serves generated `t.me/s/<channel>` pages (the real preview
markup, 20 messages a page, paged back with ?before=) on 127.0.0.1; this
process runs `testigo.collect.run_source` with the telegram collector into a
temporary SQLite database. Time spent waiting on HTTP is measured and taken
out, so the figure is parse + normalise + store.

Target: >= 5,000 posts/s with flat memory.
Run: python bench/bench_collect.py [--posts 20000] [--json PATH]
"""

from __future__ import annotations

import argparse
import html
import json
import multiprocessing
import resource
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.corpus import _EN, _ES  # noqa: E402
from collector.http import HttpClient, RawResponse  # noqa: E402
from testigo.collect import OK, run_source  # noqa: E402
from testigo.config import parse_config  # noqa: E402
from testigo.database import open_database  # noqa: E402

CHANNEL = "canal_bench"
PER_PAGE = 20
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


def serve(newest: int, port_queue: multiprocessing.Queue) -> None:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            before = parse_qs(urlsplit(self.path).query).get("before", [None])[0]
            body = page_html(newest, int(before) if before else None)
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
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
    """Counts the time spent in HTTP (excluded from the figure) and samples memory."""

    def __init__(self) -> None:
        super().__init__(timeout=30, max_retries=0)
        self.network_seconds = 0.0
        self.rss_samples: list[float] = []

    def get(self, url: str, **kwargs: object) -> RawResponse:
        self.rss_samples.append(current_rss_mb())
        started = time.perf_counter()
        try:
            return super().get(url, **kwargs)
        finally:
            self.network_seconds += time.perf_counter() - started


def run(posts: int) -> dict[str, float]:
    pages = -(-posts // PER_PAGE)
    queue: multiprocessing.Queue = multiprocessing.Queue()
    server = multiprocessing.Process(target=serve, args=(posts, queue), daemon=True)
    server.start()
    port = queue.get(timeout=10)
    try:
        with tempfile.TemporaryDirectory() as folder:
            config = parse_config(
                f'[database]\nurl = "sqlite:///{folder}/bench.db"\n'
                f'[[sources]]\nname = "bench"\nkind = "telegram"\n'
                f'base_url = "http://127.0.0.1:{port}"\nmax_pages = {pages + 1}\n'
                f'channels = ["{CHANNEL}"]\n',
                "<bench>",
            )
            engine = open_database(config)
            client = TimedClient()
            started = time.perf_counter()
            summary = run_source(engine, config, config.sources[0], http=client)
            elapsed = time.perf_counter() - started
            engine.dispose()
            client.close()
    finally:
        server.terminate()
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
        "peak_memory_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "rss_first_tenth_mb": round(max(samples[:tenth]), 1),
        "rss_last_tenth_mb": round(max(samples[-tenth:]), 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=20_000)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    figures = run(args.posts)
    verdict = "meets" if figures["posts_per_second"] >= TARGET else "MISSES"
    print(
        f"collect (telegram previews -> SQLite): {figures['posts']} posts, "
        f"{figures['pages']} pages in {figures['seconds_total']} s "
        f"({figures['seconds_network']} s in HTTP) = {figures['posts_per_second']} posts/s "
        f"parse+normalise+store ({verdict} {TARGET:,}); "
        f"{figures['posts_per_second_with_network']} posts/s end to end; "
        f"RSS {figures['rss_first_tenth_mb']} MB early, {figures['rss_last_tenth_mb']} MB late, "
        f"peak {figures['peak_memory_mb']} MB"
    )
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n")


if __name__ == "__main__":
    main()
