"""The MkDocs plugin building real sites: the shipped one, a minimal one, a hostile deck."""

from __future__ import annotations

import gc
import json
import os
import re
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from studykit.cli.app import app
from studykit.decks import open_deck_folder
from studykit.errors import StudykitError
from studykit.export.diagrams import draw_diagrams
from studykit.export.plugin import StudykitPlugin, build_site
from studykit.export.search_shards import shard_key
from studykit.export.site_files import diagram_sources
from tests.conftest import DECKS, FIXTURES, ROOT

HOSTILE = FIXTURES / "hostile-site"
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def _mkdocs(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "mkdocs", *args]
    return subprocess.run(command, cwd=cwd, env=ENV, capture_output=True, text=True, check=False)


@pytest.fixture(scope="module")
def shipped_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, float, str]:
    """Build the repository's site with `mkdocs build --strict`; return folder, seconds, log.

    The diagrams are drawn first (or found in the drawing cache), so the time is a rebuild's,
    as with `mkdocs serve`; drawing every diagram afresh adds about a second each.
    """
    out = tmp_path_factory.mktemp("site")
    folder = open_deck_folder(DECKS)
    draw_diagrams(diagram_sources(folder.decks(), folder.models()))
    started = time.perf_counter()
    result = _mkdocs("build", "--strict", "--site-dir", str(out))
    elapsed = time.perf_counter() - started
    assert result.returncode == 0, result.stderr
    return out, elapsed, result.stderr


def test_shipped_site_builds_strict_with_no_warnings_in_under_ten_seconds(
    shipped_site: tuple[Path, float, str],
) -> None:
    _, elapsed, log = shipped_site
    assert "WARNING" not in log
    assert elapsed < 10, f"the shipped site took {elapsed:.1f} s"


def test_every_deck_has_a_page_and_a_practice_page(shipped_site: tuple[Path, float, str]) -> None:
    out = shipped_site[0]
    for deck in open_deck_folder(DECKS).decks():
        assert (out / "decks" / deck.id / "index.html").is_file()
        practice = (out / "practice" / deck.id / "index.html").read_text(encoding="utf-8")
        assert 'class="sk-practice-data"' in practice
    for page in ("index.html", "glossary/index.html", "practice/index.html", "cli/index.html"):
        assert (out / page).is_file(), page


def test_runtime_page_is_built_and_in_the_navigation(
    shipped_site: tuple[Path, float, str],
) -> None:
    page = (shipped_site[0] / "runtime" / "index.html").read_text(encoding="utf-8")
    drawn = re.findall(r'<img alt="State diagram of [^"]*" class="sk-diagram" src="([^"]+)"', page)
    folder = shipped_site[0] / "runtime"
    assert len(drawn) == 2 and all((folder / src).is_file() for src in drawn)
    assert '<span id="rule-exit-signal"></span>' in page
    home = (shipped_site[0] / "index.html").read_text(encoding="utf-8")
    assert re.search(
        r'href="runtime/"[^>]*>\s*<span class="md-ellipsis">\s*Container runtime model', home
    )


def test_home_page_shows_the_catalogue(shipped_site: tuple[Path, float, str]) -> None:
    home = (shipped_site[0] / "index.html").read_text(encoding="utf-8")
    assert "studykit:catalogue" not in home
    assert re.search(r'<a href="decks/cgroups/">Linux control groups \(cgroups\)</a>', home)


def test_cli_reference_is_generated_from_the_commands(
    shipped_site: tuple[Path, float, str],
) -> None:
    page = (shipped_site[0] / "cli" / "index.html").read_text(encoding="utf-8")
    for command in ("studykit validate", "studykit export", "studykit export anki"):
        assert f"<code>{command}</code>" in page, command
    assert "--decks" in page


def _search_entries(site: Path) -> list[dict[str, str]]:
    """Return the entries of a site's split search index (location, title, text), in order."""
    folder = site / "search" / "studykit" / "d"
    chunks = sorted(folder.glob("*.json"), key=lambda p: int(p.stem))
    rows = [row for chunk in chunks for row in json.loads(chunk.read_text(encoding="utf-8"))]
    return [{"location": r[0], "title": r[1], "text": r[2]} for r in rows]


def test_search_index_links_to_cards_and_excludes_practice(
    shipped_site: tuple[Path, float, str],
) -> None:
    index = json.loads((shipped_site[0] / "search" / "search_index.json").read_text())
    assert index["docs"] == []  # a page view loads the settings only; a search, the rest
    locations = {doc["location"] for doc in _search_entries(shipped_site[0])}
    assert "decks/cgroups/#card-cgroup-mountpoint" in locations
    assert not any(location.startswith("practice/cgroups") for location in locations)
    assert "(?!\\b)" in index["config"]["separator"]  # splits words at punctuation too


