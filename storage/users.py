"""Dashboard accounts: argon2 password hashes, roles, and a per-account slow-down.

Repeated failed logins lock the account for a doubling delay (1 s after the
third failure, up to 15 minutes), so guessing a password is slow while a user
who mistypes once is not bothered.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from storage.models import User

ROLES = ("admin", "analyst", "viewer")
# Roles that may see the real names of individuals (every such view is audited).
NAME_ROLES = frozenset({"admin", "analyst"})
FREE_FAILURES = 2
MAX_LOCK_SECONDS = 900

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


@dataclass(frozen=True)
class LoginResult:
    account: Account | None
    retry_after: float = 0.0  # seconds the account stays locked (0 when not locked)


def _account(user: User) -> Account:
    return Account(username=user.username, role=user.role, created_at=user.created_at)


def _find(session: Session, username: str) -> User | None:
    return session.scalars(select(User).where(User.username == username)).one_or_none()


def add_user(session: Session, username: str, password: str, role: str) -> Account:
    username = username.strip()
    if role not in ROLES:
        raise AccountError(f"role must be one of {', '.join(ROLES)}, got {role!r}")
    if not username or len(username) > 100 or not username.isprintable():
        raise AccountError("a username must have 1 to 100 printable characters")
    if not password:
        raise AccountError("the password must not be empty")
    if _find(session, username) is not None:
        raise AccountError(f"user {username!r} already exists")
    user = User(
        username=username,
        password_hash=_hasher.hash(password),
        role=role,
        created_at=datetime.now(UTC),
        failed_logins=0,
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
    if session.execute(delete(User).where(User.username == username)).rowcount == 0:
        raise AccountError(f"no user named {username!r}")


def verify_login(
    session: Session, username: str, password: str, now: datetime | None = None
) -> LoginResult:
    """Check a password; a locked account is refused without looking at the password."""
    now = now or datetime.now(UTC)
    user = _find(session, username)
    if user is None:
        _matches(_DUMMY_HASH, password)
        return LoginResult(None)
    if user.locked_until and user.locked_until > now:
        return LoginResult(None, (user.locked_until - now).total_seconds())
    if _matches(user.password_hash, password):
        user.failed_logins = 0
        user.locked_until = None
        if _hasher.check_needs_rehash(user.password_hash):
            user.password_hash = _hasher.hash(password)
        return LoginResult(_account(user))
    user.failed_logins += 1
    beyond = user.failed_logins - FREE_FAILURES
    if beyond > 0:
        seconds = min(2 ** (beyond - 1), MAX_LOCK_SECONDS)
        user.locked_until = now + timedelta(seconds=seconds)
        return LoginResult(None, float(seconds))
    return LoginResult(None)


def _matches(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False
