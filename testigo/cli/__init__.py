"""The `testigo` command: a thin shell over the library, one module per verb."""

from __future__ import annotations

import importlib
import sys

import click

from nlp.gc_tuning import gc_paused
from testigo.errors import UserError

# Each entry is "module:attribute" of a click command or group under testigo.cli, the module
# named after the verb (plus `_cmd` where needed). Add a verb by adding its module here; the
# order is the order of `--help`. A verb's module is imported only when it runs.
COMMANDS = (
    "config_cmd:config",
    "db:db",
    "import_cmd:import_posts",
    "collect:collect",
    "sources:sources",
    "run:run",
    "status:status",
    "worker:worker",
    "query:query",
    "individuals:individuals",
    "export:export",
    "digest:digest",
    "alerts:alerts",
    "annotate:annotate",
    "nlp_cmd:nlp",
    "users:users",
    "dashboard:dashboard",
    "demo:demo",
)


class _Verbs(click.Group):
    """Imports a verb's module only when that verb runs, so `testigo annotate` does not pay
    for the database, dashboard and collector imports (~0.5 s of its start-up). A verb's
    module is named after it, with `_cmd` where the bare name would clash (COMMANDS)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(_ENTRIES)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        entry = _ENTRIES.get(cmd_name)
        if entry is None:
            return None
        module, attribute = entry
        with gc_paused():  # what a verb imports lives as long as the process
            return getattr(importlib.import_module(f"testigo.cli.{module}"), attribute)


_ENTRIES = {
    module.removesuffix("_cmd"): (module, attribute)
    for module, attribute in (entry.split(":") for entry in COMMANDS)
}


@click.group(cls=_Verbs, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False),
    envvar="TESTIGO_CONFIG",
    help="TOML config file (default: ./testigo.toml, else the packaged exchange-topic config).",
)
@click.pass_context
def cli(ctx: click.Context, config_path: str | None) -> None:
    """Testigo: monitor public discourse on a topic and who it puts at risk."""
    ctx.obj = {"config_path": config_path}


def main() -> None:
    """Console entry point: user errors become one clear line and exit status 2."""
    try:
        code = cli(standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(130)
    except click.UsageError as error:  # one line, not the usage block: it names the command
        hint = f" ({error.ctx.command_path} -h for help)" if error.ctx else ""
        click.echo(f"Error: {error.format_message()}{hint}", err=True)
        sys.exit(error.exit_code)
    except click.ClickException as error:
        error.show()
        sys.exit(error.exit_code)
    except UserError as error:
        click.echo(f"Error: {error}", err=True)
        sys.exit(2)
    except KeyboardInterrupt:
        sys.exit(130)
    sys.exit(code if isinstance(code, int) else 0)
