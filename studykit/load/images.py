"""Images in card text: where a reference points, and whether the file there may be shown.

An image is written in card Markdown as `![what it shows](images/kernel.png)`: a path
relative to the deck file, to a file inside the deck folder. It may not leave the folder
(no `..` past its top, no absolute path, no link that resolves outside, no URL: the site
works offline and an Anki note carries its media), must be a regular file of at most
`MAX_IMAGE_BYTES`, and must be an image by its first bytes (PNG, JPEG, GIF, WebP, or SVG,
which the site and Anki export clean of anything that runs or loads).
"""

from __future__ import annotations

import os
import posixpath
from pathlib import Path
from urllib.parse import unquote

from studykit.load.bounded_read import FileProblem, read_regular_file

MAX_IMAGE_BYTES = 2 * 1024 * 1024
"""The largest image file shown: a page on a phone loads every image of a deck."""
_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"GIF87a", "gif"),
    (b"GIF89a", "gif"),
)
EXTENSIONS = {"png": ".png", "jpeg": ".jpg", "gif": ".gif", "webp": ".webp", "svg": ".svg"}
"""The file name extension each image type is published with."""


class ImageProblem(Exception):
    """An image reference that cannot be shown; the message says why, for the author."""


def image_type(data: bytes) -> str | None:
    """Return the type of an image by its first bytes (png, jpeg, gif, webp, svg), or None."""
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            return kind
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<svg", b"<?xml")) and b"<svg" in data[:4096].lower():
        return "svg"
    return None


def image_file(deck_file: Path, root: Path, source: str) -> Path:
    """Return the file an image reference in `deck_file` names, inside the folder `root`.

    `source` is the reference as the Markdown renderer keeps it (percent-encoded).
    """
    path = unquote(source.split("#", 1)[0].split("?", 1)[0])
    if not path or "://" in path or path.startswith(("/", "\\")) or ":" in path.split("/")[0]:
        raise ImageProblem(
            f"image {source!r}: give a path to a file in the deck folder, not a URL or an absolute path"
        )
    relative = posixpath.normpath(posixpath.join(_inside(deck_file.parent, root), path))
    if relative == ".." or relative.startswith("../"):
        raise ImageProblem(f"image {source!r} is outside the deck folder")
    file = root / relative
    real_root = os.path.realpath(root)
    if os.path.commonpath([os.path.realpath(file), real_root]) != real_root:
        raise ImageProblem(f"image {source!r} links to a file outside the deck folder")
    return file


def _inside(folder: Path, root: Path) -> str:
    """Return `folder` relative to `root`, as a POSIX path ('.' for the root itself)."""
    try:
        return Path(os.path.abspath(folder)).relative_to(os.path.abspath(root)).as_posix() or "."
    except ValueError:
        return "."


def read_image(file: Path, source: str) -> tuple[str, bytes]:
    """Return (type, bytes) of an image file; raise ImageProblem if it cannot be shown."""
    try:
        data = read_regular_file(str(file), MAX_IMAGE_BYTES)
    except FileProblem as problem:
        message = str(problem)
        if "larger than" in message:
            message = f"is larger than {MAX_IMAGE_BYTES // (1024 * 1024)} MB (make it smaller)"
        elif "No such file" in message or "does not exist" in message:
            message = "does not exist"
        raise ImageProblem(f"image {source!r} {message}") from None
    kind = image_type(data)
    if kind is None:
        raise ImageProblem(f"image {source!r} is not a PNG, JPEG, GIF, WebP or SVG image")
    return kind, data
