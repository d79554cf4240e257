"""Sending one alert: a JSON POST to an incoming webhook, or an email over SMTP.

The webhook body works with Slack- and Mattermost-style incoming webhooks: `text` is the
message, `attachments[0].fields` shows the numbers, and `testigo` carries the same fields for
programs. Errors name what failed, never the webhook URL (it is a secret) or a password.
"""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Callable
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Any

import httpx

from testigo.config import AlertConfig

TIMEOUT_SECONDS = 15.0


class DeliveryError(Exception):
    """An alert did not reach its receiver; the message says why in a few words."""


@dataclass(frozen=True)
class Message:
    subject: str
    text: str
    fields: dict[str, Any]


Secret = Callable[[str], str | None]


def send(rule: AlertConfig, message: Message, secret: Secret) -> None:
    """Deliver `message` by `rule`'s channel; DeliveryError when it did not arrive."""
    if rule.kind == "webhook":
        post_webhook(_required(secret, rule.url_env), webhook_body(message))
    else:
        send_email(rule, message, secret)


def webhook_body(message: Message) -> dict[str, Any]:
    return {
        "text": message.text,
        "attachments": [
            {
                "fallback": message.text,
                "title": message.subject,
                "fields": [
                    {"title": key, "value": _shown(value), "short": not isinstance(value, dict)}
                    for key, value in message.fields.items()
                ],
            }
        ],
        "testigo": message.fields,
    }


def post_webhook(url: str, body: dict[str, Any]) -> None:
    try:
        response = httpx.post(url, json=body, timeout=TIMEOUT_SECONDS)
    except httpx.HTTPError as error:
        raise DeliveryError(f"webhook: {type(error).__name__}") from None
    if response.status_code >= 300:
        raise DeliveryError(f"webhook: HTTP {response.status_code}")


def send_email(rule: AlertConfig, message: Message, secret: Secret) -> None:
    email = EmailMessage()
    email["Subject"] = message.subject
    email["From"] = rule.sender
    email["To"] = ", ".join(rule.to)
    lines = [f"{key}: {_shown(value)}" for key, value in message.fields.items()]
    email.set_content(message.text + "\n\n" + "\n".join(lines) + "\n")
    context = ssl.create_default_context(cafile=rule.ca_file or None)
    try:
        if rule.security == "tls":
            client: smtplib.SMTP = smtplib.SMTP_SSL(
                rule.smtp_host, rule.smtp_port, timeout=TIMEOUT_SECONDS, context=context
            )
        else:
            client = smtplib.SMTP(rule.smtp_host, rule.smtp_port, timeout=TIMEOUT_SECONDS)
        with client:
            if rule.security == "starttls":
                client.starttls(context=context)
            if rule.username_env:
                password = _required(secret, rule.password_env) if rule.password_env else ""
                client.login(_required(secret, rule.username_env), password)
            client.send_message(email)
    except (OSError, smtplib.SMTPException) as error:
        raise DeliveryError(f"email: {type(error).__name__}") from None


def _required(secret: Secret, env_name: str) -> str:
    value = secret(env_name)
    if not value:
        raise DeliveryError(f"${env_name} is not set")
    return value


def _shown(value: Any) -> str:
    if isinstance(value, dict):
        return ", ".join(f"{k} {_shown(v)}" for k, v in value.items())
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)
