"""Named individuals: watchlist names, trained-NER persons, or the heuristic name finder.

The heuristic (used for a language with no trained NER pipeline configured) takes a run of two
to five capitalised words that starts with a given name from ``given_names.txt`` or follows a
person cue from ``names.yaml`` ("su hijo", "named"), may hold particles ("de la"), and may reach
back over one or two capitalised words before a given name mid-sentence ("Yorbis Andrés
Pérez"). It skips hashtags, headline-case posts, and anything that overlaps an actor, a public
figure or a watchlist name.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Protocol

from spacy.lang.en.stop_words import STOP_WORDS as EN_STOP_WORDS
from spacy.lang.es.stop_words import STOP_WORDS as ES_STOP_WORDS
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from nlp.intervals import Intervals, non_overlapping
from nlp.lexicon import Lexicon
from nlp.matching import GIVEN_NAME, OFFICIAL_CUE, PERSON_CUE, WATCHLIST, Match, doc_state

NER, HEURISTIC = "ner", "heuristic"


class CueTables(Protocol):
    """What the finders read of the cue component: its lexicon and name finder."""

    lexicon: Lexicon
    names: NameFinder


_MAX_NAME_WORDS = 5
_MAX_REACH_BACK = 2
_HEADLINE_SHARE = 0.6
_HEADLINE_MIN_WORDS = 3
_FUNCTION_WORDS = frozenset(EN_STOP_WORDS | ES_STOP_WORDS)
_SENTENCE_ENDS = frozenset({".", "!", "?", ":", ";", "\n", '"', "“", "”", "|", "-", "—"})
_INITIAL = re.compile(r"^[A-ZÁÉÍÓÚÑ]\.$")
_INITIAL_DOT = frozenset({"."})
_INITIALS = re.compile(r"^(?:[A-ZÁÉÍÓÚÑ]\.){3,}$")  # "J.A.M.R."; "U.S." has two
_AGE = re.compile(r"^\d{1,2}$")
_AGE_IN_TEXT = re.compile(r",\s*(?:de\s+)?\d{1,2}\b")
_INITIALS_IN_TEXT = re.compile(r"(?:[A-ZÁÉÍÓÚÑ]\.){3}")
_LIST_JOINERS = frozenset({",", "y", "e", "and", "&", "o", "or", "ni"})
_LIST_OPENERS = frozenset({",", "for", "para", "a", "to", "de", "y", "and"})
_MAX_LIST_FILLERS = 2
_OFFICIAL_REACH = 5
_KIN_OF = frozenset({"de", "of"})  # person cues that end so name a relation: "madre de"
_APPOSITION_ARTICLES = frozenset({"la", "el", "the", "his", "her", "su"})


class NameFinder:
    """The heuristic person-name finder over a tokenized doc."""

    def __init__(self, lexicon: Lexicon) -> None:
        self._not_name = lexicon.not_name_words
        self._particles = lexicon.name_particles

    def find(
        self, doc: Doc, given: Sequence[Match], cues: Sequence[Match], blocked: Intervals
    ) -> list[Span]:
        """Name-shaped spans: starting at a given name (two words or more, or one followed by
        an age: "Deivis, 23"), right after a person cue (one word is enough: "su primo Luis",
        in capitals too: "el ciudadano FRANCISCO ..."), a run of three or more initials
        ("J.A.M.R.")."""
        spans = []
        for m in given:
            span = self._name_at(doc, m.start, reach_back=True)
            if span is None and _age_follows(doc, m.end):
                span = doc[m.start : m.end]
            spans.append(span)
        for m in cues:
            # A name in capitals after a cue in lower case ("el ciudadano FRANCISCO"); after a
            # cue in capitals the post is shouting ("A LOS PRESOS COMO FICHAS").
            shouting = doc[m.start : m.end].text.isupper()
            spans.append(
                self._name_at(doc, m.end, reach_back=False, min_words=1, capitals=not shouting)
            )
            if doc[m.end - 1].lower_ in _KIN_OF:
                spans.append(self._apposed_to(doc, m.start))
        text = doc_state(doc).text
        if _AGE_IN_TEXT.search(text):
            spans += self._aged(doc)
        if _INITIALS_IN_TEXT.search(text):
            spans += [doc[i : i + 1] for i, t in enumerate(doc) if _INITIALS.match(t.text)]
        found = [s for s in spans if s is not None and not blocked.overlaps(s.start, s.end)]
        if not found:
            return []
        found = filter_spans(found)
        return [] if _is_headline(doc) else found

    def _aged(self, doc: Doc) -> list[Span]:
        """Capitalised words introduced with an age ("Deivis, 23", "Yeferson, de 24 años")."""
        out = []
        for i, token in enumerate(doc):
            if i >= 2 and token.text == "," and _age_follows(doc, i):
                span = self._name_before(doc, i)
                if span is not None:
                    out.append(span)
        return out

    def _apposed_to(self, doc: Doc, cue_start: int) -> Span | None:
        """The name a kinship apposition describes: "Yusmary Colmenárez, madre de Deiber",
        "Ana Pérez, the mother of ..." (relatives are individuals by the codebook)."""
        comma = cue_start - 1
        if comma > 0 and doc[comma].lower_ in _APPOSITION_ARTICLES:
            comma -= 1
        if comma < 1 or doc[comma].text != ",":
            return None
        return self._name_before(doc, comma)

    def _name_before(self, doc: Doc, end: int) -> Span | None:
        """The run of name words (up to five) that ends right before token `end`."""
        start = end
        while start > 0 and end - start < _MAX_NAME_WORDS and self._is_name_word(doc[start - 1]):
            start -= 1
        return doc[start:end] if start < end else None

    def officials(self, doc: Doc, cues: Sequence[Match]) -> list[tuple[int, int]]:
        """The names that follow an official's or a source's title in the same clause."""
        out = []
        for cue in cues:
            for i in range(cue.end, min(len(doc), cue.end + _OFFICIAL_REACH)):
                if doc[i].text in _SENTENCE_ENDS:
                    break
                span = self._name_at(doc, i, reach_back=False, min_words=1, capitals=True)
                if span is not None:
                    out.append((span.start, span.end))
                    break
        return out

    def listed_beside(self, doc: Doc, spans: list[Span], blocked: Intervals) -> list[Span]:
        """The names coordinated with found ones ("A, B, C y D"), each way, until the list
        ends."""
        pending, out = list(spans), list(spans)
        taken = {i for span in spans for i in range(span.start, span.end)}
        while pending:
            span = pending.pop()
            for neighbour in (
                self._listed_after(doc, span.end),
                self._listed_before(doc, span.start),
            ):
                if (
                    neighbour is not None
                    and not blocked.overlaps(neighbour.start, neighbour.end)
                    and taken.isdisjoint(range(neighbour.start, neighbour.end))
                ):
                    taken.update(range(neighbour.start, neighbour.end))
                    out.append(neighbour)
                    pending.append(neighbour)
        return out[len(spans) :]

    def mentioned_again(self, doc: Doc, spans: list[Span], blocked: Intervals) -> list[Span]:
        """Later single-word mentions of a found name's words, labelled like that name."""
        words = {
            token.lower_: span
            for span in spans
            for token in span
            if len(token) > 2 and self._is_name_word(token, capitals=True)
        }
        taken = Intervals(_longest_first([*((s.start, s.end) for s in spans), *blocked.spans]))
        out = []
        for i, token in enumerate(doc):
            span = words.get(token.lower_)
            if (
                span is not None
                and (token.is_title or token.text.isupper())
                and not taken.overlaps(i, i + 1)
            ):
                out.append(Span(doc, i, i + 1, label=span.label_, kb_id=span.kb_id_))
        return out

    def _listed_after(self, doc: Doc, end: int) -> Span | None:
        i = end
        if i < len(doc) and doc[i].text in _INITIAL_DOT:  # "Kevin Ochoa V." ends in a dot
            return None
        if i >= len(doc) or doc[i].lower_ not in _LIST_JOINERS:
            return None
        i += 1
        if i < len(doc) and doc[i].lower_ in _LIST_JOINERS:  # ", y" / ", and"
            i += 1
        for _ in range(_MAX_LIST_FILLERS + 1):  # "y los primos Wuilkerman", "y a Perkins"
            if i >= len(doc):
                return None
            if self._is_name_word(doc[i]):
                return self._name_at(doc, i, reach_back=False, min_words=1)
            if not (doc[i].is_alpha and doc[i].is_lower):
                return None
            i += 1
        return None

    def _listed_before(self, doc: Doc, start: int) -> Span | None:
        """The name before ", <name>" (fillers such as "a" allowed before <name>), when a
        list opener, a comma or a colon stands before it."""
        i = start - 1
        while i > 0 and start - i <= _MAX_LIST_FILLERS and doc[i].is_alpha and doc[i].is_lower:
            i -= 1
        if i < 1 or doc[i].text != ",":
            return None
        end = i
        while i - 1 >= 0 and self._is_name_word(doc[i - 1]) and end - (i - 1) <= _MAX_NAME_WORDS:
            i -= 1
        if i == end or i == 0:
            return None
        before = doc[i - 1]
        if (
            before.text in _LIST_OPENERS
            or before.text == ":"
            or (before.is_lower and before.is_alpha)
        ):
            return doc[i:end]
        return None

    def _name_at(
        self,
        doc: Doc,
        start: int,
        reach_back: bool,
        min_words: int = 2,
        capitals: bool = False,
    ) -> Span | None:
        if start >= len(doc) or _in_hashtag(doc, start):
            return None
        if not self._is_name_word(doc[start], capitals):
            return None
        end, words, i = start + 1, 1, start + 1
        while i < len(doc) and words < _MAX_NAME_WORDS:
            token = doc[i]
            if self._is_name_word(token, capitals):
                words, end, i = words + 1, i + 1, i + 1
            elif token.lower_ in self._particles:
                after = i
                while after < len(doc) and doc[after].lower_ in self._particles:
                    after += 1
                if after == len(doc) or not self._is_name_word(doc[after]):
                    break
                i = after
            else:
                break
        if reach_back:
            for _ in range(_MAX_REACH_BACK):
                before = start - 1
                if before <= 0 or doc[before - 1].text in _SENTENCE_ENDS:
                    break
                if not self._is_name_word(doc[before]):
                    break
                start, words = before, words + 1
        if end < len(doc) and _INITIAL.match(doc[end].text):  # "Carlos R.", "Kevin Ochoa V."
            end, words = end + 1, words + 1
        return doc[start:end] if words >= min_words else None

    def _is_name_word(self, token: Token, capitals: bool = False) -> bool:
        return (
            (token.is_title or (capitals and len(token) > 1 and token.text.isupper()))
            and token.is_alpha
            and token.text not in self._not_name
            and token.text.title() not in self._not_name
            and token.lower_ not in self._particles
        )


