"""Checks of single config values: types, durations, clock times, variable names, models.

Every message names where the value is (`where`) and what was expected, and never echoes
a value that may be a pasted secret.
"""

from __future__ import annotations

import importlib.util
import re
from dataclasses import fields
from pathlib import Path
from typing import Any, get_args, get_origin, get_type_hints
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from testigo.errors import ConfigError

_DURATION = re.compile(r"^\s*(\d+)\s*([smhd])\s*$")
_DURATION_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
CLOCK_TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")
# What a credential setting holds: the NAME of an environment variable, never its value.
ENV_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,127}$")
_LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}(-[A-Za-z]{2,4})?$")


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


def known_time_zone(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def check_env_name(value: str, where: str) -> None:
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


def check_models(models: dict[str, str], where: str) -> None:
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


def build_section(cls: type, table: Any, where: str) -> Any:
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
        check_type(value, hints[key], f"{where} {key}")
    return cls(**table)


def check_type(value: Any, expected: Any, where: str) -> None:
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
