"""The analyst-edited data files (lexicons, watchlist, name lists), loaded and fingerprinted.

Every file lives in ``nlp/data/``; a file of the same name in an override folder replaces the
packaged one. The fingerprint of the files in use goes into the pipeline version, so an
annotation always says which lexicon made it.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from nlp.disk_cache import code_version, kept
from nlp.lexicon_terms import LexiconError as LexiconError  # raised here, caught by callers
from nlp.lexicon_terms import expand_all
from nlp.text import fold

DATA_FILES = (
    "actors.yaml",
    "frames.yaml",
    "polarity.yaml",
    "watchlist.yaml",
    "public_figures.yaml",
    "names.yaml",
    "given_names.txt",
    "surnames.txt",
    "details.yaml",
    "languages.yaml",
    "states.yaml",
)
CACHE_FILE = "lexicon.pickle"
_CACHE_FORMAT = "testigo-lexicon-1"
# The code that makes a lexicon of the files: a change to it makes the kept one stale.
_READERS = ("nlp.lexicon", "nlp.lexicon_terms", "nlp.text")
INDIVIDUAL_KINDS = ("detainee_or_deportee", "political_prisoner", "relative", "other_private")
DETAIL_KINDS = ("relative", "hometown", "workplace", "photo")

# A frame cue ending in FAMILY_MARK is a word family: every word starting with its stem.
FAMILY_MARK = "*"
_FAMILY = re.compile(r"\w{4,}\*")


@dataclass(frozen=True, slots=True)
class ActorEntry:
    actor_id: str
    terms: tuple[str, ...]
    case_sensitive: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class FrameEntry:
    frame_id: str
    terms: tuple[str, ...]
    contested_terms: tuple[str, ...]
    negatable: bool
    # Cues that count inside an actor's name or title too: "el presidente electo" names
    # González Urrutia and claims the election.
    name_terms: tuple[str, ...] = ()
    # Cues whose context never contests them: the lack they name is the frame ("sin visitas").
    affirmed_terms: tuple[str, ...] = ()
    # Generic words ("court", "elecciones") that invoke the frame only with support: a second,
    # different weak cue of the frame, or the frame classifier's score (nlp/components.py).
    weak_terms: tuple[str, ...] = ()
    # Phrases holding a cue of this frame that do not invoke it ("criminal contempt").
    ignore: tuple[str, ...] = ()
    # Actors whose naming invokes the frame when no cue does (a court: due process).
    invoked_by: tuple[str, ...] = ()
    # Pairs of cues (each half one alternation) that invoke the frame only together.
    near: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = ()


@dataclass(frozen=True, slots=True)
class WatchlistEntry:
    name: str
    aliases: tuple[str, ...]
    kind: str
    source: str


@dataclass(frozen=True, slots=True)
class Lexicon:
    actors: tuple[ActorEntry, ...]
    frames: tuple[FrameEntry, ...]
    frame_ignore: tuple[str, ...]
    negators: tuple[str, ...]
    distancers: tuple[str, ...]
    distancer_reach: int
    rebuttals: tuple[str, ...]
    negation_scope: tuple[str, ...]
    negation_window: int
    reporters: tuple[str, ...]
    reporter_reach: int
    watchlist: tuple[WatchlistEntry, ...]
    public_figures: tuple[str, ...]
    given_names: tuple[str, ...]
    surnames: tuple[str, ...]
    person_cues: tuple[str, ...]
    official_cues: tuple[str, ...]
    possessed_relations: frozenset[str]
    list_predicates: tuple[str, ...]
    place_heads: frozenset[str]
    not_name_words: frozenset[str]
    name_particles: frozenset[str]
    details: dict[str, tuple[str, ...]]
    language_cues: dict[str, tuple[str, ...]]
    states: StateRules
    fingerprint: str


@dataclass(frozen=True, slots=True)
class StateRules:
    """When a country or capital stands for its government (see states.yaml)."""

    places: dict[str, tuple[str, ...]]  # government actor id -> names
    case_sensitive: frozenset[str]  # places and gentilics that are common words in lower case
    verbs: tuple[str, ...]
    before: tuple[str, ...]
    place_before: tuple[str, ...]
    not_state_after: tuple[str, ...]
    fillers: frozenset[str]
    reach: int
    gentilics: dict[str, tuple[str, ...]]  # government actor id -> nationality words
    offices: tuple[str, ...]
    # language -> actor id -> capitalised legal usages; usages that need a US court named
    us_legal_terms: dict[str, dict[str, tuple[str, ...]]]
    us_court_context_terms: dict[str, dict[str, tuple[str, ...]]]
    both_governments: tuple[str, ...]
    body_references: tuple[str, ...]  # "the Mission", "la organización" (nlp.body_references)
    # offices named without their state, by group: state, diplomatic, prison
    context_offices: dict[str, tuple[str, ...]]
    context_office_last_words: frozenset[str]  # each one's last word, folded
    needs_article: frozenset[str]  # office words that are also modifiers
    articles: frozenset[str]
    indefinite_articles: frozenset[str]  # enough for a court or a regime, not a government
    article_adjectives: frozenset[str]  # "the same authorities"
    context_places: dict[str, tuple[str, ...]]  # government actor id -> regions, cities
    context_defaults: dict[str, str]  # office group -> government when the post names none
    context_actors: dict[str, dict[str, str]]  # office group -> government -> actor id
    actor_states: dict[str, str]  # actor id -> the government of its state
    tied_elsewhere: frozenset[str]  # words next to an office that make it another's


def data_paths(data_dir: str | Path | None = None) -> dict[str, Path]:
    """Each data file's path: the override folder's copy where it has one, else the packaged one."""
    packaged = resources.files("nlp").joinpath("data")
    override = Path(data_dir) if data_dir else None
    if override is not None and not override.is_dir():
        raise LexiconError(f"{override}: NLP data folder not found")
    paths = {}
    for name in DATA_FILES:
        candidate = override / name if override is not None else None
        paths[name] = (
            candidate
            if candidate is not None and candidate.is_file()
            else Path(str(packaged.joinpath(name)))
        )
    return paths


def load_lexicon(data_dir: str | Path | None = None) -> Lexicon:
    paths = data_paths(data_dir)
    raw = {name: path.read_bytes() for name, path in paths.items()}
    digest = hashlib.sha256()
    for name in DATA_FILES:
        digest.update(name.encode() + b"\0" + raw[name] + b"\0")
    fingerprint = digest.hexdigest()
    # Reading the YAML and expanding the terms was a tenth of the start-up; the result is kept
    # for the next start, keyed on the files' content and the code that reads them.
    key = f"{_CACHE_FORMAT} {fingerprint} {code_version(_READERS)}"
    return kept(CACHE_FILE, key, lambda: _lexicon(raw, fingerprint))


def _lexicon(raw: dict[str, bytes], fingerprint: str) -> Lexicon:
    """The lexicon of the data files' content."""
    docs = {name: _yaml(name, data) for name, data in raw.items() if name.endswith(".yaml")}
    polarity = docs["polarity.yaml"]
    names = docs["names.yaml"]
    frames_doc = docs["frames.yaml"]
    actors = _actors(docs["actors.yaml"])
    return Lexicon(
        actors=actors,
        frames=_frames(frames_doc.get("frames"), {actor.actor_id for actor in actors}),
        frame_ignore=expand_all(frames_doc.get("ignore"), "frames.yaml: ignore"),
        negators=expand_all(polarity.get("negators"), "polarity.yaml: negators"),
        distancers=expand_all(polarity.get("distancers"), "polarity.yaml: distancers"),
        distancer_reach=int(polarity.get("distancer_reach", 2)),
        rebuttals=expand_all(polarity.get("rebuttals"), "polarity.yaml: rebuttals"),
        negation_scope=expand_all(polarity.get("negation_scope"), "polarity.yaml"),
        negation_window=int(polarity.get("window", 6)),
        reporters=expand_all(polarity.get("reporters"), "polarity.yaml: reporters"),
        reporter_reach=int(polarity.get("reporter_reach", 5)),
        watchlist=_watchlist(docs["watchlist.yaml"]),
        public_figures=expand_all(docs["public_figures.yaml"].get("names"), "public_figures.yaml"),
        given_names=_lines(raw["given_names.txt"]),
        surnames=_lines(raw["surnames.txt"]),
        person_cues=expand_all(names.get("person_cues"), "names.yaml: person_cues"),
        official_cues=expand_all(names.get("official_cues"), "names.yaml: official_cues"),
        possessed_relations=frozenset(
            expand_all(names.get("possessed_relations"), "names.yaml: possessed_relations")
        ),
        list_predicates=expand_all(names.get("list_predicates"), "names.yaml: list_predicates"),
        place_heads=frozenset(expand_all(names.get("place_heads"), "names.yaml: place_heads")),
        not_name_words=frozenset(expand_all(names.get("not_name_words"), "names.yaml")),
        name_particles=frozenset(expand_all(names.get("particles"), "names.yaml: particles")),
        details={
            kind: expand_all(docs["details.yaml"].get(kind), f"details.yaml: {kind}")
            for kind in DETAIL_KINDS
        },
        language_cues={
            lang: expand_all(words, f"languages.yaml: {lang}")
            for lang, words in docs["languages.yaml"].items()
        },
        states=_states(docs["states.yaml"]),
        fingerprint=fingerprint,
    )