def individual_spans(doc: Doc, ner: list[Span] | None, cues: CueTables) -> list[Span]:
    """Named people, never an actor or a public figure: watchlist names (kb_id_ = the listed
    name), then a trained NER's persons where the doc's language has a NER (`ner` is not
    None), else the heuristic finder's; then the names listed beside any of them, then later
    mentions of their words ("... Quintero said" after "José Quintero"), each labelled like
    the name it extends."""
    state = doc_state(doc)
    lexicon, names = cues.lexicon, cues.names
    spans = []
    for kind, m in state.named:
        if kind == WATCHLIST:
            person = lexicon.watchlist[int(m.value)]
            spans.append(Span(doc, m.start, m.end, label=WATCHLIST, kb_id=person.name))
    blocked = Intervals(
        _longest_first(
            [(m.start, m.end) for kind, m in state.named if kind != WATCHLIST]
            + names.officials(doc, state.cues.get(OFFICIAL_CUE, ()))
        )
    )
    if ner is not None:
        found_people = [s for s in ner if not blocked.overlaps(s.start, s.end)]
        source = NER
    else:
        listed = Intervals(_longest_first([*blocked.spans, *((s.start, s.end) for s in spans)]))
        found_people = names.find(
            doc, state.cues.get(GIVEN_NAME, ()), state.cues.get(PERSON_CUE, ()), listed
        )
        source = HEURISTIC
    spans += [Span(doc, s.start, s.end, label=source) for s in found_people]
    if not spans:
        return []
    spans += [
        Span(doc, s.start, s.end, label=source) for s in names.listed_beside(doc, spans, blocked)
    ]
    spans += names.mentioned_again(doc, spans, blocked)
    spans.sort(key=lambda span: span.start)
    return spans


