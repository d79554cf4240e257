"""The morning digest: markdown and a self-contained HTML page, from storage queries only."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from html import escape

from sqlalchemy.orm import Session

from dashboard.charts import bar_chart, line_chart
from storage.alerts import alerts_shown
from storage.privacy import Names
from storage.queries.cooccurrence import cooccurrence
from storage.queries.coordination import ClusterRow, coordination_clusters
from storage.queries.exposure import (
    DEFAULT_HOSTILE,
    DEFAULT_STIGMATISING,
    DEFAULT_WEIGHTS,
    exposure_changes,
)
from storage.queries.filters import QueryFilters
from storage.queries.health import day_health
from storage.queries.posts import PostHit, hits, search_posts
from storage.queries.review import new_individuals
from storage.queries.spikes import spikes
from storage.queries.trends import trends
from storage.queries.volume import unannotated_backlog, volume

WEEK = 7
TOP = 5
SAMPLE_CHARS = 140
# Characters a markdown reader would act on, dropped from quoted post text.
_MARKDOWN = str.maketrans(dict.fromkeys("`*_[]<>|#\\"))


@dataclass(frozen=True)
class Digest:
    day: date
    markdown: str
    html: str


def _link(post: PostHit, names: Names) -> str:
    """The post's URL; for a reader who does not see names (the URL is then the site
    only: paths carry names), the post's number and its site."""
    if names.reveal:
        return post.url or f"post {post.post_id}"
    return f"post {post.post_id}" + (f" on {post.url}" if post.url else "")


def build_digest(
    session: Session,
    day: date,
    *,
    names: Names,
    min_mentions: int = 3,
    stigmatising: Mapping[str, float] = DEFAULT_STIGMATISING,
    hostile: Collection[str] = DEFAULT_HOSTILE,
    coordinated_weight: float = DEFAULT_WEIGHTS["coordinated"],
    title: str = "Testigo",
) -> Digest:
    """Sections as markdown lines; the HTML is the same text plus inline SVG charts."""
    lines = [f"# {title}: digest for {day.isoformat()}", ""]
    charts: list[tuple[str, str]] = []  # (caption, svg)
    today = QueryFilters(day, day)
    week = QueryFilters(day - timedelta(WEEK), day)
    vol = volume(session, day)
    if not any(v.posts for v in vol):
        lines += [f"No posts were collected on {day.isoformat()}.", ""]
    lines += ["## Volume by platform and language", ""]
    lines += [
        f"- {v.platform} / {v.lang}: {v.posts} posts (7-day mean {v.previous_mean:g}, "
        f"change {v.change:+g})"
        for v in vol
    ] or ["- no posts in the last 8 days"]
    for what in ("frames", "actors"):
        rows = trends(session, what, filters=week)
        days = [day - timedelta(n) for n in range(WEEK, -1, -1)]
        series: dict[str, list[float]] = {}
        for r in rows:
            series.setdefault(r.key, [0.0] * len(days))[days.index(r.period)] = r.posts
        changes = sorted(
            ((k, v[-1] - sum(v[:-1]) / WEEK) for k, v in series.items()), key=lambda kv: -kv[1]
        )
        lines += ["", f"## {what.capitalize()} that rose or fell most", ""]
        lines += [
            f"- {k}: {series[k][-1]:g} posts today, {c:+.1f} against the 7-day mean"
            for k, c in [*changes[:3], *[x for x in changes[-3:] if x not in changes[:3]]]
        ] or ["- none"]
        top = dict(sorted(series.items(), key=lambda kv: -sum(kv[1]))[:TOP])
        if top:
            caption = f"{what.capitalize()} per day"
            charts.append((caption, line_chart(caption, [d.isoformat()[5:] for d in days], top)))
    lines += ["", "## Actor x frame changes", ""]
    before = {
        (r.row, r.col): r.posts / WEEK
        for r in cooccurrence(
            session, filters=QueryFilters(day - timedelta(WEEK), day - timedelta(1))
        )
    }
    now = {(r.row, r.col): r.posts for r in cooccurrence(session, filters=today)}
    pairs = sorted(
        ((k, now.get(k, 0) - before.get(k, 0.0)) for k in set(now) | set(before)),
        key=lambda kv: (-abs(kv[1]), kv[0]),
    )[:TOP]
    lines += [
        f"- {a} x {f}: {now.get((a, f), 0)} posts today ({c:+.1f})" for (a, f), c in pairs
    ] or ["- none"]
    lines += ["", "## Spikes", ""]
    found = spikes(session, day, names=names, min_mentions=min_mentions)
    for s in found:
        lines.append(
            f"- {s.dimension} {s.label}: {s.posts} posts "
            f"(baseline median {s.baseline_median:g}, score {s.score:g})"
        )
        posts = {
            h.post_id: h for h in hits(session, [int(i) for i in s.top_post_ids.split()], names)
        }
        lines += [f"  - {_link(h, names)}" for h in posts.values()]
    if not found:
        lines.append("- none")
    lines += ["", "## Most-engaged posts", ""]
    engaged = search_posts(session, filters=today, limit=TOP, names=names, order="engagement")
    lines += [f"- {h.engagement} engagement, {h.platform}: {_link(h, names)}" for h in engaged] or [
        "- none"
    ]
    lines += ["", "## Coordinated amplification", ""]
    clusters = coordination_clusters(session, day, limit=TOP, names=names)
    lines += [_cluster_line(c) for c in clusters] or ["- none"]
    lines += ["", "## Newly named individuals", ""]
    newly = new_individuals(session, day, names=names, min_mentions=min_mentions)
    lines += [
        f"- {p.person} ({p.kind or 'kind unknown'}, {p.status}): {p.posts} posts" for p in newly
    ] or ["- none"]
    lines += ["", "## Risk-exposure changes", ""]
    scored = exposure_changes(
        session,
        day,
        TOP,
        min_mentions=min_mentions,
        names=names,
        stigmatising=stigmatising,
        hostile=hostile,
        coordinated_weight=coordinated_weight,
    )
    for change in scored:
        r = change.row
        lines.append(
            f"- {r.person}: score {r.score:g} ({change.rise:+.1f} since yesterday), "
            f"{r.mentions} posts, {r.authors} authors"
        )
    if not scored:
        lines.append("- none")
    if scored:
        caption = "Risk exposure"
        bars = [(c.row.person, c.row.score) for c in scored]
        charts.append((caption, bar_chart(caption, bars)))
    lines += ["", "## Alerts", ""]
    lines += [
        f"- {a.rule}: {a.kind} {a.about}, {a.summary} ({a.status})"
        for a in alerts_shown(session, day, names)
    ] or ["- none"]
    lines += ["", "## Collection health", ""]
    for h in day_health(session, day):
        trouble = h.runs == 0 or h.failed or h.degraded or h.caps_hit or h.rate_limited_seconds
        if trouble:
            causes = f"; quarantined {h.quarantined}: {names.text(h.causes)}"
            lines.append(
                f"- {names.text(h.source)} ({h.kind}): {h.runs} runs, {h.failed} failed, "
                f"{h.degraded} degraded, {h.caps_hit} caps hit, "
                f"{h.rate_limited_seconds:g} s lost to rate limits"
                + (", no run (gap)" if h.runs == 0 else "")
                + (causes if h.quarantined else "")
                + (f"; {names.text(h.errors)}" if h.errors else "")
            )
    lines.append(f"- posts awaiting annotation: {unannotated_backlog(session)}")
    markdown = "\n".join(lines) + "\n"
    return Digest(day, markdown, _html(title, day, lines, charts))


