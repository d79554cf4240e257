"""A generated day of posts about the exchange: organic discourse with one campaign hidden in it.

Organic posts (from many accounts, all day long) vary in wording but share what real
discourse shares: popular news links, hashtags and mentions, headlines copied verbatim
by each site's share button, reposts of popular posts and short slogans. The campaign is
`CAMPAIGN_ACCOUNTS` accounts posting one text with small variations (a word swapped, case,
accents, emoji, hashtags, a mention, their own short link) within three minutes.
Used by the tests and by bench/bench_coordination.py (seeded: the same day every run).
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from collector.post import Metrics, Post

DAY = date(2025, 4, 21)
CAMPAIGN_ACCOUNTS = 30
CAMPAIGN_START = datetime(2025, 4, 21, 14, 7, tzinfo=UTC)
CAMPAIGN_SECONDS = 180
CAMPAIGN_PREFIX = "patria"

_SUBJECTS_ES = (
    "Bukele", "Maduro", "el canje humanitario", "los 252 venezolanos del CECOT",
    "los presos políticos", "Tarek William Saab", "el gobierno salvadoreño",
    "la oposición venezolana", "la CIDH", "Foro Penal", "la administración Trump",
    "las familias de los deportados",
)  # fmt: skip
_PREDICATES_ES = (
    "no dice dónde están los detenidos", "exige pruebas de vida que él mismo niega",
    "usa a seres humanos como fichas de cambio", "convierte la cárcel en un espectáculo",
    "pide debido proceso para unos y no para otros", "sigue sin publicar la lista",
    "habla de terrorismo sin pruebas ni juicio", "rechazó la propuesta en pocas horas",
    "denuncia desapariciones forzadas", "calla sobre los presos del 28 de julio",
    "reclama un abogado para cada detenido", "ve una oportunidad de propaganda",
)  # fmt: skip
_OPINIONS_ES = (
    "Vergonzoso.", "Nadie lo explica.", "¿Hasta cuándo?", "Así no se hace justicia.",
    "Esto es grave.", "Hay que seguirlo de cerca.", "No es un juego.", "Qué cinismo.", "",
)  # fmt: skip
_SUBJECTS_EN = (
    "Bukele", "Maduro", "The proposed swap", "The 252 Venezuelans in CECOT",
    "Venezuela's political prisoners", "The Trump administration", "Rights groups",
    "A federal judge", "The families of the deported men", "El Salvador's government",
)  # fmt: skip
_PREDICATES_EN = (
    "still will not say who is held where", "treats people as bargaining chips",
    "turned a prison into a stage for social media", "calls them terrorists without a trial",
    "asks for proof of life it denies at home", "has not released the list of names",
    "warns that returning them risks persecution", "rejected the offer within hours",
    "says most had no criminal record", "wants due process for everyone involved",
)  # fmt: skip
_OPINIONS_EN = ("Shameful.", "Worth watching.", "This matters.", "No one explains it.", "")
_HASHTAGS = ("#CECOT", "#Bukele", "#PresosPoliticos", "#Venezuela", "#AlienEnemiesAct")
_MENTIONS = ("@nayibbukele", "@NicolasMaduro", "@ForoPenal", "@hrw")
_NEWS = tuple(
    (f"https://{site}/2025/04/21/{slug}?utm_source=share", headline)
    for site, slug, headline in (
        (
            "elfaro.net",
            "canje",
            "Bukele propone canjear a los 252 venezolanos del CECOT por presos políticos",
        ),
        (
            "efectococuyo.com",
            "rechazo",
            "Caracas rechaza la propuesta de Bukele y exige la liberación de los migrantes",
        ),
        (
            "www.reuters.com",
            "swap",
            "El Salvador's Bukele offers Venezuela a prisoner swap for deportees",
        ),
        (
            "apnews.com",
            "cecot-records",
            "Most Venezuelans sent to El Salvador prison had no US criminal record",
        ),
        (
            "elpais.com",
            "fiscal",
            "El fiscal venezolano pide fe de vida de los detenidos en El Salvador",
        ),
        (
            "www.nytimes.com",
            "judge",
            "Judge orders government to disclose who was deported under wartime law",
        ),
        (
            "cronica.uno",
            "familias",
            "Las familias de los presos políticos piden incluirlos en cualquier acuerdo",
        ),
        ("elpitazo.net", "lista", "Publican la lista de los venezolanos trasladados al CECOT"),
    )
)
_SLOGANS = ("Libertad para los presos políticos ya", "Free them all, bring them home now")
_CAMPAIGN = (
    "Los 252 del CECOT son terroristas del Tren de Aragua y Bukele hace bien en no soltarlos. "
    "Ningún canje con la dictadura de Maduro, primero la seguridad de El Salvador!"
)
_SWAPS = (
    ("terroristas", "criminales"), ("hace bien", "tiene razón"), ("soltarlos", "liberarlos"),
    ("dictadura", "tiranía"), ("primero", "ante todo"), ("Ningún", "Ningun"),
)  # fmt: skip
_EXTRAS = ("🇸🇻", "👏👏", "#BukeleTieneRazon", "#FueraMaduro", "#CECOT", "@nayibbukele", "!!!")


@dataclass(frozen=True)
class GeneratedDay:
    posts: list[Post]
    campaign_handles: frozenset[str]


def generate_day(organic: int = 5000, seed: int = 18, day: date = DAY) -> GeneratedDay:
    """`organic` organic posts over `day` plus the campaign (on DAY's afternoon, if that day)."""
    rng = random.Random(seed)
    start = datetime(day.year, day.month, day.day, tzinfo=UTC)
    posts = list(_organic(rng, organic, start))
    handles: set[str] = set()
    if day == DAY:
        for post in _campaign(rng):
            handles.add(post.author_handle or "")
            posts.append(post)
    posts.sort(key=lambda p: p.created_at)
    return GeneratedDay(posts, frozenset(handles))


def _organic(rng: random.Random, count: int, start: datetime) -> Iterator[Post]:
    accounts = max(50, count // 4)
    originals = [f"x-orig-{n}" for n in range(6)]
    for n in range(count):
        account = int(accounts * rng.random() ** 2)  # a few accounts post a lot
        at = start + timedelta(seconds=_daytime_second(rng))
        roll = rng.random()
        repost_of = None
        if roll < 0.08:
            text, repost_of = "", rng.choice(originals)
        elif roll < 0.11:
            url, headline = _NEWS[min(int(rng.expovariate(0.2)), len(_NEWS) - 1)]
            text = f"{headline} {url}"  # a share button's text, verbatim
        elif roll < 0.14:
            text = rng.choice(_SLOGANS) + " " + rng.choice(_HASHTAGS)
        else:
            text = _opinion(rng)
        yield Post(
            platform=rng.choice(("x", "bluesky", "mastodon")),
            external_id=f"organic-{start.date()}-{n}",
            created_at=at,
            text=text,
            author_id=f"acct-{account}",
            author_handle=f"user{account}",
            lang="es" if rng.random() < 0.6 else "en",
            metrics=Metrics(likes=rng.randrange(200), reposts=rng.randrange(40)),
            repost_of=repost_of,
        )


def _opinion(rng: random.Random) -> str:
    spanish = rng.random() < 0.6
    subjects, predicates, opinions = (
        (_SUBJECTS_ES, _PREDICATES_ES, _OPINIONS_ES)
        if spanish
        else (_SUBJECTS_EN, _PREDICATES_EN, _OPINIONS_EN)
    )
    parts = [rng.choice(subjects), rng.choice(predicates) + ".", rng.choice(opinions)]
    if rng.random() < 0.4:
        parts.append(" ".join(rng.sample(_HASHTAGS, rng.randint(1, 2))))
    if rng.random() < 0.2:
        parts.insert(0, rng.choice(_MENTIONS))
    if rng.random() < 0.05:
        parts.append(_NEWS[min(int(rng.expovariate(0.2)), len(_NEWS) - 1)][0])
    return " ".join(p for p in parts if p)


def _daytime_second(rng: random.Random) -> int:
    """A second of the day, busier in the afternoon and evening than at night."""
    hour = rng.choices(range(24), weights=[1, 1, 1, 1, 1, 2, 3, 4, 5, 6, 6, 6,
                                           7, 7, 7, 7, 7, 7, 8, 8, 7, 5, 3, 2])[0]  # fmt: skip
    return hour * 3600 + rng.randrange(3600)


def _campaign(rng: random.Random) -> Iterator[Post]:
    for n in range(CAMPAIGN_ACCOUNTS):
        text = _CAMPAIGN
        for old, new in rng.sample(_SWAPS, rng.randint(0, 2)):
            text = text.replace(old, new)
        if rng.random() < 0.3:
            text = text.upper() if rng.random() < 0.3 else text.lower()
        extras = rng.sample(_EXTRAS, rng.randint(0, 2))
        text = " ".join([*extras[:1], text, *extras[1:]])
        if rng.random() < 0.5:
            text += f" https://t.co/{rng.getrandbits(40):x}"
        yield Post(
            platform="x",
            external_id=f"campaign-{n}",
            created_at=CAMPAIGN_START + timedelta(seconds=rng.randrange(CAMPAIGN_SECONDS)),
            text=text,
            author_id=f"campaign-{n}",
            author_handle=f"{CAMPAIGN_PREFIX}{n:02d}",
            lang="es",
            metrics=Metrics(likes=rng.randrange(5), reposts=rng.randrange(30)),
        )