def test_maintainer_coverage_page_is_built_but_not_in_navigation_or_search(
    shipped_site: tuple[Path, float, str],
) -> None:
    out = shipped_site[0]
    assert "Coverage of the seed notes" in (out / "coverage" / "index.html").read_text()
    home = (out / "index.html").read_text(encoding="utf-8")
    assert 'href="coverage/"' not in home
    assert not any(doc["location"].startswith("coverage/") for doc in _search_entries(out))


def test_home_page_lists_the_decks_in_course_order(shipped_site: tuple[Path, float, str]) -> None:
    home = (shipped_site[0] / "index.html").read_text(encoding="utf-8")
    order = [home.index(f'href="decks/{d}/"') for d in ("virtualization", "namespaces", "cgroups")]
    assert order == sorted(order)


def test_answers_are_indexed_with_their_card(shipped_site: tuple[Path, float, str]) -> None:
    entries = _search_entries(shipped_site[0])
    number, card = next(
        (n, d)
        for n, d in enumerate(entries)
        if d["location"] == "decks/cgroups/#card-cgroup-mountpoint"
    )
    assert "/sys/fs/cgroup" in card["text"]
    shard = shipped_site[0] / "search" / "studykit" / "t" / f"{shard_key('sys')}.json"
    postings = json.loads(shard.read_text(encoding="utf-8"))["sys"]
    assert number in postings[::2]  # the answer's words find the card


def test_no_google_fonts(shipped_site: tuple[Path, float, str]) -> None:
    home = (shipped_site[0] / "index.html").read_text(encoding="utf-8")
    assert "fonts.googleapis" not in home and "fonts.gstatic" not in home


def _scripts(html: str) -> list[str]:
    return re.findall(r"<script\b[^>]*>", html)


class _Attributes(HTMLParser):
    """Collect the name of every attribute of every element, as a browser parses them."""

    def __init__(self) -> None:
        super().__init__()
        self.names: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.names += [name for name, _ in attrs]


def _attribute_names(html: str) -> list[str]:
    parser = _Attributes()
    parser.feed(html)
    return parser.names


def test_hostile_deck_adds_no_script_or_event_handler(tmp_path: Path) -> None:
    build_site(open_deck_folder(HOSTILE), config_file=None, site_dir=tmp_path)
    page = (tmp_path / "decks" / "hostile" / "index.html").read_text(encoding="utf-8")
    plain = (tmp_path / "glossary" / "index.html").read_text(encoding="utf-8")
    assert len(_scripts(page)) == len(_scripts(plain))
    assert not [name for name in _attribute_names(page) if name.startswith("on")]
    assert not re.search(r"href=\"\s*javascript", page, re.IGNORECASE)
    assert "window.__pwned='pre'</script>" not in page
    # A diagram is drawn (an image of a cleaned SVG file) or, if Mermaid refuses it, shown as
    # its filtered source; neither keeps a directive or a click binding.
    shown = "".join(re.findall(r"<pre><code>(.*?)</code></pre>", page, re.DOTALL))
    drawn = re.findall(r'<img alt="[^"]*" class="sk-diagram" src="([^"]+)"', page)
    assert drawn and "could not be drawn" in page
    for unsafe in ("click", "%%{", "securityLevel", "config:"):
        assert unsafe not in shown
    for src in drawn:
        svg = (tmp_path / "decks" / "hostile" / src).read_text(encoding="utf-8")
        assert not re.search(r"<script|<a\b|\son\w+=|javascript:|class=\"[^\"]*clickable", svg)
    practice = (tmp_path / "practice" / "hostile" / "index.html").read_text(encoding="utf-8")
    assert len(_scripts(practice)) == len(_scripts(plain)) + 1  # the JSON data island


def test_plugin_works_in_a_minimal_mkdocs_yml(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "about.md").write_text("# About\n\n<!-- studykit:catalogue -->\n")
    (tmp_path / "mkdocs.yml").write_text(
        f"site_name: Mine\ntheme: {{name: material}}\n"
        f"plugins:\n  - search\n  - studykit:\n      decks: {DECKS}\n"
    )
    result = _mkdocs("build", "--strict", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr
    site = tmp_path / "site"
    assert "Linux control groups" in (site / "index.html").read_text(encoding="utf-8")
    about = (site / "about" / "index.html").read_text(encoding="utf-8")
    assert 'href="../decks/cgroups/"' in about
    deck = (site / "decks" / "containers-vs-vms" / "index.html").read_text(encoding="utf-8")
    assert 'class="sk-diagram"' in deck and '<table role="table" data-stack>' in deck


def test_invalid_deck_stops_the_build_naming_the_problem(tmp_path: Path) -> None:
    decks = tmp_path / "decks"
    decks.mkdir()
    (decks / "bad.yaml").write_text("id: bad\ntitle: Bad\ncards:\n  - id: x\n    kind: basic\n")
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: Bad\ntheme: {name: material}\nplugins: [studykit]\n"
    )
    (tmp_path / "docs").mkdir()
    result = _mkdocs("build", cwd=tmp_path)
    assert result.returncode != 0
    assert re.search(r"bad\.yaml:\d+:\d+: .*'front'", result.stderr + result.stdout)


