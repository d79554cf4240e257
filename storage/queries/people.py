"""Individuals as queries show them: labelled by the privacy policy, rejected ones left out."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.models import Individual
from storage.privacy import Names, pseudonym
from storage.writes import name_key


@dataclass(frozen=True)
class Person:
    id: int
    label: str
    kind: str | None
    status: str


def people(session: Session, ids: Iterable[int], names: Names) -> dict[int, Person]:
    """Labels for the given ids, without rejected individuals (not people, or not at risk)."""
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    rows = session.execute(
        select(Individual).where(Individual.id.in_(wanted), Individual.status != "rejected")
    ).scalars()
    return {
        row.id: Person(row.id, names.label(row.name, row.name_key), row.kind, row.status)
        for row in rows
    }


def find_individual(session: Session, name: str, key: bytes) -> Individual:
    """An individual by real name (any spelling) or by pseudonym; LookupError if none."""
    found = session.scalars(select(Individual).where(Individual.name_key == name_key(name))).first()
    if found is None and name.startswith("person-"):
        candidates = session.scalars(select(Individual)).all()
        found = next((i for i in candidates if pseudonym(i.name_key, key) == name), None)
    if found is None:
        raise LookupError(f"no individual named {name!r} (a name or a person-… pseudonym)")
    return found
