"""Shared HTTP plumbing: timeouts, retries with backoff, rate limits, raw capture.

Every collector fetches through `HttpClient`, so retry and rate-limit rules
are written once. Reset times arrive in three shapes (epoch seconds on
Bluesky and X, an ISO timestamp on Mastodon, seconds-from-now on Reddit);
`parse_reset` reads all three.
"""

from __future__ import annotations

import email.utils
import random
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from collector.post import PostError, parse_time

USER_AGENT = (
    "Testigo/0.1 (discourse monitor for human-rights research; +https://github.com/testigo)"
)

_RESET_HEADERS = ("x-ratelimit-reset", "ratelimit-reset", "x-rate-limit-reset")
_REMAINING_HEADERS = ("x-ratelimit-remaining", "ratelimit-remaining", "x-rate-limit-remaining")
_EPOCH_THRESHOLD = 1_000_000_000  # larger numbers are epoch seconds, smaller ones a delay


@dataclass(frozen=True, slots=True)
class RawResponse:
    """A response exactly as received, kept as evidence before any parsing."""

    url: str
    status_code: int
    content_type: str | None
    body: bytes
    fetched_at: datetime
    headers: Mapping[str, str]

    def json(self) -> Any:
        import json

        return json.loads(self.body)


class FetchError(Exception):
    """The request failed after retries (connection errors, timeouts, 5xx, 4xx)."""

    def __init__(self, message: str, response: RawResponse | None = None) -> None:
        super().__init__(message)
        self.response = response


class RateLimited(FetchError):
    """The platform said to come back later; the scheduler must not call before `retry_at`."""

    def __init__(
        self, message: str, retry_at: datetime, response: RawResponse | None = None
    ) -> None:
        super().__init__(message, response)
        self.retry_at = retry_at


def parse_reset(value: str, now: datetime) -> datetime | None:
    """A rate-limit reset header as an absolute time (epoch, ISO or seconds from now)."""
    text = value.strip()
    try:
        number = float(text)
    except ValueError:
        try:
            return parse_time(text, "reset")
        except PostError:
            return None
    if number >= _EPOCH_THRESHOLD:
        return datetime.fromtimestamp(number, UTC)
    return now + timedelta(seconds=max(number, 0.0))


def parse_retry_after(value: str, now: datetime) -> datetime | None:
    """Retry-After: delay seconds or an HTTP date."""
    text = value.strip()
    if text.isdigit():
        return now + timedelta(seconds=int(text))
    try:
        moment = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def come_back_at(headers: Mapping[str, str], now: datetime) -> datetime | None:
    """When a rate-limited client may call again, from Retry-After or the reset headers."""
    lowered = {k.lower(): v for k, v in headers.items()}
    if "retry-after" in lowered:
        moment = parse_retry_after(lowered["retry-after"], now)
        if moment:
            return moment
    for name in _RESET_HEADERS:
        if name in lowered:
            moment = parse_reset(lowered[name], now)
            if moment:
                return moment
    return None


def quota_exhausted(headers: Mapping[str, str]) -> bool:
    """True when a rate-limit-remaining header says no calls are left (Reddit sends floats)."""
    lowered = {k.lower(): v for k, v in headers.items()}
    for name in _REMAINING_HEADERS:
        if name in lowered:
            try:
                return float(lowered[name]) < 1
            except ValueError:
                return False
    return False


