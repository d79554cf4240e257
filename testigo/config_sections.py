"""The config's sections as frozen dataclasses: one per TOML table, defaults as shipped."""

from __future__ import annotations

from dataclasses import dataclass, field

from storage.exposure_policy import (
    DEFAULT_COORDINATED_WEIGHT,
    DEFAULT_HOSTILE,
    DEFAULT_MIN_MENTIONS,
    DEFAULT_STIGMATISING,
)

DEFAULT_DATABASE_URL = "sqlite:///testigo.db"


@dataclass(frozen=True)
class TopicConfig:
    name: str = "exchange-2025"
    title: str = "Proposed exchange of Venezuelans held in CECOT for political prisoners"
    languages: list[str] = field(default_factory=lambda: ["es", "en"])


@dataclass(frozen=True)
class DatabaseConfig:
    url: str = DEFAULT_DATABASE_URL


@dataclass(frozen=True)
class ScheduleConfig:
    """Durations are whole seconds, read from the file's `annotate_interval = "1m"` etc."""

    annotate_interval_seconds: int = 60
    annotate_batch_size: int = 500
    rollup_interval_seconds: int = 300
    jitter_seconds: int = 30


@dataclass(frozen=True)
class DigestConfig:
    time: str = "07:00"
    timezone: str = "America/Caracas"
    out_dir: str = "digests"


@dataclass(frozen=True)
class RetentionConfig:
    raw_payload_days: int = 90  # 0 keeps raw payloads for as long as the database lives
    text_days: int = 0  # 0 keeps post text for as long as the database lives


@dataclass(frozen=True)
class NlpConfig:
    # Trained spaCy pipelines per language, e.g. { es = "es_core_news_md" }; empty = rules only.
    models: dict[str, str] = field(default_factory=dict)
    data_dir: str = ""  # a folder of lexicon/watchlist files overriding the packaged ones


@dataclass(frozen=True)
class PrivacyConfig:
    pseudonym_key_env: str = "TESTIGO_PSEUDONYM_KEY"
    min_mentions: int = DEFAULT_MIN_MENTIONS


@dataclass(frozen=True)
class ExposureConfig:
    """What raises a person's risk-exposure score (see README, Queries and digest)."""

    # frame id -> weight 0..1; a post counts with its strongest affirmed stigmatising frame
    stigmatising_frames: dict[str, float] = field(
        default_factory=lambda: dict(DEFAULT_STIGMATISING)
    )
    # actors who have publicly stigmatised the deported men or the political prisoners
    hostile_actors: list[str] = field(default_factory=lambda: list(DEFAULT_HOSTILE))
    # weight of the share of the person's posts that belong to coordinated clusters
    coordinated_weight: float = DEFAULT_COORDINATED_WEIGHT


@dataclass(frozen=True)
class CoordinationConfig:
    """When posts count as coordinated amplification (see README, Coordinated amplification)."""

    window: str = "5m"  # how close in time the posts of distinct accounts must be
    min_accounts: int = 5  # distinct accounts sharing one text, link or repost in the window
    similarity: float = 0.6  # estimated Jaccard similarity of word pairs for "the same text"


@dataclass(frozen=True)
class DashboardConfig:
    host: str = "127.0.0.1"
    port: int = 8000


@dataclass(frozen=True)
class SecretsConfig:
    file: str = ""  # TOML file of NAME = "value", consulted when the env var is unset


ALERT_KINDS = ("webhook", "email")
ALERT_TRIGGERS = ("exposure", "spike")
SMTP_SECURITY = ("starttls", "tls", "none")


@dataclass(frozen=True)
class AlertConfig:
    """One `[[alerts]]` table: when to alert, and where to (see README, Alerts)."""

    name: str
    kind: str  # webhook | email
    when: list[str] = field(default_factory=lambda: list(ALERT_TRIGGERS))
    min_score: float = 60.0  # exposure: a person's score reaches this ...
    min_rise: float = 20.0  # ... or rises this much against the day before
    spike_min_posts: int = 5
    reveal: bool = False  # names in the alert (each one audited); off: pseudonyms only
    dashboard_url: str = ""  # links in alerts; default http://[dashboard] host:port
    url_env: str = ""  # webhook: the variable holding the URL (webhook URLs are secrets)
    smtp_host: str = ""
    smtp_port: int = 587
    security: str = "starttls"  # starttls | tls | none
    sender: str = ""
    to: list[str] = field(default_factory=list)
    username_env: str = ""
    password_env: str = ""
    ca_file: str = ""  # a CA bundle to trust for the SMTP server (default: the system's)
