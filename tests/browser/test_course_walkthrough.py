"""An instructor's afternoon, end to end: an empty folder becomes a course with a deck that
has an image; it validates and builds; a phone (375 px) with the network off shows its
diagram, its card image and its practice page (and a desktop screen its card image and
practice page). tests/export/test_site_offline.py builds a course with no network at all."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from studykit.cli.app import app
from tests.browser.conftest import Traffic, _serve, open_page, screenshot

pytestmark = pytest.mark.browser

IMAGE = Path(__file__).parent.parent / "fixtures" / "images" / "namespaces.png"
CARD = """\
  - id: pid-namespace-picture
    kind: basic
    front: "Which namespace gives this process its own PID 1? ![The host PID namespace holds the container's: its sh is PID 1 inside and PID 4243 on the host](images/namespaces.png)"
    back: The PID namespace.
    source: oci-runtime-spec
"""


def _course(folder: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Make the course the way the authoring guide says, from an empty folder."""
    folder.mkdir()
    assert (
        runner.invoke(app, ["new", "course", str(folder), "--title", "Containers 101"]).exit_code
        == 0
    )
    monkeypatch.chdir(folder)
    added = runner.invoke(app, ["new", "deck", "namespaces", "--out", "decks/namespaces.yaml"])
    assert added.exit_code == 0, added.output
    (folder / "decks" / "images").mkdir()
    shutil.copy(IMAGE, folder / "decks" / "images" / "namespaces.png")
    deck = folder / "decks" / "namespaces.yaml"
    text = deck.read_text(encoding="utf-8").replace("cards:\n", "cards:\n" + CARD, 1)
    deck.write_text(text, encoding="utf-8")
    (folder / "decks" / "example-deck.yaml").unlink()  # its own deck replaces the example
    checked = runner.invoke(app, ["validate"])
    assert checked.exit_code == 0, checked.output
    assert runner.invoke(app, ["lint", "--strict"]).exit_code == 0
    built = runner.invoke(app, ["export"])
    assert built.exit_code == 0, built.output
    return folder / "site"


def test_a_new_course_with_an_image_works_on_a_phone_offline(
    browser: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = _course(tmp_path / "containers-101", CliRunner(), monkeypatch)
    server, url = _serve(site)
    traffic = Traffic()
    page = open_page(browser, traffic, width=375)
    try:
        page.goto(url + "/decks/namespaces/")
        page.wait_for_load_state("networkidle")
        diagram = page.locator("img.sk-diagram").first
        diagram.scroll_into_view_if_needed()
        assert diagram.evaluate("(img) => img.complete && img.naturalWidth > 0")
        screenshot(page, "walkthrough-375-diagram")
        picture = page.locator("h3#card-pid-namespace-picture img")
        picture.scroll_into_view_if_needed()
        assert picture.evaluate("(img) => img.complete && img.naturalWidth > 0")
        assert (picture.get_attribute("alt") or "").startswith("The host PID namespace")
        assert picture.bounding_box()["width"] <= 375
        screenshot(page, "walkthrough-375-card-image")
        page.goto(url + "/practice/namespaces/")
        page.locator(".sk-card").wait_for()
        assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
        screenshot(page, "walkthrough-375-practice")
        for _ in range(12):  # reach the card with the picture and show its answer
            card = page.locator(".sk-card").last
            if card.get_attribute("data-key") == "namespaces/pid-namespace-picture":
                break
            card.locator(".sk-show, .sk-check, .sk-choice").first.click()
            page.keyboard.press("1")
        image = page.locator(".sk-card .sk-prompt img")
        assert image.evaluate("(img) => img.complete && img.naturalWidth > 0")
        page.keyboard.press(" ")
        screenshot(page, "walkthrough-375-practice-image")
        assert traffic.blocked == [] and traffic.errors == [], (traffic.blocked, traffic.errors)
        _desktop(browser, url)
    finally:
        page.context.close()
        server.shutdown()
        server.server_close()


def _desktop(browser: Any, url: str) -> None:
    """Photograph the same pages on a desktop screen, offline too."""
    traffic = Traffic()
    page = open_page(browser, traffic)
    try:
        page.goto(url + "/decks/namespaces/")
        picture = page.locator("h3#card-pid-namespace-picture img")
        picture.scroll_into_view_if_needed()
        assert picture.evaluate("(img) => img.complete && img.naturalWidth > 0")
        screenshot(page, "walkthrough-desktop-card-image")
        page.goto(url + "/practice/namespaces/")
        page.locator(".sk-card").wait_for()
        screenshot(page, "walkthrough-desktop-practice")
        assert traffic.blocked == [] and traffic.errors == [], (traffic.blocked, traffic.errors)
    finally:
        page.context.close()
