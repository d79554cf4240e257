"""Alert deliveries: each alert recorded once per rule, target and day, then sent until it is.

Evaluating rules and sending belong to the app (testigo.alerts); storage keeps the record
that makes sending idempotent and retries survive restarts and outages.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from storage.models import AlertDelivery
from storage.privacy import Names
from storage.queries.people import people
from storage.writes import utcnow

PENDING, SENT = "pending", "sent"
FIRST_RETRY = timedelta(minutes=1)
LONGEST_WAIT = timedelta(hours=1)
SENDING_LEASE = timedelta(minutes=2)
ERROR_CHARS = 500


@dataclass(frozen=True)
class AlertRecord:
    id: int
    rule: str
    kind: str
    target: str
    day: date
    facts: dict[str, Any]
    status: str
    attempts: int
    sent_at: datetime | None
    last_error: str | None
    next_attempt_at: datetime


def _record(row: AlertDelivery) -> AlertRecord:
    return AlertRecord(
        row.id,
        row.rule,
        row.kind,
        row.target,
        row.day,
        dict(row.facts),
        row.status,
        row.attempts,
        row.sent_at,
        row.last_error,
        row.next_attempt_at,
    )


def known_targets(session: Session, rule: str, day: date) -> set[str]:
    """The targets `rule` has already alerted on for `day` (sent or still pending)."""
    query = select(AlertDelivery.target).where(AlertDelivery.rule == rule, AlertDelivery.day == day)
    return set(session.scalars(query))


def record_alert(
    session: Session, rule: str, kind: str, target: str, day: date, facts: dict[str, Any]
) -> bool:
    """Record an alert to send; False when this rule already has one for the target and day
    (another process may have recorded it first: the unique key decides)."""
    now = utcnow()
    row = AlertDelivery(
        rule=rule,
        kind=kind,
        target=target,
        day=day,
        facts=facts,
        status=PENDING,
        attempts=0,
        created_at=now,
        next_attempt_at=now,
    )
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError:
        return False
    return True


def due_alerts(
    session: Session, rules: list[str], now: datetime, wait_for_retry: bool = True
) -> list[AlertRecord]:
    """Unsent alerts of these rules, oldest first; with `wait_for_retry`, only those whose
    back-off has passed."""
    query = select(AlertDelivery).where(
        AlertDelivery.status == PENDING, AlertDelivery.rule.in_(rules)
    )
    if wait_for_retry:
        query = query.where(AlertDelivery.next_attempt_at <= now)
    return [_record(r) for r in session.scalars(query.order_by(AlertDelivery.id))]


def claim_alert(session: Session, alert: AlertRecord, lease: timedelta = SENDING_LEASE) -> bool:
    """Take `alert` for sending: False when another process took it since it was read (its
    next attempt time moved). The lease keeps others off it while it is being sent."""
    taken = session.execute(
        update(AlertDelivery)
        .where(
            AlertDelivery.id == alert.id,
            AlertDelivery.status == PENDING,
            AlertDelivery.next_attempt_at == alert.next_attempt_at,
        )
        .values(next_attempt_at=utcnow() + lease)
    )
    return cast(CursorResult[()], taken).rowcount == 1


def mark_sent(session: Session, alert_id: int) -> None:
    row = session.get_one(AlertDelivery, alert_id)
    row.status, row.sent_at, row.last_error = SENT, utcnow(), None
    row.attempts += 1


def mark_failed(session: Session, alert_id: int, error: str) -> datetime:
    """Note a failed attempt; the next one waits twice as long as the last (1 min to 1 h)."""
    row = session.get_one(AlertDelivery, alert_id)
    row.attempts += 1
    row.last_error = error[:ERROR_CHARS]
    wait = min(FIRST_RETRY * 2 ** (row.attempts - 1), LONGEST_WAIT)
    row.next_attempt_at = utcnow() + wait
    return row.next_attempt_at


def alerts_on(session: Session, day: date) -> list[AlertRecord]:
    """The alerts about `day`, for the digest and the dashboard."""
    query = select(AlertDelivery).where(AlertDelivery.day == day).order_by(AlertDelivery.id)
    return [_record(r) for r in session.scalars(query)]


@dataclass(frozen=True)
class AlertShown:
    """An alert as the digest and the dashboard list it, the person labelled by the reader's
    naming policy (the alert row holds no name)."""

    rule: str
    kind: str
    about: str
    individual_id: int | None
    summary: str
    status: str
    attempts: int
    last_error: str | None


def alerts_shown(session: Session, day: date, names: Names) -> list[AlertShown]:
    """The day's alerts with the people in them labelled by `names`; alerts about people
    since rejected are left out, like everywhere else."""
    records = alerts_on(session, day)
    ids = [int(r.facts["individual_id"]) for r in records if "individual_id" in r.facts]
    labels = people(session, ids, names)
    shown = []
    for r in records:
        person_id = r.facts.get("individual_id")
        if person_id is not None:
            if int(person_id) not in labels:
                continue
            about = labels[int(person_id)].label
            summary = (
                f"score {r.facts['score']:g} ({r.facts['rise']:+g}), "
                f"{r.facts['counts']['posts']} posts"
            )
        else:
            about = f"{r.facts['dimension']} {r.facts['id']}"
            summary = f"{r.facts['posts']} posts, baseline {r.facts['baseline_median']:g}"
        shown.append(
            AlertShown(
                r.rule, r.kind, about, person_id, summary, r.status, r.attempts, r.last_error
            )
        )
    return shown