def test_export_command_builds_the_site_without_a_mkdocs_yml(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, runner: CliRunner
) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["export", "--out", "out", "--decks", str(DECKS)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "decks" / "cgroups" / "index.html").is_file()
    authored = len(list(DECKS.glob("*.yaml")))  # one deck per file; models/ are not decks
    assert authored >= 16  # the ten seed-note decks and the six virtualization-internals decks
    assert f"wrote out: {authored + 1} decks" in result.output  # plus one generated deck


def test_export_command_reports_invalid_decks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, runner: CliRunner
) -> None:
    (tmp_path / "bad.yaml").write_text("id: bad\n")
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["export", "--decks", str(tmp_path)])
    assert result.exit_code == 1
    assert "studykit: error:" in result.output and "bad.yaml" in result.output
    assert not (tmp_path / "study-site").exists()


def test_loaded_decks_are_kept_out_of_the_collectors_walks_while_the_site_builds(
    tmp_path: Path,
) -> None:
    frozen_while_building: list[int] = []

    def progress(done: int, total: int) -> None:
        frozen_while_building.append(gc.get_freeze_count())

    collection = open_deck_folder(DECKS)
    build_site(collection, config_file=None, site_dir=tmp_path, progress=progress)
    assert frozen_while_building and min(frozen_while_building) > 0
    assert gc.get_freeze_count() == 0  # unfrozen afterwards: garbage is collected again


def test_a_site_without_runtime_models_imports_no_simulator_or_live_server(
    tmp_path: Path,
) -> None:
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from studykit.decks import open_deck_folder\n"
        "from studykit.export.plugin import build_site\n"
        f"build_site(open_deck_folder(Path({str(HOSTILE)!r})), config_file=None,"
        f" site_dir=Path({str(tmp_path)!r}))\n"
        "unwanted = ('studykit.runtime', 'mkdocs.livereload', 'watchdog')\n"
        "print(sorted(m for m in sys.modules if m.startswith(unwanted)))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], env=ENV, capture_output=True, text=True, check=True
    )
    # The simulator draws runtime pages only; the live-reload server is `mkdocs serve`'s.
    assert done.stdout.splitlines()[-1] == "[]"


def test_export_refuses_a_mkdocs_yml_without_the_plugin(tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").write_text("site_name: Other\n")
    (tmp_path / "docs").mkdir()
    with pytest.raises(StudykitError, match="add studykit to its plugins"):
        build_site(
            open_deck_folder(DECKS), config_file=tmp_path / "mkdocs.yml", site_dir=tmp_path / "o"
        )


def test_export_reports_a_broken_mkdocs_yml(tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").write_text("site_name: Other\ndocs_dir: missing\n")
    with pytest.raises(StudykitError, match="the site build failed"):
        build_site(
            open_deck_folder(DECKS), config_file=tmp_path / "mkdocs.yml", site_dir=tmp_path / "o"
        )


class _Server:
    def __init__(self) -> None:
        self.watched: list[str] = []

    def watch(self, path: str) -> None:
        self.watched.append(path)


def test_serve_watches_the_deck_folder(tmp_path: Path) -> None:
    from mkdocs.config import load_config

    config = load_config(str(ROOT / "mkdocs.yml"))
    plugin = config.plugins["studykit"]
    assert isinstance(plugin, StudykitPlugin)
    server = _Server()
    plugin.on_serve(server, config=config, builder=lambda: None)  # type: ignore[arg-type]
    assert server.watched == [str(DECKS)]


def test_the_plugin_finds_the_deck_folder_by_the_one_rule(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its `decks` option (relative to mkdocs.yml), else $STUDYKIT_DECKS, else decks/ beside
    mkdocs.yml, else the bundled decks: the rule of every command."""
    from mkdocs.config import load_config

    from studykit.decks import bundled_decks_dir

    site = tmp_path / "site"
    (site / "docs").mkdir(parents=True)
    (site / "mkdocs.yml").write_text("site_name: t\nplugins: [studykit]\n")
    monkeypatch.chdir(tmp_path)

    def found(options: str = "") -> Path:
        if options:
            (site / "mkdocs.yml").write_text(f"site_name: t\nplugins:\n  - studykit: {options}\n")
        config = load_config(str(site / "mkdocs.yml"))
        plugin = config.plugins["studykit"]
        assert isinstance(plugin, StudykitPlugin)
        return plugin.decks_dir(config)

    assert found() == bundled_decks_dir()
    (site / "decks").mkdir()
    assert found() == site / "decks"
    monkeypatch.setenv("STUDYKIT_DECKS", str(tmp_path / "env-decks"))
    assert found() == tmp_path / "env-decks"
    assert found("{decks: mine}") == site / "mine"
