"""Every registered source kind is held to the collector interface the daemon relies on.

Each kind's good sample pages (the files directly in tests/collector/samples/<kind>/;
faults and other fixtures live in subfolders) must parse into complete posts.
"""

from __future__ import annotations

import inspect
import mimetypes
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from collector_helpers import SAMPLES

from collector.base import Collector
from collector.http import HttpClient, RawResponse
from collector.post import Post
from collector.registry import SOURCE_KINDS, SourceConfig, collector_class


def sample_pages(kind: str) -> list[Path]:
    folder = SAMPLES / kind
    return sorted(p for p in folder.iterdir() if p.is_file()) if folder.is_dir() else []


def collector_for(kind: str) -> Collector:
    source = SourceConfig(
        name=f"contract-{kind}",
        kind=kind,
        base_url=SOURCE_KINDS[kind].default_base_url or "http://127.0.0.1",
        interval_seconds=900,
        max_pages=1,
        enabled=True,
        credentials={},
        options={},
    )
    credentials = {name: None for name in SOURCE_KINDS[kind].credentials}
    return collector_class(kind)(source, credentials, HttpClient(max_retries=0))


@pytest.mark.parametrize("kind", sorted(SOURCE_KINDS))
def test_kind_has_a_collector_bound_to_its_registry_entry(kind):
    cls = collector_class(kind)
    assert inspect.isclass(cls) and issubclass(cls, Collector)
    assert not inspect.isabstract(cls)
    assert cls.kind is SOURCE_KINDS[kind]


@pytest.mark.parametrize("kind", sorted(SOURCE_KINDS))
def test_kind_declares_config_keys_its_collector_reads(kind):
    keys = SOURCE_KINDS[kind].config_keys
    assert keys, f"{kind} declares no config keys"
    source = inspect.getsource(inspect.getmodule(collector_class(kind)))
    unread = sorted(key for key in keys if f'"{key}"' not in source)
    assert not unread, f"{kind} declares keys its collector never reads: {unread}"


@pytest.mark.parametrize("kind", sorted(SOURCE_KINDS))
def test_kind_parses_its_sample_pages_into_complete_posts(kind):
    pages = sample_pages(kind)
    assert len(pages) >= 2, f"tests/collector/samples/{kind}/ needs at least two sample pages"
    collector = collector_for(kind)
    for path in pages:
        raw = RawResponse(
            url=path.as_uri(),
            status_code=200,
            content_type=mimetypes.guess_type(path.name)[0],
            body=path.read_bytes(),
            fetched_at=datetime.now(UTC),
            headers={},
        )
        posts, quarantined = collector.parse(raw)
        assert posts, f"{path.name} yielded no posts"
        for post in posts:
            assert isinstance(post, Post)
            assert post.platform == kind or (kind == "file" and post.platform)
            assert post.external_id and isinstance(post.external_id, str)
            assert post.created_at.utcoffset() == timedelta(0), f"{post.external_id} not UTC"
            assert isinstance(post.text, str)
        assert all(q.reason for q in quarantined)
