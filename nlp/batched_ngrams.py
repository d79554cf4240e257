"""The bag-of-n-grams features of a batch of docs, computed in one pass over all their tokens.

spaCy's `extract_ngrams` counts each doc's n-grams with its own `numpy.unique`: a few array
calls per doc, which cost more than the classifier's arithmetic on paragraph-length posts.
Here the batch's token attributes are read into one table, a row per doc, and every row is
sorted in one call. The result is the same arrays, in the same order: per doc, its distinct
n-gram keys in ascending order with their counts, then the number of keys of each doc.
"""

from __future__ import annotations

from typing import cast

import numpy
from spacy.tokens import Doc
from thinc.api import Model
from thinc.types import Ints1d

NGRAMS = "extract_ngrams"

# Per doc, its distinct keys (uint64) and their counts (float32); then each doc's number of keys.
Features = tuple[numpy.ndarray, numpy.ndarray, numpy.ndarray]
# Fills the rows of shorter docs; sorted last, whatever keys equal it.
_PADDING = numpy.iinfo(numpy.uint64).max


def batched_ngrams(ngram_size: int, attr: int) -> Model[list[Doc], Features]:
    """A drop-in for spaCy's `extract_ngrams` layer (same name and attributes, so saved
    weights load into a model that has it)."""
    return Model(NGRAMS, _forward, attrs={"ngram_size": ngram_size, "attr": attr})


def _forward(
    model: Model[list[Doc], Features], docs: list[Doc], is_train: bool
) -> tuple[Features, object]:
    keys, lengths = _keys(model, docs)
    # One row per doc, padded with the largest key, each row sorted in one call: sorting the
    # values row by row is several times faster than arg-sorting the whole batch, and the
    # first `length` values of a sorted row are its doc's keys whatever the padding equals.
    width = int(lengths.max()) if len(lengths) else 0
    rows = numpy.full((len(docs), width), _PADDING, dtype=numpy.uint64)
    real = numpy.arange(width) < lengths[:, None]
    rows[real] = keys
    rows.sort(axis=1)
    first = real.copy()
    first[:, 1:] &= rows[:, 1:] != rows[:, :-1]
    # A key's run ends at the next distinct key or at its row's padding.
    bounds = numpy.flatnonzero(first | ~real)
    counts = numpy.diff(numpy.append(bounds, rows.size))[first.ravel()[bounds]]
    # The layer runs on the CPU (spaCy wraps it in `with_cpu`): numpy arrays, as spaCy's gives.
    features = (rows[first], counts.astype("float32"), first.sum(axis=1, dtype="int32"))
    return features, _no_gradient


def _keys(
    model: Model[list[Doc], Features], docs: list[Doc]
) -> tuple[numpy.ndarray, numpy.ndarray]:
    """Every n-gram key of the batch, doc after doc, and each doc's number of keys."""
    unigrams = [doc.to_array(model.attrs["attr"]) for doc in docs]
    tokens = numpy.concatenate(unigrams) if unigrams else numpy.zeros(0, dtype="uint64")
    lengths = numpy.array([len(u) for u in unigrams], dtype="int64")
    if model.attrs["ngram_size"] < 2:  # unigrams only: already doc after doc
        return tokens, lengths
    # The smallest integer type that numbers the docs: numpy sorts 8- and 16-bit integers
    # stably with a radix sort, several times faster than a merge sort.
    owner_type = numpy.min_scalar_type(len(docs))
    owners = numpy.repeat(numpy.arange(len(docs), dtype=owner_type), lengths)
    keys, owners_of_keys = [tokens], [owners]
    for n in range(2, min(model.attrs["ngram_size"], len(tokens)) + 1):
        # thinc types the keys as signed; it hashes them as uint64, which they are.
        grams = model.ops.ngrams(n, cast(Ints1d, numpy.ascontiguousarray(tokens)))
        # An n-gram counts only inside one doc: its first and last tokens' docs are the same.
        inside = owners[: len(grams)] == owners[n - 1 :]
        keys.append(grams[inside])
        owners_of_keys.append(owners[: len(grams)][inside])
    all_owners = numpy.concatenate(owners_of_keys)
    order = numpy.argsort(all_owners, kind="stable")
    return numpy.concatenate(keys)[order], numpy.bincount(all_owners, minlength=len(docs))


def _no_gradient(d_features: object) -> list[Doc]:
    """The features are not learnt: nothing flows back to the docs."""
    return []
