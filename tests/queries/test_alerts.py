"""`testigo alerts`: a person's exposure jump or a spike reaches a real local webhook receiver
or SMTP server once, by pseudonym only, and an outage of the receiver loses nothing."""

from __future__ import annotations

import json
import socket
import ssl
from collections.abc import Iterator
from datetime import date, timedelta
from email import message_from_bytes
from pathlib import Path

import pytest
import trustme
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session
from click.testing import CliRunner, Result
from pytest_httpserver import HTTPServer
from query_dataset import ANA, JOSE, load
from sqlalchemy import select

from storage.engine import create_database_engine, transaction
from storage.models import AlertDelivery, AuditEntry
from storage.writes import utcnow
from testigo.alerts import run_alerts
from testigo.cli import cli
from testigo.config import parse_config
from testigo.errors import UserError

DAY = "2025-04-21"
WEBHOOK_ENV = "TESTIGO_TEST_ALERT_URL"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def alerts_cli(database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """`testigo --config FILE ...` over the known dataset (José Pérez: 4 posts on DAY, none
    the day before; Ana Gómez: 2 posts, under min_mentions)."""
    monkeypatch.setenv("TESTIGO_DATABASE_URL", database_url)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.delenv("TESTIGO_PSEUDONYM_KEY", raising=False)
    engine = create_database_engine(database_url)
    load(engine)
    config = tmp_path / "testigo.toml"

    def invoke(rules: str, *args: str) -> Result:
        """The command's result; a UserError (main() prints it as one line) is its exception."""
        config.write_text(rules, "utf-8")
        result = CliRunner().invoke(cli, ["--config", str(config), *args])
        if result.exception and not isinstance(result.exception, SystemExit | UserError):
            raise result.exception
        return result

    yield invoke, engine
    engine.dispose()


def webhook_rule(when: str = '["exposure"]', reveal: bool = False) -> str:
    return f"""
[[alerts]]
name = "team-chat"
kind = "webhook"
url_env = "{WEBHOOK_ENV}"
when = {when}
min_score = 90
min_rise = 20
reveal = {str(reveal).lower()}
"""


@pytest.fixture
def receiver(monkeypatch: pytest.MonkeyPatch) -> Iterator[HTTPServer]:
    server = HTTPServer(host="127.0.0.1", port=free_port())
    server.expect_request("/hook", method="POST").respond_with_data("ok")
    monkeypatch.setenv(WEBHOOK_ENV, server.url_for("/hook"))
    server.start()
    yield server
    server.clear()
    if server.is_running():
        server.stop()


def posted(server: HTTPServer) -> list[dict]:
    return [json.loads(request.data) for request, _ in server.log]


def test_an_exposure_jump_sends_one_webhook_naming_the_person_by_pseudonym(alerts_cli, receiver):
    invoke, engine = alerts_cli
    result = invoke(webhook_rule(), "alerts", "run", "--date", DAY)
    assert result.exit_code == 0, result.output
    assert "1 new, 1 sent, 0 failed" in result.output
    (body,) = posted(receiver)
    sent = json.dumps(body, ensure_ascii=False)
    assert JOSE not in sent and "Pérez" not in sent and ANA not in sent
    fields = body["testigo"]
    assert fields["person"].startswith("person-") and fields["person"] in body["text"]
    assert fields["kind"] == "exposure" and fields["day"] == DAY
    assert fields["counts"]["posts"] == 4 and fields["previous_score"] == 0
    assert fields["score"] == pytest.approx(sum(fields["parts"].values()), abs=0.1)
    assert set(fields["parts"]) == {
        "mentions", "authors", "reach", "stigmatising", "hostile", "details", "growth",
        "coordinated",
    }  # fmt: skip
    assert fields["link"].startswith("http://127.0.0.1:8000/individuals/")
    assert body["attachments"][0]["fields"], "Slack/Mattermost show the numbers as fields"

    again = invoke(webhook_rule(), "alerts", "run", "--date", DAY)
    assert "0 new, 0 sent" in again.output
    assert len(receiver.log) == 1, "an alert goes out once per person, rule and day"


def test_with_the_receiver_down_the_alert_waits_and_goes_out_when_it_is_back(
    alerts_cli, monkeypatch
):
    invoke, engine = alerts_cli
    port = free_port()
    monkeypatch.setenv(WEBHOOK_ENV, f"http://127.0.0.1:{port}/hook")
    down = invoke(webhook_rule(), "alerts", "run", "--date", DAY)
    assert down.exit_code == 1
    assert "not delivered, kept for the next run" in down.output
    assert f"{port}/hook" not in down.output, "the webhook URL is a secret"
    with transaction(engine) as session:
        (row,) = session.scalars(select(AlertDelivery)).all()
        assert (row.status, row.attempts) == ("pending", 1) and row.last_error

    server = HTTPServer(host="127.0.0.1", port=port)
    server.expect_request("/hook", method="POST").respond_with_data("ok")
    server.start()
    try:
        back = invoke(webhook_rule(), "alerts", "run", "--date", DAY)
        assert back.exit_code == 0, back.output
        assert "0 new, 1 sent, 0 failed" in back.output
        (body,) = posted(server)
        assert body["testigo"]["counts"]["posts"] == 4
    finally:
        server.stop()


def test_a_receiver_error_status_is_a_failed_delivery(alerts_cli, receiver):
    invoke, _ = alerts_cli
    receiver.clear()
    receiver.expect_request("/hook", method="POST").respond_with_data("busy", status=503)
    result = invoke(webhook_rule(), "alerts", "run", "--date", DAY)
    assert result.exit_code == 1 and "HTTP 503" in result.output


def test_dry_run_prints_what_would_be_sent_and_sends_nothing(alerts_cli, receiver):
    invoke, engine = alerts_cli
    result = invoke(webhook_rule(), "alerts", "run", "--date", DAY, "--dry-run")
    assert result.exit_code == 0
    assert "1 would be sent" in result.output and "exposure individual:" in result.output
    assert JOSE not in result.output
    assert not receiver.log
    with transaction(engine) as session:
        assert session.scalars(select(AlertDelivery)).all() == []


def test_a_spiking_frame_alerts_with_its_counts(alerts_cli, receiver):
    invoke, _ = alerts_cli
    rule = webhook_rule('["spike"]') + "spike_min_posts = 4\n"
    result = invoke(rule, "alerts", "run", "--date", DAY)
    assert result.exit_code == 0, result.output
    spiked = {b["testigo"]["id"]: b["testigo"] for b in posted(receiver)}
    assert spiked["criminality_terrorism"]["posts"] == 4
    assert spiked["criminality_terrorism"]["dimension"] == "frame"
    assert "trump" not in spiked, "2 posts: under spike_min_posts"
    assert not any(key.startswith("person") for key in spiked), "people alert by exposure"


def test_reveal_names_the_person_and_audits_each_alert(alerts_cli, receiver):
    invoke, engine = alerts_cli
    result = invoke(webhook_rule(reveal=True), "alerts", "run", "--date", DAY)
    assert result.exit_code == 0, result.output
    (body,) = posted(receiver)
    assert body["testigo"]["person"] == JOSE
    with transaction(engine) as session:
        (entry,) = session.scalars(select(AuditEntry)).all()
    assert entry.action == "alert with names" and entry.detail["rule"] == "team-chat"


def test_alerts_test_reaches_the_receiver_and_says_so(alerts_cli, receiver):
    invoke, _ = alerts_cli
    result = invoke(webhook_rule(), "alerts", "test", "team-chat")
    assert result.exit_code == 0 and "delivered" in result.output
    (body,) = posted(receiver)
    assert body["testigo"]["kind"] == "test"
    unknown = invoke(webhook_rule(), "alerts", "test", "nope")
    assert "no alert rule named 'nope'" in str(unknown.exception)


def test_a_credential_value_in_place_of_a_variable_name_is_refused(alerts_cli):
    invoke, _ = alerts_cli
    pasted = webhook_rule().replace(WEBHOOK_ENV, "https://hooks.example/T000/B000/XXXX")
    result = invoke(pasted, "alerts", "run")
    assert isinstance(result.exception, UserError)
    assert "url_env" in str(result.exception) and "hooks.example" not in str(result.exception)


class Inbox:
    def __init__(self) -> None:
        self.messages: list[Envelope] = []

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        self.messages.append(envelope)
        return "250 OK"


@pytest.fixture
def smtp_server(tmp_path: Path) -> Iterator[tuple[Inbox, int, Path]]:
    """A real SMTP server on 127.0.0.1 that requires STARTTLS, with a certificate from a
    throwaway CA (its bundle is what the rule trusts)."""
    authority = trustme.CA()
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    authority.issue_cert("127.0.0.1").configure_cert(context)
    bundle = tmp_path / "ca.pem"
    authority.cert_pem.write_to_path(str(bundle))
    inbox, port = Inbox(), free_port()
    controller = Controller(
        inbox, hostname="127.0.0.1", port=port, tls_context=context, require_starttls=True
    )
    controller.start()
    yield inbox, port, bundle
    controller.stop()


def test_an_email_alert_reaches_a_local_smtp_server_over_starttls(alerts_cli, smtp_server):
    invoke, _ = alerts_cli
    inbox, port, bundle = smtp_server
    rule = f"""
[[alerts]]
name = "duty-analyst"
kind = "email"
when = ["exposure"]
min_score = 90
min_rise = 20
smtp_host = "127.0.0.1"
smtp_port = {port}
security = "starttls"
ca_file = "{bundle}"
sender = "testigo@example.org"
to = ["duty@example.org"]
"""
    result = invoke(rule, "alerts", "run", "--date", DAY)
    assert result.exit_code == 0, result.output
    (envelope,) = inbox.messages
    assert envelope.rcpt_tos == ["duty@example.org"]
    email = message_from_bytes(envelope.original_content)
    body = email.get_payload(decode=True).decode()
    assert email["Subject"].startswith("Testigo: exposure alert for person-")
    assert "score" in body and "parts:" in body and JOSE not in body


def test_the_daemon_waits_out_the_back_off_before_retrying(alerts_cli, monkeypatch):
    """The daemon retries a failed alert after its back-off (1 min, doubling); an explicit
    `alerts run` retries at once (the test above)."""
    invoke, engine = alerts_cli
    port = free_port()
    monkeypatch.setenv(WEBHOOK_ENV, f"http://127.0.0.1:{port}/hook")
    assert invoke(webhook_rule(), "alerts", "run", "--date", DAY).exit_code == 1
    server = HTTPServer(host="127.0.0.1", port=port)
    server.expect_request("/hook", method="POST").respond_with_data("ok")
    server.start()
    try:
        config = parse_config(webhook_rule(), "alerts.toml")
        day = date.fromisoformat(DAY)
        soon = run_alerts(engine, config, day, wait_for_retry=True)
        assert (soon.sent, server.log) == (0, [])
        later = run_alerts(
            engine, config, day, wait_for_retry=True, now=lambda: utcnow() + timedelta(minutes=2)
        )
        assert later.sent == 1 and len(server.log) == 1
    finally:
        server.stop()
