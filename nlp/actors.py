"""Actor spans: lexicon names, countries and capitals that act as states
(nlp.places_as_states), offices named with or without their state (nlp.state_context), and
the codebook's readings of courts, relatives and lists of actors."""

from __future__ import annotations

from spacy.tokens import Doc, Span

from nlp.appositions import without_appositive_titles
from nlp.body_references import bodies_referred_to
from nlp.city_names import without_city_names
from nlp.courts import generic_court
from nlp.doc_state import doc_state, lowered_text
from nlp.gentilic_offices import offices_of_states
from nlp.intervals import Intervals, non_overlapping
from nlp.legislators import without_legislators_governments
from nlp.lexicon import Lexicon
from nlp.matching import (
    ACTOR,
    BODY_REFERENCE,
    BOTH_GOVERNMENTS,
    CONTEXT_OFFICE,
    CONTEXT_PLACE,
    GENTILIC,
    LOWER_CASE_ACTOR,
    OFFICE,
    STATE_PLACE,
    WATCHLIST,
    Match,
    given_name_starts,
    legal_term_kind,
)
from nlp.namesakes import without_namesakes
from nlp.opposition import without_detained_opponents, without_opposition_elsewhere
from nlp.other_holders import without_other_holders
from nlp.places_as_states import (
    OFFICE_OF,
    POSSESSIVE,
    SENTENCE_ENDS,
    places_as_states,
    without_buildings,
)
from nlp.span_words import folded_words, label_id, label_ids
from nlp.state_context import offices_in_context
from nlp.text import fold

_GOVERNMENTS = frozenset({"us_government", "salvadoran_government", "venezuelan_government"})
_US_GOVERNMENT = "us_government"
_OTHER_GOVERNMENTS = _GOVERNMENTS - {_US_GOVERNMENT}
_US_COURTS = "us_courts"
_US_COURTS_ID = label_id(_US_COURTS)
_OTHER_GOVERNMENT_IDS = label_ids(_OTHER_GOVERNMENTS)
_RELATIVE = "relative"
_LEADER = "leader"  # the group of context_offices (states.yaml) that are heads of state
# The two states of the affair's swap (252 men for political prisoners), whom "both
# governments" means in a post that names no state.
_SWAP_PARTIES = ("salvadoran_government", "venezuelan_government")
# Signs that a post is about that swap, by folded word start ("el trueque del siglo", "presos
# politicos"): without one, "the two leaders" (of states unnamed) may be any pair, as Trump and
# Bukele, who took "criminals off our streets"; "los dos gobiernos" stay the swap's.
_SWAP_SIGNS = tuple(
    "canje trueque intercambi swap exchang trade negocia negotiat preso prisoner detenido "
    "detainee rehen hostage 252".split()
)
_HEADS_OF_STATE = frozenset({"presidents", "presidentes", "leaders", "mandatarios"})
# Words that join the names of a list of actors: "ni bukele ni maduro", "not ICE not bukele".
_LIST_JOINERS = frozenset(
    {",", "y", "e", "o", "u", "ni", "como", "tanto", "con", "contra", "vs", "vs.", "/", "&", "-"}
    | {"and", "or", "nor", "not", "both", "either", "neither", "with", "against"}
)
_LIST_GAP = 3
# The actors who are one person, and how far after a title of theirs their own name may end
# ("el fiscal general Tarek William Saab").
_PERSONS = frozenset("bukele maduro trump rubio noem saab cabello machado gonzalez_urrutia".split())
_PERSON_IDS = label_ids(_PERSONS)
_OWN_NAME_REACH = 3
# Words of a person's titles ("Secretary of State", "el fiscal general", "Venezuela's leader").
_TITLE_WORDS = frozenset(
    "president presidente presidenta mandatario mandataria secretary secretario secretaria "
    "minister ministro ministra fiscal attorney prosecutor leader lider dictator dictador "
    "strongman chief head jefe jefa titular canciller diplomat diplomacia".split()
)
# The words of a title alone ("the Secretary of State", "el presidente"); a law granting an
# office powers ("authorizes the President"); "since 2006, the Secretary of State".
_TITLE_SPAN_WORDS = _TITLE_WORDS | {"the", "of", "state", "el", "la", "de", "del", "al"}
_ABSTRACT_OFFICE_WORDS = _TITLE_SPAN_WORDS | {"homeland", "security", "nacional", "seguridad"}
# A law or order granting powers to an office or directing it ("authorizes the President",
# "the E.O. directs the Secretary of State ... to designate"), up to this far before it.
_GRANTS = ("authoriz", "authoris", "empower", "faculta", "autoriza", "directs", "instructs")
_GRANT_REACH = 16
_SINCE = frozenset({"since", "desde"})
_SINCE_REACH = 4
# Surnames that are Spanish words ("ripe", "blond", "hair") but no English ones.
_SURNAMES_NOT_ENGLISH = frozenset({"maduro", "rubio", "cabello", "machado"})
# The parties that bring a case, which make a text a US court's ("the CECOT plaintiffs never
# had any opportunity to challenge the government's say-so").
_LITIGANTS = frozenset({"plaintiff", "plaintiffs", "petitioner", "petitioners"})
_LITIGANT_STEMS = ("plaintiff", "petitioner")


