"""The morning digest: markdown and a self-contained HTML page, from storage queries only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from html import escape

from sqlalchemy.orm import Session

from dashboard.charts import bar_chart, line_chart
from storage.exposure_policy import DEFAULT_POLICY, ExposurePolicy
from storage.privacy import Names
from storage.queries.coordination import ClusterRow
from storage.queries.digest_sections import DigestSections, TrendMoves, digest_sections
from storage.queries.posts import PostHit

NONE = ["- none"]
SAMPLE_CHARS = 140
# Characters a markdown reader would act on, dropped from quoted post text.
_MARKDOWN = str.maketrans(dict.fromkeys("`*_[]<>|#\\"))


@dataclass(frozen=True)
class Digest:
    day: date
    markdown: str
    html: str


def build_digest(
    session: Session,
    day: date,
    *,
    names: Names,
    policy: ExposurePolicy = DEFAULT_POLICY,
    title: str = "Testigo",
) -> Digest:
    """`day`'s digest as markdown, and as HTML: the same text plus inline SVG charts."""
    sections = digest_sections(session, day, names, policy)
    lines = render_markdown(sections, names, title)
    markdown = "\n".join(lines) + "\n"
    return Digest(day, markdown, _html(title, day, lines, charts(sections)))


def render_markdown(sections: DigestSections, names: Names, title: str) -> list[str]:
    """The digest's markdown lines, section by section."""
    day = sections.day
    lines = [f"# {title}: digest for {day.isoformat()}", ""]
    if not any(v.posts for v in sections.volume):
        lines += [f"No posts were collected on {day.isoformat()}.", ""]
    lines += _volume(sections)
    for moves in sections.trend_moves:
        lines += _trend_moves(moves)
    lines += _pair_changes(sections)
    lines += _spikes(sections, names)
    lines += _most_engaged(sections, names)
    lines += _clusters(sections)
    lines += _newly_named(sections)
    lines += _exposure(sections)
    lines += _alerts(sections)
    lines += _health(sections, names)
    return lines


def charts(sections: DigestSections) -> list[tuple[str, str]]:
    """(caption, svg) for each chart: frames and actors per day, then risk exposure."""
    drawn = []
    for moves in sections.trend_moves:
        if moves.top_series:
            caption = f"{moves.what.capitalize()} per day"
            labels = [d.isoformat()[5:] for d in moves.days]
            drawn.append((caption, line_chart(caption, labels, moves.top_series)))
    if sections.exposure:
        bars = [(c.row.person, c.row.score) for c in sections.exposure]
        drawn.append(("Risk exposure", bar_chart("Risk exposure", bars)))
    return drawn


def _link(post: PostHit, names: Names) -> str:
    """The post's URL; for a reader who does not see names (the URL is then the site
    only: paths carry names), the post's number and its site."""
    if names.reveal:
        return post.url or f"post {post.post_id}"
    return f"post {post.post_id}" + (f" on {post.url}" if post.url else "")


def _volume(sections: DigestSections) -> list[str]:
    return ["## Volume by platform and language", ""] + (
        [
            f"- {v.platform} / {v.lang}: {v.posts} posts (7-day mean {v.previous_mean:g}, "
            f"change {v.change:+g})"
            for v in sections.volume
        ]
        or ["- no posts in the last 8 days"]
    )


def _trend_moves(moves: TrendMoves) -> list[str]:
    return ["", f"## {moves.what.capitalize()} that rose or fell most", ""] + (
        [
            f"- {k}: {posts:g} posts today, {c:+.1f} against the 7-day mean"
            for k, posts, c in moves.movers
        ]
        or NONE
    )


def _pair_changes(sections: DigestSections) -> list[str]:
    return ["", "## Actor x frame changes", ""] + (
        [
            f"- {p.actor} x {p.frame}: {p.posts} posts today ({p.change:+.1f})"
            for p in sections.pair_changes
        ]
        or NONE
    )


def _spikes(sections: DigestSections, names: Names) -> list[str]:
    lines = ["", "## Spikes", ""]
    for found in sections.spikes:
        s = found.spike
        lines.append(
            f"- {s.dimension} {s.label}: {s.posts} posts "
            f"(baseline median {s.baseline_median:g}, score {s.score:g})"
        )
        lines += [f"  - {_link(h, names)}" for h in found.posts]
    return lines if sections.spikes else lines + NONE


def _most_engaged(sections: DigestSections, names: Names) -> list[str]:
    return ["", "## Most-engaged posts", ""] + (
        [
            f"- {h.engagement} engagement, {h.platform}: {_link(h, names)}"
            for h in sections.most_engaged
        ]
        or NONE
    )


def _clusters(sections: DigestSections) -> list[str]:
    return ["", "## Coordinated amplification", ""] + (
        [_cluster_line(c) for c in sections.clusters] or NONE
    )


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


def _newly_named(sections: DigestSections) -> list[str]:
    return ["", "## Newly named individuals", ""] + (
        [
            f"- {p.person} ({p.kind or 'kind unknown'}, {p.status}): {p.posts} posts"
            for p in sections.newly_named
        ]
        or NONE
    )


def _exposure(sections: DigestSections) -> list[str]:
    return ["", "## Risk-exposure changes", ""] + (
        [
            f"- {c.row.person}: score {c.row.score:g} ({c.rise:+.1f} since yesterday), "
            f"{c.row.mentions} posts, {c.row.authors} authors"
            for c in sections.exposure
        ]
        or NONE
    )


def _alerts(sections: DigestSections) -> list[str]:
    return ["", "## Alerts", ""] + (
        [f"- {a.rule}: {a.kind} {a.about}, {a.summary} ({a.status})" for a in sections.alerts]
        or NONE
    )


def _health(sections: DigestSections, names: Names) -> list[str]:
    """Only the sources in trouble, then the annotation backlog. Source names, causes and
    errors may carry a person's name, so they are shown as this reader may see free text."""
    lines = ["", "## Collection health", ""]
    for h in sections.troubled_sources:
        causes = f"; quarantined {h.quarantined}: {names.text(h.causes)}"
        lines.append(
            f"- {names.text(h.source)} ({h.kind}): {h.runs} runs, {h.failed} failed, "
            f"{h.degraded} degraded, {h.caps_hit} caps hit, "
            f"{h.rate_limited_seconds:g} s lost to rate limits"
            + (", no run (gap)" if h.runs == 0 else "")
            + (causes if h.quarantined else "")
            + (f"; {names.text(h.errors)}" if h.errors else "")
        )
    lines.append(f"- posts awaiting annotation: {sections.backlog}")
    return lines


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
