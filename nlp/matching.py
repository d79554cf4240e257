"""One phrase matcher that finds every lexicon cue, and the longest-first choice among cues.

All cues of all kinds (actors, frames, negators, watchlist names, given names, ...) share one
PhraseMatcher on the token norm (see nlp.text.norm), so a post costs one tokenization and one
matcher pass whatever the size of the lexicons. Case-sensitive terms (surnames that are also
common words, given names) are matched on the norm too, then kept only if spelt exactly.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

from spacy.attrs import FLAG63
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.symbols import IDS
from spacy.tokens import Doc
from spacy.vocab import Vocab

from nlp.cue_tables import CueTable, CueTables, cue_tables
from nlp.cue_tokens import TokenHashes, token_hashes
from nlp.doc_state import doc_state
from nlp.intervals import non_overlapping
from nlp.lexicon import FAMILY_MARK, Lexicon
from nlp.name_parts import distinctive_parts
from nlp.text import fold

ACTOR, FRAME, FRAME_CONTESTED, FRAME_IGNORE = "actor", "frame", "frame_contested", "ignore"
FRAME_AFFIRMED, FRAME_IN_NAME = "frame_affirmed", "frame_in_name"
FRAME_WEAK = "frame_weak"
FRAME_NEAR_FIRST, FRAME_NEAR_SECOND = "frame_near_first", "frame_near_second"
EVERY_FRAME = ""  # the value of the ignore phrases of every frame
LOWER_CASE_ACTOR = "lower_case_actor"
NEGATOR, DISTANCER, REBUTTAL, REPORTER = "negator", "distancer", "rebuttal", "reporter"
WATCHLIST, PUBLIC_FIGURE = "watchlist", "public"
PERSON_CUE, GIVEN_NAME, DETAIL, LANGUAGE = "person_cue", "given_name", "detail", "language"
SURNAME, WATCHLIST_PART = "surname", "watchlist_part"
OFFICIAL_CUE = "official_cue"
STATE_PLACE, STATE_VERB, STATE_BEFORE = "state_place", "state_verb", "state_before"
PLACE_BEFORE, NOT_STATE_AFTER = "place_before", "not_state_after"
GENTILIC, OFFICE, BOTH_GOVERNMENTS = "gentilic", "office", "both_governments"
CONTEXT_OFFICE, CONTEXT_PLACE = "context_office", "context_place"
BODY_REFERENCE = "body_reference"  # "the Mission", "los expertos" (nlp.body_references)


def legal_term_kind(lang: str, court_context: bool = False) -> str:
    """The cue kind of a language's US legal usages ("the Government", "este Tribunal"), or of
    those that need a US court named in the text ("the government", "los demandados")."""
    return f"legal_term_{'court_' if court_context else ''}{lang}"


# Where a term's capitals can change how it splits into tokens: a capital after a letter
# or a capital before a capitalised word (CamelCase infixes: "NGOs"), a dot (abbreviations
# are special cases of the tokenizer), #, @ and $.
_CASE_CHANGES_TOKENS = re.compile(
    r"[a-záéíóúüñ][A-ZÁÉÍÓÚÜÑ]|[A-ZÁÉÍÓÚÜÑ][A-ZÁÉÍÓÚÜÑ][a-záéíóúüñ]|[.#@$]"
)
_MARKS = ".#@$"  # the pattern's characters that are no capitals


@dataclass(frozen=True, slots=True)
class _Rule:
    """The spellings of one kind of cue (and its value) for the matcher."""

    kind: str
    value: str
    spellings: list[str]
    exact: frozenset[str] | None  # only these spellings count, as written


def _case_changes_tokens(terms: Iterable[str]) -> list[str]:
    """The terms whose capitals can change their tokens. The pattern needs a capital (which
    lower-casing changes) or a mark: checked first, these spare the search for most of the
    100,000 spellings, where searching them all was a tenth of the start-up."""
    return [
        term
        for term in terms
        if (term != term.lower() or any(mark in term for mark in _MARKS))
        and _CASE_CHANGES_TOKENS.search(term)
    ]


class Match(NamedTuple):
    value: str  # actor id, frame id, watchlist index, detail kind, language code
    start: int  # token indices
    end: int


# The matcher's keys. For every match spaCy turns the key back into its string, to look up a
# callback: for one of its own symbols that is a list index, for any other string a hash-table
# read, a UTF-8 decode and a new integer (~1.5% of a post's cost, some 50 matches a post). So
# the rules are keyed by symbol names while they last (ids 0 and 1 are the matcher's hash
# table's reserved keys).
_SYMBOL_KEYS = [
    name for name, symbol in sorted(IDS.items(), key=lambda item: item[1]) if symbol > 1
]

# Matches are made by the tuple constructor itself: a NamedTuple's own __new__ is a Python
# function, which cost a fifth of the loop over a post's matches.
_new_tuple = tuple.__new__


class Matchers:
    """Finds all cues in a doc, grouped by kind: {kind: [Match, ...]}, and language votes."""

    def __init__(self, nlp: Language, lexicon: Lexicon) -> None:
        self._nlp = nlp
        # The rules' patterns are built once per lexicon and kept on disk (nlp.cue_tables).
        tables = cue_tables(nlp, lexicon.fingerprint, lambda: _Rules(lexicon).tables(nlp))
        self._matcher = PhraseMatcher(nlp.vocab, attr="NORM")
        self._keys: dict[str, str] = {}  # a rule's key: the symbol name it is added under
        self._labels: dict[int, tuple[str, str, frozenset[tuple[int, ...]] | None]] = {}
        for table in tables.rules:
            self._register(table)
        self._family_words: set[str] = set()
        self._families = WordFamilies(nlp.vocab, tables.families)

    def _register(self, table: CueTable) -> None:
        key = self._keys.get(table.key)
        if key is None:
            taken = len(self._keys)
            key = _SYMBOL_KEYS[taken] if taken < len(_SYMBOL_KEYS) else table.key
            self._keys[table.key] = key
        self._labels[self._nlp.vocab.strings.add(key)] = (table.kind, table.value, table.exact)
        # The stub types patterns as docs; spaCy takes their attribute hashes too (its own
        # unpickling adds patterns so).
        self._matcher.add(key, table.norms)  # type: ignore[arg-type]

    def _learn_family_words(self) -> None:
        """Every word of a word family met so far becomes a one-word cue of its family's kind."""
        for word, cues in self._families.new_words():
            if fold(word) in self._family_words:
                continue
            self._family_words.add(fold(word))
            for kind, value in cues:
                rule = _rule(kind, value, [word])
                if rule is not None:
                    # spaCy types `tokenizer` as any callable; a Language's own is a Tokenizer.
                    docs = self._nlp.tokenizer.pipe(rule.spellings)  # type: ignore[union-attr]
                    self._register(_table(rule, TokenHashes.of(docs), 0))

    def __call__(self, doc: Doc) -> tuple[dict[str, list[Match]], dict[str, int]]:
        """The cues of every kind but LANGUAGE, and the language cues counted per language
        (they are the most frequent matches and only their count is used)."""
        if self._families.has_new_words:
            self._learn_family_words()
        found: dict[str, list[Match]] = {}
        votes: dict[str, int] = {}
        labels = self._labels
        for match_id, start, end in self._matcher(doc):
            kind, value, exact = labels[match_id]
            if kind == LANGUAGE:
                votes[value] = votes.get(value, 0) + 1
                continue
            if exact is not None and _orths(doc, start, end) not in exact:
                continue
            if kind == GENTILIC and _in_compound(doc, start):
                continue
            kept = found.get(kind)  # one look-up where `in` then `[]` took two
            if kept is None:
                found[kind] = [_new_tuple(Match, (value, start, end))]
            else:
                kept.append(_new_tuple(Match, (value, start, end)))
        return found, votes


