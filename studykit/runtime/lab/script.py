"""Lab scripts: one command per line from a file or a pipe, read with bounds.

A script holds at most 1 MiB, and a line at most what `LabSession` takes (4,096 characters,
so at most 4 bytes each). A longer line, or one that is not UTF-8, is refused on its own
and the script goes on, as a shell goes on after a command that fails; a script past
1 MiB stops there with an error. Nothing is read beyond those bounds, so `/dev/zero`
or an endless pipe cannot exhaust memory.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO, NamedTuple

from studykit.errors import StudykitError
from studykit.runtime.lab.session import MAX_LINE

MAX_SCRIPT = 1024 * 1024
MAX_LINE_BYTES = 4 * MAX_LINE
SHOWN = 60
"""Characters of a refused line that its message shows."""


class ScriptTooLarge(StudykitError):
    """A script longer than the lab reads."""


class ScriptLine(NamedTuple):
    """One line of a script: its number, its text, and why it cannot run (if it cannot)."""

    number: int
    text: str
    problem: str = ""


def script_lines(stream: BinaryIO, name: str) -> Iterator[ScriptLine]:
    """Yield the lines of a script, each with its problem if it cannot be run."""
    total = 0
    number = 0
    while raw := stream.readline(MAX_LINE_BYTES + 1):
        number += 1
        total += len(raw)
        if len(raw) > MAX_LINE_BYTES and not raw.endswith(b"\n"):
            total += _skip_line(stream, MAX_SCRIPT + 1 - total)
            _check_total(total, name, number)
            problem = f"a lab line holds at most {MAX_LINE:,} characters; line {number} has more"
            yield ScriptLine(number, _shown(raw), problem)
            continue
        _check_total(total, name, number)
        yield _decoded(number, raw.rstrip(b"\r\n"))


def _check_total(total: int, name: str, number: int) -> None:
    if total > MAX_SCRIPT:
        raise ScriptTooLarge(
            f"{name} is larger than {MAX_SCRIPT // 1024 // 1024} MiB, the most a lab script "
            f"may hold; stopped at line {number}"
        )


def _skip_line(stream: BinaryIO, budget: int) -> int:
    """Read to the end of the line, at most `budget` bytes; return how many were read."""
    skipped = 0
    while skipped < budget:
        chunk = stream.readline(min(65536, budget - skipped))
        skipped += len(chunk)
        if not chunk or chunk.endswith(b"\n"):
            break
    return skipped


def _decoded(number: int, raw: bytes) -> ScriptLine:
    """Return a line as text, or with the problem of its first byte that is not UTF-8."""
    try:
        return ScriptLine(number, raw.decode("utf-8"))
    except UnicodeDecodeError as error:
        byte = raw[error.start]
        problem = f"line {number} is not UTF-8 text (byte 0x{byte:02X} at column {error.start + 1})"
        return ScriptLine(number, _shown(raw), problem)


def _shown(raw: bytes) -> str:
    """Return the start of a refused line, readable and short."""
    text = raw[: SHOWN * 4].decode("utf-8", "replace").rstrip("\r\n")
    return text[:SHOWN] + ("..." if len(text) > SHOWN else "")
