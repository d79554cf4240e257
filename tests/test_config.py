"""Configuration: where it comes from, how it fails, and that secrets never show."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from testigo.cli import cli
from testigo.config import load_config, parse_config
from testigo.errors import ConfigError


def run(args, **env):
    return CliRunner().invoke(cli, args, env=env, catch_exceptions=False)


def test_packaged_default_is_the_exchange_topic(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("TESTIGO_CONFIG", raising=False)
    monkeypatch.delenv("TESTIGO_DATABASE_URL", raising=False)
    config = load_config()
    assert config.path == "<packaged default>"
    assert config.topic.name == "exchange-2025"
    assert config.database.url == "sqlite:///testigo.db"
    kinds = {s.kind for s in config.sources}
    assert {"mastodon", "rss", "gdelt", "telegram", "bluesky", "reddit", "x"} <= kinds


def test_local_testigo_toml_wins_over_the_default(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("TESTIGO_CONFIG", raising=False)
    (tmp_path / "testigo.toml").write_text('[topic]\nname = "other"\n')
    assert load_config().topic.name == "other"


def test_database_url_from_environment_overrides_the_file(monkeypatch):
    monkeypatch.setenv("TESTIGO_DATABASE_URL", "postgresql://db.example/testigo")
    config = parse_config('[database]\nurl = "sqlite:///x.db"\n', "test.toml")
    assert config.database.url == "postgresql://db.example/testigo"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[databse]\nurl = 'x'\n", "unknown section [databse]"),
        ("[digest]\ntime = 7\n", "[digest] time: expected a string"),
        ("[schedule]\nannotate_interval = 'often'\n", "annotate_interval: expected a duration"),
        ("[[sources]]\nname = 'a'\nkind = 'myspace'\n", "kind: expected one of"),
        ("[[sources]]\nname = 'a'\nkind = 'rss'\nqueries = ['x']\n", "unknown key 'queries'"),
        (
            "[[sources]]\nname = 'a'\nkind = 'rss'\n[[sources]]\nname = 'a'\nkind = 'rss'\n",
            "name 'a' is used more than once",
        ),
        (
            "[[sources]]\nname = 'a'\nkind = 'x'\ncredentials = { token = 'T' }\n",
            "unknown credential 'token'",
        ),
        ("not toml at all =", "not valid TOML"),
    ],
)
def test_bad_config_names_the_file_and_the_key(text, expected):
    with pytest.raises(ConfigError) as error:
        parse_config(text, "my.toml")
    assert str(error.value).startswith("my.toml")
    assert expected in str(error.value)


TOKEN = "ghp_Zx81kQ7vT2mW9rB4nC6yP0sL3dF5hJ8aE1uV"
SOURCE = "[[sources]]\nname = 's'\nkind = "
HARMFUL = [
    ("[schedule]\nannotate_interval = '0s'\n", "[schedule] annotate_interval: must be at least 1s"),
    ("[schedule]\nrollup_interval = '0m'\n", "[schedule] rollup_interval: must be at least 1s"),
    (SOURCE + "'rss'\ninterval = '0s'\n", "source 's' interval: must be at least 1s"),
    (
        "[schedule]\nannotate_batch_size = -5\n",
        "[schedule] annotate_batch_size: must be at least 1",
    ),
    ("[schedule]\nannotate_batch_size = 0\n", "[schedule] annotate_batch_size: must be at least 1"),
    ("[retention]\nraw_payload_days = -1\n", "[retention] raw_payload_days: must be at least 0"),
    ("[retention]\ntext_days = -3\n", "[retention] text_days: must be at least 0"),
    ("[dashboard]\nport = -1\n", "[dashboard] port: must be at least 1"),
    ("[dashboard]\nport = 70000\n", "[dashboard] port: must be at most 65535"),
    ("[privacy]\nmin_mentions = -1\n", "[privacy] min_mentions: must be at least 1"),
    ("[digest]\ntime = '25:99'\n", "[digest] time: expected HH:MM (00:00 to 23:59)"),
    ("[digest]\ntime = '07:60'\n", "[digest] time: expected HH:MM"),
    ("[digest]\ntimezone = 'Mars/Olympus'\n", "[digest] timezone: unknown time zone"),
    ("[digest]\ntimezone = '../../etc/passwd'\n", "[digest] timezone: unknown time zone"),
    ("[nlp]\nmodels = { es = 'es_no_such_model_sm' }\n", "[nlp] models: es = 'es_no_such"),
    ("[nlp]\nmodels = { 'es es' = 'x' }\n", "[nlp] models: 'es es' is not a language code"),
    (
        SOURCE + f"'x'\ncredentials = {{ bearer_token = '{TOKEN}' }}\n",
        "source 's': credentials bearer_token: expected the NAME of an environment variable",
    ),
    (
        SOURCE + "'reddit'\ncredentials = { client_secret = '0123456789abcdef0123456789abcdef' }\n",
        "credentials client_secret: expected the NAME of an environment variable",
    ),
    (
        SOURCE + "'reddit'\ncredentials = { client_secret = 'a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6' }\n",
        "credentials client_secret: expected the NAME of an environment variable",
    ),
    (
        SOURCE + "'reddit'\ncredentials = { client_id = 1234567 }\n",
        "credentials client_id: expected",
    ),
    (f"[privacy]\npseudonym_key_env = '{TOKEN}'\n", "[privacy] pseudonym_key_env: expected the"),
]


@pytest.mark.parametrize(("text", "expected"), HARMFUL)
def test_harmful_values_are_refused_at_load_naming_the_key(text, expected):
    with pytest.raises(ConfigError) as error:
        parse_config(text, "my.toml")
    assert str(error.value).startswith("my.toml: ")
    assert expected in str(error.value)
    assert "\n" not in str(error.value)


@pytest.mark.parametrize(
    "text",
    [
        "[retention]\nraw_payload_days = 0\n",
        "[schedule]\njitter = '0s'\n",
        "[digest]\ntime = '23:59'\ntimezone = 'UTC'\n",
        "[digest]\ntime = '0:00'\ntimezone = 'Europe/Madrid'\n",
        SOURCE + "'x'\ncredentials = { bearer_token = 'X_BEARER_TOKEN' }\n",
        SOURCE + "'reddit'\ncredentials = { client_secret = 'TESTIGO_REDDIT_CLIENT_SECRET' }\n",
    ],
)
def test_harmless_edge_values_still_load(text):
    parse_config(text, "my.toml")


@pytest.mark.parametrize("verb", [["config", "show"], ["sources", "list"], ["sources", "check"]])
def test_a_pasted_credential_is_refused_and_never_echoed(tmp_path, verb):
    path = tmp_path / "c.toml"
    path.write_text(SOURCE + f"'x'\ncredentials = {{ bearer_token = '{TOKEN}' }}\n")
    result = subprocess.run(
        [sys.executable, "-m", "testigo", "--config", str(path), *verb],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    said = result.stdout + result.stderr
    assert TOKEN not in said
    assert TOKEN[4:12] not in said
    assert len(said.strip().splitlines()) == 1
    assert "bearer_token: expected the NAME of an environment variable" in said


def test_bad_config_is_one_line_on_the_command_line_not_a_traceback(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text("[[sources]]\nname = 'a'\nkind = 'rss'\nfeeds = 'not a list'\n")
    result = subprocess.run(
        [sys.executable, "-m", "testigo", "--config", str(path), "config", "show"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr.strip() == (
        f"Error: {path}: source 'a' feeds: expected a list of str, got 'not a list'"
    )
    assert "Traceback" not in result.stderr


def test_config_show_masks_secrets_and_passwords(tmp_path):
    path = tmp_path / "c.toml"
    path.write_text(
        "[database]\nurl = 'postgresql://analyst:hunter2@db/testigo'\n"
        "[[sources]]\nname = 'bsky'\nkind = 'bluesky'\n"
        "credentials = { identifier = 'T_HANDLE', password = 'T_PASSWORD' }\n"
    )
    result = run(
        ["--config", str(path), "config", "show"],
        T_HANDLE="someone.bsky.social",
        T_PASSWORD="app-pass-1234",
        TESTIGO_DATABASE_URL="",
    )
    assert "hunter2" not in result.output
    assert "app-pass-1234" not in result.output
    assert "someone.bsky.social" not in result.output
    shown = json.loads(result.output)
    assert shown["sources"][0]["credentials"]["password"].startswith("$T_PASSWORD (set")
    assert shown["sources"][0]["status"] == "on: credentials present"


def test_sources_with_credentials_switch_on_only_when_the_environment_has_them(monkeypatch):
    text = (
        "[[sources]]\nname = 'x'\nkind = 'x'\nenabled = 'auto'\n"
        "credentials = { bearer_token = 'T_X_TOKEN' }\n"
    )
    monkeypatch.delenv("T_X_TOKEN", raising=False)
    config = parse_config(text, "c.toml")
    assert config.source_status(config.sources[0]) == (
        False,
        "credentials not set: bearer_token ($T_X_TOKEN)",
    )
    monkeypatch.setenv("T_X_TOKEN", "secret")
    assert config.source_status(config.sources[0])[0] is True


def test_secrets_file_is_read_when_the_environment_is_silent(monkeypatch, tmp_path):
    secrets = tmp_path / "secrets.toml"
    secrets.write_text('T_X_TOKEN = "from-file"\n')
    monkeypatch.delenv("T_X_TOKEN", raising=False)
    config = parse_config(f"[secrets]\nfile = '{secrets}'\n", "c.toml")
    assert config.secret("T_X_TOKEN") == "from-file"


def test_schedule_durations_are_seconds_once_loaded():
    config = parse_config(
        "[schedule]\nannotate_interval = '2m'\nrollup_interval = '1h'\njitter = '0s'\n", "t"
    )
    schedule = config.schedule
    assert (schedule.annotate_interval_seconds, schedule.rollup_interval_seconds) == (120, 3600)
    assert schedule.jitter_seconds == 0
    assert parse_config("", "t").schedule.annotate_interval_seconds == 60


def test_the_exposure_policy_carries_every_exposure_setting():
    config = parse_config(
        "[privacy]\nmin_mentions = 5\n"
        "[exposure]\nstigmatising_frames = { criminality_terrorism = 0.8 }\n"
        "hostile_actors = ['bukele']\n",
        "t",
    )
    policy = config.exposure_policy()
    assert policy.min_mentions == 5
    assert dict(policy.stigmatising) == {"criminality_terrorism": 0.8}
    assert policy.hostile == {"bukele"}