class _Rules:
    """The rules of every cue of a lexicon, in the order they are added, and its word
    families; their spellings become patterns all at once (`tables`)."""

    def __init__(self, lexicon: Lexicon) -> None:
        self._rules: list[_Rule] = []
        for actor in lexicon.actors:
            self._add(ACTOR, actor.actor_id, actor.terms)
            cased = frozenset(v for t in actor.case_sensitive for v in (t, t.upper()))
            self._add(ACTOR, actor.actor_id, cased, exact=cased)
            lower = frozenset(t.lower() for t in actor.case_sensitive) - cased
            self._add(LOWER_CASE_ACTOR, actor.actor_id, lower, exact=lower)
        self._families: list[tuple[str, str, str]] = []
        for frame in lexicon.frames:
            frame_cues = [
                (FRAME, frame.frame_id, frame.terms),
                (FRAME_CONTESTED, frame.frame_id, frame.contested_terms),
                (FRAME_AFFIRMED, frame.frame_id, frame.affirmed_terms),
                (FRAME_WEAK, frame.frame_id, frame.weak_terms),
            ]
            for index, (first, second) in enumerate(frame.near):
                value = f"{frame.frame_id} {index}"  # a pair's halves meet by this value
                frame_cues += [(FRAME_NEAR_FIRST, value, first), (FRAME_NEAR_SECOND, value, second)]
            for kind, value, terms in frame_cues:
                self._add(kind, value, [t for t in terms if not t.endswith(FAMILY_MARK)])
                self._families += [(kind, value, t) for t in terms if t.endswith(FAMILY_MARK)]
            self._add(FRAME_IN_NAME, frame.frame_id, frame.name_terms)
            self._add(FRAME_IGNORE, frame.frame_id, frame.ignore)
        self._add(FRAME_IGNORE, EVERY_FRAME, lexicon.frame_ignore)
        self._add(NEGATOR, "", lexicon.negators)
        self._add(DISTANCER, "", lexicon.distancers)
        self._add(REBUTTAL, "", lexicon.rebuttals)
        self._add(REPORTER, "", lexicon.reporters)
        for index, person in enumerate(lexicon.watchlist):
            self._add(WATCHLIST, str(index), (person.name, *person.aliases))
        for index, parts in distinctive_parts(lexicon).items():
            self._add(WATCHLIST_PART, str(index), parts)
        self._add(PUBLIC_FIGURE, "", lexicon.public_figures)
        self._add(PERSON_CUE, "", lexicon.person_cues)
        self._add(OFFICIAL_CUE, "", lexicon.official_cues)
        given = frozenset(lexicon.given_names) - lexicon.not_name_words
        given |= {name.upper() for name in given}  # court records write names in capitals
        self._add(GIVEN_NAME, "", given, exact=given)
        surnames = frozenset(v for s in lexicon.surnames for v in (s, fold(s).title()))
        self._add(SURNAME, "", surnames, exact=surnames)
        for kind, cues in lexicon.details.items():
            self._add(DETAIL, kind, cues)
        states = lexicon.states
        for actor_id, names in states.places.items():
            self._add_cased(STATE_PLACE, actor_id, names, states.case_sensitive)
        self._add(STATE_VERB, "", states.verbs)
        self._add(STATE_BEFORE, "", states.before)
        self._add(PLACE_BEFORE, "", states.place_before)
        self._add(NOT_STATE_AFTER, "", states.not_state_after)
        for actor_id, words in states.gentilics.items():
            self._add_cased(GENTILIC, actor_id, words, states.case_sensitive)
        self._add(OFFICE, "", states.offices)
        self._add_cased(BOTH_GOVERNMENTS, "", states.both_governments, states.case_sensitive)
        self._add(BODY_REFERENCE, "", states.body_references)
        for group, offices in states.context_offices.items():
            self._add(CONTEXT_OFFICE, group, offices)
        for actor_id, names in states.context_places.items():
            self._add(CONTEXT_PLACE, actor_id, names)
        for lang, by_actor in states.us_legal_terms.items():
            for actor_id, terms in by_actor.items():
                exact = frozenset(terms)
                self._add(legal_term_kind(lang), actor_id, exact, exact=exact)
        for lang, by_actor in states.us_court_context_terms.items():
            for actor_id, terms in by_actor.items():
                self._add(legal_term_kind(lang, court_context=True), actor_id, terms)
        for lang, words in lexicon.language_cues.items():
            self._add(LANGUAGE, lang, words)

    def _add_cased(
        self, kind: str, value: str, terms: Iterable[str], case_sensitive: frozenset[str]
    ) -> None:
        """Add terms, those in `case_sensitive` only as written and in capitals ("US", not
        the pronoun "us")."""
        terms = tuple(terms)
        cased = frozenset(v for t in terms if t in case_sensitive for v in (t, t.upper()))
        self._add(kind, value, [t for t in terms if t not in case_sensitive])
        self._add(kind, value, cased, exact=cased)

    def _add(
        self, kind: str, value: str, terms: Iterable[str], exact: frozenset[str] | None = None
    ) -> None:
        """Add the rule of the terms (`_rule`)."""
        rule = _rule(kind, value, terms, exact)
        if rule is not None:
            self._rules.append(rule)

    def tables(self, nlp: Language) -> CueTables:
        """The rules' patterns, their spellings tokenized in one pass or read from the cache
        of cue tokens."""
        hashes = token_hashes(nlp, [s for rule in self._rules for s in rule.spellings])
        tables, start = [], 0
        for rule in self._rules:
            tables.append(_table(rule, hashes, start))
            start += len(rule.spellings)
        return CueTables(tables, self._families)


