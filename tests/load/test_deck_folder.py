"""Hostile deck folders: links, loops, special files and huge files each give one clear problem.

Every command that reads the deck folder (validate, export, quiz, stats, due) walks it the
same way, never hangs and never reads without bound; a link to a deck file keeps working.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from studykit.cli.app import app
from studykit.load import load_decks
from studykit.load.yaml_source import MAX_FILE_BYTES
from tests.conftest import ROOT

DECK = "id: {id}\ntitle: T\ncards:\n  - id: a\n    kind: basic\n    front: F\n    back: B\n"
READERS = [["validate"], ["quiz"], ["stats"], ["due"], ["export", "anki", "--out", "x.apkg"]]


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Return a deck folder with one good deck, the working folder being its parent."""
    monkeypatch.chdir(tmp_path)
    decks = tmp_path / "decks"
    decks.mkdir()
    (decks / "good.yaml").write_text(DECK.format(id="good"), encoding="utf-8")
    return decks


def _problems(folder: Path) -> list[str]:
    return [f"{i.path}:{i.line}:{i.column}: {i.message}" for i in load_decks([folder]).errors]


def _run(runner: CliRunner, command: list[str], folder: Path) -> tuple[int, str]:
    db = [] if command[0] in ("validate", "export") else ["--db", "progress.sqlite3"]
    result = runner.invoke(app, [*command, "--decks", str(folder), *db], input="")
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


def _assert_every_reader_reports(runner: CliRunner, folder: Path, expected: str) -> None:
    for command in READERS:
        code, output = _run(runner, command, folder)
        assert code == 1, (command, output)
        assert expected in output and "Traceback" not in output, (command, output)


def test_a_link_to_a_deck_file_in_the_folder_keeps_working(folder: Path, runner: CliRunner) -> None:
    (folder / "sub").mkdir()
    (folder / "sub" / "real.yaml").write_text(DECK.format(id="real"), encoding="utf-8")
    (folder / "alias.yml").symlink_to(Path("sub") / "real.yaml")
    os.rename(folder / "sub" / "real.yaml", folder / "sub" / "real.txt")
    (folder / "alias.yml").unlink()
    (folder / "alias.yml").symlink_to(Path("sub") / "real.txt")
    result = load_decks([folder])
    assert not result.issues and sorted(d.id for d in result.decks) == ["good", "real"]
    for command in READERS:
        code, output = _run(runner, command, folder)
        assert code == 0, (command, output)
    assert _run(runner, ["due"], folder)[1].strip() == "0"


def test_a_symlink_loop_is_one_problem(folder: Path, runner: CliRunner) -> None:
    (folder / "self.yaml").symlink_to("self.yaml")
    problems = _problems(folder)
    assert len(problems) == 1 and problems[0].startswith("decks/self.yaml:1:1: ")
    assert "loop" in problems[0]
    _assert_every_reader_reports(runner, folder, "decks/self.yaml:1:1:")


def test_a_dangling_link_is_one_problem(folder: Path, runner: CliRunner) -> None:
    (folder / "gone.yaml").symlink_to("nowhere.yaml")
    problems = _problems(folder)
    assert len(problems) == 1 and problems[0].startswith("decks/gone.yaml:1:1: ")
    assert "nowhere.yaml" in problems[0]
    _assert_every_reader_reports(runner, folder, "decks/gone.yaml:1:1:")


def test_a_directory_link_cycle_is_one_problem(folder: Path, runner: CliRunner) -> None:
    (folder / "sub").symlink_to(".", target_is_directory=True)
    (folder / "deeper").mkdir()
    (folder / "deeper" / "up").symlink_to("..", target_is_directory=True)
    problems = _problems(folder)
    assert [p.split(": ")[0] for p in problems] == ["decks/deeper/up:1:1", "decks/sub:1:1"]
    _assert_every_reader_reports(runner, folder, "decks/sub:1:1:")


def test_a_link_up_to_a_folder_holding_the_deck_folder_is_one_problem(
    folder: Path, runner: CliRunner
) -> None:
    """`sub -> ..` leads out of the folder and back into it: a cycle, found before walking."""
    (folder.parent / "elsewhere.yaml").write_text(DECK.format(id="elsewhere"), encoding="utf-8")
    (folder / "sub").symlink_to("..", target_is_directory=True)
    problems = _problems(folder)
    assert len(problems) == 1 and problems[0].startswith("decks/sub:1:1: ")
    assert "holds the deck folder" in problems[0]
    _assert_every_reader_reports(runner, folder, "decks/sub:1:1:")


