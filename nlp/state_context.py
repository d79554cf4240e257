"""Offices named without their state, resolved to the state the post names or plainly means.

The codebook codes a state's offices, security forces and courts as its government, but
posts leave the state out: "ni el consulado ni la cancillería responden", "the guards fired
rubber bullets". A reader takes the state from the rest of the post; so does this rule, by
general signs: countries, capitals, regions and cities, and actors of one state (Maduro,
CECOT, ICE). In order: a state named right after the office ("in El Salvador", "of the United
States"); for a prison's staff, the state whose prison the post names; the one state the post
points at; the last one named before it in its sentence. Nationalities ("los venezolanos")
are people, not states, except for a consulate; a state the office acts on ("le exige ... a
Bukele") is not its own, nor for a court where people were sent (nlp.courts). The group of an
office (states.yaml: context_offices) decides the actor: a US court is us_courts, a president
the state's leader, an unnamed prison in El Salvador CECOT."""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from nlp import courts
from nlp.courts import COURT, any_court, court_gone_to, courts_first
from nlp.doc_state import doc_state
from nlp.intervals import Intervals
from nlp.lexicon import Lexicon, StateRules
from nlp.matching import CONTEXT_OFFICE, CONTEXT_PLACE, STATE_PLACE, STATE_VERB, Match
from nlp.opposition import facing_the_opposition
from nlp.places_as_states import OFFICE_OF, QUOTES, SENTENCE_ENDS
from nlp.possessed_offices import AND, HIS, possessed_offices
from nlp.state_signs import (
    FOREIGN_LEADER,
    JAIL,
    LOCATED_IN,
    NAME_ARTICLES,
    NAMED,
    US_GOVERNMENT,
    VENEZUELA,
    Sign,
    evidence_of_states,
    state_after,
    state_of,
)
from nlp.text import fold
from nlp.the_state import not_the_state

# Groups of context_offices in states.yaml (more in nlp.state_signs).
_REGIME, _STATE = "regime", "state"
_COURT = COURT
_LEADER, _MEN = "leader", "leaders_men"
_NAMED_AFTER = frozenset({_COURT, _LEADER})  # groups whose own name may follow them
# Groups made particular by "a", "un".
_INDEFINITE = frozenset({_COURT, _REGIME, JAIL, FOREIGN_LEADER})
_GOVERNMENT_WORDS = frozenset({"gobierno", "government"})
_BROUGHT_BEFORE = frozenset({"before", "ante", "frente", "delante"})
# A head of state's title between "of" and his name ("the regime of President Nicolás Maduro").
_LEADER_TITLES = frozenset({"president", "presidente", "presidenta", "mandatario"})


def offices_in_context(
    doc: Doc, found: dict[str, list[Match]], spans: list[Span], lexicon: Lexicon
) -> list[Span]:
    """Spans for the offices the post names without their state, labelled with the state."""
    rules = lexicon.states
    states = rules.actor_states
    # Each office's last word folded, read by _as_written and again by _determined.
    last_words: dict[int, str] = {}
    offices = []
    for m in found.get(CONTEXT_OFFICE, ()):
        last = last_words[m.end] = fold(doc[m.end - 1].text)
        if _as_written(doc, m.end, last, rules):
            offices.append(m)
    if not offices:
        return []
    resolved = possessed_offices(doc, [m for m in offices if m.value != JAIL], spans, states)
    taken = Intervals((s.start, s.end) for s in spans)
    # An office inside an actor's name is that actor's: the signs of the post's states are
    # gathered only when some office is left. A leader's men are no one's without his name.
    offices = [m for m in offices if not taken.overlaps(m.start, m.end) and m.value != _MEN]
    if not offices:
        return resolved
    labelled = [(s, s.label_) for s in spans]  # each label read once from the string store
    evidence = sorted(evidence_of_states(doc, found, labelled, states))
    starts = {s.start: label for s, label in labelled}
    places = Intervals(
        (m.start, m.end) for k in (STATE_PLACE, CONTEXT_PLACE) for m in found.get(k, ())
    )
    labels = {label for _, label in labelled}
    verb_starts = {m.start for m in found.get(STATE_VERB, ())}
    english = doc_state(doc).lang == "en"
    not_regimes: set[str] | None = None  # read at the first regime office, if any
    for office in courts_first(offices):
        if _another_office(doc, office, rules):
            continue  # "Vice President Delcy Rodríguez" is no president
        government = states.get(starts.get(office.end, ""))  # "el ministro Diosdado Cabello"
        if government is None:
            if _of_another(doc, office, rules, starts, places):
                continue
            placed = state_after(doc, office, evidence, LOCATED_IN) is not None
            if not courts.particular_court(doc, office, placed) and not _determined(
                doc, office, last_words[office.end], rules, verb_starts, english
            ):
                continue
            signs = evidence
            if office.value == _REGIME:
                if _regime_of_a_kind(doc, office):
                    continue
                # The regime of a post is the one it speaks against, never the US's ("Secretary
                # of State Mike Pompeo said the regime must go), nor one it calls a government
                # ("El Gobierno de El Salvador ... presos que el régimen mantiene").
                if not_regimes is None:
                    not_regimes = _not_regimes(doc, labelled, states)
                signs = [sign for sign in evidence if sign.government not in not_regimes]
            if office.value == _STATE and facing_the_opposition(doc, office.end, spans):
                government = VENEZUELA
            else:
                government = state_of(doc, office, signs, labels)
        if government is None:
            # "a court date", "a prison in another country": any of them, no actor
            anyone = any_court(doc, office, rules) or _any_jail(doc, office, rules)
            government = "" if anyone else rules.context_defaults.get(office.value, "")
            if government and office.value == _COURT and not evidence:
                evidence.append(Sign(office.start, government, NAMED))  # its only sign
        actors = rules.context_actors.get(office.value, {}).get(government, government)
        resolved += [Span(doc, office.start, office.end, label=a) for a in actors.split()]
    return resolved


