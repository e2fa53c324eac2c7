"""Shell completion, installed and used by a real bash: commands, options and deck ids."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import FIXTURES

BIN = Path(sys.executable).parent
DECKS = FIXTURES / "csv" / "decks"  # the decks every-kind and kernel


def _bash(script: str, home: Path, *, interactive: bool = False) -> str:
    """Run a bash script with HOME in a test folder and this install's studykit first on PATH."""
    bash = shutil.which("bash")
    if bash is None:
        pytest.fail("bash is missing: completion is tested in bash", pytrace=False)
    env = {
        "HOME": str(home),
        "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}",
        "STUDYKIT_DECKS": str(DECKS),
        "XDG_CACHE_HOME": str(home / "cache"),
        "TERM": "dumb",
    }
    flags = ["-i"] if interactive else []  # an interactive bash reads ~/.bashrc
    done = subprocess.run(
        [bash, *flags, "-c", script],
        env=env,
        cwd=home,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def _complete(line: str) -> str:
    """Return bash lines that ask the loaded completion function what completes `line`."""
    words = line.split(" ")
    quoted = " ".join(f"'{word}'" for word in words)
    return (
        f"COMP_WORDS=({quoted}); COMP_CWORD={len(words) - 1}; COMP_LINE='{line}'; "
        f"COMP_POINT={len(line)}; "
        "$(complete -p studykit | sed -E 's/.*-F ([^ ]+) .*/\\1/') studykit; "
        "printf '%s\\n' \"${COMPREPLY[@]}\"; echo --"
    )


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return a HOME where `studykit --install-completion` ran from bash."""
    home = tmp_path_factory.mktemp("home")
    (home / ".bashrc").write_text("# the learner's own settings\n", encoding="utf-8")
    said = _bash("studykit --install-completion", home)
    assert "bash completion installed" in said
    return home


def _answers(home: Path, *lines: str) -> list[list[str]]:
    """Return what an interactive bash (reading ~/.bashrc) completes for each line."""
    output = _bash("; ".join(_complete(line) for line in lines), home, interactive=True)
    blocks = output.split("--\n")[: len(lines)]
    return [block.split() for block in blocks]


def test_install_completion_keeps_the_bashrc_and_adds_one_line(installed: Path) -> None:
    bashrc = (installed / ".bashrc").read_text(encoding="utf-8")
    assert bashrc.startswith("# the learner's own settings\n")
    assert bashrc.count("studykit") == 1  # one line sources the completion script


def test_bash_completes_commands_subcommands_and_options(installed: Path) -> None:
    commands, interop, options = _answers(
        installed, "studykit qu", "studykit export ", "studykit quiz --ta"
    )
    assert commands == ["quiz"]
    assert {"anki", "csv"} <= set(interop)
    assert options == ["--tag"]


def test_bash_completes_deck_ids_of_the_deck_folder(installed: Path) -> None:
    show, quiz, chosen = _answers(
        installed, "studykit show k", "studykit quiz ", "studykit quiz kernel "
    )
    assert show == ["kernel"]
    assert sorted(quiz) == ["every-kind", "kernel"]
    assert chosen == ["every-kind"]  # a deck already named is not offered again


def test_completion_of_a_broken_deck_folder_offers_nothing_quietly(tmp_path: Path) -> None:
    env = dict(os.environ, STUDYKIT_DECKS=str(tmp_path / "missing"))
    env |= {
        "_STUDYKIT_COMPLETE": "complete_bash",
        "COMP_WORDS": "studykit show ",
        "COMP_CWORD": "2",
    }
    done = subprocess.run(
        [str(BIN / "studykit")], env=env, capture_output=True, text=True, timeout=60
    )
    assert (done.returncode, done.stdout.strip(), done.stderr) == (0, "", "")


@pytest.mark.parametrize("shell", ["zsh", "fish"])
def test_zsh_and_fish_get_a_script_and_the_same_answers(shell: str, tmp_path: Path) -> None:
    # zsh and fish are not on the test machine: this checks what studykit answers them.
    base = dict(os.environ, STUDYKIT_DECKS=str(DECKS), XDG_CACHE_HOME=str(tmp_path))
    script = subprocess.run(
        [str(BIN / "studykit")], env=base | {"_STUDYKIT_COMPLETE": f"source_{shell}"},
        capture_output=True, text=True, timeout=60,
    ).stdout  # fmt: skip
    assert f"_STUDYKIT_COMPLETE=complete_{shell}" in script
    asked = {
        "_STUDYKIT_COMPLETE": f"complete_{shell}",
        "_TYPER_COMPLETE_ARGS": "studykit show k",
        "_TYPER_COMPLETE_FISH_ACTION": "get-args",
    }
    done = subprocess.run(
        [str(BIN / "studykit")], env=base | asked, capture_output=True, text=True, timeout=60
    )
    assert "kernel" in done.stdout and "every-kind" not in done.stdout