class HttpClient:
    """An httpx client with retries, backoff with jitter, and rate-limit bookkeeping.

    Waits shorter than `max_wait` are slept through; longer ones raise
    `RateLimited` so the scheduler can come back later instead of blocking.
    `on_failed_response` receives every non-success response body so that
    nothing received is lost.
    """

    def __init__(
        self,
        *,
        timeout: float = 20.0,
        max_retries: int = 3,
        backoff_base: float = 1.0,
        max_wait: float = 60.0,
        sleep: Callable[[float], None] = time.sleep,
        on_failed_response: Callable[[RawResponse, str], None] | None = None,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self._client = httpx.Client(
            timeout=timeout,
            headers={"User-Agent": USER_AGENT},
            follow_redirects=True,
            transport=transport,
        )
        self.max_retries = max_retries
        self.backoff_base = backoff_base
        self.max_wait = max_wait
        self.sleep = sleep
        self.on_failed_response = on_failed_response
        self.blocked_until: datetime | None = None
        self.rate_limited_seconds = 0.0

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> HttpClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def get(self, url: str, **kwargs: Any) -> RawResponse:
        return self.request("GET", url, **kwargs)

    def post(self, url: str, **kwargs: Any) -> RawResponse:
        return self.request("POST", url, **kwargs)

    def request(
        self,
        method: str,
        url: str,
        *,
        params: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        json: Any = None,
        data: Mapping[str, str] | None = None,
        auth: tuple[str, str] | None = None,
        ok_statuses: tuple[int, ...] = (),
        hold_429: Callable[[RawResponse], datetime | None] | None = None,
    ) -> RawResponse:
        """Send a request; return the response when it is 2xx, 304 or in `ok_statuses`.

        `ok_statuses` lets a collector handle a platform's meaningful 4xx
        itself (e.g. Bluesky's 400 ExpiredToken) instead of getting an error.
        `hold_429` reads a 429 that retrying cannot cure (X's monthly usage cap)
        and returns when to come back; RateLimited is then raised without a retry.
        """
        last_error = "no attempt made"
        for attempt in range(self.max_retries + 1):
            self._wait_for_quota()
            try:
                response = self._client.request(
                    method, url, params=params, headers=headers, json=json, data=data, auth=auth
                )
            except httpx.TransportError as error:
                last_error = f"{type(error).__name__} on {_redact(url)}"
                self._backoff(attempt)
                continue
            raw = _capture(response)
            if (
                response.status_code in ok_statuses
                or response.is_success
                or response.status_code == 304
            ):
                if quota_exhausted(response.headers):
                    self.blocked_until = come_back_at(response.headers, raw.fetched_at)
                return raw
            if response.status_code == 429:
                self.report_failure(raw, "429 Too Many Requests")
                held_until = hold_429(raw) if hold_429 else None
                if held_until is not None:
                    raise RateLimited(
                        f"quota used up until {held_until.isoformat()}", held_until, raw
                    )
                retry_at = come_back_at(response.headers, raw.fetched_at) or (
                    raw.fetched_at + timedelta(seconds=60)
                )
                wait = (retry_at - datetime.now(UTC)).total_seconds()
                if wait > self.max_wait or attempt == self.max_retries:
                    raise RateLimited(f"rate limited until {retry_at.isoformat()}", retry_at, raw)
                self._sleep(max(wait, 0.0), rate_limited=True)
                continue
            if response.status_code >= 500:
                last_error = f"HTTP {response.status_code} from {_redact(url)}"
                self.report_failure(raw, last_error)
                self._backoff(attempt)
                continue
            message = f"HTTP {response.status_code} from {_redact(url)}"
            self.report_failure(raw, message)
            raise FetchError(message, raw)
        raise FetchError(f"gave up after {self.max_retries + 1} attempts: {last_error}")

    def _wait_for_quota(self) -> None:
        if self.blocked_until is None:
            return
        wait = (self.blocked_until - datetime.now(UTC)).total_seconds()
        if wait > self.max_wait:
            raise RateLimited(
                f"rate-limit quota used up until {self.blocked_until.isoformat()}",
                self.blocked_until,
            )
        self.blocked_until = None
        if wait > 0:
            self._sleep(wait, rate_limited=True)

    def _backoff(self, attempt: int) -> None:
        if attempt < self.max_retries:
            delay = self.backoff_base * (2**attempt)
            self._sleep(delay + random.uniform(0, delay / 2))

    def _sleep(self, seconds: float, rate_limited: bool = False) -> None:
        if rate_limited:
            self.rate_limited_seconds += seconds
        self.sleep(seconds)

    def report_failure(self, raw: RawResponse, reason: str) -> None:
        """Hand a body that did not become a page to `on_failed_response`, so it is kept."""
        if self.on_failed_response is not None:
            self.on_failed_response(raw, reason)


def _capture(response: httpx.Response) -> RawResponse:
    return RawResponse(
        url=_redact(str(response.request.url)),
        status_code=response.status_code,
        content_type=response.headers.get("content-type"),
        body=response.content,
        fetched_at=datetime.now(UTC),
        headers=dict(response.headers),
    )


_SECRET_PARAMS = ("access_token", "token", "password", "client_secret", "key", "apikey", "api_key")


def _redact(url: str) -> str:
    """Drop secret-looking query parameters so a URL can be logged and stored.

    Parsing a URL cost about 0.1 ms, on every response; a query that cannot name a secret
    (no secret's name in it, nothing percent-encoded) is returned as it is.
    """
    query = url.partition("?")[2].lower()
    if "%" not in query and not any(name in query for name in _SECRET_PARAMS):
        return url
    parsed = httpx.URL(url)
    kept = [(k, v) for k, v in parsed.params.multi_items() if k.lower() not in _SECRET_PARAMS]
    return str(parsed.copy_with(params=kept))
