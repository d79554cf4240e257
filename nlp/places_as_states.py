"""Countries and capitals that act as states (the codebook's metonymy).

"Washington pagó por las celdas" and "Caracas answered within hours" are the governments;
"trasladados a El Salvador" is a place. Without a parser the rule reads the words around the
name: a state verb right after it (past a few fillers such as "will not"), a possessive
("Venezuela's"), or a phrase before it such as "agreement with" or "pagó a" make it the state;
a locative preposition before it ("to", "en", "desde") makes it a place. Places coordinated
with a state ("Washington and San Salvador agreed") are states too.
"""

from __future__ import annotations

import itertools

from spacy.tokens import Doc, Span

from nlp.intervals import Intervals
from nlp.lexicon import Lexicon, StateRules
from nlp.matching import (
    ACTOR,
    NOT_STATE_AFTER,
    OFFICE,
    PLACE_BEFORE,
    STATE_BEFORE,
    STATE_PLACE,
    STATE_VERB,
    Match,
    longest_first,
)
from nlp.span_words import label_id
from nlp.text import fold

POSSESSIVE = frozenset({"'s", "’s", "'"})
# Quotation marks as the tokenizer splits them (the multi-language vocabulary flags only the
# ASCII ones with `is_quote`).
QUOTES = frozenset({'"', "'", "“", "”", "«", "»", "‘", "’", "`", "``", "''", "„"})
# Subjunctives of "to be" and "to have", which a country is as a place ("ojalá Venezuela
# tuviera otro presidente", "si El Salvador fuera otro país").
_BEING_AND_HAVING = ("tuvier", "hubier", "fuer", "estuvier")
# Gerunds a place does as well as a state: "El Salvador being a small country".
_PLACE_GERUNDS = frozenset({"being", "having", "siendo", "teniendo", "estando", "becoming"})
_PROGRESSIVE = frozenset({"is", "are", "was", "were", "been", "está", "están", "estaba", "estaban"})
COORDINATION = frozenset({"and", "y", "e", "&", ",", "or", "o", "u", "ni", "nor"})
# An office's name between the office and a nationality: "ministro de Justicia y Seguridad".
OFFICE_OF = frozenset({"de", "del", "of"})
# Tokens that end a sentence (the pipeline has no sentence splitter); the actor rules share them.
SENTENCE_ENDS = frozenset({".", "!", "?", "\n", "\n\n"})
_OFFICE_NAME_JOINERS = frozenset(
    {"de", "del", "la", "las", "los", "el", "y", "e", "of", "the", "and"}
)
_OFFICE_NAME_WORDS = 5
_AGENT = frozenset({"by", "por"})
_TO = frozenset({"a", "al"})
# Verbs of asking and offering ("pide", "exigió", "ofrecen", "propuso").
_ASKING = ("pide", "pidi", "exig", "reclam", "solicit", "ofrec", "propus", "propon")
_INFINITIVE = ("ar", "er", "ir")
_ASKED_REACH = 5
_LIST_ARTICLES = frozenset({"the", "el", "la", "los", "las"})
_AGENT_LIST_REACH = 8


def places_as_states(
    doc: Doc, found: dict[str, list[Match]], named: list[tuple[str, Match]], lexicon: Lexicon
) -> list[Span]:
    """Countries and capitals that act as states; a place named as its own state's actor
    ("by Washington and San Salvador", "las autoridades de Estados Unidos y de El Salvador")
    lends its state to places coordinated with it."""
    taken = Intervals((m.start, m.end) for _, m in named)
    matches = found[STATE_PLACE]
    # Only the actors a place may be named as are gathered: most posts' others never are.
    values = {m.value for m in matches}
    by_actor: dict[str, list[tuple[int, int]]] = {}
    for kind, m in named:
        if kind == ACTOR and m.value in values:
            by_actor.setdefault(m.value, []).append((m.start, m.end))
    named_states = {value: Intervals(bounds) for value, bounds in by_actor.items()}
    places, states = [], []
    for _, m in longest_first([("", m) for m in matches]):
        if m.value in named_states and named_states[m.value].contains(m.start, m.end):
            places.append(m)
            states.append(m)
        elif not taken.overlaps(m.start, m.end):
            places.append(m)
    return [
        Span(doc, m.start, m.end, label=m.value)
        for m in _acting_as_states(doc, found, places, frozenset(states), lexicon)
    ]


