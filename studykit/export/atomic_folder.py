"""Replace a folder whole or not at all: build a new one beside it, then swap them.

The old folder keeps serving until the new one is complete; on failure it stays as it
was and the half-built one is removed. Entries whose names start with a dot (a `.git` of
a publishing branch) move over to the new folder, as MkDocs keeps them when it cleans
its site_dir.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from studykit.errors import StudykitError


def replace_folder(target: Path, build: Callable[[Path], object]) -> None:
    """Call `build` on a new folder beside `target`, then put it in `target`'s place."""
    if target.exists() and not target.is_dir():
        raise StudykitError(f"{target} is not a folder")
    target = target.resolve()  # `.` has a name and a parent; a link keeps pointing here
    target.parent.mkdir(parents=True, exist_ok=True)
    fresh = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".new", dir=target.parent))
    try:
        build(fresh)
        fresh.chmod(0o777 & ~_umask())  # mkdtemp makes it private; give it a normal mode
        _swap(target, fresh)
    except OSError as error:
        if isinstance(error.filename, str) and error.filename.startswith(str(fresh)):
            error.filename = str(target) + error.filename[len(str(fresh)) :]  # name the target
        raise
    finally:
        shutil.rmtree(fresh, ignore_errors=True)


def _swap(target: Path, fresh: Path) -> None:
    """Move `fresh` to `target`; the old folder's hidden entries go along, the rest away."""
    if not target.exists():
        os.rename(fresh, target)
        return
    hidden = [entry.name for entry in target.iterdir() if entry.name.startswith(".")]
    moved: list[str] = []
    old = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".old", dir=target.parent))
    try:
        for name in hidden:
            os.rename(target / name, fresh / name)
            moved.append(name)
        os.rename(target, old / target.name)
    except OSError:
        for name in moved:  # put the old folder back as it was
            os.rename(fresh / name, target / name)
        shutil.rmtree(old, ignore_errors=True)
        raise
    try:
        os.rename(fresh, target)
    except OSError:
        os.rename(old / target.name, target)
        for name in moved:
            os.rename(fresh / name, target / name)
        raise
    finally:
        shutil.rmtree(old, ignore_errors=True)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
