"""What the stages share about one doc, kept in its user data: the text it was made from, the
cues found in it, the spans each stage wrote. spaCy's ``doc._`` extensions make an object on
every access, and the stages read these for every post."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Span, SpanGroup

if TYPE_CHECKING:  # nlp.matching reads the state too
    from nlp.matching import Match

_STATE_KEY = "testigo.state"


@dataclass(slots=True)
class DocState:
    """One doc's state, in one object (see the module)."""

    text: str
    lang_hint: str | None = None
    lang: str | None = None
    cues: dict[str, list[Match]] = field(default_factory=dict)
    named: list[tuple[str, Match]] = field(default_factory=list)
    # The spans the stages wrote to doc.spans (`write_spans`), as made: a SpanGroup makes
    # each Span anew (~1 us) whenever it is read.
    spans: dict[str, list[Span]] = field(default_factory=dict)
    # The text in lower case, made the first time a stage asks (`lowered_text`).
    lowered: str | None = None


def start_state(doc: Doc, text: str, lang_hint: str | None) -> None:
    """Record the text a doc was made from (so it is never rebuilt from the tokens) and the
    language the caller gave."""
    doc.user_data[_STATE_KEY] = DocState(text, lang_hint)


def doc_state(doc: Doc) -> DocState:
    state = doc.user_data.get(_STATE_KEY)
    if state is None:
        state = doc.user_data[_STATE_KEY] = DocState(doc.text)
    return state


def lowered_text(doc: Doc) -> str:
    """The doc's text in lower case, made once for the stages that look for words in it."""
    state = doc_state(doc)
    if state.lowered is None:
        state.lowered = state.text.lower()
    return state.lowered


def write_spans(doc: Doc, name: str, spans: list[Span]) -> None:
    """Set ``doc.spans[name]``, and keep the same spans in the doc's state for the reader of
    them all (Pipeline.annotation)."""
    # Into the SpanGroups' dict itself: its __setitem__ (Python) only checks that a group of
    # spans is made for this doc, which it is here.
    doc.spans.data[name] = SpanGroup(doc, name=name, spans=spans)
    doc_state(doc).spans[name] = spans


def written_spans(doc: Doc, name: str) -> Sequence[Span]:
    """The spans of ``doc.spans[name]``: as the stage made them where it kept them
    (`write_spans`), which spares making each Span again from the SpanGroup."""
    kept = doc_state(doc).spans.get(name)
    return kept if kept is not None else doc.spans.get(name, ())
