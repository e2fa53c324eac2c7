"""The `studykit` command: composes the command modules and prints errors in one place."""

from __future__ import annotations

import os
import sys
from functools import cache
from importlib import import_module
from typing import Annotated, Any

import typer
import typer.main
from typer.core import TyperGroup

from studykit import __version__
from studykit.errors import StudykitError

REGISTRY: dict[str, tuple[str, str]] = {
    "validate": ("validate", "app"),
    "lint": ("validate", "app"),
    "schema": ("authoring", "app"),
    "new": ("authoring", "app"),
    "decks": ("decks", "app"),
    "show": ("decks", "app"),
    "quiz": ("quiz", "app"),
    "stats": ("quiz", "app"),
    "due": ("quiz", "app"),
    "orphans": ("quiz", "app"),
    "unsuspend": ("quiz", "app"),
    "progress": ("progress", "app"),
    "optimize": ("optimize", "app"),
    "lab": ("lab", "app"),
    "export": ("export", "app"),
    "import": ("interop", "import_app"),
}
"""Each command, in help order: the studykit.cli module and the Typer app that define it.

The root group builds only the command that runs: building all fifteen from their
signatures costs ~15 ms on every start, more than the rest of `studykit due`'s own work.
An app holding several commands contributes the one named; an app named like the command
(`export`, `import`) is that command's group.
"""
GROUPS = frozenset({"export", "import", "lab", "progress"})


@cache
def build_command(name: str) -> Any:
    """Return the click command of a studykit command, importing only its module."""
    module, attribute = REGISTRY[name]
    sub: typer.Typer = getattr(import_module(f"studykit.cli.{module}"), attribute)
    holder = typer.Typer(rich_markup_mode=None, pretty_exceptions_enable=False)
    if name in GROUPS:
        holder.add_typer(sub, name=name)
    else:
        holder.registered_commands = [i for i in sub.registered_commands if _name(i) == name]
        holder.registered_groups = [g for g in sub.registered_groups if g.name == name]
    return typer.main.get_group(holder).commands[name]


def _name(info: typer.models.CommandInfo) -> str:
    """Return the name Typer gives a registered command."""
    assert info.callback is not None
    return info.name or typer.main.get_command_name(info.callback.__name__)


class StudykitGroup(TyperGroup):
    """Root group: builds the invoked command only, prints StudykitErrors in one format."""

    def list_commands(self, ctx: typer.Context) -> list[str]:  # type: ignore[override]
        """Return every command name in help order."""
        return list(REGISTRY)

    def get_command(self, ctx: typer.Context, name: str) -> Any:  # type: ignore[override]
        """Return the named command, built on first use; None for an unknown name."""
        return build_command(name) if name in REGISTRY else None

    def invoke(self, ctx: typer.Context) -> Any:  # type: ignore[override]
        """Run the subcommand; print user errors without a traceback unless --debug."""
        try:
            return super().invoke(ctx)
        except StudykitError as error:
            if ctx.meta.get("studykit.debug") or os.environ.get("STUDYKIT_DEBUG"):
                raise
            from studykit.cli.support.errors import report

            raise typer.Exit(report(error)) from None


app = typer.Typer(
    name="studykit",
    cls=StudykitGroup,
    no_args_is_help=True,
    # --install-completion/--show-completion for bash, zsh, fish and PowerShell: the shell
    # asks the root group, which still builds only the command being completed.
    add_completion=True,
    pretty_exceptions_enable=False,
    # Plain click help: rich-formatted help costs ~0.1 s of imports on every `--help`.
    rich_markup_mode=None,
    help="Study virtualization and containers: quizzes with spaced repetition, "
    "a study website and a container-runtime lab.",
)


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"studykit {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_show_version, is_eager=True, help="Print the version."),
    ] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks of errors.")] = False,
) -> None:
    """Study virtualization and containers from YAML decks."""
    ctx.meta["studykit.debug"] = debug


def main() -> None:
    """Run the command line (the console script entry point)."""
    app(prog_name="studykit")
    sys.exit(0)
