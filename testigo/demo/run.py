"""Run the demo: a temporary config pointed at the replay, then collect, annotate and roll up.

Everything lives in one folder (a temp dir, or `--dir`): the SQLite database,
the config, a 0600 secrets file with the demo's credentials and pseudonym key,
and the digests. The user's config, database, environment and pseudonym key
file are never read or written: the config is built here, and the database URL
is set after parsing so `$TESTIGO_DATABASE_URL` cannot redirect it.
"""

from __future__ import annotations

import os
import secrets
import shutil
import tempfile
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine, Select, distinct, func, select
from sqlalchemy.orm import Session

from collector.post import PLATFORMS
from storage.engine import transaction
from storage.models import (
    Digest,
    Individual,
    IndividualMention,
    Post,
    QuarantinedItem,
    Source,
)
from storage.rollups import refresh_rollups
from storage.users import add_user
from testigo.annotation_worker import AnnotationWorker
from testigo.collect import RunSummary, run_sources
from testigo.config import Config, DatabaseConfig, parse_config
from testigo.database import open_database
from testigo.demo import texts
from testigo.demo.replay import CREDENTIALS, FEEDS
from testigo.demo.sample import START, Sample
from testigo.errors import UserError
from testigo.pipeline_loading import load_configured_pipeline

MARKER = ".testigo-demo"
DATABASE = "demo.db"
PSEUDONYM_KEY_ENV = "TESTIGO_DEMO_PSEUDONYM_KEY"
MAX_PAGES = 500


@dataclass(slots=True)
class DemoCounts:
    """What the demo database holds after collecting and annotating, per platform."""

    posts: dict[str, int] = field(default_factory=dict)
    quarantined: dict[str, int] = field(default_factory=dict)
    reposts: dict[str, int] = field(default_factory=dict)
    annotated: int = 0
    individuals: dict[str, int] = field(default_factory=dict)
    """Distinct people named in posts, by origin (watchlist, discovered)."""
    digests: int = 0


def prepare_folder(folder: str | None) -> Path:
    """A fresh demo folder; a `--dir` already holding a demo is emptied, anything else refused."""
    if folder is None:
        path = Path(tempfile.mkdtemp(prefix="testigo-demo-"))
    else:
        path = Path(folder).expanduser().resolve()
        if path.exists() and any(path.iterdir()):
            if not (path / MARKER).exists():
                raise UserError(
                    f"{path} is not empty and holds no earlier demo; pick another --dir"
                )
            shutil.rmtree(path)
    path.mkdir(parents=True, exist_ok=True)
    (path / MARKER).write_text("made by `testigo demo`; safe to delete\n", "utf-8")
    return path


def write_secrets(folder: Path) -> Path:
    """The demo's credentials and a fresh pseudonym key, mode 0600 like any secrets file."""
    path = folder / "secrets.toml"
    values = {**CREDENTIALS, PSEUDONYM_KEY_ENV: secrets.token_hex(32),
              "TESTIGO_DASHBOARD_SECRET": secrets.token_hex(32)}  # fmt: skip
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.writelines(f'{name} = "{value}"\n' for name, value in values.items())
    return path


