"""Posts: search and filters, each post with its annotations marked in place."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from sqlalchemy.orm import Session

from dashboard.highlight import highlight
from dashboard.params import filters_from, int_param, word_param
from dashboard.web import Ctx
from storage.post_marks import post_marks
from storage.queries.posts import ORDERS, PostHit, hits, search_posts

PAGE_SIZE = 50


def present(ctx: Ctx, db: Session, found: list[PostHit]) -> list[dict[str, Any]]:
    """Hits as pages show them: the text with its marks; real names seen are audited."""
    marked = post_marks(db, [h.post_id for h in found])
    ctx.audit_names(
        db, (int(m.key) for t in marked.values() for m in t.marks if m.kind == "individual")
    )
    names = ctx.names()
    return [
        {
            **asdict(hit),
            "html": highlight(marked[hit.post_id].text, marked[hit.post_id].marks, names)
            if hit.post_id in marked
            else hit.text,
        }
        for hit in found
    ]


def posts_data(ctx: Ctx) -> dict[str, Any]:
    """Posts matching actor, frame, individual, platform, language, dates and text."""
    params = ctx.request.query_params
    filters = filters_from(params)
    problems = list(filters.problems)
    actor, frame = word_param(params, "actor", problems), word_param(params, "frame", problems)
    individual, single = (
        int_param(params, "individual", problems),
        int_param(params, "post", problems),
    )
    words = ctx.param("q")[:200]
    order = ctx.param("order", "newest")
    if order not in ORDERS:
        problems.append(f"order: expected one of {', '.join(ORDERS)}; using newest")
        order = "newest"
    names = ctx.names()
    with ctx.db() as db:
        if single is not None:
            found = hits(db, [single], names)
        else:
            found = search_posts(
                db,
                actor,
                frame,
                individual,
                words or None,
                filters.query,
                PAGE_SIZE,
                names=names,
                order=order,
            )
        posts = present(ctx, db, found)
    return {
        "filters": {
            **filters.as_dict(),
            "actor": actor or "",
            "frame": frame or "",
            "individual": "" if individual is None else str(individual),
            "q": words,
            "order": order,
        },
        "problems": problems,
        "posts": posts,
    }