def _cluster_line(cluster: ClusterRow) -> str:
    """One cluster: its size, span, platforms, what was shared and a quote of its sample."""
    sample = " ".join(cluster.sample_text.split()).translate(_MARKDOWN)
    if len(sample) > SAMPLE_CHARS:
        sample = sample[: SAMPLE_CHARS - 1] + "…"
    shared = cluster.shared.replace(" ", " and ")
    return (
        f"- {cluster.accounts} accounts, {cluster.posts} posts in "
        f"{cluster.span_seconds} s on {cluster.platforms.replace(' ', ', ')} "
        f'(same {shared}, from {cluster.first_at:%H:%M} UTC): "{sample}"'
    )


def _html(title: str, day: date, lines: list[str], charts: list[tuple[str, str]]) -> str:
    body = []
    for line in lines:
        text = escape(line.lstrip("-# ").strip())
        if line.startswith("## "):
            body.append(f"<h2>{text}</h2>")
        elif line.startswith("# "):
            body.append(f"<h1>{text}</h1>")
        elif line.strip().startswith("- "):
            body.append(f"<li>{_linked(text)}</li>")
        elif text:
            body.append(f"<p>{text}</p>")
    return (
        '<!doctype html><html><head><meta charset="utf-8">'
        '<meta http-equiv="Content-Security-Policy" '
        "content=\"default-src 'none'; style-src 'unsafe-inline'\">"
        f"<title>{escape(title)} {day.isoformat()}</title>"
        "<style>body{font-family:sans-serif;max-width:60em;margin:auto}</style></head><body>"
        + "".join(body)
        + "".join(
            f"<figure><figcaption>{escape(caption)}</figcaption>{svg}</figure>"
            for caption, svg in charts
        )
        + "</body></html>\n"
    )


def _linked(text: str) -> str:
    """Make an (escaped) http(s) URL at the end of an item a link."""
    head, _, last = text.rpartition(" ")
    if last.startswith(("http://", "https://")):
        return f'{head} <a href="{last}">{last}</a>'
    return text
