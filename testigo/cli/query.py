"""`testigo query ...`: what analysts ask the database. Rollups are refreshed first."""

from __future__ import annotations

import getpass
from collections.abc import Callable
from datetime import date
from typing import Any

import click
from sqlalchemy.orm import Session

from storage.engine import transaction
from storage.privacy import PSEUDONYM_PREFIX, Names, record_audit
from storage.queries.cooccurrence import AXES, CooccurrenceRow, cooccurrence
from storage.queries.coordination import (
    AccountRow,
    ClusterRow,
    coordinated_accounts,
    coordination_clusters,
)
from storage.queries.exposure import Evidence, ExposureRow, explain_exposure, exposure
from storage.queries.filters import PERIODS, QueryFilters
from storage.queries.people import find_individual
from storage.queries.posts import PostHit, search_posts
from storage.queries.review import ReviewRow, review_queue
from storage.queries.spikes import Spike, spikes
from storage.queries.trends import DIMENSIONS, TrendRow, scored_day, trends
from storage.rollups import refresh_rollups
from testigo.cli.common import config_from, engine_from
from testigo.cli.output import emit, format_option
from testigo.coordination import refresh_coordination, settings_from
from testigo.errors import UserError
from testigo.name_masking import names_policy

DAY = click.DateTime(formats=["%Y-%m-%d"])


def filter_options(command: Callable[..., Any]) -> Callable[..., Any]:
    for option in reversed(
        (
            click.option("--since", type=DAY, help="First day (UTC, YYYY-MM-DD)."),
            click.option("--until", type=DAY, help="Last day, inclusive."),
            click.option("--platform", help="Only this platform (bluesky, mastodon, x, ...)."),
            click.option("--lang", help="Only this language (es, en, und, ...)."),
            format_option,
            click.option(
                "--reveal", is_flag=True, help="Show real names (written to the audit log)."
            ),
        )
    ):
        command = option(command)
    return command


def filters_from(options: dict[str, Any]) -> QueryFilters:
    since, until = options.get("since"), options.get("until")
    return QueryFilters(
        since.date() if since else None,
        until.date() if until else None,
        options.get("platform"),
        options.get("lang"),
    )


def names_for(ctx: click.Context, session: Session, reveal: bool, what: str) -> Names:
    """The naming policy; a reveal is audited (who, when, what) in the same transaction."""
    config = config_from(ctx)
    if reveal:
        record_audit(session, getpass.getuser(), "reveal", {"command": what})
    return names_policy(config, reveal)


def _by_pseudonym(person: str, names: Names) -> str:
    """Without --reveal a person is named by pseudonym only: results for a real name would
    confirm that the name is in the database, and whose pseudonym it is."""
    if not names.reveal and not person.startswith(PSEUDONYM_PREFIX):
        raise UserError(f"without --reveal, name the person by pseudonym ({PSEUDONYM_PREFIX}…)")
    return person


@click.group()
def query() -> None:
    """Query trends, pairs, spikes, exposure, coordination, posts and the review queue."""


def run_query(
    ctx: click.Context, what: str, reveal: bool, body: Callable[[Session, Names], None]
) -> None:
    with transaction(engine_from(ctx)) as session:
        refresh_rollups(session)
        body(session, names_for(ctx, session, reveal, what))


@query.command("trends")
@click.option("--what", type=click.Choice([*DIMENSIONS]), default="frames", show_default=True)
@click.option("--by", type=click.Choice(PERIODS), default="day", show_default=True)
@click.option(
    "--normalize", is_flag=True, help="Divide by all posts of the platform(s) in the period."
)
@click.option("--by-platform", is_flag=True, help="One line per platform.")
@filter_options
@click.pass_context
def trends_cmd(
    ctx: click.Context, what: str, by: str, normalize: bool, by_platform: bool, **o: Any
) -> None:
    """Posts, distinct authors and engagement per period and id."""
    minimum = config_from(ctx).exposure_policy().min_mentions

    def body(session: Session, names: Names) -> None:
        rows = trends(
            session,
            what,
            by,
            filters_from(o),
            normalize,
            by_platform=by_platform,
            names=names,
            min_mentions=minimum,
        )
        emit(rows, o["output_format"], TrendRow)

    run_query(ctx, f"query trends --what {what}", o["reveal"], body)


@query.command("cooccurrence")
@click.option("--rows", type=click.Choice(AXES), default="actors", show_default=True)
@click.option("--cols", type=click.Choice(AXES), default="frames", show_default=True)
@filter_options
@click.pass_context
def cooccurrence_cmd(ctx: click.Context, rows: str, cols: str, **o: Any) -> None:
    """How often each actor and frame appear in the same post, and how often contested."""
    if rows == cols:
        raise UserError("--rows and --cols must differ (actors x frames)")
    run_query(
        ctx,
        "query cooccurrence",
        False,
        lambda s, _: emit(
            cooccurrence(s, rows, cols, filters_from(o)), o["output_format"], CooccurrenceRow
        ),
    )


