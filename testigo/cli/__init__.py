"""The `testigo` command: a thin shell over the library, one module per verb."""

from __future__ import annotations

import importlib
import sys

import click

from testigo.errors import UserError

# Each entry is "module:attribute" of a click command or group under testigo.cli.
# Add a verb by adding its module here; the order is the order of `--help`.
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
    "annotate:annotate",
    "nlp_cmd:nlp",
    "users:users",
    "dashboard:dashboard",
    "demo:demo",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
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


for _entry in COMMANDS:
    _module, _attribute = _entry.split(":")
    cli.add_command(getattr(importlib.import_module(f"testigo.cli.{_module}"), _attribute))


def main() -> None:
    """Console entry point: user errors become one clear line and exit status 2."""
    try:
        code = cli(standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(130)
    except click.ClickException as error:
        error.show()
        sys.exit(error.exit_code)
    except UserError as error:
        click.echo(f"Error: {error}", err=True)
        sys.exit(2)
    except KeyboardInterrupt:
        sys.exit(130)
    sys.exit(code if isinstance(code, int) else 0)
