"""`testigo users add|list|remove|passwd|role` on SQLite and PostgreSQL."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import select

from storage.engine import create_database_engine, transaction
from storage.models import User
from storage.users import verify_login
from testigo.cli import main


def run(database_url: str, *args: str, stdin: str | None = None) -> Result:
    from testigo.cli import cli

    return CliRunner().invoke(
        cli, list(args), input=stdin, env={"TESTIGO_DATABASE_URL": database_url}
    )


def test_added_user_can_log_in_and_password_is_not_stored(database_url: str) -> None:
    result = run(
        database_url,
        "users",
        "add",
        "marta",
        "--role",
        "analyst",
        "--password-stdin",
        stdin="correct horse\n",
    )
    assert result.exit_code == 0, result.output
    engine = create_database_engine(database_url)
    with transaction(engine) as session:
        stored = session.scalars(select(User.password_hash)).one()
        assert "correct horse" not in stored and stored.startswith("$argon2")
        assert verify_login(session, "marta", "correct horse") is not None
        assert verify_login(session, "marta", "wrong") is None
    engine.dispose()


def test_password_is_prompted_twice_when_not_from_stdin(database_url: str) -> None:
    result = run(database_url, "users", "add", "vera", "--role", "viewer", stdin="pw1\npw1\n")
    assert result.exit_code == 0, result.output
    assert re.search(r"vera +viewer", run(database_url, "users", "list").output)


def test_list_and_remove(database_url: str) -> None:
    run(database_url, "users", "add", "ada", "--role", "admin", "--password-stdin", stdin="x\n")
    assert re.search(r"ada +admin", run(database_url, "users", "list").output)
    assert run(database_url, "users", "remove", "ada").exit_code == 0
    assert "ada" not in run(database_url, "users", "list").output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("users", "remove", "nobody"), "no user named 'nobody'"),
        (("users", "add", "x", "--role", "boss", "--password-stdin"), "Invalid value for '--role'"),
        (("users", "add", "x", "--role", "viewer", "--password-stdin"), "must not be empty"),
        (("users", "passwd", "nobody", "--password-stdin"), "must not be empty"),
        (("users", "role", "nobody", "admin"), "no user named 'nobody'"),
        (("users", "role", "nobody", "boss"), "'boss' is not one of"),
    ],
)
def test_bad_requests_get_one_clear_line(
    database_url: str,
    args: tuple[str, ...],
    message: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("TESTIGO_DATABASE_URL", database_url)
    monkeypatch.setattr("sys.argv", ["testigo", *args])
    monkeypatch.setattr("sys.stdin", __import__("io").StringIO("\n"))
    with pytest.raises(SystemExit) as exit_info:
        main()
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert message in err
    assert "Traceback" not in err


def test_a_taken_name_is_refused(database_url: str) -> None:
    run(database_url, "users", "add", "ada", "--role", "admin", "--password-stdin", stdin="x\n")
    result = run(
        database_url, "users", "add", "ada", "--role", "viewer", "--password-stdin", stdin="y\n"
    )
    assert result.exit_code != 0
    assert "already exists" in str(result.exception)
