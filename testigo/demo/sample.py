"""The demo sample: a seeded, bilingual month of posts about the exchange, platform-neutral.

Volume follows the story (a spike when Bukele posts his offer on the night of
20 April 2025, another on the rejection, a smaller one on 2 May), engagement is
heavy-tailed, a few accounts post most, some posts name watchlist people or
invented ones, some are reposts, and a few items per platform are malformed
so the collectors must quarantine them. `wire` renders these posts per platform.
"""

from __future__ import annotations

import math
import random
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from functools import cache
from importlib import resources

import yaml

from testigo.demo import texts

START = datetime(2025, 4, 10, tzinfo=UTC)
DAYS = 30
DEFAULT_POSTS = 3000
DEFAULT_SEED = 20250420
PLATFORM_SHARES = {
    "x": 0.30,
    "bluesky": 0.20,
    "mastodon": 0.14,
    "telegram": 0.13,
    "reddit": 0.10,
    "gdelt": 0.07,
    "rss": 0.06,
}
# Days whose volume is this many times the ordinary day's (the story's spikes).
SPIKES = {date(2025, 4, 21): 6.0, date(2025, 4, 22): 3.5, date(2025, 4, 23): 2.0,
          date(2025, 5, 2): 2.5}  # fmt: skip
REPOST_SHARES = {"x": 0.10, "mastodon": 0.08, "reddit": 0.05, "telegram": 0.08}
MALFORMED = {"x": 3, "bluesky": 3, "mastodon": 3, "reddit": 2, "telegram": 2, "rss": 2, "gdelt": 2}
# A malformed item is one without a date; a feed item without one is still stored (its
# time is the fetch's, and it is marked undated), not quarantined.
KEPT_WITHOUT_DATE = frozenset({"rss"})
PERSON_SHARE = 0.18
ES_SHARE = 0.55
# Typical likes per platform (the median of a log-normal), for a feel of each one's reach.
LIKES_MEDIAN = {"x": 12, "bluesky": 6, "mastodon": 3, "reddit": 20, "telegram": 0}


@dataclass(frozen=True, slots=True)
class Account:
    id: str
    handle: str
    name: str


@dataclass(frozen=True, slots=True)
class SamplePost:
    """One item of the sample; `number` orders a platform's (or a channel's) items by time."""

    platform: str
    number: int
    created_at: datetime
    text: str
    lang: str
    author: Account
    place: str
    """Where it appears: a Telegram channel, a subreddit, an outlet's domain."""
    likes: int = 0
    reposts: int = 0
    replies: int = 0
    views: int = 0
    repost_of: SamplePost | None = None
    malformed: bool = False


@dataclass(slots=True)
class Sample:
    posts: list[SamplePost] = field(default_factory=list)

    def of(self, platform: str) -> list[SamplePost]:
        """A platform's items, newest first (the order search APIs answer in)."""
        return [p for p in self.posts if p.platform == platform]

    def expected(self) -> dict[str, dict[str, int]]:
        """What a complete collection must store: posts, quarantined items and reposts."""
        refused = [p for p in self.posts if p.malformed and p.platform not in KEPT_WITHOUT_DATE]
        good = [p for p in self.posts if not p.malformed or p.platform in KEPT_WITHOUT_DATE]
        return {
            "posts": dict(Counter(p.platform for p in good)),
            "quarantined": dict(Counter(p.platform for p in refused)),
            "reposts": dict(Counter(p.platform for p in good if p.repost_of)),
        }

    @property
    def first_day(self) -> date:
        return START.date()

    @property
    def last_day(self) -> date:
        return (START + timedelta(DAYS - 1)).date()


@cache
def watchlist_names() -> tuple[str, ...]:
    """Canonical names from the packaged NLP watchlist (nlp/data/watchlist.yaml)."""
    text = resources.files("nlp").joinpath("data/watchlist.yaml").read_text("utf-8")
    return tuple(person["name"] for person in yaml.safe_load(text)["people"])


def generate(total: int = DEFAULT_POSTS, seed: int = DEFAULT_SEED) -> Sample:
    """The sample: `total` posts before reposts and malformed items are added."""
    rng = random.Random(seed)
    writer = _Writer(rng)
    posts: list[SamplePost] = []
    for platform, share in PLATFORM_SHARES.items():
        originals = [writer.post(platform, when) for when in _times(rng, round(total * share))]
        originals += _reposts(rng, writer, originals, platform)
        late = [max(when, START + timedelta(days=2)) for when in _times(rng, MALFORMED[platform])]
        originals += [writer.malformed(platform, when) for when in late]
        posts += _numbered(originals)
    posts.sort(key=lambda p: (p.created_at, p.platform, p.number), reverse=True)
    return Sample(posts)


def _times(rng: random.Random, count: int) -> list[datetime]:
    """Moments over the 30 days, denser on spike days and in American waking hours."""
    days = [START.date() + timedelta(d) for d in range(DAYS)]
    weights = [SPIKES.get(day, 1.0) for day in days]
    out = []
    for day in rng.choices(days, weights, k=count):
        hour = (rng.gauss(15, 5) + 4) % 24  # UTC: afternoon in Caracas and San Salvador
        second = int(hour * 3600)
        out.append(datetime.combine(day, datetime.min.time(), UTC) + timedelta(seconds=second))
    return out


