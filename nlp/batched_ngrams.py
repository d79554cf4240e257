"""The bag-of-n-grams features of a batch of docs, computed in one pass over all their tokens.

spaCy's `extract_ngrams` counts each doc's n-grams with its own `numpy.unique`: a few array
calls per doc, which cost more than the classifier's arithmetic on paragraph-length posts.
Here the batch's token attributes are joined into one array and every (doc, n-gram) pair is
counted with one sort. The result is the same arrays, in the same order: per doc, its distinct
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


def batched_ngrams(ngram_size: int, attr: int) -> Model[list[Doc], Features]:
    """A drop-in for spaCy's `extract_ngrams` layer (same name and attributes, so saved
    weights load into a model that has it)."""
    return Model(NGRAMS, _forward, attrs={"ngram_size": ngram_size, "attr": attr})


def _forward(
    model: Model[list[Doc], Features], docs: list[Doc], is_train: bool
) -> tuple[Features, object]:
    keys, owners = _keys(model, docs)
    # Keys in order, then docs in order keeping the keys' order within each doc. Equal keys
    # are equal values, so the first sort need not be stable.
    order = numpy.argsort(keys)
    order = order[numpy.argsort(owners[order], kind="stable")]
    keys, owners = keys[order], owners[order]
    first = numpy.ones(len(keys), dtype=bool)
    first[1:] = (keys[1:] != keys[:-1]) | (owners[1:] != owners[:-1])
    starts = numpy.flatnonzero(first)
    counts = numpy.diff(numpy.append(starts, len(keys)))
    lengths = numpy.bincount(owners[starts], minlength=len(docs))
    # The layer runs on the CPU (spaCy wraps it in `with_cpu`): numpy arrays, as spaCy's gives.
    features = (keys[starts], counts.astype("float32"), lengths.astype("int32"))
    return features, _no_gradient


def _keys(
    model: Model[list[Doc], Features], docs: list[Doc]
) -> tuple[numpy.ndarray, numpy.ndarray]:
    """Every n-gram key of the batch, and the index of the doc it is in."""
    unigrams = [doc.to_array(model.attrs["attr"]) for doc in docs]
    tokens = numpy.concatenate(unigrams) if unigrams else numpy.zeros(0, dtype="uint64")
    # The smallest integer type that numbers the docs: numpy sorts 8- and 16-bit integers
    # stably with a radix sort, several times faster than a merge sort.
    owner_type = numpy.min_scalar_type(len(docs))
    owners = numpy.repeat(numpy.arange(len(docs), dtype=owner_type), [len(u) for u in unigrams])
    keys, owners_of_keys = [tokens], [owners]
    for n in range(2, min(model.attrs["ngram_size"], len(tokens)) + 1):
        # thinc types the keys as signed; it hashes them as uint64, which they are.
        grams = model.ops.ngrams(n, cast(Ints1d, numpy.ascontiguousarray(tokens)))
        # An n-gram counts only inside one doc: its first and last tokens' docs are the same.
        inside = owners[: len(grams)] == owners[n - 1 :]
        keys.append(grams[inside])
        owners_of_keys.append(owners[: len(grams)][inside])
    return numpy.concatenate(keys), numpy.concatenate(owners_of_keys)


def _no_gradient(d_features: object) -> list[Doc]:
    """The features are not learnt: nothing flows back to the docs."""
    return []
