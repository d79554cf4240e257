"""What every route shares: the session, the logged-in account, CSRF, roles, rendering.

Handlers are plain functions of a `Ctx`, run in a worker thread (the database
calls are blocking); `route()` wraps one into a Starlette endpoint that checks
login, role and CSRF token before the handler runs.
"""

from __future__ import annotations

import dataclasses
import hmac
import json
from collections.abc import Callable, Collection, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

import jinja2
from sqlalchemy import Engine
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from dashboard.params import query_value
from dashboard.security import AccountDelay, LoginThrottle, safe_url
from dashboard.sessions import COOKIE_NAME, LIFETIME_SECONDS, SessionCodec, SessionData
from storage.engine import transaction
from storage.exposure_policy import DEFAULT_POLICY, ExposurePolicy
from storage.privacy import Masker, Names, record_audit
from storage.users import ROLES, Account, session_account

Handler = Callable[["Ctx"], Response]
TEMPLATES = Path(__file__).parent / "templates"


class NotFound(Exception):
    """Raised by a handler for what does not exist; the answer is a 404 with the message."""


@dataclass(frozen=True)
class Settings:
    """What the dashboard takes from the config: the digest and `testigo query` use the same."""

    languages: tuple[str, ...] = ("es", "en")
    exposure: ExposurePolicy = DEFAULT_POLICY
    title: str = "Testigo"


@dataclass
class Dashboard:
    """The app's state: built once by create_app, shared by every request."""

    engine: Engine
    codec: SessionCodec
    pseudonym_key: bytes
    masker: Masker
    settings: Settings = field(default_factory=Settings)
    throttle: LoginThrottle = field(default_factory=LoginThrottle)
    account_delay: AccountDelay = field(default_factory=AccountDelay)
    templates: jinja2.Environment = field(
        default_factory=lambda: jinja2.Environment(
            loader=jinja2.FileSystemLoader(TEMPLATES),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
        )
    )

    def __post_init__(self) -> None:
        self.templates.filters["safe_url"] = safe_url
        self.templates.filters["thousands"] = lambda n: f"{n or 0:,}"

    @contextmanager
    def db(self) -> Iterator[Session]:
        with transaction(self.engine) as session:
            yield session


@dataclass
class Ctx:
    request: Request
    dashboard: Dashboard
    session: SessionData
    account: Account | None
    form: dict[str, str]
    new_session: SessionData | None = None

    def db(self) -> Any:
        return self.dashboard.db()

    def names(self) -> Names:
        """Pseudonyms and masked names for viewers; real names for roles entitled to them."""
        reveal = bool(self.account and self.account.sees_names)
        return Names(self.dashboard.pseudonym_key, reveal=reveal, masker=self.dashboard.masker)

    def audit_reveal(self, db: Session, **detail: Any) -> None:
        """Write to the audit log that this request showed real names."""
        if self.account and self.names().reveal:
            where = {"path": self.request.url.path, "query": self.request.url.query}
            record_audit(db, self.account.username, "view_names", {**where, **detail})

    def audit_names(self, db: Session, individual_ids: Iterable[int]) -> None:
        """Audit a reveal of these people's names (nothing to audit when there are none)."""
        ids = sorted(set(individual_ids))
        if ids:
            self.audit_reveal(db, individuals=ids)

    def param(self, name: str, default: str = "") -> str:
        return query_value(self.request.query_params, name, default)

    def render(self, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
        html = self.dashboard.templates.get_template(template).render(
            request=self.request,
            account=self.account,
            csrf=(self.new_session or self.session).csrf,
            path=self.request.url.path,
            **context,
        )
        return HTMLResponse(html, status_code=status_code)


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    if isinstance(value, date | datetime):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON data")


def json_response(data: Any, status_code: int = 200) -> Response:
    body = json.dumps(data, default=_plain, ensure_ascii=False)
    return Response(body, status_code=status_code, media_type="application/json")


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def route(
    path: str,
    handler: Handler,
    *,
    roles: Collection[str] | None = ROLES,
    methods: tuple[str, ...] = ("GET",),
    name: str | None = None,
) -> Route:
    """A Starlette route for `handler`; `roles=None` makes it public (login, health)."""

    async def endpoint(request: Request) -> Response:
        dashboard: Dashboard = request.app.state.dashboard
        decoded = dashboard.codec.decode(request.cookies.get(COOKIE_NAME))
        session = decoded or SessionData.anonymous()
        form: dict[str, str] = {}
        if request.method == "POST":
            async with request.form(max_files=0, max_fields=50) as data:
                form = {k: v for k, v in data.items() if isinstance(v, str)}
            if not _same_origin(request) or not hmac.compare_digest(
                form.get("csrf", "").encode(), session.csrf.encode()
            ):
                return _refuse(request, 403, "invalid or missing CSRF token; reload the page")
        account = await run_in_threadpool(_account_of, dashboard, session)
        if roles is not None and account is None:
            if request.url.path.startswith("/api/"):
                return JSONResponse({"error": "login required"}, status_code=401)
            query = "?" + request.url.query if request.url.query else ""
            target = quote(request.url.path + query)
            return RedirectResponse(f"/login?next={target}", status_code=303)
        if roles is not None and account is not None and account.role not in roles:
            return _refuse(request, 403, "your role does not allow this page")
        ctx = Ctx(request, dashboard, session, account, form)
        try:
            response = await run_in_threadpool(handler, ctx)
        except NotFound as error:
            return _refuse(request, 404, str(error))
        if ctx.new_session or decoded is None:
            _set_cookie(request, response, dashboard, ctx.new_session or session)
        return response

    return Route(path, endpoint, methods=list(methods), name=name)


def _account_of(dashboard: Dashboard, session: SessionData) -> Account | None:
    if not isinstance(session.token, str):
        return None
    with dashboard.db() as db:
        return session_account(db, session.token)


def _same_origin(request: Request) -> bool:
    """Browsers send Origin on POST; a foreign one is refused even with a token."""
    origin = request.headers.get("origin")
    if origin is None or origin == "null":
        return origin is None
    return origin == f"{request.url.scheme}://{request.url.netloc}"


def _refuse(request: Request, status: int, message: str) -> Response:
    if request.url.path.startswith("/api/"):
        return JSONResponse({"error": message}, status_code=status)
    return HTMLResponse(f"<!doctype html><title>{status}</title><p>{message}</p>", status)


def _set_cookie(
    request: Request, response: Response, dashboard: Dashboard, session: SessionData
) -> None:
    response.set_cookie(
        COOKIE_NAME,
        dashboard.codec.encode(session),
        max_age=LIFETIME_SECONDS,
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
        path="/",
    )
