"""Load and validate the TOML config; resolve secrets from the environment.

Lookup order: ``--config PATH``, ``$TESTIGO_CONFIG``, ``./testigo.toml``, then
the packaged default (the April 2025 exchange topic). ``$TESTIGO_DATABASE_URL``
overrides ``[database] url``. Secrets never live in the file: a source's
``credentials`` table maps each credential to the NAME of an environment
variable (or of a key in ``[secrets] file``).
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field, fields
from importlib import resources
from pathlib import Path
from typing import Any, get_args, get_origin, get_type_hints

from collector.registry import COMMON_KEYS, SOURCE_KINDS, SourceConfig
from storage.queries.exposure import DEFAULT_HOSTILE, DEFAULT_STIGMATISING, DEFAULT_WEIGHTS
from testigo.errors import ConfigError

DEFAULT_DATABASE_URL = "sqlite:///testigo.db"
LOCAL_CONFIG_NAME = "testigo.toml"
MASK = "********"

_DURATION = re.compile(r"^\s*(\d+)\s*([smhd])\s*$")
_DURATION_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


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
    annotate_interval: str = "1m"
    annotate_batch_size: int = 500
    rollup_interval: str = "5m"
    jitter: str = "30s"


@dataclass(frozen=True)
class DigestConfig:
    time: str = "07:00"
    timezone: str = "America/Caracas"
    out_dir: str = "digests"


@dataclass(frozen=True)
class RetentionConfig:
    raw_payload_days: int = 90
    text_days: int = 0  # 0 keeps post text for as long as the database lives


@dataclass(frozen=True)
class NlpConfig:
    # Trained spaCy pipelines per language, e.g. { es = "es_core_news_md" }; empty = rules only.
    models: dict[str, str] = field(default_factory=dict)
    data_dir: str = ""  # a folder of lexicon/watchlist files overriding the packaged ones


@dataclass(frozen=True)
class PrivacyConfig:
    pseudonym_key_env: str = "TESTIGO_PSEUDONYM_KEY"
    min_mentions: int = 3


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
    coordinated_weight: float = DEFAULT_WEIGHTS["coordinated"]


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


@dataclass(frozen=True)
class Config:
    path: str  # where it was loaded from ("<packaged default>" for the default)
    topic: TopicConfig
    database: DatabaseConfig
    schedule: ScheduleConfig
    digest: DigestConfig
    retention: RetentionConfig
    nlp: NlpConfig
    privacy: PrivacyConfig
    dashboard: DashboardConfig
    exposure: ExposureConfig
    coordination: CoordinationConfig
    secrets: SecretsConfig
    sources: list[SourceConfig]

    def secret(self, env_name: str) -> str | None:
        """A secret by the name of its environment variable (or secrets-file key)."""
        value = os.environ.get(env_name)
        if value:
            return value
        if self.secrets.file:
            return _read_secrets_file(self.secrets.file).get(env_name) or None
        return None

    def source_credentials(self, source: SourceConfig) -> dict[str, str | None]:
        return {name: self.secret(env) for name, env in source.credentials.items()}

    def source_status(self, source: SourceConfig) -> tuple[bool, str]:
        """Whether a source runs, and why (for `sources list` and the daemon's start line)."""
        kind = SOURCE_KINDS[source.kind]
        missing = [
            f"{name} (${source.credentials.get(name, '?')})"
            for name in kind.required_credentials
            if not self.source_credentials(source).get(name)
        ]
        if source.enabled is False:
            return False, "disabled in config"
        if source.enabled == "auto":
            unset = [
                f"{name} (${env})"
                for name, env in source.credentials.items()
                if not self.secret(env)
            ]
            if unset:
                return False, "credentials not set: " + ", ".join(unset)
            return True, "credentials present" if source.credentials else "enabled"
        if missing:
            return False, "required credentials not set: " + ", ".join(missing)
        return True, "enabled"


def duration_seconds(value: str, where: str) -> int:
    """'15m' -> 900. Units: s, m, h, d."""
    match = _DURATION.match(value) if isinstance(value, str) else None
    if not match:
        raise ConfigError(
            f"{where}: expected a duration like '30s', '15m', '6h' or '1d', got {value!r}"
        )
    return int(match.group(1)) * _DURATION_SECONDS[match.group(2)]


def resolve_config_path(explicit: str | None) -> Path | None:
    """The file to load, or None for the packaged default."""
    if explicit:
        path = Path(explicit)
        if not path.is_file():
            raise ConfigError(f"{path}: config file not found")
        return path
    env_path = os.environ.get("TESTIGO_CONFIG")
    if env_path:
        path = Path(env_path)
        if not path.is_file():
            raise ConfigError(f"{path}: config file not found (from $TESTIGO_CONFIG)")
        return path
    local = Path(LOCAL_CONFIG_NAME)
    return local if local.is_file() else None


def load_config(explicit_path: str | None = None) -> Config:
    path = resolve_config_path(explicit_path)
    if path is None:
        text = resources.files("testigo").joinpath("default_config.toml").read_text("utf-8")
        return parse_config(text, "<packaged default>")
    return parse_config(path.read_text("utf-8"), str(path))


def parse_config(text: str, origin: str) -> Config:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{origin}: not valid TOML: {error}") from None
    sections = {
        "topic": TopicConfig,
        "database": DatabaseConfig,
        "schedule": ScheduleConfig,
        "digest": DigestConfig,
        "retention": RetentionConfig,
        "nlp": NlpConfig,
        "privacy": PrivacyConfig,
        "dashboard": DashboardConfig,
        "exposure": ExposureConfig,
        "coordination": CoordinationConfig,
        "secrets": SecretsConfig,
    }
    unknown = sorted(set(data) - set(sections) - {"sources"})
    if unknown:
        raise ConfigError(
            f"{origin}: unknown section [{unknown[0]}]; expected one of "
            + ", ".join(sorted([*sections, "sources"]))
        )
    built = {
        name: _build_section(cls, data.get(name, {}), f"{origin}: [{name}]")
        for name, cls in sections.items()
    }
    env_url = os.environ.get("TESTIGO_DATABASE_URL")
    if env_url:
        built["database"] = DatabaseConfig(url=env_url)
    for key in ("annotate_interval", "rollup_interval", "jitter"):
        duration_seconds(getattr(built["schedule"], key), f"{origin}: [schedule] {key}")
    _check_coordination(built["coordination"], built["exposure"], origin)
    if not re.match(r"^\d{1,2}:\d{2}$", built["digest"].time):
        raise ConfigError(f"{origin}: [digest] time: expected HH:MM, got {built['digest'].time!r}")
    raw_sources = data.get("sources", [])
    if not isinstance(raw_sources, list):
        raise ConfigError(f"{origin}: sources: expected [[sources]] tables")
    sources = [
        _build_source(table, f"{origin}: sources[{i}]") for i, table in enumerate(raw_sources)
    ]
    names = [s.name for s in sources]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise ConfigError(f"{origin}: sources: name {duplicates[0]!r} is used more than once")
    return Config(path=origin, sources=sources, **built)


def _check_coordination(
    coordination: CoordinationConfig, exposure: ExposureConfig, origin: str
) -> None:
    where = f"{origin}: [coordination]"
    duration_seconds(coordination.window, f"{where} window")
    if coordination.min_accounts < 2:
        raise ConfigError(f"{where} min_accounts: must be at least 2")
    if not 0 < coordination.similarity <= 1:
        raise ConfigError(f"{where} similarity: expected a number above 0 and at most 1")
    if exposure.coordinated_weight < 0:
        raise ConfigError(f"{origin}: [exposure] coordinated_weight: must not be negative")


def _build_section(cls: type, table: Any, where: str) -> Any:
    if not isinstance(table, dict):
        raise ConfigError(f"{where}: expected a table")
    hints = get_type_hints(cls)
    names = {f.name for f in fields(cls)}
    unknown = sorted(set(table) - names)
    if unknown:
        raise ConfigError(
            f"{where}: unknown key {unknown[0]!r}; expected one of {', '.join(sorted(names))}"
        )
    for key, value in table.items():
        _check_type(value, hints[key], f"{where} {key}")
    return cls(**table)


def _check_type(value: Any, expected: Any, where: str) -> None:
    origin = get_origin(expected)
    if origin is list:
        (item,) = get_args(expected)
        if not isinstance(value, list) or not all(isinstance(v, item) for v in value):
            raise ConfigError(f"{where}: expected a list of {item.__name__}, got {value!r}")
        return
    if origin is dict:
        _, item = get_args(expected)
        numeric = item is float
        allowed = (int, float) if numeric else (item,)
        if not isinstance(value, dict) or not all(
            isinstance(v, allowed) and not isinstance(v, bool) for v in value.values()
        ):
            what = "numbers" if numeric else "strings"
            raise ConfigError(f"{where}: expected a table of {what}, got {value!r}")
        return
    if expected is float and (isinstance(value, bool) or not isinstance(value, int | float)):
        raise ConfigError(f"{where}: expected a number, got {value!r}")
    if expected is int and (isinstance(value, bool) or not isinstance(value, int)):
        raise ConfigError(f"{where}: expected a whole number, got {value!r}")
    if expected is str and not isinstance(value, str):
        raise ConfigError(f"{where}: expected a string, got {value!r}")


_LIST_OPTIONS = {"queries", "tags", "subreddits", "feeds", "channels", "languages"}


def _build_source(table: Any, where: str) -> SourceConfig:
    if not isinstance(table, dict):
        raise ConfigError(f"{where}: expected a table")
    name = table.get("name")
    if not isinstance(name, str) or not name:
        raise ConfigError(f"{where}: name: required (a unique string)")
    where = f"{where.rsplit(':', 1)[0]}: source {name!r}"
    kind_name = table.get("kind")
    if kind_name not in SOURCE_KINDS:
        raise ConfigError(
            f"{where}: kind: expected one of {', '.join(SOURCE_KINDS)}, got {kind_name!r}"
        )
    kind = SOURCE_KINDS[kind_name]
    allowed = COMMON_KEYS | kind.config_keys
    unknown = sorted(set(table) - allowed)
    if unknown:
        raise ConfigError(
            f"{where}: unknown key {unknown[0]!r} for kind {kind_name!r}; "
            f"expected one of {', '.join(sorted(allowed))}"
        )
    credentials = table.get("credentials", {})
    _check_type(credentials, dict[str, str], f"{where} credentials")
    bad = sorted(set(credentials) - set(kind.credentials))
    if bad:
        raise ConfigError(
            f"{where}: credentials: unknown credential {bad[0]!r} for kind {kind_name!r}; "
            f"expected {', '.join(kind.credentials) or 'none'}"
        )
    enabled = table.get("enabled", "auto")
    if enabled not in (True, False, "auto"):
        raise ConfigError(f'{where}: enabled: expected true, false or "auto", got {enabled!r}')
    max_pages = table.get("max_pages", 10)
    _check_type(max_pages, int, f"{where} max_pages")
    if max_pages < 1:
        raise ConfigError(f"{where}: max_pages: must be at least 1")
    base_url = table.get("base_url", kind.default_base_url)
    _check_type(base_url, str, f"{where} base_url")
    if base_url and not base_url.startswith(("http://", "https://")):
        raise ConfigError(f"{where}: base_url: expected an http(s) URL, got {base_url!r}")
    options = {k: v for k, v in table.items() if k in kind.config_keys}
    for key in _LIST_OPTIONS & set(options):
        _check_type(options[key], list[str], f"{where} {key}")
    return SourceConfig(
        name=name,
        kind=kind_name,
        base_url=base_url.rstrip("/"),
        interval_seconds=duration_seconds(table.get("interval", "15m"), f"{where} interval"),
        max_pages=max_pages,
        enabled=enabled,
        credentials=dict(credentials),
        options=options,
    )


def _read_secrets_file(path: str) -> dict[str, str]:
    try:
        data = tomllib.loads(Path(path).read_text("utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"[secrets] file: {path} not found") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"[secrets] file: {path} is not valid TOML: {error}") from None
    return {k: str(v) for k, v in data.items()}


def mask_url(url: str) -> str:
    """Hide a password in a database URL (postgresql://user:pw@host/db)."""
    return re.sub(r"(://[^:/@]+:)[^@]*@", rf"\g<1>{MASK}@", url)


def config_as_display(config: Config) -> dict[str, Any]:
    """The effective config as plain data, every secret masked, for `config show`."""
    from dataclasses import asdict

    shown: dict[str, Any] = {"loaded_from": config.path}
    for section in (
        "topic",
        "database",
        "schedule",
        "digest",
        "retention",
        "nlp",
        "privacy",
        "dashboard",
        "exposure",
        "coordination",
        "secrets",
    ):
        shown[section] = asdict(getattr(config, section))
    shown["database"]["url"] = mask_url(config.database.url)
    shown["sources"] = []
    for source in config.sources:
        on, why = config.source_status(source)
        shown["sources"].append(
            {
                "name": source.name,
                "kind": source.kind,
                "base_url": source.base_url,
                "interval_seconds": source.interval_seconds,
                "max_pages": source.max_pages,
                "enabled": source.enabled,
                "status": ("on: " if on else "off: ") + why,
                "credentials": {
                    name: f"${env} "
                    + ("(set, " + MASK + ")" if config.secret(env) else "(not set)")
                    for name, env in source.credentials.items()
                },
                **source.options,
            }
        )
    return shown