@query.command("spikes")
@click.option(
    "--date", "day", type=DAY, help="The day to test (default: --until, else the last with posts)."
)
@filter_options
@click.pass_context
def spikes_cmd(ctx: click.Context, day: Any, **o: Any) -> None:
    """Ids whose count on the day stands out against their own 14-day baseline."""
    minimum = config_from(ctx).exposure_policy().min_mentions

    def body(session: Session, names: Names) -> None:
        when = _day_asked(session, day, o)
        found = when and spikes(session, when, filters_from(o), names=names, min_mentions=minimum)
        emit(found or [], o["output_format"], Spike)

    run_query(ctx, "query spikes", o["reveal"], body)


def _day_asked(session: Session, day: Any, options: dict[str, Any]) -> date | None:
    """--date, else --until, else the latest day with posts (None: no posts at all)."""
    return day.date() if day else scored_day(session, filters_from(options))


@query.command("exposure")
@click.option(
    "--date", "day", type=DAY, help="The day scored (default: --until, else the last with posts)."
)
@click.option("--top", type=click.IntRange(1), default=20, show_default=True)
@click.option(
    "--explain",
    "explain",
    metavar="NAME",
    help="A name or pseudonym: list the posts behind each part.",
)
@filter_options
@click.pass_context
def exposure_cmd(ctx: click.Context, day: Any, top: int, explain: str | None, **o: Any) -> None:
    """Risk exposure of named individuals, 0-100, with every part shown."""
    policy = config_from(ctx).exposure_policy()

    def body(session: Session, names: Names) -> None:
        when = _day_asked(session, day, o)
        if when is None:
            emit([], o["output_format"], Evidence if explain else ExposureRow)
            return
        if explain:
            try:
                person = find_individual(session, _by_pseudonym(explain, names), names.key)
            except LookupError as error:
                raise UserError(str(error)) from None
            found = explain_exposure(
                session,
                person.id,
                when,
                filters_from(o),
                names=names,
                policy=policy,
            )
            emit(found.evidence, o["output_format"], Evidence)
            return
        rows = exposure(
            session,
            when,
            top,
            filters_from(o),
            names=names,
            policy=policy,
        )
        emit(rows, o["output_format"], ExposureRow)

    run_query(
        ctx,
        f"query exposure --explain {explain}" if explain else "query exposure",
        o["reveal"],
        body,
    )


@query.command("coordination")
@click.option("--date", "day", type=DAY, help="Clusters that started on this day (UTC).")
@click.option("--min-accounts", type=click.IntRange(1), default=1, help="Only clusters this large.")
@click.option(
    "--by",
    type=click.Choice(["cluster", "account"]),
    default="cluster",
    show_default=True,
    help="account: accounts by how many clusters they took part in.",
)
@click.option("--limit", type=click.IntRange(1), default=50, show_default=True)
@format_option
@click.option("--reveal", is_flag=True, help="Show real names (written to the audit log).")
@click.pass_context
def coordination_cmd(
    ctx: click.Context,
    day: Any,
    min_accounts: int,
    by: str,
    limit: int,
    output_format: str,
    reveal: bool,
) -> None:
    """Many accounts posting the same text, link or repost within minutes, largest first.

    Detection runs first over the posts stored since it last ran (the daemon runs it too).
    """
    refresh_coordination(engine_from(ctx), settings_from(config_from(ctx)))
    when = day.date() if day else None

    def body(session: Session, names: Names) -> None:
        if by == "account":
            found = coordinated_accounts(session, when, min_accounts, limit, names=names)
            emit(found, output_format, AccountRow)
        else:
            rows = coordination_clusters(session, when, min_accounts, limit, names=names)
            emit(rows, output_format, ClusterRow)

    run_query(ctx, f"query coordination --by {by}", reveal, body)


@query.command("posts")
@click.option("--actor", help="Actor id, e.g. bukele.")
@click.option("--frame", help="Frame id, e.g. criminality_terrorism.")
@click.option("--individual", metavar="NAME", help="A name or pseudonym.")
@click.option("--text", "words", help="Words that must all appear (full-text search).")
@click.option("--limit", type=click.IntRange(1), default=50, show_default=True)
@filter_options
@click.pass_context
def posts_cmd(
    ctx: click.Context,
    actor: str | None,
    frame: str | None,
    individual: str | None,
    words: str | None,
    limit: int,
    **o: Any,
) -> None:
    """Matching posts, newest first; names in the text are pseudonymised unless --reveal."""

    def body(session: Session, names: Names) -> None:
        person_id = None
        if individual:
            try:
                person_id = find_individual(session, _by_pseudonym(individual, names), names.key).id
            except LookupError as error:
                raise UserError(str(error)) from None
        hits = search_posts(
            session, actor, frame, person_id, words, filters_from(o), limit, names=names
        )
        emit(hits, o["output_format"], PostHit)

    run_query(ctx, "query posts", o["reveal"], body)


@query.command("review")
@format_option
@click.option("--reveal", is_flag=True, help="Show real names (written to the audit log).")
@click.pass_context
def review_cmd(ctx: click.Context, output_format: str, reveal: bool) -> None:
    """Individuals found outside the watchlist, most named first, to confirm or reject."""
    run_query(
        ctx,
        "query review",
        reveal,
        lambda s, names: emit(review_queue(s, names=names), output_format, ReviewRow),
    )