def test_a_second_link_to_the_same_folder_is_read_once(folder: Path) -> None:
    (folder / "shared").mkdir()
    (folder / "shared" / "s.yaml").write_text(DECK.format(id="s"), encoding="utf-8")
    (folder / "again").symlink_to("shared", target_is_directory=True)
    problems = _problems(folder)
    assert len(problems) == 1 and problems[0].startswith("decks/again:1:1: ")


def test_a_special_file_is_never_opened(folder: Path, runner: CliRunner) -> None:
    os.mkfifo(folder / "pipe.yaml")
    (folder / "zero.yaml").symlink_to("/dev/zero")
    problems = _problems(folder)
    assert [p.split(": ")[0] for p in problems] == ["decks/pipe.yaml:1:1", "decks/zero.yaml:1:1"]
    assert "FIFO" in problems[0] and "device" in problems[1]
    _assert_every_reader_reports(runner, folder, "decks/pipe.yaml:1:1:")


@pytest.mark.parametrize("command", READERS, ids=lambda c: c[0])
def test_no_command_hangs_or_grows_on_special_files(folder: Path, command: list[str]) -> None:
    """In a real process: a FIFO read would block forever, /dev/zero would fill memory."""
    os.mkfifo(folder / "pipe.yaml")
    (folder / "zero.yaml").symlink_to("/dev/zero")
    (folder / "sub").symlink_to(".", target_is_directory=True)
    script = (
        "import resource, subprocess, sys\n"
        "done = subprocess.run(sys.argv[1:], capture_output=True, text=True, timeout=60)\n"
        "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
        "print(done.returncode, peak, repr(done.stderr + done.stdout))\n"
    )
    db = [] if command[0] in ("validate", "export") else ["--db", "progress.sqlite3"]
    args = [sys.executable, "-m", "studykit", *command, "--decks", str(folder), *db]
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    out = subprocess.run(
        [sys.executable, "-c", script, *args], capture_output=True, text=True, timeout=90,
        stdin=subprocess.DEVNULL, env=env,
    )  # fmt: skip
    code, peak_kb, output = out.stdout.split(" ", 2)
    assert code == "1" and "Traceback" not in output, output
    assert int(peak_kb) < 200_000, f"peak RSS {peak_kb} KB"
    assert "pipe.yaml" in output and "zero.yaml" in output


def test_an_oversized_file_is_one_problem(folder: Path) -> None:
    (folder / "big.yaml").write_bytes(b"id: big\ntitle: Big\ndescription: " + b"x" * MAX_FILE_BYTES)
    problems = _problems(folder)
    assert problems == ["decks/big.yaml:1:1: file is larger than 5 MB"]


def test_a_folder_named_like_a_deck_is_not_a_deck(folder: Path, runner: CliRunner) -> None:
    (folder / "x.yaml").mkdir()
    result = runner.invoke(app, ["validate", "decks/x.yaml"])
    assert result.exit_code == 1
    assert result.stdout.startswith("decks/x.yaml:1:1: ") and "no deck files" in result.stdout


def test_an_unreadable_folder_is_one_problem(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    locked = folder / "locked"
    locked.mkdir()
    scandir = os.scandir

    def refuse(path: str) -> object:  # chmod 0 does not stop root, who runs CI here
        if os.path.basename(os.path.normpath(path)) == "locked":
            raise PermissionError(13, "Permission denied", path)
        return scandir(path)

    monkeypatch.setattr(os, "scandir", refuse)
    problems = _problems(folder)
    assert len(problems) == 1 and problems[0].startswith("decks/locked:1:1: ")
    assert "Permission denied" in problems[0]


def test_peak_memory_helper_is_meaningful() -> None:
    # ru_maxrss is in kilobytes on Linux; the bound above relies on it.
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss > 1_000


def test_a_link_to_a_huge_folder_is_not_walked_without_bound(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from studykit.load import deck_tree

    monkeypatch.setattr(deck_tree, "MAX_ENTRIES", 50)  # a link to / holds millions
    (folder / "many").mkdir()
    for number in range(60):
        (folder / "many" / f"{number}.txt").write_text("")
    problems = _problems(folder)
    assert len(problems) == 1 and problems[0].startswith("decks:1:1: more than")
