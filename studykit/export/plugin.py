"""The MkDocs plugin `studykit`: the study site's generated pages; the only mkdocs importer.

Use it in any `mkdocs.yml` with `plugins: [search, studykit: {decks: PATH}]`. Pages are
virtual files (nothing is written to the docs folder); `mkdocs serve` watches the deck
folder and rebuilds when a deck changes.
"""

from __future__ import annotations

import gc
import logging
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import MkDocsException, PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from studykit.decks import find_deck_folder, open_deck_folder
from studykit.decks.folder import DeckFolder
from studykit.errors import DeckError, StudykitError
from studykit.export.page_paths import PRACTICE_FOLDER, PRACTICE_INDEX, deck_page
from studykit.export.site_files import ASSETS, site_files

if TYPE_CHECKING:  # the live-reload server (watchdog, http.server) is for `mkdocs serve` only
    from mkdocs.livereload import LiveReloadServer

Progress = Callable[[int, int], None]
"""Called with (pages rendered, pages in total) while a site builds."""

_EXTENSIONS = ("attr_list", "tables", "def_list", "admonition", "pymdownx.details")


class StudykitConfig(base.Config):  # type: ignore[no-untyped-call]
    """Options of the plugin."""

    decks = c.Optional(c.Type(str))
    """The deck folder, relative to mkdocs.yml (default: $STUDYKIT_DECKS, else `decks` next to
    mkdocs.yml, else the bundled decks: studykit.decks.find_deck_folder)."""