def _rule(
    kind: str, value: str, terms: Iterable[str], exact: frozenset[str] | None = None
) -> _Rule | None:
    """The terms lower-cased, and as written where case can change the tokens (CamelCase
    splits, abbreviations with dots, handles and hashtags); with `exact`, a match counts only
    when its text is one of those spellings. None without a spelling."""
    if exact is not None:
        variants = set(terms)
    else:
        terms = tuple(terms)
        variants = {t.lower() for t in terms}
        variants.update(_case_changes_tokens(terms))
    return _Rule(kind, value, sorted(variants), exact) if variants else None


def _table(rule: _Rule, hashes: TokenHashes, start: int) -> CueTable:
    """The rule's patterns, from its spellings' hashes, which begin at `start` in `hashes`."""
    end = start + len(rule.spellings)
    spellings = None
    if rule.exact is not None:
        spellings = frozenset(
            hashes.orths(index)
            for index, spelling in enumerate(rule.spellings, start)
            if spelling in rule.exact
        )
    key = f"{rule.kind}\t{rule.value}\t{'exact' if rule.exact is not None else ''}"
    # Spellings that differ only in case or accents share their norms: each added once
    # spares the matcher a third of its patterns.
    return CueTable(
        key, rule.kind, rule.value, spellings, list(dict.fromkeys(hashes.norms[start:end]))
    )


