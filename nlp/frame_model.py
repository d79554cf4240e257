"""The frame classifier's architecture: spaCy's bag-of-n-grams text classifier over token norms.

spaCy's TextCatBOW reads ORTH n-grams, so "Terroristas", "terroristas" and "terrorists" are
three unrelated features. Over NORM (nlp.text.norm: folded, lower-cased, plural and gender
endings stripped, the key every lexicon cue is matched on) they are one, which a classifier
trained on a few hundred passages needs to carry what it learnt to words spelt otherwise.
Its n-grams are counted for a whole batch of docs at once (nlp.batched_ngrams).
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.attrs import NORM
from spacy.ml.models.textcat import build_bow_text_classifier_v3
from spacy.pipeline import TextCategorizer
from spacy.tokens import Doc
from spacy.util import registry
from thinc.api import Model
from thinc.types import Floats2d

from nlp.batched_ngrams import NGRAMS, batched_ngrams


@registry.architectures("testigo.TextCatBOWNorm.v1")  # type: ignore[untyped-decorator]  # catalogue has no type hints
def bow_on_norms(
    exclusive_classes: bool,
    ngram_size: int,
    no_output_layer: bool,
    length: int = 65536,
    nO: int | None = None,
) -> Model[list[Doc], Floats2d]:
    """TextCatBOW.v3 whose n-grams are of token norms instead of token texts."""
    model = build_bow_text_classifier_v3(exclusive_classes, ngram_size, no_output_layer, length, nO)
    for node in list(model.walk()):
        if node.name == NGRAMS:
            model.replace_node(node, batched_ngrams(ngram_size, NORM))
    return model


def write_scores(pipe: TextCategorizer) -> None:
    """Give a trained text classifier a faster writer of its scores into ``doc.cats``.

    spaCy's `set_annotations` rebuilds the label tuple and reads a numpy scalar for every
    (doc, label): some 3 us a post. Here a batch's scores become Python floats in one call,
    the same values (float32 widened to float) set in the same order.
    """

    def set_annotations(docs: Iterable[Doc], scores: Floats2d) -> None:
        labels = pipe.labels
        for doc, row in zip(docs, scores.tolist(), strict=True):
            doc.cats.update(zip(labels, row, strict=True))

    # An instance attribute: `pipe` (the component's batch loop) looks it up on the instance.
    pipe.set_annotations = set_annotations  # type: ignore[method-assign]