def _age_follows(doc: Doc, i: int) -> bool:
    """ ", 23" or ", de 24 años" right after a name: the way reports introduce a person."""
    if i + 1 >= len(doc) or doc[i].text != ",":
        return False
    if _AGE.match(doc[i + 1].text):
        return True
    return (
        i + 3 < len(doc) and doc[i + 1].lower_ == "de" and _AGE.match(doc[i + 2].text) is not None
    )


def _in_hashtag(doc: Doc, i: int) -> bool:
    """Whether token i is glued to a preceding '#' or '@' (CamelCase hashtags are split)."""
    while i > 0 and not doc[i - 1].whitespace_:
        i -= 1
    return doc[i].text[:1] in "#@"


def _is_headline(doc: Doc) -> bool:
    """Function words capitalised mid-sentence ("Mother Says Tattoos Were Used Against Her
    Son"): a headline, where capitals say nothing about names."""
    function_words = capitalised = 0
    for i, token in enumerate(doc):
        if i and token.lower_ in _FUNCTION_WORDS and doc[i - 1].text not in _SENTENCE_ENDS:
            function_words += 1
            capitalised += token.is_title or token.text.isupper()
    return function_words >= _HEADLINE_MIN_WORDS and capitalised >= _HEADLINE_SHARE * function_words


def _longest_first(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Non-overlapping (start, end) pairs in text order, longer ones winning."""
    return sorted(non_overlapping(spans, lambda span: span))
