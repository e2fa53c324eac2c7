"""Read single keys and lines from the terminal (the only place the quiz reads a TTY).

POSIX terminals are read in cbreak mode through `termios`; Windows consoles through
`msvcrt`, which Python ships there. Each module is imported only on its platform.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable

CTRL_C, CTRL_D, CTRL_Z, ESCAPE = "\x03", "\x04", "\x1a", "\x1b"
WINDOWS_PREFIXES = ("\x00", "\xe0")
"""What a Windows console sends before the code of an arrow, function or editing key."""


class Keys:
    """Single keypresses without echo, and whole lines with normal editing."""

    def __init__(self, fd: int | None = None) -> None:
        self.fd = sys.stdin.fileno() if fd is None else fd
        self._read: Callable[[], str] = _windows_key if sys.platform == "win32" else self._posix

    def key(self) -> str:
        """Return one key; Ctrl-C, Ctrl-D (Ctrl-Z on Windows) read as `q` (quit, after saving)."""
        try:
            text = self._read()
        except KeyboardInterrupt:
            return "q"
        if not text or text[0] in (CTRL_C, CTRL_D, CTRL_Z):
            return "q"
        return "" if text.startswith(ESCAPE) else text[0]

    def _posix(self) -> str:
        """Return what one keypress sends, read in cbreak mode (no echo, no line editing)."""
        import termios
        import tty

        saved = termios.tcgetattr(self.fd)
        try:
            tty.setcbreak(self.fd)
            data = os.read(self.fd, 32)
        finally:
            termios.tcsetattr(self.fd, termios.TCSADRAIN, saved)
        return data.decode("utf-8", "replace")

    def line(self, prompt: str) -> str | None:
        """Return a line typed after the prompt, or None at end of input (Ctrl-D)."""
        try:
            return input(prompt)
        except (EOFError, KeyboardInterrupt):
            return None


def _windows_key() -> str:
    """Return one keypress of a Windows console; a special key (arrows, F1) reads as Escape."""
    import msvcrt

    key: str = msvcrt.getwch()  # type: ignore[attr-defined,unused-ignore]
    if key in WINDOWS_PREFIXES:
        msvcrt.getwch()  # type: ignore[attr-defined,unused-ignore]  # the key's code: unused
        return ESCAPE
    return key
