"""Spans of a text that a viewer must not see because they may name a person.

The NLP pipeline tags the individuals it recognises; this masker is the safety net for
everything it misses. It is deliberately blunt: any capitalised, name-shaped sequence
(sentence-initial ones included, unless the word is a common word), given names alone,
initials next to names, names in capitals, @handles, e-mail addresses, URL paths and
hashtags made of names are masked, unless they are a known public actor or public figure
or a known non-name word (places, months, institutions). Over-masking is acceptable;
leaking is not. Pure Python and regular expressions: it runs on every text a viewer reads.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from enum import Enum
from functools import lru_cache
from typing import NamedTuple

from spacy.lang.en.stop_words import STOP_WORDS as EN_STOP_WORDS
from spacy.lang.es.stop_words import STOP_WORDS as ES_STOP_WORDS

from nlp.lexicon import Lexicon
from nlp.text import fold

Span = tuple[int, int]

_LETTER = r"[^\W\d_]"
_TOKENS = re.compile(
    r"(?P<url>\b(?:https?://|www\.)\S+|(?<![\w@/])(?:[\w-]+\.)+[a-z]{2,}/\S*)"
    r"|(?P<email>[\w.+-]+@[\w-]+(?:\.[\w-]+)+)"
    r"|(?P<handle>(?<![\w@])@\w[\w.]*(?:@[\w-]+(?:\.[\w-]+)+)?)"
    r"|(?P<hashtag>(?<![\w#])#\w+)"
    r"|(?P<path>(?<![^\s(\"'“«])/[\w.%-]+(?:/[\w.%-]*)*)"
    rf"|(?P<abbr>(?:{_LETTER}{{1,3}}\.){{2,}})"
    rf"|(?P<initial>\b{_LETTER}\.(?!\w))"
    rf"|(?P<word>{_LETTER}+(?:['’\-]{_LETTER}+)*)"
)
_CAMEL = re.compile(r"[A-ZÀ-ÖØ-Þ]+(?![a-zß-ÿ])|[A-ZÀ-ÖØ-Þ]?[a-zß-ÿ]+|\d+")
# Characters after which a capital says nothing about the word (a new sentence, a heading).
_SENTENCE_END = frozenset(".!?:;…\n•|–—-*>")
_OPENERS = frozenset(" \t\r\"'“”‘’«»¿¡([{")
# Particles that join parts of one name; "y", "e" and "and" join names in lists instead.
_NOT_JOINING = frozenset({"y", "e", "and", "o", "or", "u"})
_POSSESSIVE = re.compile(r"['’]s?$")
# How many lower-case words after a lower-case given name are taken as its surnames.
_LOWER_SURNAMES = 2


@lru_cache(maxsize=1 << 16)
def _key(word: str) -> str:
    """A word as compared: folded, without a possessive 's or abbreviation dots."""
    return fold(_POSSESSIVE.sub("", word).replace(".", ""))


class _Role(Enum):
    NAME = "name"  # masked
    PUBLIC = "public"  # part of a known public actor or figure
    NEUTRAL = "neutral"  # a function word, place, month, institution or title
    WEAK = "weak"  # initials, and non-name words that are also given names: masked beside names


class _Token(NamedTuple):
    start: int
    end: int
    key: str
    role: _Role = _Role.NAME


