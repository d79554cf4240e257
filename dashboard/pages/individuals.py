"""Individuals and risk exposure: the ranking with each part of the score, one person's
timeline and the posts behind each part, and the review queue of discovered names."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from starlette.responses import RedirectResponse, Response

from dashboard.pages.posts import present
from dashboard.params import MAX_ROW_ID, bounded_day, filters_from
from dashboard.trend_charts import ranking_chart, trend_chart
from dashboard.web import Ctx, NotFound
from storage.privacy import Names
from storage.queries.exposure import explain_exposure, exposure
from storage.queries.filters import QueryFilters
from storage.queries.posts import hits
from storage.queries.review import confirm_individual, reject_individual, review_queue
from storage.queries.trends import scored_day, trends

TOP = 20
TREND_DAYS = 30
PARTS = (
    "mentions",
    "authors",
    "reach",
    "stigmatising",
    "hostile",
    "details",
    "growth",
    "coordinated",
)


def _day(ctx: Ctx, db: Any, filters: Any, problems: list[str]) -> date | None:
    """The day asked for, else the latest day with posts in the filtered range."""
    asked = ctx.param("day")
    day = bounded_day(asked, "day", problems) if asked else None
    if day:
        return day
    return scored_day(db, filters.query)


def _trend_window(query: QueryFilters, day: date | None) -> QueryFilters:
    """People's trends over TREND_DAYS up to the day unless a range is asked for:
    every person over all time is the largest read of the dashboard."""
    if query.since or day is None:
        return query
    return replace(query, since=day - timedelta(TREND_DAYS - 1), until=query.until or day)


def individuals_data(ctx: Ctx) -> dict[str, Any]:
    """Exposure ranking on a day (each part's points), people's trends, the review queue."""
    filters = filters_from(ctx.request.query_params)
    problems = list(filters.problems)
    names, settings = ctx.names(), ctx.dashboard.settings
    with ctx.db() as db:
        day = _day(ctx, db, filters, problems)
        ranking = []
        if day:
            ranking = exposure(
                db,
                day,
                TOP,
                filters.query,
                names=names,
                policy=settings.exposure,
            )
        people_trend = trends(
            db,
            "individuals",
            filters.by,
            _trend_window(filters.query, day),
            names=names,
            min_mentions=settings.exposure.min_mentions,
        )
        queue = review_queue(db, names=names) if names.reveal else []
        ctx.audit_names(
            db,
            [r.individual_id for r in ranking]
            + [int(r.key) for r in people_trend]
            + [r.individual_id for r in queue],
        )
    return {
        "filters": {**filters.as_dict(), "day": day.isoformat() if day else ""},
        "problems": problems,
        "day": day,
        "parts": PARTS,
        "ranking": ranking,
        "trend": people_trend,
        "review_queue": queue,
        "can_review": names.reveal,
    }


def individuals_charts(ctx: Ctx, data: dict[str, Any]) -> dict[str, Any]:
    bars = [(r.person, r.score) for r in data["ranking"]]
    charts = {
        "ranking": ranking_chart("Exposure score", bars),
        "trend": trend_chart("Posts naming each person", data["trend"], lambda r: r.label),
    }
    return {**data, "charts": charts}


def person_data(ctx: Ctx) -> dict[str, Any]:
    """One person: the day's score and its parts, the posts behind each part, the timeline."""
    individual_id = int(ctx.request.path_params["individual_id"])
    if individual_id > MAX_ROW_ID:
        raise NotFound("no such person")
    filters = filters_from(ctx.request.query_params)
    problems = list(filters.problems)
    names = ctx.names()
    with ctx.db() as db:
        day = _day(ctx, db, filters, problems)
        explained = None
        if day:
            explained = explain_exposure(
                db,
                individual_id,
                day,
                filters.query,
                names=names,
                policy=ctx.dashboard.settings.exposure,
            )
        timeline = [
            r
            for r in trends(db, "individuals", filters.by, filters.query, names=names)
            if r.key == str(individual_id)
        ]
        evidence = explained.evidence if explained else []
        posts = {p["post_id"]: p for p in present(ctx, db, hits(db, _ids(evidence), names))}
        ctx.audit_names(db, [individual_id] if timeline or evidence else [])
    by_part: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for item in evidence:
        by_part[item.part].append({"why": item.why, "post": posts.get(item.post_id)})
    row = explained.row if explained else None
    label = row.person if row else (timeline[0].label if timeline else f"#{individual_id}")
    return {
        "filters": {**filters.as_dict(), "day": day.isoformat() if day else ""},
        "problems": problems,
        "individual_id": individual_id,
        "person": label,
        "day": day,
        "parts": PARTS,
        "score": row,
        "evidence": {part: by_part.get(part, []) for part in PARTS},
        "timeline": timeline,
    }


def person_charts(ctx: Ctx, data: dict[str, Any]) -> dict[str, Any]:
    chart = trend_chart(f"Posts naming {data['person']}", data["timeline"], lambda r: r.label)
    return {**data, "charts": {"timeline": chart}}


def _ids(evidence: list[Any]) -> list[int]:
    return sorted({e.post_id for e in evidence})


def review(ctx: Ctx) -> Response:
    """Confirm or reject a discovered name (analysts and admins; audited by storage)."""
    decision = ctx.form.get("decision")
    target = ctx.form.get("individual_id", "")
    key = ctx.dashboard.pseudonym_key
    with ctx.db() as db:
        queue = {str(r.individual_id): r for r in review_queue(db, names=Names(key, reveal=True))}
        row = queue.get(target)
        if row is None or decision not in ("confirm", "reject"):
            return ctx.render("message.html", status_code=400, message="Not in the review queue.")
        settle = confirm_individual if decision == "confirm" else reject_individual
        settle(db, row.person, key=key, actor=ctx.account.username if ctx.account else "")
    return RedirectResponse("/individuals#review", status_code=303)
