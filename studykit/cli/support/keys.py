"""Read single keys and lines from the terminal (the only place the quiz reads a TTY)."""

from __future__ import annotations

import os
import sys
import termios
import tty

CTRL_C, CTRL_D, ESCAPE = "\x03", "\x04", "\x1b"


class Keys:
    """Single keypresses without echo (cbreak mode), and whole lines with normal editing."""

    def __init__(self, fd: int | None = None) -> None:
        self.fd = sys.stdin.fileno() if fd is None else fd

    def key(self) -> str:
        """Return one key; Ctrl-C and Ctrl-D read as `q` (quit, after saving)."""
        saved = termios.tcgetattr(self.fd)
        try:
            tty.setcbreak(self.fd)
            data = os.read(self.fd, 32)
        except KeyboardInterrupt:
            return "q"
        finally:
            termios.tcsetattr(self.fd, termios.TCSADRAIN, saved)
        text = data.decode("utf-8", "replace")
        if not text or text[0] in (CTRL_C, CTRL_D):
            return "q"
        return "" if text.startswith(ESCAPE) else text[0]

    def line(self, prompt: str) -> str | None:
        """Return a line typed after the prompt, or None at end of input (Ctrl-D)."""
        try:
            return input(prompt)
        except (EOFError, KeyboardInterrupt):
            return None
