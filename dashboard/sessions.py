"""Signed session cookies: the CSRF token and, once logged in, a server-side session token.

A cookie is `base64(json).hex(hmac-sha256)`; a tampered or expired cookie is an
anonymous session. A logged-in cookie's token is looked up in `dashboard_sessions`
on every request (storage.users), so logout, a new password or role, or removing
the user ends the session at once, even for a copy of the cookie.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import time
from dataclasses import dataclass

COOKIE_NAME = "testigo_session"
LIFETIME_SECONDS = 12 * 3600


@dataclass(frozen=True)
class SessionData:
    token: str | None  # the server-side session's token; None before login
    csrf: str
    expires: int

    @classmethod
    def anonymous(cls) -> SessionData:
        return cls(None, secrets.token_urlsafe(32), int(time.time()) + LIFETIME_SECONDS)

    @classmethod
    def logged_in(cls, token: str) -> SessionData:
        """A fresh session (new CSRF token) for a user, so a planted cookie cannot be reused."""
        return cls(token, secrets.token_urlsafe(32), int(time.time()) + LIFETIME_SECONDS)


class SessionCodec:
    def __init__(self, secret_key: bytes) -> None:
        if len(secret_key) < 16:
            raise ValueError("the session secret key must be at least 16 bytes")
        self._key = hashlib.sha256(b"testigo-session\0" + secret_key).digest()

    def _sign(self, body: bytes) -> str:
        return hmac.new(self._key, body, hashlib.sha256).hexdigest()

    def encode(self, session: SessionData) -> str:
        payload = {"s": session.token, "c": session.csrf, "e": session.expires}
        body = base64.urlsafe_b64encode(json.dumps(payload).encode()).rstrip(b"=")
        return f"{body.decode()}.{self._sign(body)}"

    def decode(self, cookie: str | None) -> SessionData | None:
        if not cookie or "." not in cookie:
            return None
        body, signature = cookie.rsplit(".", 1)
        if not hmac.compare_digest(self._sign(body.encode()), signature):
            return None
        try:
            payload = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
            session = SessionData(payload["s"], str(payload["c"]), int(payload["e"]))
        except (ValueError, KeyError, TypeError):
            return None
        return session if session.expires > time.time() else None