def _acting_as_states(
    doc: Doc,
    found: dict[str, list[Match]],
    places: list[Match],
    named_states: frozenset[Match],
    lexicon: Lexicon,
) -> list[Match]:
    """The places that act as states; `named_states` are places the lexicon already names as
    actors, which only lend their state to places coordinated with them."""
    rules = lexicon.states
    verb_starts = {m.start for m in found.get(STATE_VERB, ())}
    before_ends = {m.end for m in found.get(STATE_BEFORE, ())}
    place_ends = {m.end for m in found.get(PLACE_BEFORE, ())}
    not_after = {m.start for m in found.get(NOT_STATE_AFTER, ())}
    offices_ending = {m.end: m for m in found.get(OFFICE, ())}
    places = sorted(places, key=lambda m: m.start)
    states = [False] * len(places)
    for i, place in enumerate(places):
        if place in named_states:
            states[i] = True
            continue
        # The word before the place, read once for the looks back below.
        before = doc[place.start - 1].lower_ if place.start > 0 else ""
        if _topic_of_a_body(doc, place, before):
            continue  # "the UN fact-finding mission on Venezuela published": its subject
        elif place.start in before_ends:
            states[i] = place.end not in not_after
        elif office_named_before(doc, place.start, offices_ending):
            states[i] = True  # "el Ministerio de Relaciones Exteriores de Venezuela"
        elif place.start in place_ends and not _asked_of(doc, place.start, before):
            continue
        elif place.start in place_ends:
            states[i] = True  # "le pide fe de vida a San Salvador"
        elif _listed_after_agent(doc, place.start, before):
            states[i] = True  # "deemed fraudulent by observers, the United States and ..."
        elif place.end < len(doc) and doc[place.end].text in POSSESSIVE:
            states[i] = place.end + 1 not in not_after
        else:
            states[i] = _verb_follows(doc, place.end, verb_starts, rules, not_after)
    for i in range(len(places) - 1):  # coordinated places share the verb or the phrase
        first, second = places[i], places[i + 1]
        if states[i] == states[i + 1]:
            continue
        if _coordinated(doc, first, second):
            # "Washington and San Salvador agreed", "el gobierno de Venezuela y El Salvador";
            # not "deported to Venezuela and El Salvador agreed", "flights to Washington and
            # San Salvador" (a phrase before a place makes it a state before it makes a place).
            state, undecided = (first, second) if states[i] else (second, first)
            located = state.start in place_ends and state.start not in before_ends
            if not located and undecided.start not in place_ends:
                states[i] = states[i + 1] = True
        elif _preposition_repeated(doc, first, second):
            states[i + 1] = states[i]
    return [place for place, state in zip(places, states, strict=True) if state]


# A body, mission or paper named by its subject: "the UN fact-finding mission on Venezuela",
# "la misión de la ONU sobre Venezuela", "the report on El Salvador"; the country ending the
# name is a topic, no state acting (codebook: a country as a place is no actor).
_ABOUT = frozenset({"on", "about", "regarding", "concerning", "sobre"})
_TOPIC_BODIES = frozenset(
    "mission missions report reports resolution resolutions rapporteur rapporteurs inquiry "
    "commission committee panel investigation misión mision misiones informe informes reporte "
    "reportes resolución resolucion resoluciones relator relatora relatores comisión comision "
    "comité comite investigación investigacion".split()
)
# Words inside such a name between the body and its subject: "misión [de la ONU] sobre",
# "relator [especial de la ONU] sobre".
_BODY_NAME_WORDS = frozenset(
    {"de", "del", "la", "el", "las", "los", "of", "the", "'s", "’s", "special", "especial"}
    | {"independent", "independiente", "international", "internacional"}
)
_BODY_REACH = 5


def _topic_of_a_body(doc: Doc, place: Match, before: str) -> bool:
    """Whether a place ends a body's or a paper's name after "on" or "sobre" ("the mission on
    Venezuela", "el informe de la ONU sobre El Salvador"); not a possessive, which names the
    state ("the report on Venezuela's crackdown"). `before`: the word before it, lower case."""
    if place.start < 2 or before not in _ABOUT:
        return False
    if place.end < len(doc) and doc[place.end].text in POSSESSIVE:
        return False
    for i in range(place.start - 2, max(place.start - 2 - _BODY_REACH, -1), -1):
        word = doc[i]
        if word.lower_ in _TOPIC_BODIES:
            return True
        if not (word.lower_ in _BODY_NAME_WORDS or word.text[:1].isupper()):
            return False
    return False


