"""Command group `export`: the study site by default, other formats as subcommands."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from studykit.cli.interop import export_app
from studykit.cli.support.options import DecksOption
from studykit.errors import StudykitError

app = typer.Typer(invoke_without_command=True, help="Export the decks (the study site by default).")

DEFAULT_OUT = Path("study-site")
"""Where the site goes when the working folder has no mkdocs.yml."""


class _PageProgress:
    """A progress bar over the site's pages, opened once their number is known."""

    def __init__(self) -> None:
        self.bar: Any = None
        self.shown = 0

    def __call__(self, done: int, total: int) -> None:
        if self.bar is None:
            self.bar = typer.progressbar(length=total, label="Building pages", file=None)
            self.bar.__enter__()
        self.bar.update(done - self.shown)
        self.shown = done

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)


@app.callback()
def export_site(
    ctx: typer.Context,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            "-o",
            help="Folder to write the site to (default: site_dir of ./mkdocs.yml, "
            f"else ./{DEFAULT_OUT}).",
            show_default=False,
        ),
    ] = None,
    decks: DecksOption = None,
) -> None:
    """Build the study website: a page per deck, practice, glossary and search.

    Uses ./mkdocs.yml when there is one (it must list the studykit plugin), else a
    built-in configuration. Open index.html of the output, or serve the folder.
    """
    if ctx.invoked_subcommand is not None:
        return
    from studykit.cli.support.study_setup import open_folder
    from studykit.export.plugin import build_site, site_dir_of

    folder = open_folder(decks)
    config_file = Path("mkdocs.yml") if Path("mkdocs.yml").is_file() else None
    target = out or (site_dir_of(config_file) if config_file else DEFAULT_OUT)
    progress = _PageProgress()
    try:
        build_site(folder, config_file=config_file, site_dir=target, progress=progress)
    finally:
        progress.close()
    count = len(folder.deck_ids)
    typer.echo(f"wrote {target}: {count} deck{'s' if count != 1 else ''}", err=True)


@app.command("markdown")
def export_markdown(
    folder: Annotated[Path, typer.Argument(help="Folder to write (replaced whole).")],
    decks: DecksOption = None,
    title: Annotated[
        str | None,
        typer.Option(
            help="The site's name in its mkdocs.yml (default: the course's, else 'Study decks')."
        ),
    ] = None,
) -> None:
    """Write the site's pages as plain Markdown with their assets, for generators without plugins.

    FOLDER gets docs/ (every generated page, the diagrams as SVG files, the practice
    page's scripts) and a mkdocs.yml that needs no studykit plugin: `properdocs build` or
    `mkdocs build` in FOLDER builds the site. In a course (a mkdocs.yml using studykit in
    the current folder) its hand-written pages and its site name come along.
    """
    from studykit.cli.support.study_setup import open_folder
    from studykit.export.atomic_folder import replace_folder
    from studykit.export.markdown_site import write_markdown_site

    collection = open_folder(decks)
    name, pages = _course_pages(folder)
    written: list[Any] = []
    replace_folder(
        folder,
        lambda fresh: written.append(write_markdown_site(collection, fresh, title or name, pages)),
    )
    for source, problem in written[0].failed.items():
        first = next((line for line in source.splitlines() if line.strip()), "")
        typer.echo(
            f"warning: a diagram was not drawn ({problem}); it starts: {first[:80]}", err=True
        )
    count = len(collection.deck_ids)
    typer.echo(f"wrote {folder}: {count} deck{'s' if count != 1 else ''}, as Markdown", err=True)


def _course_pages(out: Path) -> tuple[str, Path | None]:
    """Return the site name and the hand-written pages' folder of the course here, if any."""
    from studykit.export.plugin import course_pages

    config = Path("mkdocs.yml")
    course = course_pages(config) if config.is_file() else None
    if course is None:
        return "Study decks", None
    name, pages = course
    if out.resolve().is_relative_to(pages.resolve()):
        raise StudykitError(f"{out} is inside the course's pages ({pages}); write it elsewhere")
    return name, pages if pages.is_dir() else None


app.add_typer(export_app)  # `export anki`, `export csv`