def _reposts(
    rng: random.Random, writer: _Writer, originals: list[SamplePost], platform: str
) -> list[SamplePost]:
    share = REPOST_SHARES.get(platform, 0.0)
    popular = sorted(originals, key=lambda p: p.likes, reverse=True)[: max(len(originals) // 5, 1)]
    reposts = []
    for original in rng.sample(popular, min(round(len(originals) * share), len(popular))):
        room = START + timedelta(DAYS) - original.created_at
        delay = min(timedelta(minutes=rng.randrange(5, 36 * 60)), room * rng.uniform(0.1, 0.9))
        when = (original.created_at + delay).replace(microsecond=0)
        reposts.append(writer.repost(original, when))
    return reposts


def _numbered(posts: list[SamplePost]) -> list[SamplePost]:
    """Numbers by time (per place on Telegram, whose message ids are per channel)."""
    counters: Counter[str] = Counter()
    out = []
    by_old = {}
    for post in sorted(posts, key=lambda p: (p.created_at, p.text)):
        key = post.place if post.platform == "telegram" else post.platform
        counters[key] += 1 + (counters[key] % 7 == 3)  # ids have gaps (deleted messages)
        renumbered = replace(post, number=counters[key])
        by_old[id(post)] = renumbered
        out.append(renumbered)
    return [replace(p, repost_of=by_old[id(p.repost_of)]) if p.repost_of else p for p in out]


class _Writer:
    """Writes posts from the templates with accounts, engagement and named people."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.accounts: dict[str, list[Account]] = {}

    def account(self, platform: str) -> Account:
        pool = self.accounts.setdefault(platform, self._accounts(platform, 240))
        return self.rng.choices(pool, [1 / (i + 1) ** 0.9 for i in range(len(pool))])[0]

    def _accounts(self, platform: str, count: int) -> list[Account]:
        words = texts.ACCOUNT_WORDS
        out = []
        for i in range(count):
            handle = f"{self.rng.choice(words)}_{self.rng.choice(words)}{i}"
            name = handle.replace("_", " ").title()
            out.append(Account(f"{platform}-{i:05d}", handle, name))
        return out

    def post(self, platform: str, when: datetime) -> SamplePost:
        rng = self.rng
        lang = "es" if rng.random() < ES_SHARE else "en"
        text = self._text(lang, when)
        author, place = self._where(platform, lang)
        surge = SPIKES.get(when.date(), 1.0)
        likes = int(rng.lognormvariate(math.log(LIKES_MEDIAN.get(platform, 1) * surge + 1), 1.3))
        return SamplePost(
            platform=platform,
            number=0,
            created_at=when,
            text=text,
            lang=lang,
            author=author,
            place=place,
            likes=likes,
            reposts=int(likes * rng.uniform(0.05, 0.4)),
            replies=int(likes * rng.uniform(0.02, 0.2)),
            views=int((likes + 3) * rng.uniform(20, 90)),
        )

    def repost(self, original: SamplePost, when: datetime) -> SamplePost:
        author, place = self._where(original.platform, original.lang)
        if original.platform == "telegram":
            place = self.rng.choice([c for c in texts.TELEGRAM_CHANNELS if c != original.place])
        return replace(
            original, created_at=when, author=author, place=place, repost_of=original,
            likes=0, reposts=0, replies=0, views=original.views // 4,
        )  # fmt: skip

    def malformed(self, platform: str, when: datetime) -> SamplePost:
        """Never a channel's first message: paging back must end on a readable one."""
        return replace(self.post(platform, when), malformed=True)

    def _where(self, platform: str, lang: str) -> tuple[Account, str]:
        rng = self.rng
        if platform in ("rss", "gdelt"):
            outlet, domain = rng.choice(texts.OUTLETS)
            return Account(domain, domain, outlet), domain
        if platform == "telegram":
            channel = rng.choice(texts.TELEGRAM_CHANNELS)
            return Account(channel, channel, channel.replace("_", " ").title()), channel
        place = rng.choice(("vzla", "elsalvador", "worldnews")) if platform == "reddit" else ""
        return self.account(platform), place

    def _text(self, lang: str, when: datetime) -> str:
        rng = self.rng
        tag = rng.choice(texts.TAGS[lang])
        if rng.random() < PERSON_SHARE * SPIKES.get(when.date(), 1.0) ** 0.3:
            template = rng.choice(texts.PERSON_TEMPLATES[lang])
            detail = rng.choice(texts.DETAILS[lang]) if rng.random() < 0.5 else ""
            text = template.format(person=self._person(), detail=detail, tag=tag)
        else:
            frames = texts.TEMPLATES[lang]
            frame = rng.choice(list(frames))
            actor = rng.choice(texts.ACTORS[lang])
            text = rng.choice(frames[frame]).format(actor=actor, tag=tag)
        return " ".join(text.split())

    def _person(self) -> str:
        """Mostly watchlist names, those listed first (named in the offer) far more often."""
        rng = self.rng
        if rng.random() < 0.25:
            return rng.choice(texts.INVENTED_PEOPLE)
        names = watchlist_names()
        return rng.choices(names, [1 / (i + 1) for i in range(len(names))])[0]
