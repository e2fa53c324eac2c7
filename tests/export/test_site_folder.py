"""`studykit export` replaces the site whole or not at all: built beside it, then moved in."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from typer.testing import CliRunner

from studykit.cli.app import app
from studykit.decks import open_deck_folder
from studykit.decks.folder import DeckFolder
from studykit.errors import StudykitError
from studykit.export.plugin import build_site
from tests.conftest import FIXTURES

SMALL = FIXTURES / "csv" / "decks"


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def _unwritable(folder: DeckFolder) -> DeckFolder:
    """Return the decks with one more whose page name no file system takes (too long)."""
    first = folder.decks()[0]
    return DeckFolder.of((*folder.decks(), replace(first, id="x" * 300)))


def test_a_failed_build_leaves_the_old_site_and_no_temporary_folder(tmp_path: Path) -> None:
    out = tmp_path / "site"
    collection = open_deck_folder(SMALL)
    build_site(collection, config_file=None, site_dir=out)
    before = _tree(out)
    assert "index.html" in before
    with pytest.raises(StudykitError, match=f"cannot write the site: {out}/decks/xxx"):
        build_site(_unwritable(collection), config_file=None, site_dir=out)
    assert _tree(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_a_first_build_that_fails_leaves_nothing(tmp_path: Path) -> None:
    out = tmp_path / "new" / "site"
    with pytest.raises(StudykitError):
        build_site(_unwritable(open_deck_folder(SMALL)), config_file=None, site_dir=out)
    assert not out.exists()
    assert list((tmp_path / "new").iterdir()) == []


def test_a_rebuild_replaces_stale_pages_and_keeps_hidden_entries(tmp_path: Path) -> None:
    out = tmp_path / "site"
    (out / ".git").mkdir(parents=True)
    (out / ".git" / "HEAD").write_text("ref: refs/heads/pages\n")
    (out / "stale.html").write_text("from an older build")
    build_site(open_deck_folder(SMALL), config_file=None, site_dir=out)
    assert (out / "index.html").is_file()
    assert not (out / "stale.html").exists()  # as MkDocs cleans its site_dir
    assert (out / ".git" / "HEAD").read_text() == "ref: refs/heads/pages\n"  # as MkDocs keeps
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_export_into_a_file_is_refused(runner: CliRunner, tmp_path: Path) -> None:
    taken = tmp_path / "site"
    taken.write_text("not a folder")
    result = runner.invoke(app, ["export", "--decks", str(SMALL), "--out", str(taken)])
    assert result.exit_code == 1
    assert "is not a folder" in result.stderr
    assert taken.read_text() == "not a folder"


def test_a_link_to_the_site_folder_still_points_at_the_new_site(tmp_path: Path) -> None:
    real = tmp_path / "real"
    real.mkdir()
    link = tmp_path / "site"
    link.symlink_to(real)
    build_site(open_deck_folder(SMALL), config_file=None, site_dir=link)
    assert link.is_symlink() and (link / "index.html").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["real", "site"]
