"""Imports point one way and each third-party library is imported in one place."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import ROOT

PACKAGE = ROOT / "studykit"
# Which studykit packages each layer may import (besides itself, errors and model).
ALLOWED = {
    "model": set(),
    "markup": set(),
    "load": {"markup"},  # only image_checks: which images a card text has
    "runtime": {"load"},
    "study": {"load"},
    "decks": {"load", "markup", "runtime", "study"},
    "tui": {"load", "markup", "runtime", "study"},
    "cli": {"decks", "export", "load", "markup", "runtime", "study", "tui"},
    "export": {"decks", "load", "markup", "runtime", "study"},
}
# Where each third-party library may be imported.
OWNERS = {
    "yaml": ("load/",),
    "fsrs": ("study/scheduler",),
    "fsrs_rs_python": ("study/optimizer",),
    "sqlite3": ("study/store", "export/anki_collection"),
    "rich": ("tui/",),
    "typer": ("cli/",),
    "click": ("cli/",),
    "mkdocs": ("export/plugin",),
    "mermaidx": ("export/diagram_worker",),
    "markdown_it": ("markup/",),
}


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def _layer(path: Path) -> str:
    relative = path.relative_to(PACKAGE)
    return relative.parts[0].removesuffix(".py") if len(relative.parts) > 0 else ""


MODULES = sorted(p for p in PACKAGE.rglob("*.py") if "bundled_decks" not in p.parts)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_point_one_way(path: Path) -> None:
    layer = _layer(path)
    if layer not in ALLOWED:
        return  # __init__, __main__, errors: the package root
    for name in _imports(path):
        parts = name.split(".")
        if parts[0] != "studykit" or len(parts) < 2:
            continue
        target = parts[1]
        if target in (layer, "errors", "wording", "model", "__version__"):
            continue
        assert target in ALLOWED[layer], f"{layer} must not import studykit.{target}"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_each_library_is_imported_in_one_place(path: Path) -> None:
    where = str(path.relative_to(PACKAGE))
    for name in _imports(path):
        owners = OWNERS.get(name.split(".")[0])
        if owners is not None:
            assert where.startswith(owners), f"{where} imports {name}; only {owners} may"


# The seams of issue 12: the lab language and its harness in runtime/, one quiz protocol in
# study/, thin commands in cli/ with their machinery in cli/support/.
CLI = PACKAGE / "cli"
COMMAND_MODULES = {p.stem for p in CLI.glob("*.py")} - {"__init__", "app"}


def _modules(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.py"))


def test_cli_support_never_imports_a_command() -> None:
    commands = {f"studykit.cli.{name}" for name in COMMAND_MODULES}
    for path in _modules(CLI / "support"):
        found = _imports(path) & commands
        assert not found, f"{path.name} imports the commands {found}"


def test_the_quiz_front_ends_leave_input_to_the_protocol() -> None:
    for name in ("quiz_terminal.py", "quiz_piped.py"):
        imported = _imports(CLI / "support" / name)
        assert "studykit.study.quiz_protocol" in imported
        assert "studykit.study.grading" not in imported, f"{name} grades answers itself"


def test_only_the_live_harness_starts_processes_in_runtime() -> None:
    harness = PACKAGE / "runtime" / "conformance"
    for path in _modules(PACKAGE / "runtime"):
        if not (path.parent == harness and path.name.startswith("live")):  # live, live_images
            assert "subprocess" not in _imports(path), f"{path.name} starts processes"


def test_the_lab_does_not_depend_on_its_harness() -> None:
    for path in _modules(PACKAGE / "runtime" / "lab"):
        harness = {n for n in _imports(path) if n.startswith("studykit.runtime.conformance")}
        assert not harness, f"{path.name} imports {harness}"


STORE = PACKAGE / "study" / "store"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_the_store_is_used_through_its_public_api_only(path: Path) -> None:
    """Other modules import `studykit.study.store`, never its modules; the store imports back
    nothing of studykit.study but the shared records of `study.card_state`."""
    inside = STORE in path.parents
    for name in _imports(path):
        if (
            inside
            and name.startswith("studykit.study.")
            and not name.startswith(("studykit.study.store", "studykit.study.card_state"))
        ):
            raise AssertionError(f"the store must not import {name}")
        if not inside and name.startswith("studykit.study.store."):
            raise AssertionError(f"import {name}'s names from studykit.study.store")