def _asked_of(doc: Doc, start: int, before: str) -> bool:
    """Whether a place after "a" is the one a request or an offer is made to, past its
    object: "pide fe de vida a San Salvador", "ofreció un canje a Caracas"; not past another
    verb ("pide volver a Venezuela"). `before`: the word before it, lower case."""
    if start < 2 or before not in _TO:
        return False
    for i in range(start - 2, max(start - 2 - _ASKED_REACH, -1), -1):
        word = fold(doc[i].text)
        if word.startswith(_ASKING):
            return True
        if not doc[i].is_alpha or word.endswith(_INFINITIVE):
            return False
    return False


def _listed_after_agent(doc: Doc, start: int, before: str) -> bool:
    """Whether a place is a later item of a list of agents opened by "by" or "por": "deemed
    fraudulent by international observers, the United States, and the EU", "rechazado por la
    OEA, la Unión Europea y Estados Unidos"; not past a verb ("sent by plane and then
    Venezuela"). `before`: the word before it, lower case."""
    at, lower = start - 1, before
    while at >= 0 and lower in _LIST_ARTICLES:
        at -= 1
        lower = doc[at].lower_ if at >= 0 else ""
    if at < 0 or lower not in COORDINATION:
        return False
    for i in range(at - 1, max(at - _AGENT_LIST_REACH, -1), -1):
        word = doc[i]
        if word.lower_ in _AGENT:
            return True
        if not (word.is_alpha or word.text == ",") or _looks_past_tense(word.text):
            return False
    return False


def _verb_follows(
    doc: Doc, start: int, verb_starts: set[int], rules: StateRules, not_after: set[int]
) -> bool:
    """Whether a verb a state does follows, past fillers; not one a country as a place does
    ("El Salvador sufrió una guerra civil"). A word in `not_after` ends the look before
    `verb_starts` is asked (so a verb there need not be taken out of them)."""
    progressive = False  # past an auxiliary of the progressive: "Venezuela is not cooperating"
    # Each word's spelling read once ('is "concerned"': quotation marks are passed over).
    words = ((i, text) for i in range(start, len(doc)) if (text := doc[i].text) not in QUOTES)
    for i, text in itertools.islice(words, rules.reach + 1):
        if i in not_after:
            return False
        if i in verb_starts or _looks_past_tense(text):
            return True
        if _looks_in_progress(text) and (i == start or progressive):
            return True  # "Venezuela is demanding", "Caracas demanding proof of life"
        if fold(text) not in rules.fillers:
            return False
        progressive = progressive or text.lower() in _PROGRESSIVE  # the token's lower_
    return False


def _looks_past_tense(word: str) -> bool:
    """A verb in the past or the future, which a state as subject mostly is in reports
    ("removed", "sacó", "enviaron", "pagará", "para que El Salvador mantuviera"): a word the
    verb list does not hold still counts."""
    lower = word.lower()
    if not lower.isalpha() or lower.startswith(_BEING_AND_HAVING):
        return False
    return (
        (len(lower) >= 5 and lower.endswith("ed"))
        or (len(lower) >= 4 and lower.endswith("ó"))
        or (len(lower) >= 6 and lower.endswith(("aron", "ieron", "iera", "ieran", "aba", "aban")))
        or (len(lower) >= 5 and lower.endswith(("ará", "erá", "irá", "arán", "erán", "irán")))
    )


def _looks_in_progress(word: str) -> bool:
    """A gerund, after a progressive auxiliary: "Venezuela is demanding", "está exigiendo"."""
    lower = word.lower()
    if not lower.isalpha() or lower in _PLACE_GERUNDS:
        return False
    return len(lower) >= 6 and lower.endswith(("ing", "ando", "iendo"))


def _preposition_repeated(doc: Doc, first: Match, second: Match) -> bool:
    """ "las autoridades de Estados Unidos y de El Salvador": the second place takes the
    first one's part, the words before it repeating the first one's preposition."""
    between = doc[first.end : second.start]
    return (
        first.start > 0
        and len(between) == 2
        and between[0].lower_ in COORDINATION
        and between[1].lower_ == doc[first.start - 1].lower_
    )


