"""Stable external ids for items whose only identity is a URL or a long opaque string."""

from __future__ import annotations

import hashlib

MAX_ID_LENGTH = 255


def stable_id(value: str) -> str:
    """The value itself when short enough to index, else `sha256:<hex>` of it."""
    value = value.strip()
    if len(value) <= MAX_ID_LENGTH:
        return value
    return "sha256:" + hashlib.sha256(value.encode("utf-8")).hexdigest()
