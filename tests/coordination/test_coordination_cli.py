"""`testigo query coordination` on a generated day: the campaign is found, organic talk is not."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from coordinated_day import CAMPAIGN_ACCOUNTS, DAY, generate_day

from testigo.cli import cli


@pytest.fixture
def invoke(database_url, tmp_path, monkeypatch):
    monkeypatch.setenv("TESTIGO_DATABASE_URL", database_url)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.delenv("TESTIGO_PSEUDONYM_KEY", raising=False)
    runner = CliRunner()

    def run(*args: str) -> str:
        result = runner.invoke(cli, list(args), catch_exceptions=False)
        assert result.exit_code == 0, result.output
        return result.output

    return run


@pytest.fixture(scope="module")
def day():
    return generate_day()


def _import(invoke, day, tmp_path) -> None:
    path = tmp_path / "day.jsonl"
    path.write_text(
        "".join(json.dumps(post.to_json(), default=str) + "\n" for post in day.posts), "utf-8"
    )
    invoke("import", str(path), "--processes", "1")


def test_the_campaign_is_one_cluster_and_no_organic_posts_make_one(invoke, day, tmp_path):
    _import(invoke, day, tmp_path)
    clusters = json.loads(
        invoke("query", "coordination", "--date", DAY.isoformat(), "--format", "json", "--reveal")
    )
    campaign = [c for c in clusters if set(c["account_handles"].split()) & day.campaign_handles]
    assert len(campaign) == 1, clusters
    members = set(campaign[0]["account_handles"].split())
    assert len(members & day.campaign_handles) >= CAMPAIGN_ACCOUNTS - 2
    assert len(members - day.campaign_handles) <= 2, "organic accounts swept in"
    assert "text" in campaign[0]["shared"] and campaign[0]["span_seconds"] <= 180
    organic = [c for c in clusters if c is not campaign[0]]
    assert organic == [], "organic posts made a cluster"


def test_by_account_lists_each_campaign_account_in_its_one_cluster(invoke, day, tmp_path):
    _import(invoke, day, tmp_path)
    by_account = ("query", "coordination", "--by", "account", "--format", "json", "--limit", "100")
    accounts = json.loads(invoke(*by_account, "--reveal"))
    listed = {a["account"] for a in accounts}
    assert len(listed & day.campaign_handles) >= CAMPAIGN_ACCOUNTS - 2
    assert all((a["clusters"], a["posts"]) == (1, 1) for a in accounts)
    hidden = invoke(*by_account)
    assert not any(handle in hidden for handle in day.campaign_handles)
    assert len(json.loads(hidden)) == len(accounts), "pseudonyms keep accounts apart"
