"""The daily digest, written once: the CLI, the daemon's daily job and the demo call this."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import Engine

from dashboard.digest import build_digest
from storage.digests import save_digest
from storage.engine import transaction
from storage.privacy import Names
from storage.rollups import refresh_rollups
from testigo.config import Config
from testigo.coordination import refresh_coordination, settings_from
from testigo.name_masking import names_policy


def yesterday() -> date:
    return date.today() - timedelta(days=1)


def write_digest(
    engine: Engine,
    config: Config,
    day: date,
    *,
    names: Names | None = None,
    out_dir: Path | None = None,
) -> Path:
    """Build `day`'s digest, record it in the database, write .md and .html; return the .md path.

    Names are pseudonymised unless `names` says otherwise (a reveal is the caller's to audit).
    """
    folder = out_dir or Path(config.digest.out_dir)
    refresh_coordination(engine, settings_from(config))
    with transaction(engine) as session:
        refresh_rollups(session)
        built = build_digest(
            session,
            day,
            names=names or names_policy(config),
            policy=config.exposure_policy(),
            title=config.topic.title,
        )
        save_digest(session, day, built.markdown, built.html)
    folder.mkdir(parents=True, exist_ok=True)
    for suffix, text in (("md", built.markdown), ("html", built.html)):
        (folder / f"digest-{day.isoformat()}.{suffix}").write_text(text, "utf-8")
    return folder / f"digest-{day.isoformat()}.md"


def daily_digest(engine: Engine, config: Config) -> str:
    """The daemon's daily job: yesterday's digest, pseudonymised."""
    return f"wrote {write_digest(engine, config, yesterday())}"
