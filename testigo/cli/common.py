"""What every command needs: the config, the database, and a console for tables."""

from __future__ import annotations

import click
from rich.console import Console
from sqlalchemy import Engine

from testigo.config import Config, load_config
from testigo.database import open_database

# Post text is hostile: rich must not interpret markup or emoji codes in it.
console = Console(markup=False, emoji=False, highlight=False)
err_console = Console(stderr=True, markup=False, emoji=False, highlight=False)


def config_from(ctx: click.Context) -> Config:
    root = ctx.find_root()
    if "config" not in root.obj:
        root.obj["config"] = load_config(root.obj.get("config_path"))
    return root.obj["config"]


def engine_from(ctx: click.Context) -> Engine:
    root = ctx.find_root()
    if "engine" not in root.obj:
        root.obj["engine"] = open_database(config_from(ctx))
    return root.obj["engine"]
