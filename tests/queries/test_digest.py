"""The digest for a fixed day states the reviewed facts, keeps names private, links posts."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from query_dataset import ANA, DAY, JOSE, KEY
from sqlalchemy import select, update

from dashboard.digest import build_digest
from storage.engine import transaction
from storage.models import CollectionRun, Digest
from storage.privacy import pseudonym
from storage.writes import ensure_source, finish_run, name_key, start_run
from testigo.config import parse_config
from testigo.digest import write_digest

# Reviewed facts of the digest for 2025-04-21 over the known dataset.
EXPECTED_FACTS = (
    "## Volume by platform and language",
    "- bluesky / es: 3 posts (7-day mean 0.29, change +2.71)",  # p4 p5 p10; p1 p2 before
    "- mastodon / es: 1 posts (7-day mean 0, change +1)",
    "- criminality_terrorism: 4 posts today, +4.0 against the 7-day mean",
    "- bukele x criminality_terrorism: 3 posts today (+3.0)",
    "- frame criminality_terrorism: 4 posts (baseline median 0, score 4)",
    "  - post {p4} on https://example.org/",  # the site only: URL paths can carry names
    "- 100 engagement, bluesky: post {p4} on https://example.org/",
    "- posts awaiting annotation: 1",
)


def test_digest_for_a_fixed_day_states_the_reviewed_facts(engine, loaded, hidden):
    with transaction(engine) as session:
        digest = build_digest(session, DAY, names=hidden)
    lines = digest.markdown.splitlines()
    for fact in EXPECTED_FACTS:
        assert fact.format(p4=loaded["p4"]) in lines, fact
    jose = pseudonym(name_key(JOSE), KEY)
    assert any(line.startswith(f"- {jose}: score ") for line in lines)
    assert JOSE not in digest.markdown and JOSE not in digest.html
    assert pseudonym(name_key(ANA), KEY) not in digest.markdown, "two mentions stay out"


def test_digest_html_is_self_contained(engine, loaded, hidden):
    with transaction(engine) as session:
        html = build_digest(session, DAY, names=hidden).html
    assert "<svg" in html and "<script" not in html
    assert "src=" not in html and "stylesheet" not in html
    assert '<a href="https://example.org/">' in html
    for caption in ("Frames per day", "Actors per day", "Risk exposure"):
        assert f"<figcaption>{caption}</figcaption>" in html, "each chart says what it shows"


def test_a_day_with_no_data_says_so(engine, loaded, hidden):
    with transaction(engine) as session:
        digest = build_digest(session, date(2025, 6, 1), names=hidden)
    assert "No posts were collected on 2025-06-01." in digest.markdown


def test_daily_job_writes_the_day_files_and_records_the_digest(
    engine, loaded, tmp_path, monkeypatch
):
    monkeypatch.setenv("TESTIGO_PSEUDONYM_KEY", KEY.decode())
    config = parse_config(f"[digest]\nout_dir = '{tmp_path}'\n", "test.toml")
    path = write_digest(engine, config, DAY)
    markdown = path.read_text("utf-8")
    assert path.name == f"digest-{DAY.isoformat()}.md"
    assert "- bluesky / es: 3 posts (7-day mean 0.29, change +2.71)" in markdown.splitlines()
    assert JOSE not in markdown
    assert JOSE not in path.with_suffix(".html").read_text("utf-8")
    with transaction(engine) as session:
        stored = session.scalars(select(Digest)).one()
    assert stored.day == DAY
    assert stored.markdown == markdown


def test_collection_health_names_a_degraded_run_and_its_causes(engine, loaded, hidden):
    with transaction(engine) as session:
        source_id = ensure_source(session, "reddit-search", "reddit").id
        run_id = start_run(session, source_id)
        finish_run(
            session,
            run_id,
            status="degraded",
            new=40,
            quarantined=3,
            quarantine_causes={"item unusable: 'title'": 2, "text: required": 1},
        )
        session.execute(
            update(CollectionRun)
            .where(CollectionRun.id == run_id)
            .values(started_at=datetime.combine(DAY, time(9), UTC))
        )
    with transaction(engine) as session:
        digest = build_digest(session, DAY, names=hidden)
    assert (
        "- reddit-search (reddit): 1 runs, 0 failed, 1 degraded, 0 caps hit, "
        "0 s lost to rate limits; quarantined 3: 2 item unusable: 'title'; "
        "1 text: required"
    ) in digest.markdown.splitlines()
