"""Login, logout and the health check: the only routes reachable without a session."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import text
from starlette.responses import JSONResponse, RedirectResponse, Response

from dashboard.sessions import LIFETIME_SECONDS, SessionData
from dashboard.web import Ctx, client_address
from storage.users import end_session, open_session, verify_login

LIFETIME = timedelta(seconds=LIFETIME_SECONDS)


def _next_page(target: str) -> str:
    """Only a path on this site (no //host, no scheme): a login must not redirect elsewhere."""
    if target.startswith("/") and not target.startswith(("//", "/\\")):
        return target
    return "/"


def login_form(ctx: Ctx) -> Response:
    return ctx.render("login.html", next=_next_page(ctx.param("next", "/")), error=None)


def login(ctx: Ctx) -> Response:
    """The same answer, in about the same time, for an unknown name as for a wrong password.

    One client address failing too often is refused for a while (429); an account name
    failing too often is answered slowly, never refused, so its owner can still log in.
    """
    dashboard = ctx.dashboard
    client = client_address(ctx.request)
    next_page = _next_page(ctx.form.get("next", "/"))
    wait = dashboard.throttle.retry_after(client)
    if wait > 0:
        return _slow_down(ctx, next_page, wait)
    username = ctx.form.get("username", "").strip()
    dashboard.account_delay.wait_before_attempt(username)
    with ctx.db() as db:
        account = verify_login(db, username, ctx.form.get("password", ""))
        token = open_session(db, account.username, LIFETIME) if account else None
    if token is None:
        dashboard.throttle.failed(client)
        dashboard.account_delay.failed(username)
        return ctx.render(
            "login.html", status_code=401, next=next_page, error="Wrong username or password."
        )
    dashboard.throttle.succeeded(client)
    dashboard.account_delay.succeeded(username)
    ctx.new_session = SessionData.logged_in(token)
    return RedirectResponse(next_page, status_code=303)


def _slow_down(ctx: Ctx, next_page: str, seconds: float) -> Response:
    wait = max(1, round(seconds))
    response = ctx.render(
        "login.html",
        status_code=429,
        next=next_page,
        error=f"Too many failed logins. Try again in {wait} s.",
    )
    response.headers["retry-after"] = str(wait)
    return response


def logout(ctx: Ctx) -> Response:
    """Ends the session on the server: a copy of the cookie no longer logs anyone in."""
    if isinstance(ctx.session.token, str):
        with ctx.db() as db:
            end_session(db, ctx.session.token)
    ctx.new_session = SessionData.anonymous()
    return RedirectResponse("/login", status_code=303)


def no_favicon(ctx: Ctx) -> Response:
    """Browsers ask for one; answering "nothing here" keeps their consoles clean."""
    return Response(status_code=204)


def health(ctx: Ctx) -> Response:
    """Liveness for monitors: says only whether the database answers, nothing about data."""
    try:
        with ctx.db() as db:
            db.execute(text("select 1"))
    except Exception:  # noqa: BLE001 - any failure means "database down" to a monitor
        return JSONResponse({"status": "error", "database": "unreachable"}, status_code=503)
    return JSONResponse({"status": "ok", "database": "ok"})
