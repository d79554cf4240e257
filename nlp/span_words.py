"""What several actor filters read of the same spans, read once: labels as the string hashes
spans carry, and each span's words lower-cased and without accents (nlp.text.fold)."""

from __future__ import annotations

from functools import cache

from spacy.strings import get_string_id
from spacy.tokens import Span

from nlp.text import fold

_KEY = "testigo_span_words"


def label_id(name: str) -> int:
    """The hash `Span.label` holds for a label: comparing it skips the string-store lookup
    that every `span.label_` read makes."""
    return get_string_id(name)


@cache  # filters given a set of labels per post hash it once
def label_ids(names: frozenset[str]) -> frozenset[int]:
    """The hashes of these labels (see label_id)."""
    return frozenset(get_string_id(name) for name in names)


def folded_words(span: Span) -> tuple[str, ...]:
    """The span's words folded, kept with its doc by bounds: the title filters of actors each
    read the same person spans' words."""
    cache: dict[tuple[int, int], tuple[str, ...]] | None = span.doc.user_data.get(_KEY)
    if cache is None:
        cache = span.doc.user_data[_KEY] = {}
    bounds = (span.start, span.end)
    words = cache.get(bounds)
    if words is None:
        words = cache[bounds] = tuple([fold(t.text) for t in span])
    return words
