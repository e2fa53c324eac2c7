"""The `studykit` command: composes the command modules and prints errors in one place."""

from __future__ import annotations

import os
import sys
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from studykit import __version__
from studykit.cli import authoring, collection, export, interop, lab, quiz, validate
from studykit.errors import DeckError, StudykitError


class StudykitGroup(TyperGroup):
    """Root group that turns a StudykitError into `studykit: error: ...` and its exit code."""

    def invoke(self, ctx: typer.Context) -> Any:  # type: ignore[override]
        """Run the subcommand; print user errors without a traceback unless --debug."""
        try:
            return super().invoke(ctx)
        except StudykitError as error:
            if ctx.meta.get("studykit.debug") or os.environ.get("STUDYKIT_DEBUG"):
                raise
            report(error)
            raise typer.Exit(error.exit_code) from None


def report(error: StudykitError) -> None:
    """Print an error to stderr in the one format studykit uses."""
    if isinstance(error, DeckError) and len(error.issues) > 1:
        typer.echo(f"studykit: error: {len(error.issues)} problems in the decks:", err=True)
        for issue in error.issues:
            typer.echo(f"  {issue}", err=True)
        return
    typer.echo(f"studykit: error: {error}", err=True)


app = typer.Typer(
    name="studykit",
    cls=StudykitGroup,
    no_args_is_help=True,
    add_completion=False,
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


app.add_typer(validate.app)
app.add_typer(authoring.app)
app.add_typer(collection.app)
app.add_typer(quiz.app)
app.add_typer(lab.app)
export.app.add_typer(interop.export_app)
app.add_typer(export.app, name="export")
app.add_typer(interop.import_app, name="import")


def main() -> None:
    """Run the command line (the console script entry point)."""
    app(prog_name="studykit")
    sys.exit(0)
