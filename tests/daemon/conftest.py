"""Daemon tests talk to local servers on the loopback address only, never the network."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def httpserver_listen_address() -> tuple[str, int]:
    """pytest-httpserver binds to 127.0.0.1 (its default name `localhost` may resolve elsewhere)."""
    return ("127.0.0.1", 0)
