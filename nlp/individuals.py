"""Named individuals: watchlist names, trained-NER persons or the heuristic name finder's
(nlp.name_finder), and the names that extend them within a post.

Watchlist people are found by their listed spellings (the phrase matcher, case and accents
folded), by a distinctive part of their name or a misspelling (nlp.watchlist_names); a listed
name inside a hashtag is the whole hashtag. Then names coordinated with a found one ("A, B, C y
D son los cuatro detenidos"; nlp.name_lists) and later mentions of a found name's words ("...
Quintero said" after "José Quintero"; "Rafael" after "Rafael Tudares") are added, labelled
like the name they extend. Nothing that overlaps an actor, a public figure, or an official's or
a source's name (nlp.source_names) is an individual, unless a detention is said of that name
("el diputado X fue detenido"); nor is a name that continues an actor's or public figure's
("Tarek William Zaab").
"""

from __future__ import annotations

from typing import Protocol

from spacy.tokens import Doc, Span

from nlp.doc_state import doc_state
from nlp.held_relatives import held_past_apposition
from nlp.held_subjects import held_after
from nlp.intervals import Intervals, non_overlapping
from nlp.lexicon import Lexicon
from nlp.matching import ACTOR, OFFICIAL_CUE, PERSON_CUE, WATCHLIST, WATCHLIST_PART
from nlp.name_finder import KIN_OF, NameFinder
from nlp.name_lists import listed_beside
from nlp.prisoner_lists import listed_prisoners
from nlp.source_names import source_names
from nlp.text_shapes import FUNCTION_WORDS, SENTENCE_ENDS
from nlp.token_hashes import lower_hashes
from nlp.watchlist_names import WatchlistNames

NER, HEURISTIC = "ner", "heuristic"

_TAG_MARKS = ("#", "@")
# Actors whose staff are quoted as sources: a name given with one of them is not at risk.
_SOURCE_ORGANISATIONS = frozenset({"human_rights_ngos", "un_human_rights", "iachr"})


class CueTables(Protocol):
    """What the finders read of the cue component: its lexicon and name finders."""

    lexicon: Lexicon
    names: NameFinder
    watchlist_names: WatchlistNames


def individual_spans(doc: Doc, ner: list[Span] | None, cues: CueTables) -> list[Span]:
    """Named people, never an actor or a public figure: watchlist names (kb_id_ = the listed
    name), then a trained NER's persons where the doc's language has a NER (`ner` is not
    None), else the heuristic finder's; then the names listed beside any of them, then later
    mentions of their words, each labelled like the name it extends."""
    state = doc_state(doc)
    lexicon, names = cues.lexicon, cues.names
    spans = []
    for kind, m in state.named:
        if kind == WATCHLIST and not _inside_another_name(doc, m.start, m.end):
            person = lexicon.watchlist[int(m.value)]
            spans.append(Span(doc, m.start, m.end, label=WATCHLIST, kb_id=person.name))
    parts = [
        m
        for m in state.cues.get(WATCHLIST_PART, ())
        if not _inside_another_name(doc, m.start, m.end)
    ]
    named = Intervals(_longest_first([(m.start, m.end) for k, m in state.named if k != WATCHLIST]))
    if ner is not None:
        candidates, source = ner, NER
    else:
        # With no watchlist name, whatever overlaps `named` is never chosen (`taken` holds all
        # of it): such candidates are not read.
        unread = None if spans or parts else named
        candidates, source = names.candidates(doc, state.cues, unread), HEURISTIC
    prisoners = listed_prisoners(doc, state.text, names, state.cues, state.named)
    unblocked = [c for c in candidates if not named.overlaps(c.start, c.end)]
    if not (spans or parts or prisoners or unblocked):
        # Most posts name nobody but actors and public figures, whose names block every
        # candidate they overlap: their officials' and sources' names go unread.
        return []
    organisations = [m for k, m in state.named if k == ACTOR and m.value in _SOURCE_ORGANISATIONS]
    sources = source_names(doc, names, state.cues.get(OFFICIAL_CUE, ()), organisations, named)
    if sources:  # "la libertad de X, abogado de la ONG": a jailed lawyer is at risk
        introduced = {
            m.end for m in state.cues.get(PERSON_CUE, ()) if doc[m.end - 1].lower_ in KIN_OF
        }
        sources = [
            source
            for source in sources
            if source[0] not in introduced and not _held(doc, names, source[1])
        ]
    # An actor's or public figure's name blocks whatever overlaps it, even beside a longer
    # source's name: a source only blocks where no such name is.
    blocked = Intervals(
        [*named.spans, *(s for s in _longest_first(sources) if not named.overlaps(*s))]
    )
    listed = cues.watchlist_names
    if parts:
        spans += listed.parts(doc, parts, _taken(blocked, spans))
    spans = [_whole_tag(span) for span in spans]
    taken = _taken(blocked, spans)
    if ner is not None:
        found_people = [s for s in ner if not taken.overlaps(s.start, s.end)]
    else:
        found_people = names.chosen(doc, candidates, taken)
    lowers = lower_hashes(doc)  # the doc's shared hashes: no Token built per source word
    source_words = {lower for start, end in sources for lower in lowers[start:end]}
    for found in found_people:
        if not _continues_a_name(doc, found, named) and not _names_a_source(found, source_words):
            spans.append(listed.misspelt(found) or Span(doc, found.start, found.end, label=source))
    for held in prisoners:
        if not any(s.start < held.end and held.start < s.end for s in spans):
            spans.append(Span(doc, held.start, held.end, label=source))
    if not spans:
        return []
    spans += [
        Span(doc, s.start, s.end, label=source) for s in listed_beside(doc, names, spans, blocked)
    ]
    spans += _mentioned_again(doc, names, spans, blocked)
    spans.sort(key=lambda span: span.start)
    return spans


