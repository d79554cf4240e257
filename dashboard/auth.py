"""Login, logout and the health check: the only routes reachable without a session."""

from __future__ import annotations

from sqlalchemy import text
from starlette.responses import JSONResponse, RedirectResponse, Response

from dashboard.sessions import SessionData
from dashboard.web import Ctx, client_address
from storage.users import verify_login


def _next_page(target: str) -> str:
    """Only a path on this site (no //host, no scheme): a login must not redirect elsewhere."""
    if target.startswith("/") and not target.startswith(("//", "/\\")):
        return target
    return "/"


def login_form(ctx: Ctx) -> Response:
    return ctx.render("login.html", next=_next_page(ctx.param("next", "/")), error=None)


def login(ctx: Ctx) -> Response:
    throttle = ctx.dashboard.throttle
    client = client_address(ctx.request)
    next_page = _next_page(ctx.form.get("next", "/"))
    wait = throttle.retry_after(client)
    if wait > 0:
        return _slow_down(ctx, next_page, wait)
    with ctx.db() as db:
        username = ctx.form.get("username", "").strip()
        result = verify_login(db, username, ctx.form.get("password", ""))
    if result.account is None:
        throttle.failed(client)
        if result.retry_after > 0:
            return _slow_down(ctx, next_page, result.retry_after)
        return ctx.render(
            "login.html", status_code=401, next=next_page, error="Wrong username or password."
        )
    throttle.succeeded(client)
    ctx.new_session = SessionData.logged_in(result.account.username)
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