def actor_spans(doc: Doc, lexicon: Lexicon) -> list[Span]:
    """Lexicon actors, then states named by their country or capital, in text order."""
    state = doc_state(doc)
    found, named = state.cues, state.named
    spans = [Span(doc, m.start, m.end, label=m.value) for kind, m in named if kind == ACTOR]
    spans = without_namesakes(doc, named, spans, _PERSONS)
    if WATCHLIST in found and ACTOR in found:
        spans += _named_in_relatives(doc, found[ACTOR], named, lexicon)
    if GENTILIC in found and OFFICE in found:
        spans += offices_of_states(doc, found, spans, _leaders(lexicon))
    if STATE_PLACE in found:
        spans += places_as_states(doc, found, named, lexicon)
    if LOWER_CASE_ACTOR in found and state.lang == "en":
        spans += _surnames_in_english(doc, found[LOWER_CASE_ACTOR])
    if LOWER_CASE_ACTOR in found and spans:
        spans += _listed_in_lower_case(doc, found[LOWER_CASE_ACTOR], spans)
    legal_terms = found.get(legal_term_kind(state.lang or ""), [])
    in_court = found.get(legal_term_kind(state.lang or "", court_context=True), [])
    if legal_terms or in_court:
        spans += _us_legal_terms(doc, legal_terms, in_court, spans)
    if BOTH_GOVERNMENTS in found:
        leaders = lexicon.states.context_actors.get(_LEADER, {})
        spans += _both_governments(doc, found, spans, leaders)
    spans = without_city_names(doc, spans)
    if BODY_REFERENCE in found:
        spans += bodies_referred_to(doc, found[BODY_REFERENCE], spans)
    if CONTEXT_OFFICE in found or OFFICE in found:
        spans += offices_in_context(doc, found, spans, lexicon)
    given_at = given_name_starts(doc)
    if given_at:
        spans = _without_titles_of_others(given_at, spans)
        spans = without_appositive_titles(doc, spans, given_at, _PERSONS, _TITLE_SPAN_WORDS)
    spans = without_other_holders(doc, spans, given_at, _PERSONS, _ABSTRACT_OFFICE_WORDS)
    spans = _without_holders_of_abstract_offices(doc, spans)
    spans = without_legislators_governments(doc, spans, _PERSONS, _GOVERNMENTS)
    spans = _without_courts_of_others(doc, spans)
    spans = _without_courts_elsewhere(found, spans, lexicon)
    spans = without_opposition_elsewhere(found, spans, lexicon)
    return _one_per_place(without_buildings(doc, found, without_detained_opponents(doc, spans)))


def _without_titles_of_others(given_at: set[int], spans: list[Span]) -> list[Span]:
    """Spans less a person's title followed by someone else's name: "Secretary of State Mike
    Pompeo", "el presidente venezolano Hugo Chávez" are other holders of the office (the
    office stays its state's); "Secretary of State Marco Rubio" names its holder."""
    own = {(s.label, s.start) for s in spans}
    return [
        s
        for s in spans
        if s.label not in _PERSON_IDS
        or s.end not in given_at
        or _TITLE_WORDS.isdisjoint(folded_words(s))
        or any((s.label, at) in own for at in range(s.end, s.end + _OWN_NAME_REACH))
    ]


def _without_holders_of_abstract_offices(doc: Doc, spans: list[Span]) -> list[Span]:
    """Spans less the holder of an office a law grants powers to or one held since years
    ago: "The Alien Enemies Act authorizes the President to ...", "since 2006, the
    Secretary of State has determined ..." are the office (its state stays), no one person."""
    return [
        s
        for s in spans
        if s.label not in _PERSON_IDS
        or not _ABSTRACT_OFFICE_WORDS.issuperset(folded_words(s))
        or not (_granted_powers(doc, s) or _held_since_a_year(doc, s))
    ]