def _any_jail(doc: Doc, office: Match, rules: StateRules) -> bool:
    """Whether a prison of no named state is any prison, after an indefinite article ("a
    prison in another country", "a real prison transfer"), not the CECOT the post speaks of."""
    words = doc[max(office.start - 2, 0) : office.end]
    return office.value == JAIL and any(fold(t.text) in rules.indefinite_articles for t in words)


def _regime_of_a_kind(doc: Doc, office: Match) -> bool:
    """Whether a regime is a set of rules, named by its kind: "el mismo régimen de
    aislamiento", "a regime of sanctions" (not "el régimen de Maduro")."""
    at = office.end
    return (
        at + 1 < len(doc)
        and doc[at].lower_ in OFFICE_OF
        and doc[at + 1].text.isalpha()
        and doc[at + 1].text.islower()
        and doc[at + 1].lower_ not in NAME_ARTICLES
        and fold(doc[at + 1].text) not in _LEADER_TITLES
    )


def _not_regimes(doc: Doc, labelled: list[tuple[Span, str]], states: dict[str, str]) -> set[str]:
    """The US, and the states the post names formally by their government ("el Gobierno de
    El Salvador", "the Government of Venezuela"): what it calls a regime is another.
    `labelled`: the actor spans with their labels."""
    formal = {
        states[label]
        for s, label in labelled
        if label in states
        and any(
            fold(t.text) in _GOVERNMENT_WORDS
            and t.i + 1 < len(doc)
            and doc[t.i + 1].lower_ in OFFICE_OF
            for t in s
        )
    }
    return formal | {US_GOVERNMENT}


def _as_written(doc: Doc, end: int, last: str, rules: StateRules) -> bool:
    """Whether the last word of the office ending at `end`, `last` folded, is spelt as listed:
    the matcher ignores plural and gender endings, which here make other words ("guarda",
    "gobierna", "a diplomat")."""
    return last in rules.context_office_last_words and not not_the_state(doc, end, last)


def _determined(
    doc: Doc, office: Match, last: str, rules: StateRules, verb_starts: set[int], english: bool
) -> bool:
    """Whether an office word that is also a modifier ("court orders", "código penal") is
    used as an office: with an article or possessive ("the court", "el penal"), in English
    maybe past an adjective ("his criminal regime"; "the vice president" is another office),
    as the subject of a state's verb ("authorities have said"), or as a court a case goes to
    ("argued in court"). A judge one is brought before ("before a judge", "ante un juez") is
    the hearing denied or owed, no court acting. `last`: the office's last word folded."""
    if last not in rules.needs_article:
        return True
    if _next_word(doc, office.end) in verb_starts or court_gone_to(doc, office):
        return True
    articles = rules.articles | (
        rules.indefinite_articles if office.value in _INDEFINITE else set()
    )
    at = office.start  # where its article is
    if office.end - office.start == 1 or fold(doc[at].text) not in articles:
        at -= 1
        if at > 0 and fold(doc[at].text) in rules.article_adjectives:
            at -= 1
        elif at > 0 and english and office.value != _LEADER and _adjective(doc[at]):
            at -= 1
    if at < 0 or fold(doc[at].text) not in articles:
        return False
    before = doc[max(at - 2, 0) : at]
    return fold(doc[at].text) in rules.articles or not any(
        t.lower_ in _BROUGHT_BEFORE for t in before
    )


