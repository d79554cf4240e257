"""Keep the full-text index up to date where it is filled in batches, not on insert."""

from __future__ import annotations

from sqlalchemy import Connection

from storage.backends import backend_of


def index_new_posts(connection: Connection) -> int:
    """Index the posts stored since the last call; returns how many. The caller commits.

    Run after each collect run, each import and each rollup refresh. A database whose
    index follows every insert (PostgreSQL's GIN index) has nothing to do here.
    """
    return backend_of(connection).index_new_posts(connection)