def _granted_powers(doc: Doc, span: Span) -> bool:
    """Whether a verb of granting powers or directing comes before the office in its sentence
    ("empowers the", "directs the Attorney General, in consultation with the Secretary of")."""
    for word in reversed(doc[max(span.start - _GRANT_REACH, 0) : span.start]):
        if word.text in SENTENCE_ENDS:
            return False
        if fold(word.text).startswith(_GRANTS):
            return True
    return False


def _held_since_a_year(doc: Doc, span: Span) -> bool:
    """Whether "since" and a year come before the office in its clause ("since 2006,")."""
    words = doc[max(span.start - _SINCE_REACH, 0) : span.start]
    return any(
        t.lower_ in _SINCE and t.i + 1 < span.start and _is_year(doc[t.i + 1].text) for t in words
    )


def _is_year(word: str) -> bool:
    return len(word) == 4 and word.isdigit() and word[:2] in {"19", "20"}


def _named_in_relatives(
    doc: Doc, actors: list[Match], named: list[tuple[str, Match]], lexicon: Lexicon
) -> list[Span]:
    """Actors inside a listed relative's name: "la madre de María Corina Machado" is Machado's
    mother, and Machado is spoken of."""
    relatives = Intervals(
        (m.start, m.end)
        for kind, m in named
        if kind == WATCHLIST and lexicon.watchlist[int(m.value)].kind == _RELATIVE
    )
    return [
        Span(doc, m.start, m.end, label=m.value)
        for m in actors
        if relatives.contains(m.start, m.end)
    ]


def _without_courts_of_others(doc: Doc, spans: list[Span]) -> list[Span]:
    """Spans less the US court names that belong to another state's court: "the Supreme
    Court's constitutional chamber in San Salvador" is El Salvador's."""
    others = {s.start for s in spans if s.label in _OTHER_GOVERNMENT_IDS}
    if not others:  # most posts: no court to look at
        return spans
    return [s for s in spans if s.label != _US_COURTS_ID or _possessed_at(doc, s) not in others]


def _without_courts_elsewhere(
    found: dict[str, list[Match]], spans: list[Span], lexicon: Lexicon
) -> list[Span]:
    """Spans less "the courts" or "the judge" where the post names another state's government
    and nothing of the US: "citizens answering to the courts for crimes against the
    homeland", in a statement of the Venezuelan government, are Venezuela's courts."""
    if not any(s.label == _US_COURTS_ID and generic_court(s) for s in spans):
        return spans
    states = lexicon.states.actor_states
    signs = {states.get(s.label_) for s in spans if s.label_ != _US_COURTS} | {
        m.value for kind in (STATE_PLACE, CONTEXT_PLACE) for m in found.get(kind, ())
    }
    if _US_GOVERNMENT in signs or not any(s.label_ in _OTHER_GOVERNMENTS for s in spans):
        return spans
    return [s for s in spans if s.label_ != _US_COURTS or not generic_court(s)]


def _possessed_at(doc: Doc, span: Span) -> int:
    """Where what the span possesses starts ("the Court's chamber"), or -1."""
    if doc[span.end - 1].text in POSSESSIVE:
        return span.end
    if span.end < len(doc) and doc[span.end].text in POSSESSIVE:
        return span.end + 1
    return -1


def _one_per_place(spans: list[Span]) -> list[Span]:
    """Spans in text order, an actor's overlapping spans reduced to the longest."""
    by_actor: dict[int, list[Span]] = {}
    for span in spans:
        by_actor.setdefault(span.label, []).append(span)
    kept = [
        s
        for group in by_actor.values()
        for s in (group if len(group) == 1 else non_overlapping(group, _span_bounds))
    ]
    kept.sort(key=lambda span: (span.start, span.label_))
    return kept


def _span_bounds(span: Span) -> tuple[int, int]:
    return span.start, span.end


def _listed_in_lower_case(doc: Doc, names: list[Match], spans: list[Span]) -> list[Span]:
    """A surname that is also a common word, written in lower case ("maduro", "rubio"), in a
    list of actors: "tanto bukele como maduro", "not ICE not bukele not maduro"; first in the
    list only where a list can open ("ni maduro ni bukele", not "plátano maduro y bukele")."""
    taken = Intervals((s.start, s.end) for s in non_overlapping(spans, _span_bounds))
    candidates = sorted(
        (m for m in names if not taken.overlaps(m.start, m.end)), key=lambda m: m.start
    )
    listed: list[Span] = []
    bounds = sorted((s.start, s.end) for s in spans)
    for ordered in (candidates, candidates[::-1]):  # joined to an actor before it, or after
        for m in ordered:
            if any(s.start == m.start for s in listed):
                continue
            opens = m.start == 0 or not doc[m.start - 1].is_alpha
            opens = opens or doc[m.start - 1].lower_ in _LIST_JOINERS
            if any(
                _joined(doc, m, start, end) and (end <= m.start or opens) for start, end in bounds
            ):
                listed.append(Span(doc, m.start, m.end, label=m.value))
                bounds.append((m.start, m.end))
    return listed


