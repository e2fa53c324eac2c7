"""Read a file that may be anything a deck folder holds: only regular files, never unbounded.

A cloned repository can carry a FIFO named `x.yaml` (reading it blocks forever), a link to
`/dev/zero` (endless, and its size reads 0) or a link loop. The file type is checked with
stat before opening; the open does not block (O_NONBLOCK) and is checked again with fstat,
so a file swapped in between is still refused; and at most `limit + 1` bytes are read,
whatever the size stat reported (files in /proc report 0).
"""

from __future__ import annotations

import errno
import os
import stat

from studykit.model.issue import quoted

_SPECIAL = {
    stat.S_IFIFO: "a named pipe (FIFO)",
    stat.S_IFCHR: "a device",
    stat.S_IFBLK: "a device",
    stat.S_IFSOCK: "a socket",
    stat.S_IFDIR: "a folder",
}
_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
_CHUNK = 1 << 20
MAX_FILE_BYTES = 5 * 1024 * 1024
"""No deck or model file is read beyond this."""


class FileProblem(Exception):
    """A file that cannot be read as a text file; the message says why, for a user."""


def _type_problem(mode: int) -> str:
    """Return why a file of this mode is not read, or an empty string for a regular file."""
    if stat.S_ISREG(mode):
        return ""
    kind = _SPECIAL.get(stat.S_IFMT(mode), "not a regular file")
    return f"{kind}, not a regular file; not read"


def os_problem(path: str, error: OSError) -> str:
    """Return what an error met while reaching a file means, for a user."""
    if error.errno == errno.ELOOP:
        return "a symbolic link loop (following the links never reaches a file)"
    if error.errno == errno.ENOENT and os.path.islink(path):
        return f"a broken symbolic link (its target {quoted(os.readlink(path))} does not exist)"
    return f"cannot read file: {error.strerror or error}"


def read_regular_file(path: str, limit: int) -> bytes:
    """Return the bytes of a regular file of at most `limit` bytes; raise FileProblem if not."""
    too_large = f"file is larger than {limit // (1024 * 1024)} MB"
    try:
        info = os.stat(path)
        if problem := _type_problem(info.st_mode):
            raise FileProblem(problem)
        if info.st_size > limit:
            raise FileProblem(too_large)
        descriptor = os.open(path, _FLAGS)
    except OSError as error:
        raise FileProblem(os_problem(path, error)) from None
    try:
        if problem := _type_problem(os.fstat(descriptor).st_mode):
            raise FileProblem(problem)  # swapped for something else since the stat
        data = _read_at_most(descriptor, limit + 1)
    except OSError as error:
        raise FileProblem(os_problem(path, error)) from None
    finally:
        os.close(descriptor)
    if len(data) > limit:
        raise FileProblem(too_large)
    return data


def _read_at_most(descriptor: int, count: int) -> bytes:
    """Return the next bytes of a file, up to `count` of them."""
    chunks: list[bytes] = []
    left = count
    while left > 0:
        chunk = os.read(descriptor, min(left, _CHUNK))
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)
