"""`testigo demo --no-serve` end to end: the replay is collected whole, and nothing of yours moves.

Runs once (about 40 s) and checks what it prints against the bundled sample itself.
SQLite only: the demo always keeps its own database in its folder.
"""

from __future__ import annotations

import re
import socket
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from testigo.cli import cli
from testigo.demo.sample import DAYS, generate
from testigo.errors import UserError

ROW = re.compile(r"^(\w+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)$", re.MULTILINE)


@dataclass
class DemoRun:
    output: str
    exit_code: int
    folder: Path
    home: Path
    rows: dict[str, tuple[int, int, int, int]]


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory: pytest.TempPathFactory) -> DemoRun:
    home = tmp_path_factory.mktemp("home")
    folder = tmp_path_factory.mktemp("demo") / "run"
    user_config = home / "testigo.toml"
    user_config.write_text('[database]\nurl = "sqlite:///users-own.db"\n', "utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(home)
        patch.setenv("XDG_CONFIG_HOME", str(home / "xdg"))
        patch.setenv("TESTIGO_DATABASE_URL", f"sqlite:///{home / 'users-env.db'}")
        patch.delenv("TESTIGO_CONFIG", raising=False)
        result = CliRunner().invoke(cli, ["demo", "--no-serve", "--dir", str(folder)])
    rows = {m[0]: tuple(int(n) for n in m[1:]) for m in ROW.findall(result.output)}
    return DemoRun(result.output, result.exit_code, folder, home, rows)


def test_demo_finishes_without_serving(demo_run: DemoRun) -> None:
    assert demo_run.exit_code == 0, demo_run.output
    assert "dashboard:" not in demo_run.output


def test_every_platform_of_the_sample_is_collected_whole(demo_run: DemoRun) -> None:
    expected = generate().expected()["posts"]
    assert set(expected) == {"bluesky", "mastodon", "reddit", "rss", "gdelt", "telegram", "x"}
    for platform, posts in expected.items():
        sample, stored, _, _ = demo_run.rows[platform]
        assert (sample, stored) == (posts, posts), platform
    assert demo_run.rows["total"][1] == sum(expected.values())


def test_malformed_items_are_quarantined_not_stored(demo_run: DemoRun) -> None:
    expected = generate().expected()["quarantined"]
    assert all(count > 0 for count in expected.values())
    assert set(expected) == {"bluesky", "mastodon", "reddit", "gdelt", "telegram", "x"}
    for platform, count in expected.items():
        assert demo_run.rows[platform][2] == count, platform


def test_reposts_boosts_crossposts_and_forwards_are_flagged(demo_run: DemoRun) -> None:
    expected = generate().expected()["reposts"]
    assert set(expected) == {"x", "mastodon", "reddit", "telegram"}
    for platform in demo_run.rows:
        if platform != "total":
            assert demo_run.rows[platform][3] == expected.get(platform, 0), platform


def test_every_stored_post_is_annotated_and_named_people_are_found(demo_run: DemoRun) -> None:
    total = sum(generate().expected()["posts"].values())
    assert f"annotated: {total} of {total} posts" in demo_run.output
    found = re.search(r"people named in posts: (\d+) discovered, (\d+) watchlist", demo_run.output)
    assert found and int(found[1]) >= 1 and int(found[2]) >= 10, demo_run.output


def test_a_digest_is_written_for_each_of_the_30_days(demo_run: DemoRun) -> None:
    assert f"digests: {DAYS} (2025-04-10 .. 2025-05-09)" in demo_run.output
    written = sorted((demo_run.folder / "digests").glob("digest-*.md"))
    assert len(written) == DAYS
    assert written[0].name == "digest-2025-04-10.md"
    assert (demo_run.folder / "digests" / "digest-2025-05-09.html").is_file()


def test_nothing_of_the_users_own_setup_is_touched(demo_run: DemoRun) -> None:
    assert not (demo_run.home / "users-own.db").exists()
    assert not (demo_run.home / "users-env.db").exists()
    assert not (demo_run.home / "xdg").exists()  # no pseudonym key file made
    assert (demo_run.folder / "demo.db").is_file()
    secrets_file = demo_run.folder / "secrets.toml"
    assert secrets_file.stat().st_mode & 0o777 == 0o600


def test_a_folder_that_is_not_a_demo_is_refused(tmp_path: Path) -> None:
    (tmp_path / "thesis.docx").write_text("mine", "utf-8")
    result = CliRunner().invoke(cli, ["demo", "--no-serve", "--dir", str(tmp_path)])
    assert result.exit_code != 0
    assert (tmp_path / "thesis.docx").read_text("utf-8") == "mine"
    assert "holds no earlier demo" in str(result.exception or result.output)


def test_a_busy_dashboard_port_is_refused_before_any_work(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        port = taken.getsockname()[1]
        result = CliRunner().invoke(
            cli, ["demo", "--port", str(port), "--dir", str(tmp_path / "demo")]
        )
    assert isinstance(result.exception, UserError)
    assert f"port {port}" in str(result.exception)
    assert not (tmp_path / "demo").exists()
