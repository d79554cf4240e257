"""Sessions end on the server (logout, new password or role, removal) and failed logins
neither reveal which names exist nor lock the owner out; on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable

from click.testing import CliRunner, Result
from starlette.applications import Starlette
from starlette.testclient import TestClient
from web_helpers import PASSWORDS, csrf_of, log_in

from storage.users import add_user, remove_user

ClientAs = Callable[[str | None], TestClient]
ATTACKER = ("203.0.113.7", 40000)
OWNER = ("198.51.100.20", 50000)


def users_cli(database_url: str, *args: str, stdin: str | None = None) -> Result:
    from testigo.cli import cli

    return CliRunner().invoke(
        cli, ["users", *args], input=stdin, env={"TESTIGO_DATABASE_URL": database_url}
    )


def attempt(client: TestClient, username: str, password: str):
    token = csrf_of(client.get("/login").text)
    data = {"csrf": token, "username": username, "password": password, "next": "/"}
    return client.post("/login", data=data, follow_redirects=False)


def replay(app: Starlette, cookie: str) -> int:
    """A request from another client holding a saved copy of the session cookie."""
    thief = TestClient(app, cookies={"testigo_session": cookie})
    return thief.get("/api/overview").status_code


def log_out(client: TestClient) -> None:
    token = csrf_of(client.get("/").text)
    assert client.post("/logout", data={"csrf": token}, follow_redirects=False).status_code == 303


def test_logout_needs_csrf_and_ends_the_session(client_as: ClientAs) -> None:
    client = client_as("analyst")
    assert client.post("/logout", data={}).status_code == 403
    log_out(client)
    assert client.get("/", follow_redirects=False).status_code == 303


def test_a_cookie_saved_before_logout_is_refused_after_it(app: Starlette, client_as) -> None:
    client = client_as("analyst")
    saved = client.cookies["testigo_session"]
    assert replay(app, saved) == 200
    log_out(client)
    assert replay(app, saved) == 401


def test_logout_ends_only_that_session(app: Starlette, client_as: ClientAs) -> None:
    laptop, phone = client_as("analyst"), client_as("analyst")
    log_out(laptop)
    assert phone.get("/api/overview").status_code == 200


def test_removed_user_loses_access_at_once(app: Starlette, client_as: ClientAs) -> None:
    client = client_as("analyst")
    assert client.get("/").status_code == 200
    with app.state.dashboard.db() as session:
        remove_user(session, "ana")
    assert client.get("/", follow_redirects=False).status_code == 303


def test_a_user_removed_and_added_again_does_not_get_old_cookies_back(
    app: Starlette, client_as: ClientAs
) -> None:
    saved = client_as("analyst").cookies["testigo_session"]
    with app.state.dashboard.db() as session:
        remove_user(session, "ana")
        add_user(session, "ana", PASSWORDS["ana"], "analyst")
    assert replay(app, saved) == 401


def test_users_passwd_ends_the_users_sessions(
    app: Starlette, client_as: ClientAs, database_url: str
) -> None:
    saved = client_as("analyst").cookies["testigo_session"]
    other = client_as("viewer")
    result = users_cli(database_url, "passwd", "ana", "--password-stdin", stdin="new pass 9\n")
    assert result.exit_code == 0, result.output
    assert "1 open session(s) ended" in result.output
    assert replay(app, saved) == 401
    assert other.get("/api/overview").status_code == 200  # other users keep theirs
    assert attempt(TestClient(app), "ana", PASSWORDS["ana"]).status_code == 401
    log_in(TestClient(app), "ana", "new pass 9")


def test_users_role_ends_the_users_sessions_and_applies_the_new_role(
    app: Starlette, client_as: ClientAs, database_url: str
) -> None:
    saved = client_as("analyst").cookies["testigo_session"]
    result = users_cli(database_url, "role", "ana", "viewer")
    assert result.exit_code == 0, result.output
    assert replay(app, saved) == 401
    client = log_in(TestClient(app), "ana", PASSWORDS["ana"])
    review = client.post("/individuals/review", data={"csrf": csrf_of(client.get("/").text)})
    assert review.status_code == 403


def test_an_unknown_user_gets_the_same_answer_as_a_wrong_password(client_as: ClientAs) -> None:
    unknown = attempt(client_as(None), "nobody-here", "guess")
    wrong = attempt(client_as(None), "ana", "guess")
    assert unknown.status_code == wrong.status_code == 401
    assert unknown.text.replace("nobody-here", "ana") == wrong.text.replace(
        csrf_of(wrong.text), csrf_of(unknown.text)
    )
    assert unknown.headers.keys() == wrong.headers.keys()


def test_an_attacker_cannot_lock_the_owner_out(app: Starlette) -> None:
    delays: list[float] = []
    app.state.dashboard.account_delay.sleep = delays.append
    attacker = TestClient(app, client=ATTACKER)
    statuses = [attempt(attacker, "ana", f"guess {i}").status_code for i in range(12)]
    assert statuses[0] == 401
    assert statuses[-1] == 429  # the attacker's address is throttled
    owner = TestClient(app, client=OWNER)
    assert attempt(owner, "ana", PASSWORDS["ana"]).status_code == 303
    assert delays, "the account's failures slowed the next attempts"


def test_each_guess_on_one_account_waits_longer_whatever_the_address(app: Starlette) -> None:
    delays: list[float] = []
    app.state.dashboard.account_delay.sleep = delays.append
    for i in range(8):  # a new address each time: the address throttle never fires
        attempt(TestClient(app, client=(f"192.0.2.{i}", 1)), "ana", "guess")
    assert delays == sorted(delays) and delays[-1] > delays[0] > 0


def test_unknown_and_known_names_are_slowed_down_alike(app: Starlette) -> None:
    slowed: dict[str, list[float]] = {}
    for name in ("ana", "nobody-here"):
        delays: list[float] = []
        app.state.dashboard.account_delay.sleep = delays.append
        for i in range(6):
            attempt(TestClient(app, client=(f"192.0.2.{i}", 2)), name, "guess")
        slowed[name] = delays
    assert slowed["ana"] == slowed["nobody-here"] != []
