"""The images of a deck's card text, published under names of their content (site and Anki).

Card HTML (markup's renderer) holds `<img src="images/kernel.png" alt="...">` with the path
the author wrote, relative to the deck file. Every output copies the file and points the
`src` at the copy: the site under `assets/studykit/images/`, an Anki package as a media file.
The published name is a hash of the content plus the type's extension, so equal images are
stored once, an edited image gets a new name (no stale cache in a browser or in Anki's
media folder), and no name from a deck reaches a URL or Anki's flat media folder. SVG images
are cleaned like diagrams (`svg_clean`). A reference that `validate` would report is left
out (its `<img>` keeps its path and shows as missing; `validate` names the problem).

For the Anki exporter: `anki_images(decks, root)` gives each deck's names (source -> media
file name, for `with_published_names(html, names)` on the notes' HTML) and the media files
(name -> bytes), which `write_media(media, folder)` writes for genanki's `media_files`;
`anki_media(decks_root, deck_file, html_fields)` does both for ready HTML fields. For the site:
`site_images(decks, root)` finds and publishes every deck's images, `ImageHtml` writes card
HTML that points at them.
"""

from __future__ import annotations

import hashlib
import html
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from studykit.export.card_text import CardHtml
from studykit.export.svg_clean import UnsafeSvg, clean_svg
from studykit.load.images import EXTENSIONS, ImageProblem, image_file, read_image
from studykit.markup.texts import RenderedTexts
from studykit.model import Deck, study_items

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


def deck_images(deck_file: Path, root: Path, sources: Iterable[str]) -> dict[str, PublishedImage]:
    """Return each image source of a deck with its published image (sources that fail left out)."""
    found: dict[str, PublishedImage] = {}
    for source in sources:
        if source not in found and (image := publish(deck_file, root, source)) is not None:
            found[source] = image
    return found


def site_images(decks: Iterable[Deck], root: Path | None) -> dict[str, dict[str, PublishedImage]]:
    """Return, by deck id, each image source of the deck's text with its published image.

    `root` is the deck folder (None: each deck file's own folder).
    """
    from studykit.markup.deck_texts import deck_texts
    from studykit.markup.images import images

    found = {}
    for deck in decks:
        texts = deck_texts(deck, study_items(deck))
        sources = [image.source for text in texts for image in images(text)]
        if sources:
            file = Path(deck.location.path)
            found[deck.id] = deck_images(file, root or file.parent, sources)
    return found


class ImageHtml(CardHtml):
    """Card HTML of one deck whose images point at their published copies.

    `prefix` leads from the page to the site root (`../../` from a deck page).
    """

    def __init__(
        self, texts: RenderedTexts | None, images: Mapping[str, PublishedImage], prefix: str
    ) -> None:
        super().__init__(texts)
        self._names = {source: image.name for source, image in images.items()}
        self._prefix = f"{prefix}{SITE_FOLDER}/"

    def block(self, text: str) -> str:
        """Return the block HTML of a text, its images pointing at their copies."""
        return with_published_names(super().block(text), self._names, self._prefix)

    def inline(self, text: str) -> str:
        """Return the inline HTML of a text, its images pointing at their copies."""
        return with_published_names(super().inline(text), self._names, self._prefix)


def with_published_names(card_html: str, names: Mapping[str, str], prefix: str = "") -> str:
    """Return card HTML whose image `src` are `prefix` + the published name of each image."""

    def replace(match: re.Match[str]) -> str:
        name = names.get(html.unescape(match.group(2)))
        return (
            match.group(0) if name is None else f"{match[1]}{html.escape(prefix + name)}{match[3]}"
        )

    return _SRC.sub(replace, card_html) if "<img" in card_html else card_html


def anki_images(
    decks: Iterable[Deck], root: Path | None
) -> tuple[dict[str, dict[str, str]], dict[str, bytes]]:
    """Return, by deck id, each image source's media file name; and the media files' bytes."""
    published = site_images(decks, root)
    names = {
        deck: {src: image.name for src, image in found.items()} for deck, found in published.items()
    }
    media = {image.name: image.data for found in published.values() for image in found.values()}
    return names, media


def write_media(media: Mapping[str, bytes], folder: Path) -> list[Path]:
    """Write media files (name -> bytes) into a folder; return their paths, for genanki."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, data in sorted(media.items()):
        path = folder / name
        path.write_bytes(data)
        paths.append(path)
    return paths


def anki_media(
    root: Path, deck_file: Path, fields: Iterable[str]
) -> tuple[list[str], dict[str, bytes]]:
    """Return note fields with their images renamed, and the media files (name: bytes)."""
    fields = list(fields)
    images = deck_images(deck_file, root, (s for field in fields for s in image_sources(field)))
    names = {source: image.name for source, image in images.items()}
    media = {image.name: image.data for image in images.values()}
    return [with_published_names(field, names) for field in fields], media
