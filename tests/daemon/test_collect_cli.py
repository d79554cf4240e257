"""`testigo collect --once` against a local server speaking Mastodon's API."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from testigo.cli import cli

SAMPLES = Path(__file__).parent.parent / "collector" / "samples" / "mastodon"


def write_config(tmp_path: Path, database_url: str, base_url: str) -> Path:
    path = tmp_path / "testigo.toml"
    path.write_text(
        f"""
[database]
url = "{database_url}"

[[sources]]
name = "local-mastodon"
kind = "mastodon"
base_url = "{base_url}"
tags = ["CECOT"]

[[sources]]
name = "x"
kind = "x"
enabled = "auto"
queries = ["CECOT"]
credentials = {{ bearer_token = "TESTIGO_TEST_UNSET_X_TOKEN" }}
""",
        "utf-8",
    )
    return path


def row_of(output: str, source: str) -> list[str]:
    """The table row of a source: status, pages, fetched, new, updated, quarantined, errors."""
    return next(line.split()[1:8] for line in output.splitlines() if line.split()[:1] == [source])


def run(config: Path, *args: str):
    return CliRunner().invoke(cli, ["--config", str(config), "collect", "--once", *args])


def test_collect_once_stores_posts_and_says_which_sources_are_off(
    tmp_path, database_url, httpserver
):
    httpserver.expect_request("/api/v1/timelines/tag/CECOT").respond_with_data(
        (SAMPLES / "page1.json").read_text("utf-8"), content_type="application/json"
    )
    config = write_config(tmp_path, database_url, httpserver.url_for("").rstrip("/"))
    result = run(config)
    assert result.exit_code == 0, result.output
    assert "sources on: local-mastodon" in result.output
    assert "source off: x (credentials not set: bearer_token ($TESTIGO_TEST_UNSET_X_TOKEN))" in (
        result.output
    )
    counts = row_of(result.output, "local-mastodon")
    assert counts[:2] == ["ok", "1"] and int(counts[3]) > 0, result.output
    again = row_of(run(config).output, "local-mastodon")
    assert again[3] == "0", "a second run stores nothing new"


def test_collect_once_exits_non_zero_when_a_source_fails_entirely(
    tmp_path, database_url, httpserver
):
    httpserver.expect_request("/api/v1/timelines/tag/CECOT").respond_with_data(
        "not here", status=404
    )
    config = write_config(tmp_path, database_url, httpserver.url_for("").rstrip("/"))
    result = run(config)
    assert result.exit_code == 1
    assert "local-mastodon: HTTP 404 from" in result.output


def test_collect_names_an_unknown_source_clearly(tmp_path, database_url):
    config = write_config(tmp_path, database_url, "http://127.0.0.1:9")
    result = run(config, "--source", "nope")
    assert result.exit_code != 0
    assert "no source named 'nope'" in str(result.exception) + result.output
