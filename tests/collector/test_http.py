"""What HttpClient keeps of a URL: never a credential, whatever its spelling."""

from __future__ import annotations

import httpx
import pytest

from collector.http import HttpClient


def fetched_url(url: str) -> str:
    """The URL a response is stored under, fetched through a local transport."""
    transport = httpx.MockTransport(lambda request: httpx.Response(200, json=[]))
    with HttpClient(transport=transport) as client:
        return client.get(url).url


@pytest.mark.parametrize(
    "query",
    [
        "access_token=s3cret&limit=40",
        "limit=40&API_KEY=s3cret",
        "%61ccess_token=s3cret&limit=40",  # 'a' percent-encoded
        "q=CECOT%20humanitario&token=s3cret",
    ],
)
def test_stored_urls_never_carry_a_secret_parameter(query):
    stored = fetched_url(f"https://mastodon.example/api/v2/search?{query}")
    assert "s3cret" not in stored
    assert "limit=40" in stored or "q=CECOT" in stored


def test_page_urls_without_secrets_are_kept_exactly():
    url = "https://mastodon.example/api/v1/timelines/tag/CECOT?limit=40&max_id=114"
    assert fetched_url(url) == url
