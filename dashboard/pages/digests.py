"""Digests: the archive, and each digest readable in the page.

A stored digest may have been built with real names (`testigo digest --reveal`);
a viewer is shown the same day rebuilt with pseudonyms instead, never the stored text.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from starlette.responses import HTMLResponse, Response

from dashboard.digest import build_digest
from dashboard.web import Ctx, json_response
from storage.digest_archive import digest_days, stored_digest

# The digest page is self-contained: inline styles and SVG, nothing else.
DIGEST_POLICY = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'"


def digests_data(ctx: Ctx) -> dict[str, Any]:
    """The archive of daily digests, newest first."""
    with ctx.db() as db:
        days = digest_days(db)
    return {"digests": [{"day": day, "created_at": created} for day, created in days]}


def _digest(ctx: Ctx) -> dict[str, Any] | None:
    try:
        day = date.fromisoformat(ctx.request.path_params["day"])
    except ValueError:
        return None
    names, settings = ctx.names(), ctx.dashboard.settings
    with ctx.db() as db:
        stored = stored_digest(db, day)
        if stored is None:
            return None
        if names.reveal:
            ctx.audit_reveal(db, digest=day.isoformat())
            markdown, html, rebuilt = stored.markdown, stored.html, False
        else:
            built = build_digest(
                db,
                day,
                names=names,
                policy=settings.exposure,
                title=settings.title,
            )
            markdown, html, rebuilt = built.markdown, built.html, True
    return {
        "day": day,
        "created_at": stored.created_at,
        "rebuilt_with_pseudonyms": rebuilt,
        "markdown": markdown,
        "html": html,
    }


def digest_api(ctx: Ctx) -> Response:
    """One day's digest as markdown and self-contained HTML (pseudonyms for viewers)."""
    found = _digest(ctx)
    if found is None:
        return json_response({"error": "no digest for that day"}, status_code=404)
    return json_response(found)


def digest_page(ctx: Ctx) -> Response:
    found = _digest(ctx)
    if found is None:
        return ctx.render("message.html", status_code=404, message="No digest for that day.")
    return ctx.render("digest.html", **found)


def digest_html(ctx: Ctx) -> Response:
    """The digest's own HTML document, for reading or saving on its own."""
    found = _digest(ctx)
    if found is None:
        return ctx.render("message.html", status_code=404, message="No digest for that day.")
    return HTMLResponse(found["html"], headers={"content-security-policy": DIGEST_POLICY})