def config_text(folder: Path, base_url: str, secrets_path: Path, now: datetime) -> str:
    """A config whose every source reads the replay at `base_url`."""
    window_days = (now - START).days + 2
    feeds = ", ".join(f'"feeds/{name}"' for name in FEEDS)
    channels = ", ".join(f'"{channel}"' for channel in texts.TELEGRAM_CHANNELS)
    common = f'base_url = "{base_url}"\nmax_pages = {MAX_PAGES}\nenabled = true\ninterval = "15m"'
    return f"""# Written by `testigo demo`: every source reads the local replay server.
[database]
url = "sqlite:///{folder / DATABASE}"

[digest]
out_dir = "{folder / "digests"}"

[privacy]
pseudonym_key_env = "{PSEUDONYM_KEY_ENV}"
min_mentions = 3

[secrets]
file = "{secrets_path}"

[[sources]]
name = "demo-bluesky"
kind = "bluesky"
{common}
queries = ["CECOT"]
credentials = {{ identifier = "DEMO_BSKY_HANDLE", password = "DEMO_BSKY_APP_PASSWORD" }}

[[sources]]
name = "demo-mastodon"
kind = "mastodon"
{common}
tags = ["CECOT"]

[[sources]]
name = "demo-reddit"
kind = "reddit"
{common}
auth_base_url = "{base_url}"
queries = ["CECOT"]
credentials = {{ client_id = "DEMO_REDDIT_CLIENT_ID", client_secret = "DEMO_REDDIT_CLIENT_SECRET" }}

[[sources]]
name = "demo-x"
kind = "x"
{common}
queries = ["CECOT (Bukele OR Maduro)"]
credentials = {{ bearer_token = "DEMO_X_BEARER_TOKEN" }}

[[sources]]
name = "demo-news-feeds"
kind = "rss"
{common}
feeds = [{feeds}]

[[sources]]
name = "demo-gdelt"
kind = "gdelt"
{common}
window = "{window_days}d"
queries = ["CECOT (Bukele OR Maduro) sourcelang:english",
           "CECOT (Bukele OR Maduro) sourcelang:spanish"]

[[sources]]
name = "demo-telegram"
kind = "telegram"
{common}
channels = [{channels}]
"""


def demo_config(folder: Path, base_url: str) -> Config:
    """The demo's config, written to the folder for the curious, database pinned to the folder."""
    text = config_text(folder, base_url, write_secrets(folder), datetime.now(UTC))
    path = folder / "testigo-demo.toml"
    path.write_text(text, "utf-8")
    config = parse_config(text, str(path))
    return replace(config, database=DatabaseConfig(url=f"sqlite:///{folder / DATABASE}"))


def collect_and_annotate(config: Config) -> tuple[Engine, list[RunSummary]]:
    """Run every demo source once, then annotate until nothing is left, then roll up."""
    engine = open_database(config)
    summaries = run_sources(engine, config, config.sources)
    worker = AnnotationWorker(engine, load_configured_pipeline(config), 500)
    worker.run_until_idle()
    with transaction(engine) as session:
        refresh_rollups(session)
    return engine, summaries


def add_demo_users(engine: Engine) -> dict[str, tuple[str, str]]:
    """An analyst (sees names) and a viewer (pseudonyms only), with fresh random passwords."""
    logins = {
        "demo-analyst": (secrets.token_urlsafe(9), "analyst"),
        "demo-viewer": (secrets.token_urlsafe(9), "viewer"),
    }
    with transaction(engine) as session:
        for name, (password, role) in logins.items():
            add_user(session, name, password, role)
    return logins


def count(engine: Engine) -> DemoCounts:
    """The figures the demo reports, read back from its database."""
    counts = DemoCounts()
    with transaction(engine) as session:
        counts.posts = _by(session, select(Post.platform, func.count()).group_by(Post.platform))
        counts.reposts = _by(
            session,
            select(Post.platform, func.count())
            .where(Post.repost_of.is_not(None))
            .group_by(Post.platform),
        )
        counts.quarantined = _by(
            session,
            select(Source.kind, func.count())
            .join(QuarantinedItem, QuarantinedItem.source_id == Source.id)
            .group_by(Source.kind),
        )
        counts.annotated = (
            session.scalar(select(func.count()).where(Post.annotated_version.is_not(None))) or 0
        )
        counts.individuals = _by(
            session,
            select(Individual.origin, func.count(distinct(IndividualMention.individual_id)))
            .join(IndividualMention, IndividualMention.individual_id == Individual.id)
            .group_by(Individual.origin),
        )
        counts.digests = session.scalar(select(func.count()).select_from(Digest)) or 0
    return counts


def _by(session: Session, query: Select[str, int]) -> dict[str, int]:
    return {str(key): int(value) for key, value in session.execute(query)}


def platforms(sample: Sample, counts: DemoCounts) -> list[str]:
    seen = set(sample.expected()["posts"]) | set(counts.posts)
    return [p for p in PLATFORMS if p in seen]
