"""Coordinated amplification: many accounts sharing the same thing within minutes.

Three things can be shared: nearly the same text (MinHash signatures of word pairs
after folding, grouped by locality-sensitive hashing), the same link, and a repost
of the same post. For each thing, a post is coordinated when some stretch of
`window` seconds around it holds posts of at least `min_accounts` distinct accounts
sharing that thing; coordinated posts less than a window apart form one cluster,
and clusters that share a post (the same campaign text carrying the same link) are
one cluster. A popular link or headline shared all day long is never dense enough.

Pure: posts in, clusters out. testigo/coordination.py reads and stores them.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from datasketch import MinHash, MinHashLSH

from nlp.text import fold

TEXT, LINK, REPOST = "text", "link", "repost"
# Shorter texts ("¡Libertad ya!") are slogans many people write on their own.
MIN_WORDS = 6
# Texts are compared on their first MAX_WORDS words: a hostile megabyte of text would
# otherwise cost MinHash a matrix of its word pairs by the permutations.
MAX_WORDS = 1000
NUM_PERM = 64
MAX_URL = 2048
_URL = re.compile(r"https?://[^\s<>\"'`]+", re.IGNORECASE)
_URL_TAIL = ".,;:!?)]}»…'\""
_MENTION = re.compile(r"(?<![\w@])@[\w.]+(?:@[\w.-]+)?")
_WORD = re.compile(r"\w+")
_TRACKING = ("utm_", "fbclid", "gclid", "igshid", "mc_", "ref_src", "si")


@dataclass(frozen=True)
class CoordinationSettings:
    window_seconds: int = 300
    min_accounts: int = 5
    similarity: float = 0.6


@dataclass(frozen=True, slots=True)
class SharedPost:
    """A post as detection sees it; `at` is its publication time in epoch seconds."""

    post_id: int
    account: int
    at: float
    platform: str
    text: str
    repost_of: str | None = None


@dataclass(frozen=True)
class Cluster:
    """Posts of distinct accounts sharing one thing within the window (see module doc)."""

    kinds: tuple[str, ...]
    link: str | None
    repost_of: str | None
    posts: tuple[SharedPost, ...]

    @property
    def first_at(self) -> float:
        return self.posts[0].at

    @property
    def last_at(self) -> float:
        return self.posts[-1].at

    @property
    def accounts(self) -> int:
        return len({post.account for post in self.posts})

    @property
    def platforms(self) -> tuple[str, ...]:
        return tuple(sorted({post.platform for post in self.posts}))

    @property
    def sample(self) -> SharedPost:
        """The first post that says something of its own (not a repost), else the first."""
        return next((p for p in self.posts if p.repost_of is None and p.text), self.posts[0])


def text_words(text: str) -> list[str]:
    """The words that make a text near-identical to another: case and accents folded,
    URLs and @mentions left out, hashtags as their word, punctuation and emoji dropped."""
    text = _MENTION.sub(" ", _URL.sub(" ", text))
    return _WORD.findall(fold(text))


def shingles(words: Sequence[str]) -> list[bytes]:
    """Word pairs: one changed word changes two of them (see README for the measurement)."""
    return [f"{a} {b}".encode() for a, b in zip(words, words[1:], strict=False)]


def links(text: str) -> set[str]:
    """The http(s) links of a text, normalised so that copies of one link compare equal."""
    found = set()
    for match in _URL.finditer(text):
        url = match.group(0).rstrip(_URL_TAIL)
        if len(url) <= MAX_URL:
            normal = normalise_link(url)
            if normal:
                found.add(normal)
    return found


def normalise_link(url: str) -> str:
    """Scheme and host lower-cased, "www." dropped, fragment and tracking parameters
    dropped, no trailing slash; "" when the URL has no host."""
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").removeprefix("www.")
    except ValueError:
        return ""
    if not host:
        return ""
    query = urlencode(
        [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _tracking(k)]
    )
    return urlunsplit(("https", host, parts.path.rstrip("/"), query, ""))


def _tracking(parameter: str) -> bool:
    name = parameter.lower()
    return any(name == t or (t.endswith("_") and name.startswith(t)) for t in _TRACKING)


def find_clusters(posts: Sequence[SharedPost], settings: CoordinationSettings) -> list[Cluster]:
    """Every coordinated cluster among `posts`, each with its posts in time order."""
    groups: dict[tuple[str, str], list[SharedPost]] = defaultdict(list)
    for post in posts:
        if post.repost_of is not None:
            groups[(REPOST, f"{post.platform}:{post.repost_of}")].append(post)
        for link in links(post.text):
            groups[(LINK, link)].append(post)
    for group, members in near_duplicate_groups(
        posts, settings.similarity, settings.window_seconds
    ).items():
        groups[(TEXT, str(group))] = members
    found = []
    for (kind, key), members in groups.items():
        if len({post.account for post in members}) < settings.min_accounts:
            continue
        for run in dense_runs(members, settings.window_seconds, settings.min_accounts):
            found.append((kind, key, run))
    return _merged(found)


def near_duplicate_groups(
    posts: Sequence[SharedPost], similarity: float, window: float
) -> dict[int, list[SharedPost]]:
    """Posts grouped by nearly identical text: texts are linked when their estimated
    Jaccard similarity of word pairs is at least `similarity` and they are posted less
    than `window` apart (so a common phrase does not chain a whole day's posts together).
    Reposts and short texts are left out.

    Each distinct folded text is hashed and indexed once: campaigns repeat their text
    verbatim.
    """
    texts: dict[tuple[str, ...], int] = {}
    numbered: list[tuple[SharedPost, int]] = []
    for post in sorted(posts, key=lambda p: (p.at, p.post_id)):
        if post.repost_of is None:
            words = tuple(text_words(post.text)[:MAX_WORDS])
            if len(words) >= MIN_WORDS:
                numbered.append((post, texts.setdefault(words, len(texts))))
    if not texts:
        return {}
    signatures = MinHash.bulk([shingles(words) for words in texts], num_perm=NUM_PERM)
    parent = list(range(len(texts)))
    _link_within_window(numbered, signatures, parent, similarity, window)
    groups: dict[int, list[SharedPost]] = defaultdict(list)
    for post, number in numbered:
        groups[_root(parent, number)].append(post)
    return {root: members for root, members in groups.items() if len(members) > 1}


def _link_within_window(
    numbered: list[tuple[SharedPost, int]],
    signatures: list[MinHash],
    parent: list[int],
    similarity: float,
    window: float,
) -> None:
    """Union texts that are similar and posted within `window` of each other, walking the
    posts in time order. Each text enters the LSH index once; a text is looked up again
    only when it has not been posted for a window, and candidates count only if they were
    posted within the window before."""
    index = MinHashLSH(threshold=similarity, num_perm=NUM_PERM)
    last_seen: dict[int, float] = {}
    for post, number in numbered:
        previous = last_seen.get(number)
        if previous is None or post.at - previous > window:
            signature = signatures[number]
            for other in index.query(signature):
                if (
                    post.at - last_seen[other] <= window
                    and _root(parent, other) != _root(parent, number)
                    and signature.jaccard(signatures[other]) >= similarity
                ):
                    _union(parent, number, other)
            if previous is None:
                index.insert(number, signature, check_duplication=False)
        last_seen[number] = post.at


def dense_runs(
    members: Iterable[SharedPost], window: float, min_accounts: int
) -> list[list[SharedPost]]:
    """Runs of posts that lie in some `window`-long stretch holding `min_accounts` distinct
    accounts; posts of a run are less than a window apart. Linear after the sort."""
    ordered = sorted(members, key=lambda p: (p.at, p.post_id))
    marked = [False] * len(ordered)
    accounts: Counter[int] = Counter()
    end = marked_to = 0
    for start, post in enumerate(ordered):
        while end < len(ordered) and ordered[end].at - post.at <= window:
            accounts[ordered[end].account] += 1
            end += 1
        if len(accounts) >= min_accounts:
            for position in range(max(start, marked_to), end):
                marked[position] = True
            marked_to = max(marked_to, end)
        accounts[post.account] -= 1
        if not accounts[post.account]:
            del accounts[post.account]
    runs: list[list[SharedPost]] = []
    for post, is_marked in zip(ordered, marked, strict=True):
        if not is_marked:
            continue
        if runs and post.at - runs[-1][-1].at <= window:
            runs[-1].append(post)
        else:
            runs.append([post])
    return [run for run in runs if len({p.account for p in run}) >= min_accounts]


def _merged(found: list[tuple[str, str, list[SharedPost]]]) -> list[Cluster]:
    """One cluster per set of runs that share a post."""
    parent = list(range(len(found)))
    owner: dict[int, int] = {}
    for number, (_, _, run) in enumerate(found):
        for post in run:
            if post.post_id in owner:
                _union(parent, number, owner[post.post_id])
            else:
                owner[post.post_id] = number
    parts: dict[int, list[int]] = defaultdict(list)
    for number in range(len(found)):
        parts[_root(parent, number)].append(number)
    clusters = []
    for numbers in parts.values():
        posts = {p.post_id: p for n in numbers for p in found[n][2]}
        kinds = {found[n][0]: found[n][1] for n in sorted(numbers, key=lambda n: len(found[n][2]))}
        clusters.append(
            Cluster(
                kinds=tuple(sorted(kinds)),
                link=kinds.get(LINK),
                repost_of=kinds.get(REPOST, "").partition(":")[2] or None,
                posts=tuple(sorted(posts.values(), key=lambda p: (p.at, p.post_id))),
            )
        )
    return sorted(clusters, key=lambda c: (c.first_at, c.posts[0].post_id))


def _root(parent: list[int], item: int) -> int:
    while parent[item] != item:
        parent[item] = parent[parent[item]]
        item = parent[item]
    return item


def _union(parent: list[int], a: int, b: int) -> None:
    root_a, root_b = _root(parent, a), _root(parent, b)
    if root_a != root_b:
        parent[max(root_a, root_b)] = min(root_a, root_b)
