"""The real `testigo` command on hostile input: one line saying what is wrong, never a
traceback, and never a secret echoed back."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

TESTIGO = str(Path(sys.executable).with_name("testigo"))
# Shaped like an X app-only bearer token (made up): what gets pasted into the config.
X_BEARER_LOOKALIKE = (
    "AAAAAAAAAAAAAAAAAAAAAMLheAAAAAAA0%2BuSeid%2BULvsea4JtiGRiSDSJSI%3D"
    "EUifiRBkKG5E2XzMDjRfl76ZC9Ub0wnz4XsNiRVBChTYbJcE3F"
)


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def run_testigo(*args: str, cwd: Path, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("TESTIGO_")}
    return subprocess.run(
        [TESTIGO, *args], capture_output=True, text=True, cwd=cwd, env={**clean, **env},
        timeout=60, check=False,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("args", "env", "says"),
    [
        (
            ("db", "current"),
            {"TESTIGO_DATABASE_URL": "postgresql://analyst:hunter2@127.0.0.1:{port}/x"},
            "Error: cannot open database postgresql://analyst:********@127.0.0.1:{port}/x",
        ),
        (
            ("db", "current"),
            {"TESTIGO_DATABASE_URL": "sqlite:////nonexistent-dir/x.db"},
            "Error: cannot open database sqlite:////nonexistent-dir/x.db",
        ),
        (
            ("status",),
            {"TESTIGO_DATABASE_URL": "postgresql://analyst:hunter2@127.0.0.1:{port}/x"},
            "Error: cannot open database postgresql://analyst:********@",
        ),
        (("dashboard", "--port", "-1"), {}, "Error: Invalid value for '--port'"),
        (("dashboard", "--port", "70000"), {}, "Error: Invalid value for '--port'"),
    ],
)
def test_bad_command_lines_get_one_clear_error(tmp_path, args, env, says):
    port = str(closed_port())
    env = {k: v.replace("{port}", port) for k, v in env.items()}
    result = run_testigo(*args, cwd=tmp_path, **env)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "hunter2" not in result.stderr + result.stdout
    assert says.replace("{port}", port) in result.stderr.splitlines()[-1]
    assert len(result.stderr.strip().splitlines()) == 1, "one line, not a usage block"


@pytest.mark.parametrize(
    "config",
    [
        "[schedule]\nannotate_interval = '0s'\n",
        "[retention]\nraw_payload_days = -1\n",
        "[dashboard]\nport = -1\n",
        "[digest]\ntime = '25:99'\n",
        "[digest]\ntimezone = 'Nowhere/Atlantis'\n",
        "[nlp]\nmodels = { es = 'es_core_news_nonexistent' }\n",
        "[[sources]]\nname = 'x'\nkind = 'x'\ncredentials = { bearer_token = '"
        + X_BEARER_LOOKALIKE
        + "' }\n",
    ],
)
@pytest.mark.parametrize("verb", [("config", "show"), ("run", "--once"), ("dashboard",)])
def test_a_harmful_config_stops_every_verb_with_one_line(tmp_path, config, verb):
    path = tmp_path / "testigo.toml"
    path.write_text(config, "utf-8")
    result = run_testigo("--config", str(path), *verb, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith(f"Error: {path}: ")
    assert len(result.stderr.strip().splitlines()) == 1
    assert X_BEARER_LOOKALIKE[20:40] not in result.stderr + result.stdout


@pytest.mark.parametrize(
    "verb",
    [
        ("annotate", "posts.jsonl"),
        ("nlp", "evaluate"),
        ("worker", "--until-idle"),
        ("run", "--once"),
    ],
)
def test_a_broken_lexicon_stops_every_verb_that_loads_the_pipeline_with_one_line(tmp_path, verb):
    """Every verb loads the NLP pipeline the same way: a lexicon file that is not valid YAML
    (whose parser error runs over several lines) is one line naming the config file."""
    data_dir = tmp_path / "nlp-data"
    data_dir.mkdir()
    (data_dir / "watchlist.yaml").write_text("people:\n  - name: [unclosed\n  kind: x\n", "utf-8")
    (tmp_path / "posts.jsonl").write_text('{"id": "1", "text": "hola"}\n', "utf-8")
    path = tmp_path / "testigo.toml"
    path.write_text(f"[nlp]\ndata_dir = '{data_dir}'\n", "utf-8")
    result = run_testigo("--config", str(path), *verb, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith(f"Error: {path}: [nlp] watchlist.yaml: not valid YAML")
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr
