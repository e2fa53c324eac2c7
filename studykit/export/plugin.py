"""The MkDocs plugin `studykit`: the study site's generated pages; the only mkdocs importer.

Use it in any `mkdocs.yml` with `plugins: [search, studykit: {decks: PATH}]`. Pages are
virtual files (nothing is written to the docs folder); `mkdocs serve` watches the deck
folder and rebuilds when a deck changes.
"""

from __future__ import annotations

import gc
import json
import logging
import re
import shutil
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
from mkdocs.plugins import BasePlugin, event_priority
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
SCRIPTS = ("grading.js", "fsrs.js", "progress_log.js", "practice.js")
"""The practice page's scripts: typed-answer grading, FSRS, the review log, the page."""
_LOG = logging.getLogger("mkdocs.plugins.studykit")
_SEARCH = "material/search"
SEARCH_WORKER = "search-worker.js"
ACCESS_SCRIPT = "access.js"
_SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'
"""Material's search dialog, which has no accessible name."""
_MATERIAL_WORKER = re.compile(
    r'("search":\s*"[^"]*?)assets/javascripts/workers/search\.[0-9a-f]+\.min\.js"'
)
"""The worker URL in Material's page configuration (`__config`)."""


class StudykitConfig(base.Config):  # type: ignore[no-untyped-call]
    """Options of the plugin."""

    decks = c.Optional(c.Type(str))
    """The deck folder, relative to mkdocs.yml (default: $STUDYKIT_DECKS, else `decks` next to
    mkdocs.yml, else the bundled decks: studykit.decks.find_deck_folder)."""
    deck_toc = c.Choice(("sections", "cards"), default="sections")
    """What a deck page's table of contents lists: its sections and each table and diagram
    (`sections`), or also every card's question (`cards`)."""


