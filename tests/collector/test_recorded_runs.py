"""Recorded platform traffic, served over loopback and collected into the database by
`run_source`: everything is stored, reposts, replies and quotes are linked, no engagement is
below zero, and a run that quarantined part of what it fetched says so wherever runs show."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner
from collector_helpers import json_reply, read_sample, source_config
from pytest_httpserver import HTTPServer
from sqlalchemy import Engine, select
from werkzeug import Request, Response

from storage.engine import transaction
from storage.models import CollectionRun, Post
from storage.queries.health import day_health
from testigo import collect
from testigo.cli import cli
from testigo.config import parse_config

NO_COMMENTS = {"kind": "Listing", "data": {"after": None, "children": []}}


def run(engine: Engine, source) -> collect.RunSummary:
    return collect.run_source(engine, parse_config("", "test"), source)


def stored(engine: Engine, platform: str) -> dict[str, Post]:
    with transaction(engine) as session:
        rows = session.scalars(select(Post).where(Post.platform == platform)).all()
        session.expunge_all()
    return {row.external_id: row for row in rows}


def no_count_below_zero(posts: dict[str, Post]) -> bool:
    counts = [
        (p.likes, p.reposts, p.replies, p.quotes, p.views, p.engagement) for p in posts.values()
    ]
    return all(value is None or value >= 0 for row in counts for value in row)


def test_recorded_reddit_search_and_thread_are_stored_whole(
    engine: Engine, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TEST_REDDIT_ID", "app-id")
    monkeypatch.setenv("TEST_REDDIT_SECRET", "app-secret")
    httpserver.expect_request("/api/v1/access_token", method="POST").respond_with_json(
        {"access_token": "tok", "token_type": "bearer", "expires_in": 86400}
    )
    httpserver.expect_request("/search").respond_with_data(
        **json_reply(read_sample("reddit", "recorded/search.json"))
    )
    httpserver.expect_request("/comments/57dw9a").respond_with_data(
        **json_reply(read_sample("reddit", "recorded/comments_57dw9a.json"))
    )
    httpserver.expect_request(re.compile(r"/comments/\w+")).respond_with_json([NO_COMMENTS] * 2)
    source = source_config(
        httpserver,
        "reddit",
        credentials={"client_id": "TEST_REDDIT_ID", "client_secret": "TEST_REDDIT_SECRET"},
        queries=["CECOT"],
        comments=True,
        auth_base_url=httpserver.url_for("").rstrip("/"),
    )
    summary = run(engine, source)
    posts = stored(engine, "reddit")
    assert (summary.status, summary.quarantined) == ("ok", 0)
    assert len(posts) == 7 + 1 + 10  # submissions, a crosspost's original, comments
    assert all(p.reply_to in posts for p in posts.values() if p.reply_to)
    assert all(p.repost_of in posts for p in posts.values() if p.repost_of)
    assert no_count_below_zero(posts)
    downvoted = posts["t1_d8rcu5g"]
    assert (downvoted.score, downvoted.likes, downvoted.engagement) == (-1, None, 0)


def test_recorded_mastodon_timeline_is_stored_whole(engine: Engine, httpserver: HTTPServer) -> None:
    httpserver.expect_request("/api/v1/timelines/tag/hoot").respond_with_data(
        **json_reply(read_sample("mastodon", "recorded/timeline.json"))
    )
    source = source_config(httpserver, "mastodon", max_pages=1, tags=["hoot"])
    summary = run(engine, source)
    posts = stored(engine, "mastodon")
    assert (summary.status, summary.quarantined, len(posts)) == ("ok", 0, 8)
    links = {
        kind: [getattr(p, kind) for p in posts.values() if getattr(p, kind)]
        for kind in ("repost_of", "quote_of", "reply_to")
    }
    assert {kind: len(found) for kind, found in links.items()} == {
        "repost_of": 1,
        "quote_of": 2,
        "reply_to": 1,
    }
    assert all(link in posts for found in links.values() for link in found)
    assert no_count_below_zero(posts)
    assert not any(p.text.startswith("RE:") for p in posts.values())


def serve_channel(httpserver: HTTPServer) -> None:
    pages = {None: "channel_head.html", "118": "channel_before_118.html"}

    def answer(request: Request) -> Response:
        name = pages.get(request.args.get("before"), "faults/empty_channel.html")
        body = read_sample("telegram", name, binary=True)
        return Response(body, content_type="text/html; charset=utf-8")

    httpserver.expect_request("/s/noticiero_llanero").respond_with_handler(answer)


def test_a_run_that_quarantined_part_of_a_channel_is_degraded_with_its_causes(
    engine: Engine, httpserver: HTTPServer, tmp_path
) -> None:
    serve_channel(httpserver)
    source = source_config(httpserver, "telegram", channels=["noticiero_llanero"])
    summary = run(engine, source)
    assert (summary.status, summary.quarantined) == ("degraded", 1)
    cause = "message has no <time datetime> in its date link"
    with transaction(engine) as session:
        row = session.scalars(select(CollectionRun)).one()
        assert (row.status, row.quarantine_causes) == ("degraded", {cause: 1})
        [health] = day_health(session, row.started_at.date())
    assert (health.degraded, health.quarantined, health.causes) == (1, 1, f"1 {cause}")
    posts = stored(engine, "telegram")
    assert len(posts) == 9 and no_count_below_zero(posts)
    forwards = [p for p in posts.values() if p.repost_of]
    assert len(forwards) >= 2, "forwards from a channel and from a hidden account"

    config = tmp_path / "testigo.toml"
    config.write_text(
        f'[database]\nurl = "{engine.url.render_as_string(hide_password=False)}"\n'
        f'[[sources]]\nname = "telegram"\nkind = "telegram"\nchannels = ["noticiero_llanero"]\n',
        "utf-8",
    )
    shown = CliRunner().invoke(cli, ["--config", str(config), "status"])
    assert shown.exit_code == 0, shown.output
    said = " ".join(shown.output.split())  # the console wraps long lines
    assert "degraded" in said and f"telegram: last run quarantined 1: 1 {cause}" in said
