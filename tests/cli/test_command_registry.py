"""The root group builds commands lazily from a registry: it must name every command."""

from __future__ import annotations

import json
import subprocess
import sys
from importlib import import_module

import typer

from studykit.cli import app as root
from studykit.cli.app import GROUPS, REGISTRY, build_command


def _defined() -> set[str]:
    """Return every top-level command the studykit.cli modules' Typer apps define."""
    names: set[str] = set()
    for module, attribute in set(REGISTRY.values()) - {REGISTRY[g] for g in GROUPS}:
        sub: typer.Typer = getattr(import_module(f"studykit.cli.{module}"), attribute)
        names |= {root._name(info) for info in sub.registered_commands}
        names |= {str(group.name) for group in sub.registered_groups}
    return names | GROUPS


def test_registry_names_every_command_and_each_builds() -> None:
    assert _defined() == set(REGISTRY)
    for name in REGISTRY:
        assert build_command(name).name == name


def test_running_a_command_imports_no_other_command_module() -> None:
    script = (
        "import sys, json\n"
        "from typer.testing import CliRunner\n"
        "from studykit.cli.app import app\n"
        "CliRunner().invoke(app, ['schema'])\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith('studykit.cli.'))))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    commands = [m for m in json.loads(done.stdout) if not m.startswith("studykit.cli.support")]
    assert commands == ["studykit.cli.app", "studykit.cli.authoring"]
