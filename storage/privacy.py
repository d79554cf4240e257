"""Pseudonyms for at-risk people, redaction of their names in text, and the audit log.

A pseudonym is a keyed hash of the person's name key, so it is stable across
runs and machines sharing the key, and cannot be reversed without the key.
The key never lives in the database.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from storage.models import AuditEntry
from storage.writes import utcnow

PSEUDONYM_PREFIX = "person-"


def pseudonym(name_key: str, key: bytes) -> str:
    """ "person-" and the first 8 hex digits of HMAC-SHA256(key, name_key)."""
    digest = hmac.new(key, name_key.encode("utf-8"), hashlib.sha256).hexdigest()
    return PSEUDONYM_PREFIX + digest[:8]


@dataclass(frozen=True)
class Names:
    """How query results show individuals: pseudonyms unless `reveal` is set."""

    key: bytes
    reveal: bool = False

    def label(self, name: str, name_key: str) -> str:
        return name if self.reveal else pseudonym(name_key, self.key)


@dataclass(frozen=True)
class Span:
    """Where a person is named in a text, and how they are known."""

    start: int
    end: int
    name: str
    name_key: str


def redact(text: str, spans: Iterable[Span], names: Names) -> str:
    """The text with each named person replaced by their label (unchanged when revealing)."""
    if names.reveal:
        return text
    pieces, position = [], 0
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        if span.start < position or span.end > len(text):
            continue
        pieces += [text[position : span.start], f"[{names.label(span.name, span.name_key)}]"]
        position = span.end
    pieces.append(text[position:])
    return "".join(pieces)


def record_audit(session: Session, actor: str, action: str, detail: dict[str, Any]) -> None:
    """Note who saw or changed what; the caller commits with the work it describes."""
    session.add(AuditEntry(at=utcnow(), actor=actor, action=action, detail=detail))
