"""`studykit progress export` and `import`: files, standard streams, refusals that change nothing."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.cli.quiz_support import QUIZ_DECKS, START, quiz_env

STUDYKIT = [sys.executable, "-m", "studykit"]


def run(
    db: Path, *args: str, stdin: bytes = b"", now: str = START
) -> subprocess.CompletedProcess[bytes]:
    env = quiz_env(db, now)
    env["XDG_CONFIG_HOME"] = str(db.parent / "config")
    return subprocess.run([*STUDYKIT, *args], input=stdin, env=env, capture_output=True, timeout=60)


def test_export_to_stdout_imports_from_stdin(tmp_path: Path) -> None:
    a, b = tmp_path / "a" / "p.sqlite3", tmp_path / "b" / "p.sqlite3"
    answered = run(a, "quiz", "--decks", str(QUIZ_DECKS), "--seed", "3", "oci", stdin=b"3\n1\n")
    assert answered.returncode == 0, answered.stderr
    exported = run(a, "progress", "export")
    assert exported.returncode == 0 and exported.stderr.decode().strip() == "exported 2 reviews"
    imported = run(b, "progress", "import", "-", "--decks", str(QUIZ_DECKS), stdin=exported.stdout)
    assert imported.returncode == 0, imported.stderr
    assert imported.stdout.decode().startswith("imported 2 new reviews (0 already here)")
    again = run(b, "progress", "export")
    assert again.stdout.splitlines()[1:] == exported.stdout.splitlines()[1:]


def test_a_refused_file_changes_nothing(tmp_path: Path) -> None:
    db = tmp_path / "p.sqlite3"
    run(db, "quiz", "--decks", str(QUIZ_DECKS), "--seed", "3", "oci", stdin=b"3\n")
    before = db.read_bytes()
    bad = tmp_path / "bad.jsonl"
    good = run(db, "progress", "export").stdout
    bad.write_bytes(good + b'{"id": "nothex"}\n')
    done = run(db, "progress", "import", str(bad))
    assert done.returncode == 1
    assert done.stderr.decode().startswith(f"studykit: error: {bad}:3: 'id' must be 32")
    assert db.read_bytes() == before
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    done = run(db, "progress", "import", str(fifo))  # never blocks on a pipe
    assert done.returncode == 1 and b"not a regular file" in done.stderr


def test_import_says_when_the_file_was_scheduled_otherwise(tmp_path: Path) -> None:
    import json

    a, b = tmp_path / "a" / "p.sqlite3", tmp_path / "b" / "p.sqlite3"
    run(a, "quiz", "--decks", str(QUIZ_DECKS), "--seed", "3", "oci", stdin=b"3\n")
    lines = run(a, "progress", "export").stdout.decode().splitlines()
    header = json.loads(lines[0])
    header["scheduler"]["desired_retention"] = 0.85
    other = tmp_path / "other.jsonl"
    other.write_text("\n".join([json.dumps(header), *lines[1:]]) + "\n")
    done = run(b, "progress", "import", str(other), "--decks", str(QUIZ_DECKS))
    assert (
        "other FSRS settings or parameters; this side replays with its own" in done.stderr.decode()
    )
    same = run(b, "progress", "import", str(other), "--decks", str(QUIZ_DECKS))
    assert same.stdout.decode().startswith("imported 0 new reviews (1 already here)")