def _lines(data: bytes) -> tuple[str, ...]:
    """The entries of a one-a-line list: blank lines and # comments left out."""
    return tuple(
        line.strip()
        for line in data.decode("utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    )


def _states(doc: dict[str, Any]) -> StateRules:
    context_offices = _by_actor(doc.get("context_offices"), "context_offices")
    return StateRules(
        places=_by_actor(doc.get("places"), "places"),
        case_sensitive=frozenset(
            expand_all(doc.get("case_sensitive"), "states.yaml: case_sensitive")
        ),
        verbs=expand_all(doc.get("state_verbs"), "states.yaml: state_verbs"),
        before=expand_all(doc.get("state_before"), "states.yaml: state_before"),
        place_before=expand_all(doc.get("place_before"), "states.yaml: place_before"),
        not_state_after=expand_all(doc.get("not_state_after"), "states.yaml: not_state_after"),
        fillers=frozenset(fold(w) for w in expand_all(doc.get("fillers"), "states.yaml: fillers")),
        reach=int(doc.get("reach", 3)),
        gentilics=_by_actor(doc.get("gentilics"), "gentilics"),
        offices=expand_all(doc.get("offices"), "states.yaml: offices"),
        us_legal_terms=_by_language(doc, "us_legal_terms"),
        us_court_context_terms=_by_language(doc, "us_court_context_terms"),
        both_governments=expand_all(doc.get("both_governments"), "states.yaml: both_governments"),
        body_references=expand_all(doc.get("body_references"), "states.yaml: body_references"),
        context_offices=context_offices,
        context_office_last_words=frozenset(
            fold(office.split()[-1]) for group in context_offices.values() for office in group
        ),
        needs_article=_folded(doc, "needs_article"),
        articles=_folded(doc, "articles"),
        indefinite_articles=_folded(doc, "indefinite_articles"),
        article_adjectives=_folded(doc, "article_adjectives"),
        context_places=_by_actor(doc.get("context_places"), "context_places"),
        context_actors={
            group: {str(k): str(v or "") for k, v in _mapping(table, f"actors: {group}").items()}
            for group, table in _mapping(doc.get("context_actors"), "context_actors").items()
        },
        context_defaults={
            group: str(government)
            for group, government in _mapping(doc.get("context_defaults"), "defaults").items()
        },
        actor_states={
            actor: government
            for government, actors in _mapping(doc.get("actor_states"), "actor_states").items()
            for actor in actors
        },
        tied_elsewhere=_folded(doc, "tied_elsewhere"),
    )


def _folded(doc: dict[str, Any], key: str) -> frozenset[str]:
    return frozenset(fold(w) for w in expand_all(doc.get(key), f"states.yaml: {key}"))


def _by_language(doc: dict[str, Any], key: str) -> dict[str, dict[str, tuple[str, ...]]]:
    """{language: {actor id: words}} from the mapping under `key`."""
    return {
        lang: _by_actor(by_actor, f"{key}: {lang}")
        for lang, by_actor in _mapping(doc.get(key), key).items()
    }


def _by_actor(table: Any, where: str) -> dict[str, tuple[str, ...]]:
    """{actor id: words} from a mapping of actor ids to lists of words."""
    return {
        actor_id: expand_all(words, f"states.yaml: {where}: {actor_id}")
        for actor_id, words in _mapping(table, where).items()
    }


def _mapping(table: Any, where: str) -> dict[str, Any]:
    if not isinstance(table or {}, dict):
        raise LexiconError(f"states.yaml: {where}: expected a mapping")
    return dict(table or {})


def _yaml(name: str, data: bytes) -> dict[str, Any]:
    # Imported here: a kept lexicon is read without YAML, and importing it was 10 ms a start.
    import yaml

    # A safe loader either way; libyaml's when PyYAML has it (the same documents, read faster).
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        doc = yaml.load(data.decode("utf-8"), Loader=loader) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        raise LexiconError(f"{name}: not valid YAML: {error}") from None
    if not isinstance(doc, dict):
        raise LexiconError(f"{name}: expected a mapping at the top level")
    return doc


def _actors(doc: dict[str, Any]) -> tuple[ActorEntry, ...]:
    entries = []
    for actor_id, body in doc.items():
        if not isinstance(body, dict):
            raise LexiconError(f"actors.yaml: {actor_id}: expected terms and case_sensitive")
        where = f"actors.yaml: {actor_id}"
        entries.append(
            ActorEntry(
                actor_id,
                expand_all(body.get("terms"), where),
                expand_all(body.get("case_sensitive"), where),
            )
        )
    return tuple(entries)


def _frames(doc: Any, actor_ids: set[str]) -> tuple[FrameEntry, ...]:
    if not isinstance(doc, dict):
        raise LexiconError("frames.yaml: expected a 'frames' mapping")
    return tuple(_frame(frame_id, body, actor_ids) for frame_id, body in doc.items())


def _frame(frame_id: str, body: Any, actor_ids: set[str]) -> FrameEntry:
    where = f"frames.yaml: {frame_id}"
    if not isinstance(body, dict):
        raise LexiconError(f"{where}: expected terms and contested_terms")
    invoked_by = body.get("invoked_by") or []
    if not isinstance(invoked_by, list) or not set(invoked_by) <= actor_ids:
        raise LexiconError(f"{where}: invoked_by: expected a list of actor ids")
    terms, contested, affirmed, weak = (
        expand_all(body.get(key), where)
        for key in ("terms", "contested_terms", "affirmed_terms", "weak_terms")
    )
    near = tuple(
        (expand_all([a], where), expand_all([b], where)) for a, b in body.get("near") or ()
    )
    halves = [t for pair in near for half in pair for t in half]
    for term in (*terms, *contested, *affirmed, *weak, *halves):
        if FAMILY_MARK in term and not _FAMILY.fullmatch(term):
            raise LexiconError(f"{where}: {term!r}: a word family is one word's stem and a *")
    return FrameEntry(
        frame_id,
        terms,
        contested,
        bool(body.get("negatable", True)),
        name_terms=expand_all(body.get("name_terms"), where),
        affirmed_terms=affirmed,
        weak_terms=weak,
        ignore=expand_all(body.get("ignore"), where),
        invoked_by=tuple(invoked_by),
        near=near,
    )


def _watchlist(doc: dict[str, Any]) -> tuple[WatchlistEntry, ...]:
    people = doc.get("people") or []
    entries = []
    for index, person in enumerate(people):
        where = f"watchlist.yaml: people[{index}]"
        if not isinstance(person, dict) or not isinstance(person.get("name"), str):
            raise LexiconError(f"{where}: expected a name")
        kind = person.get("kind")
        if kind not in INDIVIDUAL_KINDS:
            raise LexiconError(f"{where}: kind must be one of {', '.join(INDIVIDUAL_KINDS)}")
        if not isinstance(person.get("source"), str) or not person["source"].startswith("http"):
            raise LexiconError(f"{where}: source must be the URL of a publication naming them")
        entries.append(
            WatchlistEntry(
                person["name"], expand_all(person.get("aliases"), where), kind, person["source"]
            )
        )
    return tuple(entries)
