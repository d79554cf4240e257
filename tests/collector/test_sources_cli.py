"""`testigo sources list|check` against a config whose endpoints are a local server."""

from __future__ import annotations

from click.testing import CliRunner

from testigo.cli import cli

SECRET = "xoxo-very-secret-bearer"


def write_config(tmp_path, httpserver, extra: str = "") -> str:
    base = httpserver.url_for("").rstrip("/")
    path = tmp_path / "testigo.toml"
    path.write_text(
        f"""
[[sources]]
name = "masto"
kind = "mastodon"
base_url = "{base}/masto"
tags = ["CECOT"]

[[sources]]
name = "x-search"
kind = "x"
base_url = "{base}/x"
enabled = "auto"
queries = ["CECOT"]
credentials = {{ bearer_token = "TESTIGO_TEST_X_TOKEN" }}

[[sources]]
name = "reddit-off"
kind = "reddit"
enabled = false
queries = ["CECOT"]
credentials = {{ client_id = "TESTIGO_TEST_RID", client_secret = "TESTIGO_TEST_RSECRET" }}
{extra}""",
        "utf-8",
    )
    return str(path)


def run(config_path: str, *args: str):
    return CliRunner().invoke(cli, ["--config", config_path, "sources", *args])


def test_list_says_which_sources_run_and_why(tmp_path, httpserver, monkeypatch):
    monkeypatch.delenv("TESTIGO_TEST_X_TOKEN", raising=False)
    result = run(write_config(tmp_path, httpserver), "list")
    assert result.exit_code == 0, result.output
    lines = {line.split()[0]: line for line in result.output.splitlines()}
    assert "on " in lines["masto"] and "every 15m" in lines["masto"]
    assert "credentials not set: bearer_token ($TESTIGO_TEST_X_TOKEN)" in lines["x-search"]
    assert "disabled in config" in lines["reddit-off"]


def test_check_passes_when_every_enabled_source_is_reachable(tmp_path, httpserver, monkeypatch):
    monkeypatch.setenv("TESTIGO_TEST_X_TOKEN", SECRET)
    httpserver.expect_request("/masto").respond_with_data("<html>Mastodon</html>")
    httpserver.expect_request("/x").respond_with_json({"title": "Not Found"}, status=404)
    result = run(write_config(tmp_path, httpserver), "check")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("config: ok")
    lines = {line.split()[0]: line for line in result.output.splitlines()}
    assert "ok" in lines["masto"] and "reachable (HTTP 200" in lines["masto"]
    assert "credentials set: bearer_token ($TESTIGO_TEST_X_TOKEN)" in lines["x-search"]
    assert "off: disabled in config" in lines["reddit-off"]
    assert SECRET not in result.output
    assert all("Authorization" not in request.headers for request, _ in httpserver.log)


def test_check_fails_an_enabled_source_without_its_required_credentials(
    tmp_path, httpserver, monkeypatch
):
    monkeypatch.delenv("TESTIGO_TEST_X_TOKEN", raising=False)
    httpserver.expect_request("/masto").respond_with_data("ok")
    extra = """
[[sources]]
name = "x-forced"
kind = "x"
enabled = true
queries = ["CECOT"]
credentials = { bearer_token = "TESTIGO_TEST_X_TOKEN" }
"""
    result = run(write_config(tmp_path, httpserver, extra), "check")
    assert result.exit_code == 1
    forced = next(line for line in result.output.splitlines() if line.startswith("x-forced"))
    assert "FAIL required credentials not set: bearer_token ($TESTIGO_TEST_X_TOKEN)" in forced
    assert "off: credentials not set" in result.output  # the auto source is off, not failing


def test_check_fails_when_an_endpoint_is_down_or_erroring(tmp_path, httpserver, monkeypatch):
    monkeypatch.delenv("TESTIGO_TEST_X_TOKEN", raising=False)
    httpserver.expect_request("/masto").respond_with_data("maintenance", status=503)
    extra = """
[[sources]]
name = "nobody-home"
kind = "gdelt"
base_url = "http://127.0.0.1:9"
queries = ["CECOT"]
"""
    result = run(write_config(tmp_path, httpserver, extra), "check", "--timeout", "1")
    assert result.exit_code == 1
    lines = {line.split()[0]: line for line in result.output.splitlines()}
    assert "FAIL unreachable" in lines["masto"] and "HTTP 503" in lines["masto"]
    assert "FAIL unreachable" in lines["nobody-home"]
    assert "2 enabled source(s) cannot run." in result.output


def test_check_reports_an_invalid_config_without_a_traceback(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text('[[sources]]\nname = "b"\nkind = "bluesky"\nquerys = ["CECOT"]\n', "utf-8")
    result = run(str(path), "check")
    assert result.exit_code == 2
    assert "config: FAIL" in result.output and "unknown key 'querys'" in result.output
