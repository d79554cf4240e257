"""The dashboard in real headless Chromium (Debian's package, driven by Playwright):
log in, open each page, use the filters, see the charts drawn, and a viewer sees no names.
Screenshots of each page go to test-artifacts/."""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from playwright.sync_api import Browser, Page, sync_playwright
from query_dataset import DAY, JOSE
from starlette.applications import Starlette
from web_helpers import PASSWORDS, USER_OF_ROLE

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PAGES = {
    "overview": "/",
    "topics": "/topics?frame=criminality_terrorism",
    "posts": "/posts",
    "individuals": f"/individuals?day={DAY}",
    "digests": "/digests",
    "digest": f"/digests/{DAY}",
    "digest-html": f"/digests/{DAY}/html",
}
CHARTED = ("overview", "topics", "individuals", "digest-html")
# Chart text (legend, axis labels, values) the browser lays out past its chart's edges.
TEXT_OUTSIDE_CHARTS = """() => [...document.querySelectorAll("svg")].flatMap(svg => {
  const box = svg.getBoundingClientRect();
  return [...svg.querySelectorAll("text")].filter(t => {
    const r = t.getBoundingClientRect();
    return r.left < box.left - 1 || r.right > box.right + 1
      || r.top < box.top - 1 || r.bottom > box.bottom + 1;
  }).map(t => t.textContent);
})"""
NAME_PARTS = ("José", "Pérez", "Perez", "Gómez", "Gomez")

# One database kind is enough here: the server tests cover both.
pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def server(app: Starlette, loaded: dict[str, int]) -> Iterator[str]:
    port = _free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
    running = uvicorn.Server(config)
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not running.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert running.started, "uvicorn did not start"
    yield f"http://127.0.0.1:{port}"
    running.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} missing: `make chromium` installs Debian's package"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield launched
        launched.close()


def _logged_in(browser: Browser, server: str, role: str) -> tuple[Page, list[str]]:
    """A page logged in through the form; the list collects console errors (CSP included)."""
    page = browser.new_context(base_url=server).new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto("/")
    assert "/login" in page.url
    name = USER_OF_ROLE[role]
    page.fill("input[name=username]", name)
    page.fill("input[name=password]", PASSWORDS[name])
    page.click("button[type=submit]")
    page.wait_for_load_state()
    assert page.url == f"{server}/", (page.url, page.content()[:1500])
    return page, errors


def test_analyst_opens_every_page_and_the_charts_draw(browser: Browser, server: str) -> None:
    page, errors = _logged_in(browser, server, "analyst")
    ARTIFACTS.mkdir(exist_ok=True)
    for name, path in PAGES.items():
        response = page.goto(path)
        assert response is not None and response.status == 200, path
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
        if name in CHARTED:
            marks = page.locator("svg circle, svg rect")
            assert marks.count() > 0, f"no chart drew on {path}"
            assert page.locator("svg").first.bounding_box()["width"] > 100
            assert page.locator("svg text").count() > 0, f"charts on {path} carry no labels"
            assert page.evaluate(TEXT_OUTSIDE_CHARTS) == [], path
    page.goto(f"/individuals?day={DAY}")
    assert JOSE in page.inner_text("main")
    assert errors == []


def test_filters_narrow_what_the_page_shows(browser: Browser, server: str) -> None:
    page, errors = _logged_in(browser, server, "analyst")
    page.goto("/posts")
    page.fill("input[name=platform]", "mastodon")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**/posts?*platform=mastodon*")
    metas = page.locator("article.post .meta").all_inner_texts()
    assert metas and all("mastodon" in m for m in metas[::2])
    assert page.locator("article.post mark").count() > 0
    page.screenshot(path=str(ARTIFACTS / "posts-filtered.png"), full_page=True)
    page.goto("/")
    page.fill("input[name=since]", DAY.isoformat())
    page.fill("input[name=until]", DAY.isoformat())
    page.click("form.filters button[type=submit]")
    page.wait_for_url(f"**/?since={DAY}*")
    assert page.locator("main svg circle").count() > 0, "a single day still draws its points"
    assert errors == []


def test_viewer_sees_no_names_in_the_browser(browser: Browser, server: str) -> None:
    page, errors = _logged_in(browser, server, "viewer")
    for name, path in PAGES.items():
        page.goto(path)
        shown = page.content()
        assert not [part for part in NAME_PARTS if part in shown], path
        page.screenshot(path=str(ARTIFACTS / f"viewer-{name}.png"), full_page=True)
    page.goto(f"/individuals?day={DAY}")
    assert "person-" in page.inner_text("main")
    page.goto("/posts")
    page.fill("input[name=q]", "Pérez")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**/posts?q=*")
    assert page.locator("article.post").count() == 0
    assert "No posts match" in page.inner_text("main")
    assert errors == []


def test_hostile_post_runs_no_script_in_the_browser(
    browser: Browser, server: str, loaded: dict[str, int]
) -> None:
    page, _ = _logged_in(browser, server, "viewer")
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(f"/posts?post={loaded['evil']}")
    assert "<script>alert(1)</script>" in page.inner_text("article.post .text")
    assert page.locator("article.post img, article.post script").count() == 0
    page.wait_for_timeout(200)
    assert dialogs == []
