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
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from typing import Any

from collector.registry import COMMON_KEYS, SOURCE_KINDS, SourceConfig
from storage.exposure_policy import ExposurePolicy
from testigo.config_sections import (
    ALERT_KINDS,
    ALERT_TRIGGERS,
    SMTP_SECURITY,
    AlertConfig,
    CoordinationConfig,
    DashboardConfig,
    DatabaseConfig,
    DigestConfig,
    ExposureConfig,
    NlpConfig,
    PrivacyConfig,
    RetentionConfig,
    ScheduleConfig,
    SecretsConfig,
    TopicConfig,
)
from testigo.config_values import (
    CLOCK_TIME,
    build_section,
    check_env_name,
    check_models,
    check_type,
    duration_seconds,
    known_time_zone,
)
from testigo.errors import ConfigError

LOCAL_CONFIG_NAME = "testigo.toml"
MASK = "********"
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
# [schedule] duration keys in the file -> the least each may be (an interval of 0s would
# run its job back to back forever; no jitter is fine).
_SCHEDULE_DURATIONS = {"annotate_interval": 1, "rollup_interval": 1, "jitter": 0}


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

    def exposure_policy(self) -> ExposurePolicy:
        """Who is shown and what raises a score, as every exposure reader takes it."""
        return ExposurePolicy.of(
            self.privacy.min_mentions,
            self.exposure.stigmatising_frames,
            self.exposure.hostile_actors,
            self.exposure.coordinated_weight,
        )

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
        name: build_section(cls, data.get(name, {}), f"{origin}: [{name}]")
        for name, cls in sections.items()
        if name != "schedule"
    }
    built["schedule"] = _build_schedule(data.get("schedule", {}), f"{origin}: [schedule]")
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
    alert = build_section(AlertConfig, table, where)
    if alert.kind not in ALERT_KINDS:
        raise ConfigError(f"{where}: kind: expected one of {', '.join(ALERT_KINDS)}")
    unknown = sorted(set(alert.when) - set(ALERT_TRIGGERS))
    if unknown or not alert.when:
        raise ConfigError(f"{where}: when: expected some of {', '.join(ALERT_TRIGGERS)}")
    if alert.security not in SMTP_SECURITY:
        raise ConfigError(f"{where}: security: expected one of {', '.join(SMTP_SECURITY)}")
    for key in ("url_env", "username_env", "password_env"):
        if getattr(alert, key):
            check_env_name(getattr(alert, key), f"{where}: {key}")
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


def _check_coordination(
    coordination: CoordinationConfig, exposure: ExposureConfig, origin: str
) -> None:
    where = f"{origin}: [coordination]"
    duration_seconds(coordination.window, f"{where} window", minimum=1)
    if coordination.min_accounts < 2:
        raise ConfigError(f"{where} min_accounts: must be at least 2")
    if not 0 < coordination.similarity <= 1:
        raise ConfigError(f"{where} similarity: expected a number above 0 and at most 1")
    if exposure.coordinated_weight < 0:
        raise ConfigError(f"{origin}: [exposure] coordinated_weight: must not be negative")


def _check_settings(built: dict[str, Any], origin: str) -> None:
    """Refuse values that parse but would do harm; each message names its key."""
    for (section, key), least in _MINIMUMS.items():
        value = getattr(built[section], key)
        if value < least:
            raise ConfigError(f"{origin}: [{section}] {key}: must be at least {least}, got {value}")
    if built["dashboard"].port > MAX_PORT:
        raise ConfigError(f"{origin}: [dashboard] port: must be at most {MAX_PORT}")
    digest = built["digest"]
    if not CLOCK_TIME.match(digest.time):
        raise ConfigError(
            f"{origin}: [digest] time: expected HH:MM (00:00 to 23:59), got {digest.time!r}"
        )
    if not known_time_zone(digest.timezone):
        raise ConfigError(
            f"{origin}: [digest] timezone: unknown time zone {digest.timezone!r}; "
            "expected an IANA name like 'America/Caracas' or 'UTC'"
        )
    check_env_name(built["privacy"].pseudonym_key_env, f"{origin}: [privacy] pseudonym_key_env")
    check_models(built["nlp"].models, f"{origin}: [nlp] models")


def _build_schedule(table: Any, where: str) -> ScheduleConfig:
    """[schedule] with each duration turned into seconds, checked against its minimum."""
    if not isinstance(table, dict):
        raise ConfigError(f"{where}: expected a table")
    keys = {*_SCHEDULE_DURATIONS, "annotate_batch_size"}
    unknown = sorted(set(table) - keys)
    if unknown:
        raise ConfigError(
            f"{where}: unknown key {unknown[0]!r}; expected one of {', '.join(sorted(keys))}"
        )
    seconds = {
        f"{key}_seconds": duration_seconds(table[key], f"{where} {key}", minimum=least)
        for key, least in _SCHEDULE_DURATIONS.items()
        if key in table
    }
    if "annotate_batch_size" in table:
        check_type(table["annotate_batch_size"], int, f"{where} annotate_batch_size")
        seconds["annotate_batch_size"] = table["annotate_batch_size"]
    return ScheduleConfig(**seconds)


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
    check_type(max_pages, int, f"{where} max_pages")
    if max_pages < 1:
        raise ConfigError(f"{where}: max_pages: must be at least 1")
    base_url = table.get("base_url", kind.default_base_url)
    check_type(base_url, str, f"{where} base_url")
    if base_url and not base_url.startswith(("http://", "https://")):
        raise ConfigError(f"{where}: base_url: expected an http(s) URL, got {base_url!r}")
    options = {k: v for k, v in table.items() if k in kind.config_keys}
    for key in _LIST_OPTIONS & set(options):
        check_type(options[key], list[str], f"{where} {key}")
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
        check_env_name(env_name, f"{where} {credential}")
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
