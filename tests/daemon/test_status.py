"""`testigo status`: each source's last run and new posts, and the annotation backlog."""

from __future__ import annotations

from click.testing import CliRunner
from daemon_fakes import ScriptedCollector, make_source, rate_limited

from testigo import collect
from testigo.cli import cli
from testigo.config import parse_config
from testigo.status import daemon_status


def test_status_shows_last_outcome_new_posts_back_off_and_backlog(engine, monkeypatch, tmp_path):
    monkeypatch.setattr(collect, "collector_class", lambda kind: ScriptedCollector)
    ScriptedCollector.script = [4, rate_limited(minutes=30)]
    source = make_source("masto-test")
    config = parse_config(
        '[[sources]]\nname = "masto-test"\nkind = "mastodon"\ntags = ["CECOT"]\n', "test"
    )
    collect.run_source(engine, config, source)
    report = daemon_status(engine, config)
    (shown,) = report.sources
    assert (shown.outcome, shown.new_24h, shown.on) == ("rate_limited", 4, "on")
    assert shown.retry_at is not None
    assert report.never_annotated == 4
    path = tmp_path / "testigo.toml"
    path.write_text(
        f'[database]\nurl = "{engine.url.render_as_string(hide_password=False)}"\n'
        '[[sources]]\nname = "masto-test"\nkind = "mastodon"\ntags = ["CECOT"]\n'
        '[[sources]]\nname = "x-search-of-the-exchange"\nkind = "x"\nqueries = ["CECOT"]\n'
        'credentials = { bearer_token = "TESTIGO_TEST_UNSET_X_TOKEN" }\n',
        "utf-8",
    )
    result = CliRunner().invoke(cli, ["--config", str(path), "status"])
    assert result.exit_code == 0, result.output
    assert "annotation backlog: 4 posts never annotated" in result.output
    assert "x-search-of-the-exchange is off: credentials not set" in result.output
    assert "rate_limited" in result.output
    assert max(len(line) for line in result.output.splitlines()) <= 80
    assert "…" not in result.output