def _coordinated(doc: Doc, first: Match, second: Match) -> bool:
    between = doc[first.end : second.start]
    return 0 < len(between) <= 2 and all(t.lower_ in COORDINATION for t in between)


def office_named_before(doc: Doc, end: int, offices_ending: dict[int, Match]) -> Match | None:
    """The office whose capitalised name ends right before `end`: "el ministro de Defensa
    venezolano", "la presidenta de la Asamblea Legislativa salvadoreña"."""
    if not offices_ending:  # most posts name no office: no token to look at
        return None
    capitalised = False
    for i in range(end - 1, max(end - _OFFICE_NAME_WORDS - 1, 0), -1):
        word = doc[i]
        if word.lower_ in OFFICE_OF and i in offices_ending:
            return offices_ending[i] if capitalised else None
        if word.is_title and word.is_alpha:
            capitalised = True
        elif word.lower_ not in _OFFICE_NAME_JOINERS:
            return None
    return None


# A body's building, where people stand, is a place: "frente a la sede de la ONU", "outside
# the US embassy"; the body stays an actor where the crowd addresses it ("para exigirle").
_BUILDINGS = frozenset(
    "sede embajada consulado edificio oficinas puertas headquarters embassy consulate "
    "building offices gates".split()
)
_AT_BUILDING = frozenset({"frente", "delante", "outside", "front", "afuera", "ante"})
_BODY_AFTER_BUILDING = 4  # "[frente a la] sede de la ONU"
_BUILDING_ARTICLES = frozenset({"the", "la", "el", "las", "los", "a", "de", "of", "del"})
_ADDRESSED = ("exigirle", "pedirle", "reclamarle", "solicitarle", "entregarle")
_PRISON_ID = label_id(
    "cecot"
)  # a prison is the building it is named by ("outside the prison gates")


def without_buildings(doc: Doc, found: dict[str, list[Match]], spans: list[Span]) -> list[Span]:
    """Spans less the bodies named by the building people stand at: "se plantó frente a la
    sede de la ONU", "a rally outside the US embassy in Madrid"; only spans just after a
    phrase of standing at are looked at."""
    # Only phrases ending within reach of a span are read: most posts' "to", "en" end far off.
    near = {s.start - gap for s in spans for gap in range(_BODY_AFTER_BUILDING + 1)}
    ends = {m.end for m in found.get(PLACE_BEFORE, ()) if m.end in near and _standing_at(doc, m)}
    if not ends:
        return spans
    return [
        s
        for s in spans
        if s.label == _PRISON_ID
        or not any(s.start - _BODY_AFTER_BUILDING <= end <= s.start for end in ends)
        or not _at_building(doc, s)
    ]


def _standing_at(doc: Doc, phrase: Match) -> bool:
    """Whether a phrase before a place opens with a word of standing at ("frente a la",
    "in front of the")."""
    first = doc[phrase.start].lower_
    return first in _AT_BUILDING or first == "in" and phrase.end - phrase.start > 2


def _at_building(doc: Doc, span: Span) -> bool:
    """Whether the span is a building or its modifier, or a body after its building ("la sede
    de la ONU"), that follows a word of standing at it and that the rest of the sentence does not
    address."""
    at = span.start - 1
    words = doc[span.start : min(span.end + 1, len(doc))]  # "the US embassy": its modifier
    if not any(fold(t.text) in _BUILDINGS for t in words):
        while at >= 0 and fold(doc[at].text) in _BUILDING_ARTICLES:
            at -= 1  # "la sede de la ONU": back past "de la" to the building
        if at < 0 or fold(doc[at].text) not in _BUILDINGS:
            return False
        at -= 1
    while at >= 0 and fold(doc[at].text) in _BUILDING_ARTICLES:
        at -= 1  # "frente a la", "in front of the"
    if at < 0 or fold(doc[at].text) not in _AT_BUILDING:
        return False
    rest = itertools.takewhile(lambda t: t.text not in SENTENCE_ENDS, doc[span.end :])
    return not any(fold(t.text).startswith(_ADDRESSED) for t in rest)
