"""One backend per database, chosen once, when its engine is created.

`create_database_engine` asks the backend for the URL's database to build the engine
and records which backend it is; storage code then asks `backend_of(...)` instead of
testing which database it runs on.
"""

from __future__ import annotations

import weakref
from typing import Any

from sqlalchemy import Connection, Engine
from sqlalchemy.engine import Dialect, make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.orm import Session

from storage.backends.base import Backend
from storage.backends.postgresql import PostgreSQLBackend
from storage.backends.sqlite import SQLiteBackend

BACKENDS: dict[str, Backend] = {b.name: b for b in (SQLiteBackend(), PostgreSQLBackend())}
_CHOSEN: weakref.WeakKeyDictionary[Dialect, Backend] = weakref.WeakKeyDictionary()


def backend_for_url(url: str) -> Backend:
    """The backend of a database URL's kind; ArgumentError for a database Testigo does not use."""
    kind = make_url(url).get_backend_name()
    if kind not in BACKENDS:
        raise ArgumentError(f"unsupported database {kind!r}: use {' or '.join(BACKENDS)}")
    return BACKENDS[kind]


def create_engine_with_backend(url: str, **kwargs: Any) -> Engine:
    backend = backend_for_url(url)
    engine = backend.create_engine(url, **kwargs)
    _CHOSEN[engine.dialect] = backend
    return engine


def backend_of(bind: Engine | Connection | Session) -> Backend:
    """The backend chosen when the engine behind `bind` was created."""
    dialect = (bind.get_bind() if isinstance(bind, Session) else bind).dialect
    try:
        return _CHOSEN[dialect]
    except KeyError:
        raise LookupError("engine not made by storage.engine.create_database_engine") from None
