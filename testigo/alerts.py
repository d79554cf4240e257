"""Alerts: tell the analyst when a person's exposure jumps or a frame or actor spikes.

Each `[[alerts]]` rule is evaluated on a day (the daemon: after each rollup, on today; the
CLI: `testigo alerts run`). What it finds is recorded once per rule, target and day
(storage.alerts), then sent; a failed send stays pending and is retried with back-off, so an
outage of the receiver delays alerts and loses none.

An alert names people by pseudonym, with their score, its parts and counts, and a link to the
dashboard (which asks for login); never a real name or post text, unless the rule says
`reveal = true`, and then every alert sent is written to the audit log.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from storage.alerts import (
    AlertRecord,
    claim_alert,
    due_alerts,
    known_targets,
    mark_failed,
    mark_sent,
    record_alert,
)
from storage.engine import transaction
from storage.privacy import Names, record_audit
from storage.queries.exposure import DEFAULT_WEIGHTS, exposure_changes
from storage.queries.people import people
from storage.queries.spikes import spikes
from storage.rollups import refresh_rollups
from storage.writes import utcnow
from testigo.alert_senders import DeliveryError, Message, send
from testigo.config import AlertConfig, Config
from testigo.name_masking import names_policy

log = logging.getLogger("testigo.alerts")

EXPOSURE, SPIKE = "exposure", "spike"
SPIKE_DIMENSIONS = ("frame", "actor")
AUDIT_ACTOR = "testigo-alerts"
ALL_PEOPLE = 10**6


@dataclass(frozen=True)
class Found:
    """An alert a rule raises, before it is recorded."""

    rule: str
    kind: str
    target: str
    facts: dict[str, Any]


@dataclass
class AlertRun:
    day: date
    new: list[Found] = field(default_factory=list)
    sent: int = 0
    failed: list[str] = field(default_factory=list)  # "rule target: reason"
    pending: int = 0  # due alerts not sent in this run

    def summary(self) -> str:
        return (
            f"alerts {self.day.isoformat()}: {len(self.new)} new, {self.sent} sent, "
            f"{len(self.failed)} failed"
        )


def evaluate(session: Session, config: Config, rule: AlertConfig, day: date) -> list[Found]:
    """Everything `rule` flags on `day`, whether or not it was alerted before."""
    names = names_policy(config)  # facts carry ids and numbers only; labels come at sending
    found = []
    if EXPOSURE in rule.when:
        found += _exposure_alerts(session, config, rule, day, names)
    if SPIKE in rule.when:
        found += _spike_alerts(session, config, rule, day, names)
    return found


def _exposure_alerts(
    session: Session, config: Config, rule: AlertConfig, day: date, names: Names
) -> list[Found]:
    """People whose score reaches `min_score`, or rose by `min_rise` since the day before."""
    changes = exposure_changes(
        session,
        day,
        ALL_PEOPLE,
        names=names,
        policy=config.exposure_policy(),
    )
    found = []
    for change in changes:
        row = change.row
        if row.score < rule.min_score and change.rise < rule.min_rise:
            continue
        facts = {
            "individual_id": row.individual_id,
            "person_kind": row.kind,
            "score": row.score,
            "previous_score": change.previous,
            "rise": round(change.rise, 2),
            "parts": {part: getattr(row, f"{part}_points") for part in DEFAULT_WEIGHTS},
            "counts": {
                "posts": row.mentions,
                "authors": row.authors,
                "reach": row.reach,
                "baseline_posts": row.baseline,
            },
        }
        found.append(Found(rule.name, EXPOSURE, f"individual:{row.individual_id}", facts))
    return found


def _spike_alerts(
    session: Session, config: Config, rule: AlertConfig, day: date, names: Names
) -> list[Found]:
    """Frames and actors the spike detector flags, in at least `spike_min_posts` posts."""
    found = []
    least = config.exposure_policy().min_mentions
    for spike in spikes(session, day, names=names, min_mentions=least):
        if spike.dimension not in SPIKE_DIMENSIONS or spike.posts < rule.spike_min_posts:
            continue
        facts = {
            "dimension": spike.dimension,
            "id": spike.key,
            "posts": spike.posts,
            "baseline_median": spike.baseline_median,
            "spike_score": spike.score,
        }
        found.append(Found(rule.name, SPIKE, f"{spike.dimension}:{spike.key}", facts))
    return found


def run_alerts(
    engine: Engine,
    config: Config,
    day: date,
    *,
    dry_run: bool = False,
    wait_for_retry: bool = False,
    now: Callable[[], datetime] = utcnow,
) -> AlertRun:
    """Evaluate every rule on `day`, record what is new, then send every unsent alert.

    With `dry_run` nothing is recorded or sent: `new` is what would be. The daemon passes
    `wait_for_retry` so a failing receiver is retried with back-off; an explicit run retries
    every unsent alert at once.
    """
    run = AlertRun(day)
    if not config.alerts:
        return run
    with transaction(engine) as session:
        refresh_rollups(session)
        for rule in config.alerts:
            known = known_targets(session, rule.name, day)
            for found in evaluate(session, config, rule, day):
                if found.target in known:
                    continue
                if dry_run or record_alert(
                    session, rule.name, found.kind, found.target, day, found.facts
                ):
                    run.new.append(found)
    if dry_run:
        return run
    rules = {rule.name: rule for rule in config.alerts}
    with transaction(engine) as session:
        due = due_alerts(session, list(rules), now(), wait_for_retry)
    for record in due:
        _deliver(engine, config, rules[record.rule], record, run)
    return run


def _deliver(
    engine: Engine, config: Config, rule: AlertConfig, record: AlertRecord, run: AlertRun
) -> None:
    """Send one alert if no other process is sending it; record the outcome."""
    with transaction(engine) as session:
        if not claim_alert(session, record):
            return
        message = alert_message(session, rule, record, names_policy(config, rule.reveal))
    try:
        send(rule, message, config.secret)
    except DeliveryError as error:
        with transaction(engine) as session:
            retry_at = mark_failed(session, record.id, str(error))
        run.failed.append(f"{rule.name} {record.target}: {error}")
        log.warning(
            "alert %s %s: not delivered (%s); retrying after %s",
            rule.name, record.target, error, retry_at.isoformat(timespec="seconds"),
        )  # fmt: skip
        return
    with transaction(engine) as session:
        mark_sent(session, record.id)
        if rule.reveal:
            detail = {"rule": rule.name, "target": record.target, "day": record.day.isoformat()}
            record_audit(session, AUDIT_ACTOR, "alert with names", detail)
    run.sent += 1
    log.info("alert %s %s: sent", rule.name, record.target)


def alert_message(
    session: Session, rule: AlertConfig, record: AlertRecord, names: Names
) -> Message:
    """The text and fields of one alert, the person labelled by `names`."""
    facts, day = record.facts, record.day.isoformat()
    base = rule.dashboard_url.rstrip("/")
    if record.kind == EXPOSURE:
        person_id = int(facts["individual_id"])
        person = people(session, [person_id], names).get(person_id)
        label = person.label if person else f"individual {person_id}"
        link = f"{base}/individuals/{person_id}?day={day}"
        text = (
            f"Exposure alert ({rule.name}): {label} scored {facts['score']:g} on {day} "
            f"({facts['rise']:+g} against the day before), {facts['counts']['posts']} posts "
            f"by {facts['counts']['authors']} accounts. {link}"
        )
        fields = {"person": label, **facts}
        subject = f"Testigo: exposure alert for {label}"
    else:
        link = f"{base}/topics?day={day}"
        text = (
            f"Spike alert ({rule.name}): {facts['dimension']} {facts['id']} in "
            f"{facts['posts']} posts on {day} (baseline median {facts['baseline_median']:g}, "
            f"spike score {facts['spike_score']:g}). {link}"
        )
        fields = dict(facts)
        subject = f"Testigo: {facts['id']} spiked"
    return Message(
        subject=subject,
        text=text,
        fields={"rule": rule.name, "kind": record.kind, "day": day, "link": link, **fields},
    )


def test_message(rule: AlertConfig) -> Message:
    """What `testigo alerts test NAME` sends: no data, only proof that the channel works."""
    text = f"Test alert from Testigo ({rule.name}): this channel receives alerts."
    return Message(
        subject=f"Testigo test alert ({rule.name})",
        text=text,
        fields={"rule": rule.name, "kind": "test", "link": rule.dashboard_url},
    )
