"""The effective config as plain data for `testigo config show`, every secret masked."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from testigo.config import MASK, Config, mask_url


def config_as_display(config: Config) -> dict[str, Any]:
    """The effective config as plain data, every secret masked, for `config show`."""
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