class WordFamilies:
    """Single-word cues written as a stem and "*" ("secuestr*": secuestro, secuestraron,
    secuestrarlos), for the verb forms and derivations no list spells out.

    A lexeme hook (a flag getter, which spaCy calls once for every new word of the vocabulary)
    notes the words of any family; the phrase matcher then learns each noted word as a cue, so
    a post costs nothing more than the one matcher pass."""

    # A bit of spaCy's user range (FLAG19 to FLAG63) that none of its own attributes uses.
    FLAG = FLAG63

    def __init__(self, vocab: Vocab, families: Iterable[tuple[str, str, str]]) -> None:
        """`families`: (kind, value, stem followed by "*")."""
        table: dict[str, list[tuple[str, str]]] = {}
        for kind, value, term in families:
            table.setdefault(fold(term[: -len(FAMILY_MARK)]), []).append((kind, value))
        self._table = sorted(table.items())
        self._stems = tuple(table)
        self._noted: list[str] = []
        vocab.add_flag(self._note, self.FLAG)

    def _note(self, word: str) -> bool:
        if self._stems and fold(word).startswith(self._stems):
            self._noted.append(word)
            return True
        return False

    @property
    def has_new_words(self) -> bool:
        return bool(self._noted)

    def new_words(self) -> list[tuple[str, list[tuple[str, str]]]]:
        """The words noted since the last call, each with the (kind, value) of its families."""
        words, self._noted = self._noted, []
        return [(word, self._cues_of(fold(word))) for word in words]

    def _cues_of(self, folded: str) -> list[tuple[str, str]]:
        return [cue for stem, cues in self._table if folded.startswith(stem) for cue in cues]


# A region's compound holds no nationality: "the Inter-American Court", "Pan-American",
# "Latin-American" name the Americas, not the United States.
_REGION_PREFIXES = frozenset({"inter", "pan", "latin"})


def _in_compound(doc: Doc, start: int) -> bool:
    """Whether a nationality ends a hyphenated region ("Inter-American")."""
    return start > 1 and doc[start - 1].text == "-" and doc[start - 2].lower_ in _REGION_PREFIXES


def _orths(doc: Doc, start: int, end: int) -> tuple[int, ...]:
    if end - start == 1:  # most exact-case cues are one word (given names, surnames)
        return (doc[start].orth,)
    return tuple(doc[i].orth for i in range(start, end))


def longest_first(tagged: list[tuple[str, Match]]) -> list[tuple[str, Match]]:
    """Non-overlapping matches, longer ones winning, then earlier ones."""
    if len(tagged) < 2:
        return list(tagged)
    return non_overlapping(tagged, _match_bounds)


def _match_bounds(tagged: tuple[str, Match]) -> tuple[int, int]:
    return tagged[1].start, tagged[1].end


def given_name_starts(doc: Doc) -> set[int]:
    """Where the doc's given names start: the stages that read a name after a title or a
    comma ask whether one starts there."""
    return {m.start for m in doc_state(doc).cues.get(GIVEN_NAME, ())}
