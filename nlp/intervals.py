"""Sorted, non-overlapping spans with logarithmic look-ups, so hostile posts stay linear.

A 1 MB post can hold a hundred thousand cues; checking each against each would never end.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable
from typing import TypeVar

T = TypeVar("T")

# Up to this many items, `non_overlapping` compares spans pairwise (quadratic, but with no
# set to fill); past it, it marks positions in a set (linear in the positions covered).
_FEW = 16


class Intervals:
    """Non-overlapping [start, end) spans (e.g. the winners of a longest-first selection)."""

    __slots__ = ("_spans", "_starts", "_ends")

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        self._spans = ordered = sorted(spans)
        # Split in one C call (a post makes several of these, mostly of 0-3 spans).
        self._starts: tuple[int, ...]
        self._ends: tuple[int, ...]
        self._starts, self._ends = zip(*ordered, strict=True) if ordered else ((), ())

    @property
    def spans(self) -> list[tuple[int, int]]:
        return list(self._spans)

    def contains(self, start: int, end: int) -> bool:
        """Whether one span covers all of [start, end)."""
        i = bisect_right(self._starts, start) - 1
        return i >= 0 and self._ends[i] >= end

    def overlaps(self, start: int, end: int) -> bool:
        """Whether any span shares a position with [start, end)."""
        i = bisect_right(self._ends, start)
        return i < len(self._spans) and self._starts[i] < end


def any_between(sorted_values: list[int], low: int, high: int) -> list[int]:
    """The values v with low <= v <= high."""
    return sorted_values[bisect_left(sorted_values, low) : bisect_right(sorted_values, high)]


def non_overlapping(items: Iterable[T], bounds: Callable[[T], tuple[int, int]]) -> list[T]:
    """The items whose [start, end) overlaps no kept one, longer ones winning, then earlier
    ones (in that order of choosing). Linear in the positions covered, whatever the count."""
    # Longest first, then earliest, then in the given order (each item's place breaks ties, so
    # the items themselves are never compared).
    ranked = []
    for place, item in enumerate(items):
        start, end = bounds(item)
        ranked.append((start - end, start, place, end, item))
    if len(ranked) < 2:
        return [item for *_, item in ranked]
    ranked.sort()
    if len(ranked) > _FEW:
        return _kept_by_positions(ranked)
    # A few items (2-6 in most calls): each checked against the kept spans themselves,
    # cheaper than filling a set of positions.
    taken: list[tuple[int, int]] = []
    kept = []
    for _, start, _, end, item in ranked:
        if start < end:
            for taken_start, taken_end in taken:
                if start < taken_end and taken_start < end:
                    break
            else:
                taken.append((start, end))
                kept.append(item)
        else:  # an empty span covers no position, and overlaps nothing
            kept.append(item)
    return kept


def _kept_by_positions(ranked: list[tuple[int, int, int, int, T]]) -> list[T]:
    """`non_overlapping`'s choice among many ranked items, marking the positions taken: linear
    in the positions covered, whatever the count."""
    taken: set[int] = set()
    kept = []
    for _, start, _, end, item in ranked:
        covered = range(start, end)
        if taken.isdisjoint(covered):
            taken.update(covered)
            kept.append(item)
    return kept
