"""A small dataset whose counts are known in advance, written through storage.writes.

Day D = 2025-04-21 (the day after Bukele's offer), D-1 = 2025-04-20.

post day platform lang author likes actors       frames (c = contested)  people        details
p1   D-1 bluesky  es   a1     10    bukele       humanitarian            -             -
p2   D-1 bluesky  es   a2     5     maduro       exchange_bargaining     -             -
p3   D-1 mastodon en   a3     1     -            -                       -             -
p4   D   bluesky  es   a1     100   bukele       criminality_terrorism   José (wl)     relative
p5   D   bluesky  es   a2     20    bukele,trump criminality_terrorism   José (wl)     -
p6   D   bluesky  en   a4     0     trump        criminality_terr. (c)   José (wl)     -
p7   D   mastodon en   a3     7     maduro       due_process             José (wl)     hometown
p8   D   mastodon es   a5     3     bukele       criminality_terrorism   Ana (ner)     -
p9   D   x        es   a6     50    -            humanitarian            Ana (ner)     -
p10  D   bluesky  es   a1     2     (not annotated)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from sqlalchemy import Engine, select

from collector.post import Metrics, Post
from storage.engine import transaction
from storage.models import Post as PostRow
from storage.writes import save_annotations, upsert_posts

DAY = date(2025, 4, 21)
PREVIOUS = date(2025, 4, 20)
JOSE = "José Pérez"
ANA = "Ana Gómez"
KEY = b"test-pseudonym-key"


@dataclass(frozen=True)
class Actor:
    actor_id: str
    text: str = "x"
    start: int = 0
    end: int = 1


@dataclass(frozen=True)
class Frame:
    frame_id: str
    polarity: str = "affirmed"
    text: str = "x"
    start: int = 0
    end: int = 1


@dataclass(frozen=True)
class Person:
    name: str
    start: int
    source: str = "watchlist"
    kind: str | None = "detainee_or_deportee"

    @property
    def canonical(self) -> str | None:
        return self.name if self.source == "watchlist" else None

    @property
    def end(self) -> int:
        return self.start + len(self.name)


@dataclass(frozen=True)
class Detail:
    kind: str
    text: str = "x"
    start: int = 0
    end: int = 1


@dataclass(frozen=True)
class Annotated:
    lang: str
    actors: tuple[Actor, ...] = ()
    frames: tuple[Frame, ...] = ()
    individuals: tuple[Person, ...] = ()
    details: tuple[Detail, ...] = ()
    pipeline_version: str = "test-1"


@dataclass(frozen=True)
class Row:
    external_id: str
    day: date
    platform: str
    lang: str
    author: str
    likes: int
    text: str
    annotation: Annotated | None = field(default=None)


def _jose(text: str) -> tuple[Person, ...]:
    return (Person(JOSE, text.index(JOSE)),)


def _ana(text: str) -> tuple[Person, ...]:
    return (Person(ANA, text.index(ANA), source="ner", kind="other_private"),)


T4 = f"Bukele: {JOSE} es un terrorista del Tren de Aragua, su madre vive en Maracay"
T5 = f"Trump y Bukele celebran: {JOSE} y otros terroristas al CECOT"
T6 = f"{JOSE} is not a terrorist, says his lawyer; Trump lied"
T7 = f"Maduro demands due process for {JOSE} from Barquisimeto"
T8 = f"Bukele llama terrorista a {ANA}"
T9 = f"Acuerdo humanitario: liberen a {ANA}"

ROWS = (
    Row(
        "p1",
        PREVIOUS,
        "bluesky",
        "es",
        "a1",
        10,
        "Bukele propone un acuerdo humanitario",
        Annotated("es", (Actor("bukele"),), (Frame("humanitarian"),)),
    ),
    Row(
        "p2",
        PREVIOUS,
        "bluesky",
        "es",
        "a2",
        5,
        "Maduro y el canje de presos",
        Annotated("es", (Actor("maduro"),), (Frame("exchange_bargaining"),)),
    ),
    Row("p3", PREVIOUS, "mastodon", "en", "a3", 1, "Nothing on the frames here", Annotated("en")),
    Row(
        "p4",
        DAY,
        "bluesky",
        "es",
        "a1",
        100,
        T4,
        Annotated(
            "es",
            (Actor("bukele"),),
            (Frame("criminality_terrorism"),),
            _jose(T4),
            (Detail("relative"),),
        ),
    ),
    Row(
        "p5",
        DAY,
        "bluesky",
        "es",
        "a2",
        20,
        T5,
        Annotated(
            "es", (Actor("bukele"), Actor("trump")), (Frame("criminality_terrorism"),), _jose(T5)
        ),
    ),
    Row(
        "p6",
        DAY,
        "bluesky",
        "en",
        "a4",
        0,
        T6,
        Annotated(
            "en", (Actor("trump"),), (Frame("criminality_terrorism", "contested"),), _jose(T6)
        ),
    ),
    Row(
        "p7",
        DAY,
        "mastodon",
        "en",
        "a3",
        7,
        T7,
        Annotated(
            "en", (Actor("maduro"),), (Frame("due_process"),), _jose(T7), (Detail("hometown"),)
        ),
    ),
    Row(
        "p8",
        DAY,
        "mastodon",
        "es",
        "a5",
        3,
        T8,
        Annotated("es", (Actor("bukele"),), (Frame("criminality_terrorism"),), _ana(T8)),
    ),
    Row(
        "p9", DAY, "x", "es", "a6", 50, T9, Annotated("es", (), (Frame("humanitarian"),), _ana(T9))
    ),
    Row("p10", DAY, "bluesky", "es", "a1", 2, "Un post sin anotar todavía sobre el CECOT"),
)


def load(engine: Engine, rows: tuple[Row, ...] = ROWS) -> dict[str, int]:
    """Write the rows as a collector and the NLP worker would; return external id -> post id."""
    posts = [
        Post(
            platform=r.platform,
            external_id=r.external_id,
            created_at=datetime(r.day.year, r.day.month, r.day.day, 1 + n, tzinfo=UTC),
            text=r.text,
            url=f"https://example.org/{r.external_id}",
            author_id=r.author,
            author_handle=f"{r.author}.example",
            lang=r.lang,
            metrics=Metrics(likes=r.likes),
        )
        for n, r in enumerate(rows)
    ]
    with transaction(engine) as session:
        upsert_posts(session, posts)
        ids = dict(session.execute(select(PostRow.external_id, PostRow.id)).all())
        save_annotations(
            session, [(ids[r.external_id], r.annotation) for r in rows if r.annotation]
        )
    return ids
