"""The deck a runtime model generates takes its id: no authored deck or other model may take it too."""

from __future__ import annotations

import shutil
from pathlib import Path

from studykit.load import load_decks
from tests.conftest import DECKS

MODEL = DECKS / "models" / "container-runtime.yaml"
DECK = "id: {id}\ntitle: X\ncards:\n  - id: a\n    kind: basic\n    front: F\n    back: B\n"


def _folder(tmp_path: Path, *models: str) -> Path:
    (tmp_path / "models").mkdir()
    for name in models:
        shutil.copy(MODEL, tmp_path / "models" / name)
    return tmp_path


def test_an_authored_deck_with_the_generated_id_is_a_problem(tmp_path: Path) -> None:
    folder = _folder(tmp_path, "container-runtime.yaml")
    (folder / "x.yaml").write_text(DECK.format(id="runtime-behaviour"), encoding="utf-8")
    result = load_decks([folder])
    assert [(i.path.endswith("x.yaml"), i.line, i.column) for i in result.errors] == [(True, 1, 1)]
    assert "'runtime-behaviour'" in result.errors[0].message
    assert "container-runtime.yaml" in result.errors[0].message


def test_the_id_is_free_without_a_model(tmp_path: Path) -> None:
    (tmp_path / "x.yaml").write_text(DECK.format(id="runtime-behaviour"), encoding="utf-8")
    assert not load_decks([tmp_path]).errors


def test_two_models_would_generate_the_same_deck(tmp_path: Path) -> None:
    folder = _folder(tmp_path, "a.yaml", "b.yaml")
    errors = load_decks([folder]).errors
    assert len(errors) == 1 and errors[0].path.endswith("b.yaml")
    assert "a.yaml" in errors[0].message