def _surnames_in_english(doc: Doc, names: list[Match]) -> list[Span]:
    """In an English post a Spanish surname in lower case is the name ("he tagged maduro"):
    English has no such word."""
    return [
        Span(doc, m.start, m.end, label=m.value)
        for m in names
        if doc[m.start : m.end].text in _SURNAMES_NOT_ENGLISH
    ]


def _joined(doc: Doc, name: Match, start: int, end: int) -> bool:
    """Whether [start, end) is next to `name` with only list joiners between them."""
    if end <= name.start:
        between = doc[end : name.start]
    elif start >= name.end:
        between = doc[name.end : start]
    else:
        return False
    return len(between) <= _LIST_GAP and all(t.lower_ in _LIST_JOINERS for t in between)


def _leaders(lexicon: Lexicon) -> frozenset[str]:
    """The heads of state: the actors a president of each state is (states.yaml)."""
    return frozenset(lexicon.states.context_actors.get(_LEADER, {}).values())


def _us_legal_terms(
    doc: Doc, terms: list[Match], in_court: list[Match], spans: list[Span]
) -> list[Span]:
    """ "the Government", "this Court", "Respondents": the US government and courts, as in US
    court filings, unless another state's government is named by the same word ("the
    Salvadoran government" leaves "the Government" ambiguous); `in_court` usages ("the
    government", "los demandados") only in a text that names a US court or its plaintiffs."""
    others = {t.norm_ for s in spans if s.label_ in _OTHER_GOVERNMENTS for t in s}
    terms = [m for m in terms if not _named_after(doc, m)]
    kept = [m for m in terms if _head_word(doc, m) not in others]
    labels = [*(s.label_ for s in spans), *(m.value for m in kept)]
    if _US_COURTS in labels or _names_litigants(doc):
        kept += [
            m for m in in_court if _head_word(doc, m) not in others and not _named_after(doc, m)
        ]
    return [Span(doc, m.start, m.end, label=m.value) for m in kept]


def _names_litigants(doc: Doc) -> bool:
    """Whether a word of the doc is a litigant's ("plaintiffs")."""
    # Most posts hold no such letters: one look at the text spares a Token per word.
    text = lowered_text(doc)
    if not any(stem in text for stem in _LITIGANT_STEMS):
        return False
    return any(t.lower_ in _LITIGANTS for t in doc)


def _named_after(doc: Doc, term: Match) -> bool:
    """Whether the state is named after the term ("The Government of the Bolivarian Republic
    of Venezuela"), which is then no party to a US case."""
    return term.end < len(doc) and doc[term.end].lower_ in OFFICE_OF


def _head_word(doc: Doc, term: Match) -> str:
    """The norm of the word a legal usage is about: "government" in "the Government's"."""
    words = [t.norm_ for t in doc[term.start : term.end] if t.is_alpha]
    return words[-1] if words else ""


def _both_governments(
    doc: Doc, found: dict[str, list[Match]], spans: list[Span], leaders: dict[str, str]
) -> list[Span]:
    """ "Both governments", "entre dos gobiernos": the two states the text names, as places
    (their own cities too: "in san antonio") or governments (codebook), when it names exactly
    two; when it names none, the two of the affair's swap ("los dos gobiernos felices
    negociando con vidas ajenas"). "Los dos presidentes" are their leaders (the swap's only in
    a post that speaks of it)."""
    named = {m.value for kind in (STATE_PLACE, CONTEXT_PLACE) for m in found.get(kind, ())} | {
        s.label_ for s in spans if s.label_ in _GOVERNMENTS
    }
    swap = not named
    named = named or set(_SWAP_PARTIES)
    if len(named) != 2:
        return []
    return [
        Span(doc, m.start, m.end, label=leaders[government] if leader else government)
        for m in found[BOTH_GOVERNMENTS]
        for leader in [fold(doc[m.end - 1].text) in _HEADS_OF_STATE]
        if not (leader and swap) or any(fold(t.text).startswith(_SWAP_SIGNS) for t in doc)
        for government in sorted(named)
    ]
