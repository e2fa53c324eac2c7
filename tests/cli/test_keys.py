"""Quiz keys on every platform: POSIX terminals through termios, Windows consoles through msvcrt."""

from __future__ import annotations

import subprocess
import sys
import types

import pytest

from studykit.cli.support.keys import Keys


def test_the_keys_module_loads_where_termios_does_not_exist() -> None:
    script = (
        "import sys\n"
        "sys.modules['termios'] = sys.modules['tty'] = None  # as on Windows\n"
        "import studykit.cli.support.keys\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_windows_console_keys(monkeypatch: pytest.MonkeyPatch) -> None:
    typed = iter(["a", "\xe0", "H", "\x00", ";", " ", "\x1a", "\x03"])  # a, Up, F1, space, ^Z, ^C
    console = types.ModuleType("msvcrt")
    console.getwch = lambda: next(typed)  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "msvcrt", console)
    monkeypatch.setitem(sys.modules, "termios", None)
    monkeypatch.setattr(sys, "platform", "win32")
    keys = Keys(fd=0)
    assert [keys.key() for _ in range(6)] == ["a", "", "", " ", "q", "q"]
