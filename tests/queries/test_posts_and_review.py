"""Post search (full text and by id), and the review queue for discovered names."""

from __future__ import annotations

import pytest
from query_dataset import ANA, DAY, JOSE, KEY, Annotated
from sqlalchemy import select

from storage.backends import sqlite_fts
from storage.engine import transaction
from storage.models import AuditEntry, Individual
from storage.privacy import pseudonym
from storage.queries import posts as posts_module
from storage.queries.filters import QueryFilters
from storage.queries.people import find_individual
from storage.queries.posts import search_posts
from storage.queries.review import (
    confirm_individual,
    new_individuals,
    reject_individual,
    review_queue,
)
from storage.writes import name_key, save_annotations


def _ids(hits, loaded):
    names = {v: k for k, v in loaded.items()}
    return [names[h.post_id] for h in hits]


def test_posts_by_actor_come_newest_first(engine, loaded, hidden):
    with transaction(engine) as session:
        hits = search_posts(session, actor="bukele", names=hidden)
    assert _ids(hits, loaded) == ["p8", "p5", "p4", "p1"]
    assert hits[0].actors == "bukele" and hits[0].frames == "criminality_terrorism"


def test_full_text_search_needs_every_word_and_ignores_case(engine, loaded, hidden):
    with transaction(engine) as session:
        both = search_posts(session, text="TERRORISTA bukele", names=hidden)
        unannotated = search_posts(
            session, text="CECOT", filters=QueryFilters(since=DAY), names=hidden
        )
    assert _ids(both, loaded) == ["p8", "p4"]
    assert _ids(unannotated, loaded) == ["p10", "p5"]


def test_search_combines_frame_individual_platform_and_limit(engine, loaded, hidden):
    with transaction(engine) as session:
        jose = find_individual(session, JOSE, KEY).id
        hits = search_posts(
            session,
            frame="criminality_terrorism",
            individual_id=jose,
            filters=QueryFilters(platform="bluesky"),
            limit=2,
            names=hidden,
        )
    assert _ids(hits, loaded) == ["p6", "p5"]


def test_viewer_never_sees_a_real_name_in_post_text(engine, loaded, hidden, revealed):
    with transaction(engine) as session:
        hidden_hits = search_posts(
            session, individual_id=find_individual(session, JOSE, KEY).id, names=hidden
        )
        shown = search_posts(session, text="Maduro demands", names=revealed)
    label = pseudonym(name_key(JOSE), KEY)
    assert all(JOSE not in h.text for h in hidden_hits)
    assert f"[{label}]" in hidden_hits[0].text
    assert JOSE in shown[0].text


def test_review_lists_discovered_names_and_confirming_is_audited(engine, loaded, hidden):
    with transaction(engine) as session:
        queue = review_queue(session, names=hidden)
    ana = pseudonym(name_key(ANA), KEY)
    assert [(r.person, r.posts, r.status) for r in queue] == [(ana, 2, "pending")]
    with transaction(engine) as session:
        confirm_individual(session, ana, key=KEY, actor="analyst")
    with transaction(engine) as session:
        assert review_queue(session, names=hidden) == []
        status = session.scalar(
            select(Individual.status).where(Individual.name_key == name_key(ANA))
        )
        audit = session.scalars(select(AuditEntry)).one()
    assert status == "confirmed"
    assert (audit.actor, audit.action) == ("analyst", "individual.confirmed")


def test_rejected_names_leave_rankings_and_unknown_names_are_an_error(engine, loaded, hidden):
    with transaction(engine) as session:
        reject_individual(session, "jose perez", key=KEY, actor="analyst")
    with transaction(engine) as session:
        assert new_individuals(session, DAY, names=hidden, min_mentions=1) == []
        with pytest.raises(LookupError):
            reject_individual(session, "Nadie Nombrado", key=KEY, actor="analyst")


@pytest.mark.parametrize(
    "wanted",
    [
        {"actor": "bukele"},
        {"frame": "criminality_terrorism", "text": "terrorista"},
        {"individual": JOSE, "frame": "criminality_terrorism"},
        {"text": "CECOT"},
    ],
)
@pytest.mark.parametrize("order", ["newest", "engagement"])
def test_common_and_rare_filters_find_the_same_posts(
    engine, loaded, hidden, monkeypatch, wanted, order
):
    """Whether a filter counts as common (walk posts in order) or rare (start from its
    matches), the posts and their order are the same, and only current annotations count."""
    criteria = {k: v for k, v in wanted.items() if k != "individual"}
    with transaction(engine) as session:
        # p8 (Bukele calls Ana a terrorist) re-annotated with nothing found: its old
        # actor and frame mentions stay as history and must not match.
        save_annotations(session, [(loaded["p8"], Annotated("es", pipeline_version="test-2"))])
        if "individual" in wanted:
            criteria["individual_id"] = find_individual(session, wanted["individual"], KEY).id
        rare = search_posts(session, **criteria, order=order, names=hidden)
        monkeypatch.setattr(posts_module, "COMMON_MENTION", 1)
        monkeypatch.setattr(sqlite_fts, "COMMON_WORD", 1)
        common = search_posts(session, **criteria, order=order, names=hidden)
    assert rare, "the dataset should have posts for every case"
    assert _ids(common, loaded) == _ids(rare, loaded)
    assert "p8" not in _ids(rare, loaded)
