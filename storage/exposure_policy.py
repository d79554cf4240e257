"""What counts toward a person's risk exposure: one object, built once from the config.

The queries, the dashboard, the digest, the alerts and the CLI all take an
`ExposurePolicy`, so a changed weight or threshold reaches every one of them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

# Stigmatising frames and their weights: casting people as criminals or terrorists
# is the strongest; casting them as bargaining chips makes a named person leverage.
DEFAULT_STIGMATISING: Mapping[str, float] = MappingProxyType(
    {"criminality_terrorism": 1.0, "exchange_bargaining": 0.5}
)
# Actors who have publicly stigmatised the deported men or the political prisoners.
DEFAULT_HOSTILE: tuple[str, ...] = (
    "bukele",
    "salvadoran_government",
    "trump",
    "rubio",
    "noem",
    "us_government",
    "ice_dhs",
    "maduro",
    "cabello",
    "saab",
    "venezuelan_government",
)
# A person named in fewer posts than this is never shown: one or two posts naming
# someone are too little to call exposure, and listing them would itself expose them.
DEFAULT_MIN_MENTIONS = 3
# The coordinated part's weight (share of a person's posts in coordinated clusters); the
# other parts' weights are fixed (storage.queries.exposure.DEFAULT_WEIGHTS).
DEFAULT_COORDINATED_WEIGHT = 0.1


@dataclass(frozen=True)
class ExposurePolicy:
    """Who is shown (`min_mentions`) and what raises a score (frames, actors, coordination)."""

    min_mentions: int = DEFAULT_MIN_MENTIONS
    # frame id -> weight 0..1; a post counts with its strongest affirmed stigmatising frame
    stigmatising: Mapping[str, float] = field(default_factory=lambda: DEFAULT_STIGMATISING)
    hostile: frozenset[str] = frozenset(DEFAULT_HOSTILE)
    coordinated_weight: float = DEFAULT_COORDINATED_WEIGHT

    @classmethod
    def of(
        cls,
        min_mentions: int,
        stigmatising: Mapping[str, float],
        hostile: Iterable[str],
        coordinated_weight: float = DEFAULT_COORDINATED_WEIGHT,
    ) -> ExposurePolicy:
        """A policy from plain config values, frozen so no caller can change it for another."""
        return cls(
            min_mentions,
            MappingProxyType(dict(stigmatising)),
            frozenset(hostile),
            coordinated_weight,
        )


DEFAULT_POLICY = ExposurePolicy()
