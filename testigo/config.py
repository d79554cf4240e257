"""Load and validate the TOML config; resolve secrets from the environment.

Lookup order: ``--config PATH``, ``$TESTIGO_CONFIG``, ``./testigo.toml``, then
the packaged default (the April 2025 exchange topic). ``$TESTIGO_DATABASE_URL``
overrides ``[database] url``. Secrets never live in the file: a source's
``credentials`` table maps each credential to the NAME of an environment
variable (or of a key in ``[secrets] file``).
"""

from __future__ import annotations

import importlib.util
import os
import re
import tomllib
from dataclasses import dataclass, field, fields, replace
from importlib import resources
from pathlib import Path
from typing import Any, get_args, get_origin, get_type_hints
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from collector.registry import COMMON_KEYS, SOURCE_KINDS, SourceConfig
from storage.queries.exposure import DEFAULT_HOSTILE, DEFAULT_STIGMATISING, DEFAULT_WEIGHTS
from testigo.errors import ConfigError

DEFAULT_DATABASE_URL = "sqlite:///testigo.db"
LOCAL_CONFIG_NAME = "testigo.toml"
MASK = "********"

_DURATION = re.compile(r"^\s*(\d+)\s*([smhd])\s*$")
_DURATION_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_CLOCK_TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")
# What a credential setting holds: the NAME of an environment variable, never its value.
ENV_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,127}$")
_LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}(-[A-Za-z]{2,4})?$")
# Whole-number settings and the least each may be: below it, a setting does harm
# (a negative retention emptied every raw payload; a port of -1 crashed the server).
_MINIMUMS = {
    ("schedule", "annotate_batch_size"): 1,
    ("retention", "raw_payload_days"): 0,
    ("retention", "text_days"): 0,
    ("privacy", "min_mentions"): 1,
    ("dashboard", "port"): 1,
}
MAX_PORT = 65535


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
    alerts: list[AlertConfig] = field(default_factory=list)

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


def duration_seconds(value: str, where: str, *, minimum: int = 0) -> int:
    """'15m' -> 900. Units: s, m, h, d. An interval takes `minimum=1`: `0s` would run a job
    back to back forever."""
    match = _DURATION.match(value) if isinstance(value, str) else None
    if not match:
        raise ConfigError(
            f"{where}: expected a duration like '30s', '15m', '6h' or '1d', got {value!r}"
        )
    seconds = int(match.group(1)) * _DURATION_SECONDS[match.group(2)]
    if seconds < minimum:
        raise ConfigError(f"{where}: must be at least {minimum}s, got {value!r}")
    return seconds


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
    unknown = sorted(set(data) - set(sections) - {"sources", "alerts"})
    if unknown:
        raise ConfigError(
            f"{origin}: unknown section [{unknown[0]}]; expected one of "
            + ", ".join(sorted([*sections, "sources", "alerts"]))
        )
    built = {
        name: _build_section(cls, data.get(name, {}), f"{origin}: [{name}]")
        for name, cls in sections.items()
    }
    env_url = os.environ.get("TESTIGO_DATABASE_URL")
    if env_url:
        built["database"] = DatabaseConfig(url=env_url)
    _check_settings(built, origin)
    _check_coordination(built["coordination"], built["exposure"], origin)
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
    alerts = _build_alerts(data.get("alerts", []), built["dashboard"], origin)
    return Config(path=origin, sources=sources, alerts=alerts, **built)


def _build_alerts(tables: Any, dashboard: DashboardConfig, origin: str) -> list[AlertConfig]:
    if not isinstance(tables, list):
        raise ConfigError(f"{origin}: alerts: expected [[alerts]] tables")
    alerts = [_build_alert(t, dashboard, f"{origin}: alerts[{i}]") for i, t in enumerate(tables)]
    names = [a.name for a in alerts]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise ConfigError(f"{origin}: alerts: name {duplicates[0]!r} is used more than once")
    return alerts


def _build_alert(table: Any, dashboard: DashboardConfig, where: str) -> AlertConfig:
    if not isinstance(table, dict):
        raise ConfigError(f"{where}: expected a table")
    name = table.get("name")
    if not isinstance(name, str) or not name:
        raise ConfigError(f"{where}: name: required (a unique string)")
    where = f"{where.rsplit(':', 1)[0]}: alert {name!r}"
    alert = _build_section(AlertConfig, table, where)
    if alert.kind not in ALERT_KINDS:
        raise ConfigError(f"{where}: kind: expected one of {', '.join(ALERT_KINDS)}")
    unknown = sorted(set(alert.when) - set(ALERT_TRIGGERS))
    if unknown or not alert.when:
        raise ConfigError(f"{where}: when: expected some of {', '.join(ALERT_TRIGGERS)}")
    if alert.security not in SMTP_SECURITY:
        raise ConfigError(f"{where}: security: expected one of {', '.join(SMTP_SECURITY)}")
    for key in ("url_env", "username_env", "password_env"):
        if getattr(alert, key):
            _check_env_name(getattr(alert, key), f"{where}: {key}")
    required = {"webhook": ("url_env",), "email": ("smtp_host", "sender", "to")}[alert.kind]
    missing = [key for key in required if not getattr(alert, key)]
    if missing:
        raise ConfigError(f"{where}: {missing[0]}: required for kind {alert.kind!r}")
    if not 1 <= alert.smtp_port <= 65535:
        raise ConfigError(f"{where}: smtp_port: expected 1 to 65535")
    if alert.min_score < 0 or alert.min_rise < 0 or alert.spike_min_posts < 1:
        raise ConfigError(f"{where}: min_score and min_rise must be >= 0, spike_min_posts >= 1")
    if not alert.dashboard_url:
        default = f"http://{dashboard.host}:{dashboard.port}"
        alert = replace(alert, dashboard_url=default)
    return alert


