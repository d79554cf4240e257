"""Frames and actors: each id's trend, its actor x frame row or column, contested shares,
and the most engaged posts behind it."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from dashboard.pages.posts import present
from dashboard.params import filters_from, word_param
from dashboard.trend_charts import trend_chart
from dashboard.web import Ctx
from storage.queries.cooccurrence import cooccurrence
from storage.queries.posts import search_posts
from storage.queries.trends import trends

TOP_POSTS = 10


def topics_data(ctx: Ctx) -> dict[str, Any]:
    """Totals per frame and actor; with frame= or actor=, that id's trend, pairs and top posts."""
    params = ctx.request.query_params
    filters = filters_from(params)
    problems = list(filters.problems)
    frame, actor = word_param(params, "frame", problems), word_param(params, "actor", problems)
    if frame and actor:
        problems.append("pick a frame or an actor; showing the frame")
        actor = None
    selected = ("frames", frame) if frame else ("actors", actor) if actor else None
    with ctx.db() as db:
        frame_trend = trends(db, "frames", filters.by, filters.query)
        actor_trend = trends(db, "actors", filters.by, filters.query)
        pairs = cooccurrence(db, "actors", "frames", filters.query)
        top_posts = []
        if selected:
            found = search_posts(
                db,
                actor=actor,
                frame=frame,
                filters=filters.query,
                limit=TOP_POSTS,
                names=ctx.names(),
                order="engagement",
            )
            top_posts = present(ctx, db, found)
    totals = {"frames": _totals(frame_trend), "actors": _totals(actor_trend)}
    trend = []
    if selected:
        source = frame_trend if frame else actor_trend
        trend = [row for row in source if row.key == selected[1]]
        pairs = [p for p in pairs if (p.col if frame else p.row) == selected[1]]
    return {
        "filters": {**filters.as_dict(), "frame": frame or "", "actor": actor or ""},
        "problems": problems,
        "selected": {"what": selected[0], "id": selected[1]} if selected else None,
        "totals": totals,
        "trend": trend if selected else frame_trend,
        "pairs": pairs,
        "top_posts": top_posts,
    }


def _totals(rows: list[Any]) -> list[dict[str, Any]]:
    posts: dict[str, int] = defaultdict(int)
    for row in rows:
        posts[row.key] += row.posts
    return [{"id": k, "posts": n} for k, n in sorted(posts.items(), key=lambda kv: (-kv[1], kv[0]))]


def topics_charts(ctx: Ctx, data: dict[str, Any]) -> dict[str, Any]:
    title = f"Posts naming {data['selected']['id']}" if data["selected"] else "Posts by frame"
    return {**data, "charts": {"trend": trend_chart(title, data["trend"], lambda r: r.key)}}