def _another_office(doc: Doc, office: Match, rules: StateRules) -> bool:
    """Whether a leader's title is another office by the word before it: "Vice President
    Delcy Rodríguez", "former President Biden" hold no presidency of the state named."""
    return (
        office.value == _LEADER
        and office.start > 0
        and fold(doc[office.start - 1].text) in rules.tied_elsewhere
    )


def _adjective(word: Token) -> bool:
    """Whether a word between an article and an office may be its adjective in English ("a
    single judge", "his criminal regime"): a lower-case word, no possessive ("his envoys")."""
    return word.is_alpha and word.text.islower() and len(word) > 2 and word.lower_ not in HIS


def _next_word(doc: Doc, at: int) -> int:
    """The index of the first token from `at` that is no quotation mark."""
    while at < len(doc) and doc[at].text in QUOTES:
        at += 1
    return at


def _next_is_of(doc: Doc, at: int) -> bool:
    """Whether "of", "de" or "del" is at `at`: a name follows that may own the office."""
    return at < len(doc) and doc[at].lower_ in OFFICE_OF


def _listed_actor(doc: Doc, named: int, actors: dict[int, str]) -> str | None:
    """The actor named next in a list that starts with a name of no actor: "the regimes of
    Hugo Chavez and Nicolas Maduro" are Maduro's state's too."""
    at = named
    while at < len(doc) and doc[at].is_title:
        at += 1
    if at + 1 < len(doc) and doc[at].lower_ in AND:  # a comma may open an apposition
        return actors.get(at + 1)
    return None


def _of_another(
    doc: Doc, office: Match, rules: StateRules, actors: dict[int, str], places: Intervals
) -> bool:
    """Whether words around the office tie it to something else: another nation ("la
    Fiscalía chilena", "the Argentine embassy"), a state named after it ("el Ministerio de
    Relaciones Exteriores de Venezuela", coded by that name), a name that is no actor ("el
    Gobierno de Javier Milei", not "los custodios del Cecot"), a court's own name ("la Corte
    Penal Internacional"). `actors`: the label of the actor span starting at each index;
    `places`: where places are named."""
    if (tie := courts.court_tie(doc, office)) is not None:
        return tie  # "a court date"; "Judge Justin Walker", the judge's name
    of = office.end
    is_of = False  # whether "of" is at `of`
    if office.end < len(doc):  # the word after it read once: most offices end a phrase
        after = doc[office.end]
        text, lower = after.text, after.lower_
        if fold(text) in rules.tied_elsewhere:
            return True
        if text == "-" and office.end + 1 < len(doc):
            return fold(doc[office.end + 1].text) in rules.tied_elsewhere  # "president-elect"
        if office.value in _NAMED_AFTER and after.is_title:
            return True  # its own name: "la Corte Penal Internacional", "el presidente Petro"
        # Past an adjective: "el régimen militar de Marcos Pérez Jiménez" ("el gobierno y de
        # la oposición" joins two sides: no adjective).
        if text.islower() and lower not in AND and _next_is_of(doc, of + 1):
            of, is_of = of + 1, True
        else:
            is_of = lower in OFFICE_OF
    if is_of:
        named = of + 1  # past an article: "el presidente de la Asamblea"
        if named + 1 < len(doc) and doc[named].lower_ in NAME_ARTICLES:
            named += 1
        if named not in actors and named < len(doc) and fold(doc[named].text) in _LEADER_TITLES:
            named += 1  # past a leader's title: "el régimen del presidente Nicolás Maduro"
        actor = actors.get(named)
        if actor in rules.actor_states.values():
            return True
        # A body of no state ("los funcionarios de la ONU"), its article in its name.
        if any(a not in rules.actor_states for a in (actor, actors.get(of + 1)) if a):
            return True
        place = places.overlaps(named, named + 1)  # "the president of the United States"
        if named < len(doc) and doc[named].is_title and not actor and not place:
            return _listed_actor(doc, named, actors) not in rules.actor_states
    if office.start < 2:
        return False
    before = doc[office.start - 1]
    opens_sentence = doc[office.start - 2].text in SENTENCE_ENDS
    return fold(before.text) in rules.tied_elsewhere or (
        before.is_title and before.is_alpha and not opens_sentence
    )