class NameMasks:
    """Built once from the lexicon; `spans(text)` is cheap enough to call on every read."""

    def __init__(
        self,
        *,
        given_names: Iterable[str],
        public_phrases: Iterable[str],
        private_phrases: Iterable[str] = (),
        not_name_words: Iterable[str],
        particles: Iterable[str],
        common_words: Iterable[str] = (),
    ) -> None:
        self._given = {fold(n) for n in given_names}
        self._not_name = {_key(w) for w in not_name_words}
        self._particles = {fold(p) for p in particles} - _NOT_JOINING
        self._stop = {fold(w) for w in (*EN_STOP_WORDS, *ES_STOP_WORDS)}
        self._common = {fold(w) for w in common_words} | self._stop
        # Phrases by their first word: the lengths to try (longest first) and the phrases.
        self._public: dict[str, list[int]] = {}
        self._private: dict[str, list[int]] = {}
        self._public_phrases: set[tuple[str, ...]] = set()
        self._private_phrases: set[tuple[str, ...]] = set()
        self._public_handles: set[str] = set()
        self._roles: dict[tuple[str, bool], _Role] = {}
        private = {_phrase_keys(p) for p in private_phrases} - {()}
        for keys in private:
            self._private.setdefault(keys[0], []).append(len(keys))
            self._private_phrases.add(keys)
        for phrase in public_phrases:
            keys = _phrase_keys(phrase)
            if not keys or keys in private:
                continue
            if phrase.strip().startswith("@"):
                self._public_handles.add(keys[0])
                continue
            if phrase.strip().startswith("#"):
                keys = (keys[0],)
            self._public.setdefault(keys[0], []).append(len(keys))
            self._public_phrases.add(keys)
        for lengths in (*self._public.values(), *self._private.values()):
            lengths[:] = sorted(set(lengths), reverse=True)

    @classmethod
    def from_lexicon(cls, lexicon: Lexicon) -> NameMasks:
        public = [t for a in lexicon.actors for t in (*a.terms, *a.case_sensitive)]
        public += lexicon.public_figures
        vocabulary = [
            *(t for a in lexicon.actors for t in a.terms),
            *(t for f in lexicon.frames for t in (*f.terms, *f.contested_terms, *f.affirmed_terms)),
            *lexicon.frame_ignore,
            *lexicon.negators,
            *lexicon.distancers,
            *lexicon.rebuttals,
            *lexicon.negation_scope,
            *lexicon.reporters,
            *lexicon.person_cues,
            *(t for terms in lexicon.details.values() for t in terms),
            *(t for terms in lexicon.language_cues.values() for t in terms),
        ]
        common = {w for term in vocabulary for w in re.findall(r"\w+", term) if w.islower()}
        return cls(
            given_names=lexicon.given_names,
            public_phrases=public,
            private_phrases=[n for p in lexicon.watchlist for n in (p.name, *p.aliases)],
            not_name_words=lexicon.not_name_words,
            particles=lexicon.name_particles,
            common_words=common - {fold(n) for n in lexicon.given_names},
        )

    def is_public_handle(self, handle: str) -> bool:
        """Whether `handle` (with or without @, any platform suffix) is a public actor's."""
        bare = fold(handle.lstrip("@")).split("@")[0]
        return bare in self._public_handles or bare.split(".")[0] in self._public_handles

    def spans(self, text: str) -> list[Span]:
        """Sorted, non-overlapping (start, end) spans of `text` to hide from a viewer."""
        masked: list[Span] = []
        capitals: list[_Token] = []
        lower: list[_Token] = []
        later: list[tuple[str, int, int, str]] = []  # hashtags and slugs, once names are known
        for match in _TOKENS.finditer(text):
            kind, start, end = match.lastgroup, match.start(), match.end()
            word = match.group()
            if kind == "url":
                path = word.find("/", word.find("//") + 2 if "//" in word else 0)
                host_end = path if path >= 0 else end - start
                if self._host_names(word[:host_end]):
                    masked.append((start, end))
                elif path >= 0 and path + 1 < len(word):
                    masked.append((start + path + 1, end))
            elif kind == "email":
                masked.append((start, end))
            elif kind == "handle":
                if not self.is_public_handle(word):
                    masked.append((start, end))
            elif kind in ("hashtag", "path"):
                later.append((kind, start, end, word))
            elif word[0].isupper():
                capitals.append(_Token(start, end, _key(word)))
            elif kind == "word":
                lower.append(_Token(start, end, _key(word)))
        names: set[str] = set()
        shown: list[_Token] = []
        for run in self._runs(text, capitals):
            found = self._mask_run(text, run)
            if found is None:
                shown += run
                continue
            masked.append(found)
            inside = [t for t in run if found[0] <= t.start and t.end <= found[1]]
            shown += [t for t in run if t.end <= found[0] or t.start >= found[1]]
            if sum(t.role is _Role.NAME for t in inside) >= 2:
                names.update(t.key for t in inside if t.role is _Role.NAME)
        masked += [(t.start, t.end) for t in shown if t.key in names]
        masked += self._lower_case_names(text, lower, names)
        for kind, start, end, word in later:
            if kind == "path" or self._hashtag_names(word[1:], names):
                masked.append((start, end))
        return _merged(masked)

    def _role(self, key: str, uninformative: bool) -> _Role:
        cached = self._roles.get((key, uninformative))
        if cached is None:
            cached = self._roles[(key, uninformative)] = self._new_role(key, uninformative)
        return cached

    def _new_role(self, key: str, uninformative: bool) -> _Role:
        if key in self._given:
            if key in self._not_name or key in self._stop:
                return _Role.WEAK
            return _Role.NAME
        if key in self._stop or key in self._not_name:
            return _Role.NEUTRAL
        if uninformative and key in self._common:
            return _Role.NEUTRAL
        if len(key) == 1:
            return _Role.WEAK
        return _Role.NAME

    def _runs(self, text: str, capitals: list[_Token]) -> Iterable[list[_Token]]:
        """Capitalised words next to each other (or joined by name particles), with roles."""
        run: list[_Token] = []
        for token in capitals:
            if run and not self._joined(text[run[-1].end : token.start]):
                yield self._with_roles(text, run)
                run = []
            run.append(token)
        if run:
            yield self._with_roles(text, run)

    def _joined(self, gap: str) -> bool:
        if gap == " " or (gap.strip() == "" and "\n" not in gap and len(gap) <= 3):
            return True
        words = gap.split()
        return bool(words) and gap[0] == " " and all(fold(w) in self._particles for w in words)

    def _with_roles(self, text: str, run: list[_Token]) -> list[_Token]:
        shouting = all(text[t.start : t.end].isupper() for t in run) and len(run) > 1
        roles = [
            self._role(t.key, shouting or (i == 0 and _sentence_initial(text, t.start)))
            for i, t in enumerate(run)
        ]
        if not shouting and roles[0] is _Role.NAME and len(run) == 1:
            roles[0] = self._common_in_text(text, run[0], roles[0])
        index = 0
        while index < len(run):
            length = self._phrase_at(self._private, self._private_phrases, run, index)
            if length:
                roles[index : index + length] = [_Role.NAME] * length
                index += length
                continue
            length = self._phrase_at(self._public, self._public_phrases, run, index)
            if length:
                single = length == 1 and run[index].key in self._given
                for j in range(index, index + length):
                    roles[j] = _Role.NAME if single else _Role.PUBLIC
                index += length
            else:
                index += 1
        return [t._replace(role=r) for t, r in zip(run, roles, strict=True)]

    def _common_in_text(self, text: str, token: _Token, role: _Role) -> _Role:
        """A sentence-initial word the same text also writes in lower case is a common word."""
        if not _sentence_initial(text, token.start) or token.key in self._given:
            return role
        word = text[token.start : token.end]
        lowered = word[0].lower() + word[1:]
        return _Role.NEUTRAL if re.search(rf"\b{re.escape(lowered)}\b", text) else role

    @staticmethod
    def _phrase_at(
        lengths: dict[str, list[int]],
        phrases: set[tuple[str, ...]],
        run: list[_Token],
        index: int,
    ) -> int:
        """The length of the longest of `phrases` starting at `index` (0 if none)."""
        for length in lengths.get(run[index].key, ()):
            if index + length <= len(run) and (
                length == 1 or tuple(t.key for t in run[index : index + length]) in phrases
            ):
                return length
        return 0

    def _mask_run(self, text: str, run: list[_Token]) -> Span | None:
        """From the first to the last name in the run, widened over initials and words that
        are also given names on either side, and over places or titles that follow."""
        named = [i for i, t in enumerate(run) if t.role is _Role.NAME]
        if not named:
            return None
        first, last = named[0], named[-1]
        while first > 0 and run[first - 1].role is _Role.WEAK:
            first -= 1
        while last + 1 < len(run) and (
            run[last + 1].role is _Role.WEAK
            or (run[last + 1].role is _Role.NEUTRAL and run[last + 1].key not in self._stop)
        ):
            last += 1
        end = run[last].end
        if end < len(text) and text[end] == "." and run[last].end - run[last].start == 1:
            end += 1
        return run[first].start, end

    def _lower_case_names(self, text: str, lower: list[_Token], names: set[str]) -> list[Span]:
        """Given names written in lower case (and the words after them), and any word of a
        full name masked elsewhere in the text ("Tudares" after "Rafael Tudares")."""
        spans: list[Span] = []
        following = 0
        previous_end = -1
        for token in lower:
            adjacent = text[previous_end : token.start] == " "
            ordinary = token.key in self._common or token.key in self._particles
            if "-" in token.key and any(
                p in names or (p in self._given and p not in self._common)
                for p in token.key.split("-")
            ):
                spans.append((token.start, token.end))
                following = 0
            elif token.key in names:
                spans.append((token.start, token.end))
                following = 0
            elif token.key in self._given and not ordinary and token.key not in self._not_name:
                spans.append((token.start, token.end))
                following = _LOWER_SURNAMES
            elif following and adjacent and not ordinary:
                spans.append((token.start, token.end))
                following -= 1
            else:
                following = 0
            previous_end = token.end
        return spans

    def _host_names(self, host: str) -> bool:
        labels = re.split(r"[.\-_]", fold(host.split("//")[-1]))
        return any(label in self._given for label in labels)

    def _hashtag_names(self, body: str, names: set[str]) -> bool:
        if (fold(body),) in self._public_phrases or fold(body) in self._public_handles:
            return False
        parts = [_key(p) for p in _CAMEL.findall(body) if not p.isdigit()]
        if not parts:
            return False
        if len(parts) == 1 and (parts[0],) in self._public_phrases:
            return False
        return any(
            p in names or self._role(p, uninformative=True) in (_Role.NAME, _Role.WEAK)
            for p in parts
            if (p,) not in self._public_phrases or p in self._given
        )


def _phrase_keys(phrase: str) -> tuple[str, ...]:
    keys = (_key(m.group()) for m in _TOKENS.finditer(phrase) if not m.group("path"))
    return tuple(k.lstrip("@#") for k in keys if k)


def _sentence_initial(text: str, start: int) -> bool:
    index = start - 1
    while index >= 0 and text[index] in _OPENERS:
        index -= 1
    return index < 0 or text[index] in _SENTENCE_END


def _merged(spans: list[Span]) -> list[Span]:
    out: list[Span] = []
    for start, end in sorted(spans):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out
