"""Clusters follow the posts as they arrive: recomputed by the hour, replaced, never doubled."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from coordinated_day import CAMPAIGN_ACCOUNTS, CAMPAIGN_START, generate_day
from sqlalchemy import func, select

from nlp.coordination import CoordinationSettings
from storage.engine import transaction
from storage.models import CoordinationCluster, CoordinationMember
from storage.writes import upsert_posts
from testigo import daemon as daemon_module
from testigo.config import parse_config
from testigo.coordination import refresh_coordination
from testigo.stopping import StopSignal

SETTINGS = CoordinationSettings()


def campaign_posts():
    day = generate_day(organic=300)
    campaign = [p for p in day.posts if p.author_handle in day.campaign_handles]
    return sorted(campaign, key=lambda p: p.created_at), day.posts


def store(engine, posts) -> None:
    with transaction(engine) as session:
        upsert_posts(session, posts)


def clusters(engine) -> list[tuple[int, int]]:
    with transaction(engine) as session:
        return [
            (c.accounts, c.posts)
            for c in session.scalars(select(CoordinationCluster).order_by(CoordinationCluster.id))
        ]


def test_a_campaign_stored_in_two_halves_ends_as_one_cluster_of_all_its_accounts(engine):
    campaign, _ = campaign_posts()
    half = len(campaign) // 2
    store(engine, campaign[:half])
    refresh_coordination(engine, SETTINGS)
    assert clusters(engine) == [(half, half)]
    store(engine, campaign[half:])
    result = refresh_coordination(engine, SETTINGS)
    assert result.hours >= 1
    assert clusters(engine) == [(CAMPAIGN_ACCOUNTS, CAMPAIGN_ACCOUNTS)]
    with transaction(engine) as session:
        members = session.scalar(select(func.count()).select_from(CoordinationMember))
    assert members == CAMPAIGN_ACCOUNTS


def test_a_refresh_with_nothing_new_recomputes_nothing(engine):
    campaign, _ = campaign_posts()
    store(engine, campaign)
    refresh_coordination(engine, SETTINGS)
    assert clusters(engine) == [(CAMPAIGN_ACCOUNTS, CAMPAIGN_ACCOUNTS)]
    later = refresh_coordination(engine, SETTINGS)
    # posts stored within the last COMMIT_LAG are read again; nothing else is
    assert later.hours <= 1 and clusters(engine) == [(CAMPAIGN_ACCOUNTS, CAMPAIGN_ACCOUNTS)]


def test_new_settings_recompute_every_hour(engine):
    campaign, _ = campaign_posts()
    store(engine, campaign)
    refresh_coordination(engine, SETTINGS)
    strict = CoordinationSettings(min_accounts=CAMPAIGN_ACCOUNTS + 1)
    assert refresh_coordination(engine, strict).hours >= 1
    assert clusters(engine) == []


def test_a_cluster_across_an_hour_boundary_is_kept_whole_by_the_hour_it_starts_in(engine):
    campaign, _ = campaign_posts()
    start = CAMPAIGN_START.replace(minute=0) + timedelta(hours=1, seconds=-90)
    shifted = [replace(p, created_at=start + (p.created_at - CAMPAIGN_START)) for p in campaign]
    store(engine, shifted)
    refresh_coordination(engine, SETTINGS)
    assert clusters(engine) == [(CAMPAIGN_ACCOUNTS, CAMPAIGN_ACCOUNTS)]


def test_the_daemon_finds_coordination_after_rolling_up(engine):
    _, everything = campaign_posts()
    store(engine, everything)
    config = parse_config("", "test")
    daemon_module.run_once(daemon_module.Daemon(engine, config, StopSignal(), None))
    assert clusters(engine) == [(CAMPAIGN_ACCOUNTS, CAMPAIGN_ACCOUNTS)]
