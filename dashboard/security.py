"""Response headers, the login slow-downs, and the one rule for links out: http(s) only."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from starlette.types import ASGIApp, Message, Receive, Scope, Send

# No script at all, styles and images only from this server, forms post only here.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'none'; style-src 'self'; img-src 'self'; "
    "font-src 'none'; connect-src 'none'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'none'"
)
_HEADERS = {
    "content-security-policy": CONTENT_SECURITY_POLICY,
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "same-origin",  # "no-referrer" would make browsers send Origin: null
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=()",
}


def safe_url(url: str | None) -> str | None:
    """The URL if it is http(s) with a host, else None (no javascript:, data:, relative...)."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme.lower() in ("http", "https") and parts.netloc:
        return url.strip()
    return None


class SecurityHeaders:
    """Adds the security headers to every response; pages behind login are never cached."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        https = scope.get("scheme") == "https"
        static = scope["path"].startswith("/static/")

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", [])]
                present = {k.decode().lower() for k, _ in headers}
                extra = dict(_HEADERS)
                if not static:
                    extra["cache-control"] = "no-store"
                if https:
                    extra["strict-transport-security"] = "max-age=31536000"
                headers += [(k.encode(), v.encode()) for k, v in extra.items() if k not in present]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, with_headers)


class LoginThrottle:
    """Per client address: after a few failures, each further attempt waits a doubling delay.

    The users table slows down guessing one account; this slows down one client trying
    many accounts (including names that do not exist).
    """

    def __init__(self, free_failures: int = 5, max_delay: float = 300.0) -> None:
        self.free_failures = free_failures
        self.max_delay = max_delay
        self._failures: dict[str, tuple[int, float]] = {}
        self._lock = threading.Lock()

    def retry_after(self, client: str) -> float:
        with self._lock:
            _, until = self._failures.get(client, (0, 0.0))
        return max(0.0, until - time.monotonic())

    def failed(self, client: str) -> None:
        with self._lock:
            count, _ = self._failures.get(client, (0, 0.0))
            count += 1
            beyond = count - self.free_failures
            delay = min(2.0 ** (beyond - 1), self.max_delay) if beyond > 0 else 0.0
            self._failures[client] = (count, time.monotonic() + delay)
            if len(self._failures) > MAX_TRACKED:
                self._failures.pop(next(iter(self._failures)))

    def succeeded(self, client: str) -> None:
        with self._lock:
            self._failures.pop(client, None)


MAX_TRACKED = 10_000  # bound memory under a spray of addresses or account names


@dataclass
class AccountDelay:
    """Per account name: after a few failures, each attempt is answered after a doubling
    delay (capped), whoever makes it. Never a refusal: an attacker's failures cannot keep
    the owner out, only make each guess slower.

    Names that do not exist are tracked alike, so the delay does not tell which exist.
    """

    free_failures: int = 3
    max_delay: float = 8.0
    sleep: Callable[[float], None] = time.sleep
    _failures: dict[str, int] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def wait_before_attempt(self, username: str) -> float:
        """Sleep the account's delay (in the request's worker thread); returns it."""
        with self._lock:
            beyond = self._failures.get(username[:100], 0) - self.free_failures
        delay = min(2.0 ** (beyond - 1), self.max_delay) if beyond > 0 else 0.0
        if delay:
            self.sleep(delay)
        return delay

    def failed(self, username: str) -> None:
        with self._lock:
            key = username[:100]
            self._failures[key] = self._failures.pop(key, 0) + 1
            if len(self._failures) > MAX_TRACKED:
                self._failures.pop(next(iter(self._failures)))

    def succeeded(self, username: str) -> None:
        with self._lock:
            self._failures.pop(username[:100], None)