class StudykitPlugin(BasePlugin[StudykitConfig]):  # type: ignore[no-untyped-call]
    """Add a page per deck, its practice page, the catalogue and the glossary to the site."""

    def __init__(self) -> None:
        self.folder: DeckFolder | None = None
        self._fences: dict[str, list[str]] = {}
        self._undrawn: frozenset[str] = frozenset()
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
        config.extra_javascript.insert(0, f"{ASSETS}/{ACCESS_SCRIPT}")  # before practice.js
        config.extra_css.append(f"{ASSETS}/studykit.css")
        for name in SCRIPTS:  # in this order: practice.js uses the three before it
            config.extra_javascript.append(f"{ASSETS}/{name}")
        return config

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        """Add the generated pages, their drawn diagrams and the plugin's assets."""
        assert self.folder is not None
        has_home = files.get_file_from_path("index.md") is not None
        undrawn = self._draw(files, config)
        images = self._images(files, config)
        pages = site_files(
            self.folder.decks(),
            with_home=not has_home,
            models=self.folder.models(),
            undrawn=undrawn,
            texts=self.folder.texts(),
            images=images,
            directory_urls=config.use_directory_urls,
        )
        for src_uri, content in pages:
            if files.get_file_from_path(src_uri) is None:
                # Practice pages are reached from their deck page; listing them all in the
                # navigation would double its length.
                hidden = src_uri.startswith(f"{PRACTICE_FOLDER}/") and src_uri != PRACTICE_INDEX
                inclusion = InclusionLevel.NOT_IN_NAV if hidden else InclusionLevel.UNDEFINED
                files.append(File.generated(config, src_uri, content=content, inclusion=inclusion))
        for name in ("studykit.css", *SCRIPTS):
            path = str(resources.files("studykit.export") / "assets" / name)
            files.append(File.generated(config, f"{ASSETS}/{name}", abs_src_path=path))
        for name in (ACCESS_SCRIPT, SEARCH_WORKER):
            path = str(resources.files("studykit.export") / "assets" / name)
            files.append(File.generated(config, f"{ASSETS}/{name}", abs_src_path=path))
        self._pages_total = len(files.documentation_pages())
        self._pages_done = 0
        return files

    def _images(self, files: Files, config: MkDocsConfig) -> dict[str, Any]:
        """Copy the card images of every deck into the site; return them by deck id."""
        from studykit.export.card_images import SITE_FOLDER, site_images

        assert self.folder is not None
        images = site_images(self.folder.decks(), _folder_root(self.folder.path))
        for published in images.values():
            for image in published.values():
                path = f"{SITE_FOLDER}/{image.name}"
                if files.get_file_from_path(path) is None:
                    files.append(File.generated(config, path, content=image.data))
        return images

    def _draw(self, files: Files, config: MkDocsConfig) -> frozenset[str]:
        """Draw every diagram (decks, models, Mermaid fences of hand-written pages) as SVG files.

        Return the safe sources that could not be drawn, each reported as a build warning.
        """
        from studykit.export.diagrams import diagram_path, draw_diagrams
        from studykit.export.site_files import diagram_sources

        assert self.folder is not None
        sources = diagram_sources(self.folder.decks(), self.folder.models())
        self._fences = {f.src_uri: _fences(f) for f in files.documentation_pages()}
        sources += [fence for found in self._fences.values() for fence in found]
        drawings = draw_diagrams(sources)
        for path, svg in drawings.svgs.items():
            if files.get_file_from_path(path) is None:
                files.append(File.generated(config, path, content=svg))
        for source, problem in drawings.failed.items():
            first = next((line for line in source.splitlines() if line.strip()), "")
            _LOG.warning(
                "studykit: a diagram was not drawn (%s), so its page shows its source; "
                "it starts: %s (%s)", problem, first[:80], diagram_path(source)
            )  # fmt: skip
        self._undrawn = drawings.failed_sources()
        return self._undrawn

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
        """Draw the fences and fill the catalogue marker of hand-written pages; report progress."""
        from studykit.export.hand_pages import finished_page
        from studykit.export.site_pages import CATALOGUE_MARKER

        self._pages_done += 1
        if self.progress is not None:
            self.progress(self._pages_done, self._pages_total)
        hand_written = self._fences.get(page.file.src_uri) or CATALOGUE_MARKER in markdown
        if hand_written and self.folder is not None:
            uri = page.file.src_uri
            markdown = finished_page(markdown, uri, self.folder.decks(), self._undrawn)
        return markdown

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        """Name the search dialog; point Material's search at studykit's on-demand worker."""
        named = _SEARCH_DIALOG.replace('role="dialog"', 'role="dialog" aria-label="Search"')
        output = output.replace(_SEARCH_DIALOG, named, 1)
        if _SEARCH not in config.plugins:
            return output
        worker = f'\\g<1>{ASSETS}/{SEARCH_WORKER}"'
        return _MATERIAL_WORKER.sub(worker, output, count=1)

    @event_priority(-100)  # after Material's search plugin has written its index
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Split the search index into files fetched only by a search (export.search_shards)."""
        from studykit.export.search_shards import split_index

        index_file = Path(config.site_dir) / "search" / "search_index.json"
        if _SEARCH not in config.plugins or not index_file.is_file():
            return
        index = json.loads(index_file.read_text(encoding="utf-8"))
        shutil.rmtree(index_file.parent / "studykit", ignore_errors=True)
        for path, text in split_index(index):
            target = index_file.parent / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")

    def on_page_content(
        self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        """Keep card questions out of a deck page's table of contents, unless asked for."""
        deck_pages = {
            deck_page(deck_id) for deck_id in (self.folder.deck_ids if self.folder else ())
        }
        if self.config.deck_toc == "sections" and page.file.src_uri in deck_pages:
            for title in page.toc:
                for section in title.children:
                    if section.id == "cards":
                        section.children = []
        return html

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


def _folder_root(path: Path) -> Path | None:
    """Return the deck folder images must stay in (None for decks given one by one)."""
    return path if path.is_dir() else None


def _fences(file: File) -> list[str]:
    """Return the Mermaid sources of a hand-written page's fences (none for generated pages)."""
    from studykit.export.hand_pages import fence_sources, read_page

    if file.generated_by is not None or not file.abs_src_path:
        return []
    text = read_page(Path(file.abs_src_path))
    return fence_sources(text) if text else []


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


def course_pages(config_file: Path) -> tuple[str, Path] | None:
    """Return the site name and docs folder of a config that uses the plugin, else None."""
    from mkdocs.config import load_config

    config = load_config(str(config_file))
    if "studykit" not in config.plugins:
        return None
    return config.site_name, Path(config.docs_dir)


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
