"""The working copy of the bundled decks that the quiz's `e` key offers to make."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from studykit.decks.location import bundled_decks_dir, find_deck_folder
from studykit.decks.working_copy import (
    SCHEMA_FILE,
    WorkingCopyError,
    copied_path,
    is_inside,
    make_working_copy,
)
from studykit.load import load_decks
from studykit.load.schema import schema_text


def test_the_copy_loads_like_the_bundled_decks_and_names_its_own_schema(tmp_path: Path) -> None:
    bundled, target = bundled_decks_dir(), tmp_path / "decks"
    make_working_copy(bundled, target, schema_text())
    copied, original = load_decks([target]), load_decks([bundled])
    assert not copied.errors
    assert [deck.id for deck in copied.decks] == [deck.id for deck in original.decks]
    assert not list(target.rglob("*.py")) and (target / "models").is_dir()
    assert json.loads((target / SCHEMA_FILE).read_text())["$id"]
    first = (target / "cgroups.yaml").read_text().splitlines()[0]
    assert first == f"# yaml-language-server: $schema={SCHEMA_FILE}"


def test_the_folder_rule_finds_the_copy_from_where_it_was_made(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert is_inside(find_deck_folder(None) / "cgroups.yaml", bundled_decks_dir())
    make_working_copy(bundled_decks_dir(), Path("decks"), schema_text())
    card = bundled_decks_dir() / "cgroups.yaml"
    assert copied_path(card, bundled_decks_dir(), Path("decks")) == Path("decks/cgroups.yaml")
    assert not is_inside(find_deck_folder(None) / "cgroups.yaml", bundled_decks_dir())


def test_an_existing_folder_is_never_overwritten(tmp_path: Path) -> None:
    target = tmp_path / "decks"
    target.mkdir()
    (target / "mine.yaml").write_text("id: mine\n")
    with pytest.raises(WorkingCopyError, match="exists already"):
        make_working_copy(bundled_decks_dir(), target, schema_text())
    assert os.listdir(target) == ["mine.yaml"]
