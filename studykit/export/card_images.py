"""The images of a deck's card text, published under names of their content (site and Anki).

Card HTML (markup's renderer) holds `<img src="images/kernel.png" alt="...">` with the path
the author wrote, relative to the deck file. Every output copies the file and points the
`src` at the copy: the site under `assets/studykit/images/`, an Anki package as a media file.
The published name is a hash of the content plus the type's extension, so equal images are
stored once, an edited image gets a new name (no stale cache in a browser or in Anki's
media folder), and no name from a deck reaches a URL or Anki's flat media folder. SVG images
are cleaned like diagrams (`svg_clean`). A reference that `validate` would report is left
out (its `<img>` keeps its path and shows as missing; `validate` names the problem).

For the Anki exporter: `anki_media(decks_root, deck, html_fields)` returns the fields with
their `src` rewritten and the media files to add to the package.
"""

from __future__ import annotations

import hashlib
import html
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from studykit.export.svg_clean import UnsafeSvg, clean_svg
from studykit.load.images import EXTENSIONS, ImageProblem, image_file, read_image

SITE_FOLDER = "assets/studykit/images"
"""Where the site serves card images from, relative to its root."""
_SRC = re.compile(r'(<img\b[^>]*?\bsrc=")([^"]*)(")')


@dataclass(frozen=True)
class PublishedImage:
    """An image ready to publish: its name (content hash and extension) and its bytes."""

    name: str
    data: bytes


def image_sources(card_html: str) -> list[str]:
    """Return the `src` of every image in card HTML, as the renderer wrote it."""
    return [html.unescape(match.group(2)) for match in _SRC.finditer(card_html)]


def publish(deck_file: Path, root: Path, source: str) -> PublishedImage | None:
    """Return the image a reference names, ready to publish; None if it cannot be shown."""
    try:
        kind, data = read_image(image_file(deck_file, root, source), source)
        if kind == "svg":
            data = clean_svg(data.decode("utf-8")).encode("utf-8")
    except (ImageProblem, UnsafeSvg, UnicodeDecodeError):
        return None
    return PublishedImage(hashlib.sha256(data).hexdigest()[:20] + EXTENSIONS[kind], data)


def deck_images(deck_file: Path, root: Path, texts: Iterable[str]) -> dict[str, PublishedImage]:
    """Return each image source of a deck's card HTML with its published image."""
    found: dict[str, PublishedImage] = {}
    for text in texts:
        for source in image_sources(text):
            if source not in found and (image := publish(deck_file, root, source)) is not None:
                found[source] = image
    return found


def with_published_names(card_html: str, names: Mapping[str, str], prefix: str = "") -> str:
    """Return card HTML whose image `src` are `prefix` + the published name of each image."""

    def replace(match: re.Match[str]) -> str:
        name = names.get(html.unescape(match.group(2)))
        return (
            match.group(0) if name is None else f"{match[1]}{html.escape(prefix + name)}{match[3]}"
        )

    return _SRC.sub(replace, card_html) if "<img" in card_html else card_html


def anki_media(
    root: Path, deck_file: Path, fields: Iterable[str]
) -> tuple[list[str], dict[str, bytes]]:
    """Return note fields with their images renamed, and the media files (name: bytes)."""
    fields = list(fields)
    images = deck_images(deck_file, root, fields)
    names = {source: image.name for source, image in images.items()}
    media = {image.name: image.data for image in images.values()}
    return [with_published_names(field, names) for field in fields], media