def _check_settings(built: dict[str, Any], origin: str) -> None:
    """Refuse values that parse but would do harm; each message names its key."""
    for (section, key), least in _MINIMUMS.items():
        value = getattr(built[section], key)
        if value < least:
            raise ConfigError(f"{origin}: [{section}] {key}: must be at least {least}, got {value}")
    if built["dashboard"].port > MAX_PORT:
        raise ConfigError(f"{origin}: [dashboard] port: must be at most {MAX_PORT}")
    schedule = built["schedule"]
    for key in ("annotate_interval", "rollup_interval"):
        duration_seconds(getattr(schedule, key), f"{origin}: [schedule] {key}", minimum=1)
    duration_seconds(schedule.jitter, f"{origin}: [schedule] jitter")
    digest = built["digest"]
    if not _CLOCK_TIME.match(digest.time):
        raise ConfigError(
            f"{origin}: [digest] time: expected HH:MM (00:00 to 23:59), got {digest.time!r}"
        )
    if not _known_time_zone(digest.timezone):
        raise ConfigError(
            f"{origin}: [digest] timezone: unknown time zone {digest.timezone!r}; "
            "expected an IANA name like 'America/Caracas' or 'UTC'"
        )
    _check_env_name(built["privacy"].pseudonym_key_env, f"{origin}: [privacy] pseudonym_key_env")
    _check_models(built["nlp"].models, f"{origin}: [nlp] models")


def _known_time_zone(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def _check_env_name(value: str, where: str) -> None:
    """The value is never echoed: a pasted token must not reach a terminal or a log."""
    if not ENV_NAME.match(value) or _looks_like_token(value):
        raise ConfigError(
            f"{where}: expected the NAME of an environment variable (letters, digits, "
            "underscores), not a credential itself; put the secret in that variable"
        )


def _looks_like_token(name: str) -> bool:
    """Some tokens are valid variable names (a Telegram api_hash is 32 hex digits, a GitHub
    token `ghp_` and 36 letters and digits); real variable names are words split by
    underscores, none of them 16 characters long with digits in it."""
    return any(len(part) >= 16 and any(c.isdigit() for c in part) for part in name.split("_"))


def _check_models(models: dict[str, str], where: str) -> None:
    """Each trained pipeline must be an installed package or a folder: the worker that loads
    it runs in a child process, where a bad name would fail on every restart."""
    for lang, name in models.items():
        if not _LANGUAGE_CODE.match(lang):
            raise ConfigError(f"{where}: {lang!r} is not a language code like 'es' or 'en'")
        if not (_installed_package(name) or Path(name).is_dir()):
            raise ConfigError(
                f"{where}: {lang} = {name!r} is neither an installed spaCy pipeline nor a "
                f"folder; install it (python -m spacy download {name}) or remove it"
            )


def _installed_package(name: str) -> bool:
    if not name.isidentifier():
        return False
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


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
    if expected is bool and not isinstance(value, bool):
        raise ConfigError(f"{where}: expected true or false, got {value!r}")
    if expected is float and (isinstance(value, bool) or not isinstance(value, int | float)):
        raise ConfigError(f"{where}: expected a number, got {value!r}")
    if expected is int and (isinstance(value, bool) or not isinstance(value, int)):
        raise ConfigError(f"{where}: expected a whole number, got {value!r}")
    if expected is str and not isinstance(value, str):
        shown = "" if where.endswith("_env") else f", got {value!r}"  # may be a pasted secret
        raise ConfigError(f"{where}: expected a string{shown}")


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
    credentials = _credential_names(table.get("credentials", {}), f"{where}: credentials")
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
        interval_seconds=duration_seconds(
            table.get("interval", "15m"), f"{where} interval", minimum=1
        ),
        max_pages=max_pages,
        enabled=enabled,
        credentials=dict(credentials),
        options=options,
    )


def _credential_names(table: Any, where: str) -> dict[str, str]:
    """credential -> environment-variable name; values are never echoed (they may be secrets)."""
    if not isinstance(table, dict):
        raise ConfigError(f'{where}: expected a table of credential = "ENV_VAR_NAME"')
    for credential, env_name in table.items():
        if not isinstance(env_name, str):
            raise ConfigError(f"{where} {credential}: expected the name of an environment variable")
        _check_env_name(env_name, f"{where} {credential}")
    return dict(table)


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
    shown["alerts"] = [
        {
            **asdict(alert),
            **{
                key: f"${getattr(alert, key)} "
                + ("(set, " + MASK + ")" if config.secret(getattr(alert, key)) else "(not set)")
                for key in ("url_env", "username_env", "password_env")
                if getattr(alert, key)
            },
        }
        for alert in config.alerts
    ]
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