class StudykitPlugin(BasePlugin[StudykitConfig]):  # type: ignore[no-untyped-call]
    """Add a page per deck, its practice page, the catalogue and the glossary to the site."""

    def __init__(self) -> None:
        self.folder: DeckFolder | None = None
        self.progress: Progress | None = None
        self._pages_total = 0
        self._pages_done = 0

    def decks_dir(self, config: MkDocsConfig) -> Path:
        """Return the deck folder this site is built from."""
        base_dir = Path(config.config_file_path or ".").resolve().parent
        return find_deck_folder(self.config.decks, base=base_dir)

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Load the decks and add the assets and Markdown extensions the pages need."""
        if self.folder is None:
            self.folder = _load(self.decks_dir(config))
        for extension in _EXTENSIONS:
            if extension not in config.markdown_extensions:
                config.markdown_extensions.append(extension)
        _add_mermaid_fence(config)
        config.extra_css.append(f"{ASSETS}/studykit.css")
        config.extra_javascript.append(f"{ASSETS}/grading.js")
        config.extra_javascript.append(f"{ASSETS}/practice.js")
        return config

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        """Add the generated pages and the plugin's assets as virtual files."""
        assert self.folder is not None
        has_home = files.get_file_from_path("index.md") is not None
        pages = site_files(
            self.folder.decks(),
            with_home=not has_home,
            models=self.folder.models(),
            texts=self.folder.texts(),
        )
        for src_uri, content in pages:
            if files.get_file_from_path(src_uri) is None:
                # Practice pages are reached from their deck page; listing them all in the
                # navigation would double its length.
                hidden = src_uri.startswith(f"{PRACTICE_FOLDER}/") and src_uri != PRACTICE_INDEX
                inclusion = InclusionLevel.NOT_IN_NAV if hidden else InclusionLevel.UNDEFINED
                files.append(File.generated(config, src_uri, content=content, inclusion=inclusion))
        for name in ("studykit.css", "grading.js", "practice.js"):
            path = str(resources.files("studykit.export") / "assets" / name)
            files.append(File.generated(config, f"{ASSETS}/{name}", abs_src_path=path))
        self._pages_total = len(files.documentation_pages())
        self._pages_done = 0
        return files

    def on_nav(self, nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> Navigation:
        """Put the deck pages of the navigation in course order (MkDocs sorts by file name)."""
        assert self.folder is not None
        position = {deck_page(deck_id): n for n, deck_id in enumerate(self.folder.deck_ids)}
        _course_order(nav.items, position)
        nav.pages = [item for item in _walk(nav.items) if isinstance(item, Page)]
        for number, page in enumerate(nav.pages):
            page.previous_page = nav.pages[number - 1] if number else None
            page.next_page = nav.pages[number + 1] if number + 1 < len(nav.pages) else None
        return nav

    def on_page_markdown(
        self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        """Fill the catalogue marker of hand-written pages and report progress."""
        from studykit.export.site_pages import CATALOGUE_MARKER, catalogue_markdown

        self._pages_done += 1
        if self.progress is not None:
            self.progress(self._pages_done, self._pages_total)
        if CATALOGUE_MARKER in markdown and self.folder is not None:
            prefix = "../" * page.file.src_uri.count("/")
            markdown = markdown.replace(
                CATALOGUE_MARKER, catalogue_markdown(self.folder.decks(), prefix)
            )
        return markdown

    def on_serve(
        self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: Callable[..., Any]
    ) -> LiveReloadServer:
        """Rebuild when a deck file changes (the instructor's live preview)."""
        server.watch(str(self.decks_dir(config)))
        return server


def _load(folder: Path) -> DeckFolder:
    """Return the decks of a folder (indexed in memory), or stop the build naming every problem."""
    try:
        return open_deck_folder(folder)
    except DeckError as error:
        raise PluginError(f"studykit: invalid decks in {folder}:\n{error}") from None


def _add_mermaid_fence(config: MkDocsConfig) -> None:
    """Render ```mermaid fences as Material expects, unless superfences is configured."""
    if "pymdownx.superfences" in config.markdown_extensions:
        return
    from pymdownx.superfences import fence_code_format

    config.markdown_extensions.append("pymdownx.superfences")
    fence = {"name": "mermaid", "class": "mermaid", "format": fence_code_format}
    config.mdx_configs["pymdownx.superfences"] = {"custom_fences": [fence]}


def build_site(
    folder: DeckFolder,
    *,
    config_file: Path | None,
    site_dir: Path,
    progress: Progress | None = None,
) -> None:
    """Build the study site of a deck folder into `site_dir`, replacing it whole or not at all.

    With no config file, the packaged one is used and every page is generated. The site is
    built in a folder beside `site_dir` and moved into place when complete, so a failed
    build leaves the previous site as it was.
    """
    from studykit.export.atomic_folder import replace_folder

    handler = _warnings_to_stderr()
    logging.getLogger("mkdocs").addHandler(handler)
    try:
        replace_folder(site_dir, lambda fresh: _build(folder, config_file, fresh, progress))
    except (MkDocsException, SystemExit) as error:
        raise StudykitError(f"the site build failed: {error}") from None
    except OSError as error:
        where = str(error.filename or "")
        where = f" {where[:150]}..." if len(where) > 150 else f" {where}" if where else ""
        raise StudykitError(f"cannot write the site:{where}: {error.strerror}") from None
    finally:
        logging.getLogger("mkdocs").removeHandler(handler)


def _build(
    folder: DeckFolder, config_file: Path | None, site_dir: Path, progress: Progress | None
) -> None:
    """Build the site into `site_dir` with MkDocs."""
    from mkdocs.commands.build import build

    with tempfile.TemporaryDirectory(prefix="studykit-docs-") as empty_docs:
        config = _site_config(config_file, site_dir, Path(empty_docs))
        plugin = config.plugins.get("studykit")
        if not isinstance(plugin, StudykitPlugin):
            raise StudykitError(f"{config_file}: add studykit to its plugins to build the site")
        plugin.folder, plugin.progress = folder, progress
        with _long_lived_frozen():
            build(config)


@contextmanager
def _long_lived_frozen() -> Iterator[None]:
    """Keep the objects that exist now (the loaded decks) out of the garbage collector's walks.

    Plain MkDocs holds no decks: without this, each full collection of the build walks every
    card too (0.05 s of a 10,000-card build). Nothing is frozen when something else froze first.
    """
    if gc.get_freeze_count():
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def _site_config(config_file: Path | None, site_dir: Path, empty_docs: Path) -> MkDocsConfig:
    """Return the MkDocs config of a file, or the packaged one over an empty docs folder."""
    from mkdocs.config import load_config

    overrides = {"site_dir": str(site_dir.resolve())}
    if config_file is None:
        overrides["docs_dir"] = str(empty_docs)
        config_file = Path(str(resources.files("studykit.export") / "templates" / "mkdocs.yml"))
    return load_config(str(config_file), **overrides)


def site_dir_of(config_file: Path) -> Path:
    """Return the output folder a config file names."""
    from mkdocs.config import load_config

    return Path(load_config(str(config_file)).site_dir)


def _warnings_to_stderr() -> logging.Handler:
    """Return a handler that prints MkDocs warnings and errors as `WARNING: message`."""
    handler = logging.StreamHandler()
    handler.setLevel(logging.WARNING)
    handler.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
    return handler


def _walk(items: list[Any]) -> Iterator[Any]:
    """Yield every navigation item, depth first, in order."""
    for item in items:
        yield item
        yield from _walk(item.children or [])


def _course_order(items: list[Any], position: dict[str, int]) -> None:
    """Reorder the deck pages among `items` (and nested sections) by their course position."""
    for item in items:
        _course_order(item.children or [], position)
    slots = [n for n, item in enumerate(items) if _src(item) in position]
    ranked = sorted((items[n] for n in slots), key=lambda item: position[_src(item)])
    for n, item in zip(slots, ranked, strict=True):
        items[n] = item


def _src(item: Any) -> str:
    file = getattr(item, "file", None)
    return file.src_uri if file is not None else ""
