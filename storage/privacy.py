"""Pseudonyms for at-risk people, redaction of their names in text, and the audit log.

A pseudonym is a keyed hash of the person's name key, so it is stable across
runs and machines sharing the key, and cannot be reversed without the key.
The key never lives in the database.
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy.orm import Session

from storage.models import AuditEntry
from storage.writes import utcnow

PSEUDONYM_PREFIX = "person-"


def pseudonym(name_key: str, key: bytes) -> str:
    """ "person-" and the first 8 hex digits of HMAC-SHA256(key, name_key)."""
    digest = hmac.new(key, name_key.encode("utf-8"), hashlib.sha256).hexdigest()
    return PSEUDONYM_PREFIX + digest[:8]


# What a viewer sees instead of a span the name masker flagged (a person the pipeline did
# not recognise, or a word that looks like one): fixed, so it says nothing about the name.
MASKED = "[hidden name]"
ACCOUNT_PREFIX = "account-"

# The spans (start, end) of a text that may name a person. Storage does not know how names
# look; the caller injects this (testigo wires nlp.name_masks).
Masker = Callable[[str], Sequence[tuple[int, int]]]


@dataclass(frozen=True)
class Names:
    """How query results show people: real names when `reveal` is set; otherwise known
    individuals as pseudonyms and everything `masker` flags as a fixed placeholder.

    Fails closed: a policy that hides names cannot be built without a masker.
    """

    key: bytes
    reveal: bool = False
    masker: Masker | None = field(default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        if not self.reveal and self.masker is None:
            raise ValueError("a Names policy that hides names needs a name masker")

    def label(self, name: str, name_key: str) -> str:
        return name if self.reveal else pseudonym(name_key, self.key)

    def text(self, text: str) -> str:
        """Free text (no known individuals in it) as this reader may see it."""
        return redact(text, (), self)

    def handle(self, handle: str) -> str:
        """An author's handle, or a stable account pseudonym if it may name a person."""
        if self.reveal or not handle:
            return handle
        shown = handle if handle.startswith("@") else "@" + handle
        if self.mask_spans(shown):
            hashed = pseudonym("handle:" + handle.casefold().lstrip("@"), self.key)
            return ACCOUNT_PREFIX + hashed[len(PSEUDONYM_PREFIX) :]
        return handle

    def link(self, url: str) -> str:
        """A post's URL: whole when revealing, else its site only (paths carry names)."""
        if self.reveal or not url:
            return url
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            return ""
        host = parts.netloc.rpartition("@")[2]
        return "" if self.mask_spans(host) else f"{parts.scheme}://{parts.hostname}/"

    def mask_spans(self, text: str) -> Sequence[tuple[int, int]]:
        """The spans of `text` that may name someone (none when revealing)."""
        if self.reveal or self.masker is None:
            return ()
        return self.masker(text)


@dataclass(frozen=True)
class Span:
    """Where a person is named in a text, and how they are known."""

    start: int
    end: int
    name: str
    name_key: str


@dataclass(frozen=True)
class Replacement:
    """A stretch of text shown as `label`: a known person (`span` set) or a masked name."""

    start: int
    end: int
    label: str
    span: Span | None = None


def replacements(text: str, spans: Iterable[Span], names: Names) -> list[Replacement]:
    """What replaces what in `text` for this reader, in order, without overlaps.

    Known people (the earlier, longer span first) show as their label; when names are
    hidden, whatever else the masker flags shows as MASKED.
    """
    people: list[Replacement] = []
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        if 0 <= span.start < span.end <= len(text) and (not people or span.start >= people[-1].end):
            people.append(
                Replacement(span.start, span.end, names.label(span.name, span.name_key), span)
            )
    if names.reveal:
        return people
    masked: list[Replacement] = []
    ends = [person.end for person in people]
    for start, end in names.mask_spans(text):
        for piece_start, piece_end in _outside(start, end, people, ends):
            while piece_start < piece_end and text[piece_start].isspace():
                piece_start += 1
            while piece_end > piece_start and text[piece_end - 1].isspace():
                piece_end -= 1
            if piece_start < piece_end:
                masked.append(Replacement(piece_start, piece_end, MASKED))
    return sorted(people + masked, key=lambda r: r.start)


def _outside(
    start: int, end: int, people: list[Replacement], ends: list[int]
) -> Iterable[tuple[int, int]]:
    """The parts of [start, end) that no person's replacement covers. `people` are in order
    and apart (`ends` their ends), so the look starts at the first ending after `start`."""
    for person in itertools.islice(people, bisect_right(ends, start), None):
        if person.start >= end:
            break
        if person.start > start:
            yield start, person.start
        start = max(start, person.end)
    if start < end:
        yield start, end


def redact(text: str, spans: Iterable[Span], names: Names) -> str:
    """The text with each named person replaced by their label and, unless revealing,
    every other span that may name someone by MASKED (unchanged when revealing)."""
    if names.reveal:
        return text
    pieces, position = [], 0
    for found in replacements(text, spans, names):
        shown = found.label if found.span is None else f"[{found.label}]"
        pieces += [text[position : found.start], shown]
        position = found.end
    pieces.append(text[position:])
    return "".join(pieces)


def record_audit(session: Session, actor: str, action: str, detail: dict[str, Any]) -> None:
    """Note who saw or changed what; the caller commits with the work it describes."""
    session.add(AuditEntry(at=utcnow(), actor=actor, action=action, detail=detail))
