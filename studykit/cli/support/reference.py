"""The CLI reference page, generated from the Typer app; also an MkDocs hook that fills it.

`mkdocs.yml` lists this file under `hooks:`, so `site/cli.md` always shows the commands
and options the installed code has (nothing to keep in sync by hand).
"""

from __future__ import annotations

import html
from collections.abc import Iterator
from typing import Any

import typer.main

MARKER = "<!-- studykit:cli-reference -->"


def _cell(text: str) -> str:
    """Return text safe inside a Markdown table cell."""
    return html.escape(" ".join(text.split())).replace("|", "&#124;")


def _code(text: str) -> str:
    """Return text for a code span in a table cell (a code span shows its text as is)."""
    return " ".join(text.split()).replace("`", "'")


def _commands(command: Any, ctx: Any, path: str) -> Iterator[tuple[str, Any, Any]]:
    """Yield (full name, command, context) for a command and all its subcommands."""
    yield path, command, ctx
    if not hasattr(command, "list_commands"):
        return
    for name in command.list_commands(ctx):
        sub = command.get_command(ctx, name)
        if sub is not None and not sub.hidden:
            yield from _commands(sub, type(ctx)(sub, info_name=name, parent=ctx), f"{path} {name}")


def _options(command: Any, ctx: Any) -> list[str]:
    """Return the Markdown table rows of a command's arguments and options."""
    rows = []
    for param in command.get_params(ctx):
        record = param.get_help_record(ctx)
        if record is not None and record[0] != "--help":
            rows.append(f"| `{_code(record[0])}` | {_cell(record[1])} |")
        elif param.param_type_name == "argument":
            rows.append(f"| `{_code(param.make_metavar(ctx))}` | argument |")
    return rows


def _section(name: str, command: Any, ctx: Any) -> str:
    """Return the reference section of one command."""
    usage = command.collect_usage_pieces(ctx)
    lines = [f"## `{name}`\n", f"```text\n{name} {' '.join(usage)}\n```\n"]
    if command.help:
        lines.append(html.escape(command.help.strip()) + "\n")
    rows = _options(command, ctx)
    if rows:
        lines += ["| Option | Description |", "|---|---|", *rows, ""]
    return "\n".join(lines)


def reference_markdown() -> str:
    """Return Markdown documenting every command of `studykit`, with usage and options."""
    from studykit.cli.app import app

    root = typer.main.get_command(app)
    ctx = root.context_class(root, info_name="studykit")
    return "\n".join(_section(name, cmd, c) for name, cmd, c in _commands(root, ctx, "studykit"))


def on_page_markdown(markdown: str, **_: object) -> str:
    """Replace the CLI reference marker of a page with the generated reference (MkDocs hook)."""
    if MARKER not in markdown:
        return markdown
    return markdown.replace(MARKER, reference_markdown())
