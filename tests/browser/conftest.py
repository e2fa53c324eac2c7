"""Headless Chromium (Debian's) against study sites built into temporary folders and served locally.

The browser never reaches the network: requests leave only for 127.0.0.1; any other is
recorded and fails, as it would on a learner's machine that is offline.
"""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from studykit.decks import open_deck_folder
from studykit.export.plugin import build_site
from tests.conftest import DECKS, FIXTURES, ROOT

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
AXE = ROOT / "tests" / "browser" / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "build" / "test-output" / "browser"
# Closed shadow roots hide Material's rendered diagrams from the test; open them.
OPEN_SHADOW_ROOTS = """
const attach = Element.prototype.attachShadow;
Element.prototype.attachShadow = function (init) { return attach.call(this, {...init, mode: "open"}); };
"""

pytestmark = pytest.mark.browser


@dataclass
class Site:
    """A built site served on 127.0.0.1."""

    url: str
    folder: Path


@dataclass
class Traffic:
    """What a page asked the network for and what it tried to run."""

    blocked: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def _serve(folder: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    """Serve a folder on a free port of 127.0.0.1 from a daemon thread."""

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
            """Keep the test output clean."""

    handler = functools.partial(Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


@pytest.fixture(scope="session")
def shipped_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """Build the repository's site (its mkdocs.yml) and serve it."""
    folder = tmp_path_factory.mktemp("shipped-site")
    build_site(open_deck_folder(DECKS), config_file=ROOT / "mkdocs.yml", site_dir=folder)
    server, url = _serve(folder)
    yield Site(url, folder)
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """Build a site of the injected-markup deck alone and serve it."""
    folder = tmp_path_factory.mktemp("hostile-site")
    collection = open_deck_folder(FIXTURES / "hostile-site")
    build_site(collection, config_file=None, site_dir=folder)
    server, url = _serve(folder)
    yield Site(url, folder)
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Launch Debian's Chromium, or fail saying what to install."""
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing: install Debian's chromium "
            "(apt-get install chromium, or run .ci/install-browser.sh as root)"
        )
    if not AXE.exists():
        pytest.fail(
            f"{AXE.relative_to(ROOT)} is missing: run `npm ci` in tests/browser "
            "(or .ci/install-browser.sh)"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def _route(traffic: Traffic) -> Any:
    """Return a route handler: local requests pass, every other one is recorded and fails."""

    def handle(route: Any) -> None:
        url = route.request.url
        if url.startswith(("http://127.0.0.1:", "data:")):
            route.continue_()
        else:
            traffic.blocked.append(url)
            route.abort()

    return handle


@pytest.fixture
def traffic() -> Traffic:
    """Return the record of the current page's blocked requests, dialogs and errors."""
    return Traffic()


def open_page(browser: Any, traffic: Traffic, *, width: int = 1280, dark: bool = False) -> Any:
    """Return a new page in a fresh context (own localStorage) that records its traffic."""
    context = browser.new_context(
        viewport={"width": width, "height": 900},
        color_scheme="dark" if dark else "light",
    )
    context.add_init_script(OPEN_SHADOW_ROOTS)
    context.route("**/*", _route(traffic))
    page = context.new_page()
    page.set_default_timeout(15_000)

    def on_dialog(dialog: Any) -> None:
        traffic.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.on("pageerror", lambda error: traffic.errors.append(str(error)))
    return page


@pytest.fixture
def page(browser: Any, traffic: Traffic) -> Iterator[Any]:
    """Return a desktop-sized page in light mode."""
    opened = open_page(browser, traffic)
    yield opened
    opened.context.close()


def screenshot(page: Any, name: str, *, full_page: bool = False) -> Path:
    """Save a screenshot under build/test-output/browser and return its path."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    # Transitions finish first: a header or button caught mid-fade is not what a reader sees.
    page.screenshot(path=str(path), full_page=full_page, animations="disabled")
    return path


@pytest.fixture(scope="session")
def grading_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """Build a site of typed cards with numbers and versions in their answers, and serve it."""
    folder = tmp_path_factory.mktemp("grading-site")
    build_site(open_deck_folder(FIXTURES / "grading-site"), config_file=None, site_dir=folder)
    server, url = _serve(folder)
    yield Site(url, folder)
    server.shutdown()
    server.server_close()
