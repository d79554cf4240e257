"""Dashboard accounts (argon2 password hashes, roles) and their server-side sessions.

A session lives in `dashboard_sessions` until logout, expiry, or a change to its user
(new password, new role, removal): the cookie carries a random token, the table only
its SHA-256, so a copied cookie is worthless once the session ends. Failed logins are
slowed down by the dashboard (per client address, and per account name), never by
locking the account here: an attacker's failures must not keep its owner out.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import cast

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import CursorResult, delete, select
from sqlalchemy.orm import Session

from storage.models import DashboardSession, User

ROLES = ("admin", "analyst", "viewer")
# Roles that may see the real names of individuals (every such view is audited).
NAME_ROLES = frozenset({"admin", "analyst"})

_hasher = PasswordHasher()
# Verified against when the username is unknown, so timing does not reveal which names exist.
_DUMMY_HASH = _hasher.hash("not a password anyone has")


class AccountError(ValueError):
    """A bad user-management request (unknown role, taken or missing name, empty password)."""


@dataclass(frozen=True)
class Account:
    username: str
    role: str
    created_at: datetime

    @property
    def sees_names(self) -> bool:
        return self.role in NAME_ROLES


def _account(user: User) -> Account:
    return Account(username=user.username, role=user.role, created_at=user.created_at)


def _find(session: Session, username: str) -> User | None:
    return session.scalars(select(User).where(User.username == username)).one_or_none()


def _existing(session: Session, username: str) -> User:
    user = _find(session, username)
    if user is None:
        raise AccountError(f"no user named {username!r}")
    return user


def _check_password(password: str) -> None:
    if not password:
        raise AccountError("the password must not be empty")


def _check_role(role: str) -> None:
    if role not in ROLES:
        raise AccountError(f"role must be one of {', '.join(ROLES)}, got {role!r}")


def add_user(session: Session, username: str, password: str, role: str) -> Account:
    username = username.strip()
    _check_role(role)
    if not username or len(username) > 100 or not username.isprintable():
        raise AccountError("a username must have 1 to 100 printable characters")
    _check_password(password)
    if _find(session, username) is not None:
        raise AccountError(f"user {username!r} already exists")
    user = User(
        username=username,
        password_hash=_hasher.hash(password),
        role=role,
        created_at=datetime.now(UTC),
    )
    session.add(user)
    session.flush()
    return _account(user)


def list_users(session: Session) -> list[Account]:
    return [_account(u) for u in session.scalars(select(User).order_by(User.username))]


def get_account(session: Session, username: str) -> Account | None:
    user = _find(session, username)
    return _account(user) if user else None


def remove_user(session: Session, username: str) -> None:
    """Remove a user and every session of theirs (a user added again starts with none)."""
    user = _existing(session, username)
    end_user_sessions(session, user.id)
    session.delete(user)
    session.flush()


def set_password(session: Session, username: str, password: str) -> int:
    """A new password; every open session of the user ends. Returns how many ended."""
    _check_password(password)
    user = _existing(session, username)
    user.password_hash = _hasher.hash(password)
    return end_user_sessions(session, user.id)


def set_role(session: Session, username: str, role: str) -> int:
    """A new role; every open session of the user ends. Returns how many ended."""
    _check_role(role)
    user = _existing(session, username)
    user.role = role
    return end_user_sessions(session, user.id)


def verify_login(session: Session, username: str, password: str) -> Account | None:
    """The account if the password is right. An unknown name costs one hash check too,
    so neither the answer nor its timing tells which names exist."""
    user = _find(session, username)
    if user is None:
        _matches(_DUMMY_HASH, password)
        return None
    if not _matches(user.password_hash, password):
        return None
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = _hasher.hash(password)
    return _account(user)


def _matches(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def _token_sha256(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def open_session(session: Session, username: str, lifetime: timedelta) -> str:
    """A new session for a user; returns its token (only the token's hash is stored)."""
    user = _existing(session, username)
    token = secrets.token_urlsafe(32)
    now = datetime.now(UTC)
    session.add(
        DashboardSession(
            token_sha256=_token_sha256(token),
            user_id=user.id,
            created_at=now,
            expires_at=now + lifetime,
        )
    )
    session.execute(delete(DashboardSession).where(DashboardSession.expires_at < now))
    session.flush()
    return token


def session_account(session: Session, token: str) -> Account | None:
    """The account of an open, unexpired session; None once it ended."""
    user = session.scalars(
        select(User)
        .join(DashboardSession, DashboardSession.user_id == User.id)
        .where(
            DashboardSession.token_sha256 == _token_sha256(token),
            DashboardSession.expires_at > datetime.now(UTC),
        )
    ).one_or_none()
    return _account(user) if user else None


def end_session(session: Session, token: str) -> None:
    session.execute(
        delete(DashboardSession).where(DashboardSession.token_sha256 == _token_sha256(token))
    )


def end_user_sessions(session: Session, user_id: int) -> int:
    ended = session.execute(delete(DashboardSession).where(DashboardSession.user_id == user_id))
    return cast(CursorResult[()], ended).rowcount
