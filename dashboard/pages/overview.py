"""Overview: volume by platform and language, frames over time, top actors, spikes, alerts,
coordinated clusters, health."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any

from dashboard.params import filters_from
from dashboard.trend_charts import trend_chart
from dashboard.web import Ctx
from storage.alerts import alerts_shown
from storage.queries.coordination import cluster_individual_ids, coordination_clusters
from storage.queries.health import day_health
from storage.queries.spikes import spikes
from storage.queries.trends import trends

TOP_ACTORS = 10
TOP_CLUSTERS = 5


def overview_data(ctx: Ctx) -> dict[str, Any]:
    """Volume by platform and language, frames over time, top actors, spikes, source health."""
    filters = filters_from(ctx.request.query_params)
    query, names = filters.query, ctx.names()
    languages = [query.lang] if query.lang else list(ctx.dashboard.settings.languages)
    with ctx.db() as db:
        volume = trends(db, "posts", filters.by, query, by_platform=True)
        by_language = {
            lang: trends(db, "posts", filters.by, replace(query, lang=lang)) for lang in languages
        }
        frames = trends(db, "frames", filters.by, query)
        actor_totals: dict[str, int] = defaultdict(int)
        for row in trends(db, "actors", filters.by, query):
            actor_totals[row.key] += row.posts
        latest = max((row.period for row in volume), default=None)
        day = query.until or latest
        spiking = spikes(db, day, query, names=names) if day else []
        alerted = alerts_shown(db, day, names) if day else []
        ctx.audit_names(db, (a.individual_id for a in alerted if a.individual_id is not None))
        ctx.audit_names(db, (int(s.key) for s in spiking if s.dimension == "individual"))
        clusters = coordination_clusters(db, day, limit=TOP_CLUSTERS, names=names) if day else []
        ctx.audit_names(db, cluster_individual_ids(db, [c.cluster_id for c in clusters]))
        today = datetime.now(UTC).date()
        health = [
            replace(
                h,
                source=names.text(h.source),
                errors=names.text(h.errors),
                causes=names.text(h.causes),
            )
            for h in day_health(db, today)
        ]
    top_actors = sorted(actor_totals.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_ACTORS]
    return {
        "filters": filters.as_dict(),
        "problems": filters.problems,
        "volume": volume,
        "volume_by_language": [
            {"lang": lang, "period": row.period, "posts": row.posts}
            for lang, rows in by_language.items()
            for row in rows
        ],
        "frames": frames,
        "top_actors": [{"actor": actor, "posts": posts} for actor, posts in top_actors],
        "spikes_day": day,
        "spikes": spiking,
        "clusters": clusters,
        "alerts": alerted,
        "health_day": today,
        "collection_health": health,
    }


def overview_charts(ctx: Ctx, data: dict[str, Any]) -> dict[str, Any]:
    languages = [SimpleNamespace(**row) for row in data["volume_by_language"]]
    charts = {
        "volume": trend_chart("Posts by platform", data["volume"], lambda r: r.platform),
        "languages": trend_chart("Posts by language", languages, lambda r: r.lang),
        "frames": trend_chart("Posts by frame", data["frames"], lambda r: r.key),
    }
    return {**data, "charts": charts}