def _held(doc: Doc, names: NameFinder, end: int) -> bool:
    """Whether a detention is said of the name ending at `end`, right after it or past the
    role set after it ("X, director de la ONG, quien fue detenido")."""
    return held_after(doc, names, end) or held_past_apposition(doc, names, end)


def _inside_another_name(doc: Doc, start: int, end: int) -> bool:
    """Whether a one-word listed name follows a capitalised word and a space inside its
    sentence, so is part of another name: "Hospital Pérez Carreño" names a hospital, not Roland
    Carreño (a hashtag's run-together words are not, nor a capitalised function word: "A
    Kilmar")."""
    before = doc[start - 1] if start >= 2 else None
    return (
        end - start == 1
        and before is not None
        and before.is_title
        and before.lower_ not in FUNCTION_WORDS  # "«A Kilmar lo están usando»"
        and bool(before.whitespace_)
        and doc[start - 2].text not in SENTENCE_ENDS
    )


def _taken(blocked: Intervals, spans: list[Span]) -> Intervals:
    if not spans:
        return blocked
    return Intervals(_longest_first([*blocked.spans, *((s.start, s.end) for s in spans)]))


def _whole_tag(span: Span) -> Span:
    """A name inside a hashtag or handle widened to all of it ("#LiberenASuperlano"): the
    longest span that names the person, and what a viewer must not see."""
    doc = span.doc
    start = span.start
    while start > 0 and not doc[start - 1].whitespace_ and doc[start - 1].text not in ",.;:!?":
        start -= 1
    if not doc[start].text.startswith(_TAG_MARKS) or start == span.start:
        return span
    end = span.end
    while end < len(doc) and not doc[end - 1].whitespace_ and doc[end].text.isalnum():
        end += 1
    return Span(doc, start, end, label=span.label_, kb_id=span.kb_id_)


def _continues_a_name(doc: Doc, span: Span, named: Intervals) -> bool:
    """Whether the span runs on, with no punctuation between, from or into an actor's or a
    public figure's name: "Tarek William Zaab" is the attorney general misspelt."""
    before, after = span.start - 1, span.end
    return (before >= 0 and doc[before].is_title and named.overlaps(before, before + 1)) or (
        after < len(doc) and doc[after].is_title and named.overlaps(after, after + 1)
    )


def _mentioned_again(
    doc: Doc, names: NameFinder, spans: list[Span], blocked: Intervals
) -> list[Span]:
    """Later single-word mentions of a found name's words, labelled like that name; in lower
    case too when the name was written in lower case ("rafael tudares ... tudares")."""
    words: dict[int, tuple[Span, bool]] = {}  # by the hash of the lower-case word
    for span in spans:
        lower_case = span.text.islower()
        for token in span:
            if len(token) > 2 and (
                names.is_name_word(token, capitals=True)
                or (lower_case and names.is_plain_name_word(token))
            ):
                words[token.lower] = (span, lower_case)
    taken = _taken(blocked, spans)
    out = []
    # One C pass gives every word's lower-case hash; Python visits only the repeated words.
    for i, lower in enumerate(lower_hashes(doc)):
        found = words.get(lower)
        if found is None or taken.overlaps(i, i + 1):
            continue
        span, lower_case = found
        token = doc[i]
        if token.is_title or token.text.isupper() or (lower_case and token.text.islower()):
            out.append(Span(doc, i, i + 1, label=span.label_, kb_id=span.kb_id_))
    return out


def _names_a_source(span: Span, source_words: set[int]) -> bool:
    """Whether every word of a found name is a word of an official's or a source's name given
    with their title in the post: "Ms. Taraciuk" after "Tamara Taraciuk, of Human Rights
    Watch" is the same source."""
    words = [token.lower for token in span if token.is_alpha and len(token) > 1]
    return bool(words) and all(word in source_words for word in words)


def _longest_first(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Non-overlapping (start, end) pairs in text order, longer ones winning."""
    if len(spans) < 2 or _apart(spans):
        return spans
    return sorted(non_overlapping(spans, lambda span: span))


def _apart(spans: list[tuple[int, int]]) -> bool:
    """Whether the spans are in text order and none overlaps the next: then they are their own
    choice (most posts' names), with no ranking made."""
    end = spans[0][0]
    for start, stop in spans:
        if start < end:
            return False
        end = stop
    return True
