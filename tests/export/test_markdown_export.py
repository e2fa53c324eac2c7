"""`studykit export markdown`: plain Markdown pages and assets that ProperDocs builds without
the studykit plugin, while the plugin keeps building the same pages with MkDocs 1.6."""

from __future__ import annotations

import contextlib
import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from studykit.cli.app import app
from tests.conftest import DECKS


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Export the shipped decks as Markdown, from a folder that is no course."""
    out = tmp_path_factory.mktemp("markdown") / "course-site"
    with contextlib.chdir(out.parent):
        result = CliRunner().invoke(app, ["export", "markdown", str(out), "--decks", str(DECKS)])
    assert result.exit_code == 0, result.output
    return out


def test_the_export_holds_every_generated_page_and_its_assets(exported: Path) -> None:
    docs = exported / "docs"
    for page in ("index.md", "glossary.md", "runtime.md", "practice/index.md"):
        assert (docs / page).is_file(), page
    assert (docs / "decks" / "cgroups.md").is_file() and (
        docs / "practice" / "cgroups.md"
    ).is_file()
    for asset in ("studykit.css", "practice.js", "grading.js", "access.js"):
        assert (docs / "assets" / "studykit" / asset).is_file(), asset
    drawings = list((docs / "assets" / "studykit" / "diagrams").glob("*.svg"))
    assert len(drawings) >= 20
    pages = "".join(p.read_text(encoding="utf-8") for p in docs.rglob("*.md"))
    assert "```mermaid" not in pages and "studykit:catalogue" not in pages
    config = yaml.safe_load((exported / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["plugins"] == ["search"]  # no studykit plugin


def _properdocs() -> None:
    if importlib.util.find_spec("properdocs") is None:
        pytest.fail("ProperDocs is missing: pip install -e '.[test]' (it is a test dependency)")


def test_properdocs_builds_the_export_strictly_without_the_plugin(exported: Path) -> None:
    _properdocs()
    command = [sys.executable, "-m", "properdocs", "build", "--strict", "-f", "mkdocs.yml"]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    built = subprocess.run(command, cwd=exported, env=env, capture_output=True, text=True)
    assert built.returncode == 0, built.stderr
    assert "WARNING" not in built.stderr
    site = exported / "site"
    deck = (site / "decks" / "hypervisors" / "index.html").read_text(encoding="utf-8")
    assert 'class="sk-diagram"' in deck and 'id="card-' in deck and "<details" in deck
    practice = (site / "practice" / "cgroups" / "index.html").read_text(encoding="utf-8")
    assert 'class="sk-practice-data"' in practice and "assets/studykit/practice.js" in practice
    image = deck.split('class="sk-diagram" src="', 1)[1].split('"', 1)[0]
    assert (site / "decks" / "hypervisors" / image).resolve().is_file()
    home = (site / "index.html").read_text(encoding="utf-8")
    assert 'href="decks/cgroups/"' in home


def test_the_plugin_and_the_export_write_the_same_deck_page(exported: Path, tmp_path: Path) -> None:
    from studykit.decks import open_deck_folder
    from studykit.export.site_files import site_files

    folder = open_deck_folder(DECKS)
    pages = site_files(folder.decks(), with_home=True, models=folder.models(), texts=folder.texts())
    plugin_pages = dict(pages)
    exported_page = (exported / "docs" / "decks" / "cgroups.md").read_text(encoding="utf-8")
    assert exported_page == plugin_pages["decks/cgroups.md"]


FENCED = """\
# About

```mermaid
flowchart LR
  image --> container
```
"""


def test_a_courses_own_pages_and_name_come_along(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    course = tmp_path / "course"
    runner = CliRunner()
    assert (
        runner.invoke(app, ["new", "course", str(course), "--title", "Containers 101"]).exit_code
        == 0
    )
    (course / "docs" / "about.md").write_text(FENCED, encoding="utf-8")
    (course / "docs" / "files").mkdir()
    (course / "docs" / "files" / "notes.txt").write_text("notes", encoding="utf-8")
    (course / "docs" / ".draft.md").write_text("# Draft", encoding="utf-8")
    monkeypatch.chdir(course)
    monkeypatch.delenv("STUDYKIT_DECKS", raising=False)
    out = tmp_path / "plain"
    result = runner.invoke(app, ["export", "markdown", str(out)])
    assert result.exit_code == 0, result.output
    docs = out / "docs"
    home = (docs / "index.md").read_text(encoding="utf-8")
    assert home.startswith("# Containers 101") and "(decks/example-deck.md)" in home
    assert "studykit:catalogue" not in home
    about = (docs / "about.md").read_text(encoding="utf-8")
    drawn = re.search(r"\]\((assets/studykit/diagrams/[0-9a-f]+\.svg)\)", about)
    assert drawn and "```mermaid" not in about and (docs / drawn.group(1)).is_file()
    assert (docs / "files" / "notes.txt").read_text(encoding="utf-8") == "notes"
    assert not (docs / ".draft.md").exists()
    assert (
        yaml.safe_load((out / "mkdocs.yml").read_text(encoding="utf-8"))["site_name"]
        == "Containers 101"
    )
    _properdocs()
    command = [sys.executable, "-m", "properdocs", "build", "--strict", "-f", "mkdocs.yml"]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    built = subprocess.run(command, cwd=out, env=env, capture_output=True, text=True)
    assert built.returncode == 0 and "WARNING" not in built.stderr, built.stderr
    inside = runner.invoke(app, ["export", "markdown", "docs/plain"])
    assert inside.exit_code == 1 and "inside the course's pages" in inside.stderr
    assert not (course / "docs" / "plain").exists()
