"""Images: references, the engine's local images, and the simulated registry.

The registry holds the model's catalogue (every image not marked `local`). Its digests
and image ids are the lab's own, computed from each image's configuration: Docker Hub's
change with every rebuild, so no fixed value would stay true.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from studykit.model.images import ImageDef
from studykit.model.runtime import RuntimeModel

DIGEST = re.compile(r"sha256:[0-9a-f]{64}\Z")
REFERENCE = re.compile(r"[a-z0-9]+(?:[._-][a-z0-9]+)*(?:/[a-z0-9]+(?:[._-][a-z0-9]+)*)*\Z")
TAG = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}\Z")
LAB_EPOCH = "2026-12-01T00:00:00Z"
"""The date the lab's clock starts at (second 0), for image ages and log times."""


@dataclass(frozen=True)
class Reference:
    """An image reference: repository, tag and/or digest, as the user wrote it."""

    repository: str
    tag: str = ""
    digest: str = ""
    explicit_tag: bool = False

    @property
    def shown(self) -> str:
        """Return the reference as Docker shows it (`nginx:latest`, `nginx@sha256:...`)."""
        return (
            f"{self.repository}@{self.digest}" if self.digest else f"{self.repository}:{self.tag}"
        )

    @property
    def path(self) -> str:
        """Return the registry path: `library/nginx` for an official image."""
        return self.repository if "/" in self.repository else f"library/{self.repository}"


def parse_reference(text: str) -> Reference | None:
    """Return a reference (`latest` when no tag or digest is given), or None when invalid."""
    name, at, digest = text.partition("@")
    if at and not DIGEST.match(digest):
        return None
    repository, colon, tag = name.rpartition(":") if ":" in name.split("/")[-1] else (name, "", "")
    repository = repository.removeprefix("docker.io/").removeprefix("library/")
    if not REFERENCE.match(repository) or (colon and not TAG.match(tag)):
        return None
    return Reference(repository, tag or ("" if at else "latest"), digest, bool(colon))


_DIGESTS: dict[tuple[str, str, tuple[str, ...]], str] = {}


def digest_of(image: ImageDef) -> str:
    """Return the lab registry's manifest digest of a catalogue image."""
    key = (image.id, image.version, image.entrypoint + image.cmd + image.env)
    if key not in _DIGESTS:
        text = "|".join([image.id, image.version, *key[2]])
        _DIGESTS[key] = "sha256:" + hashlib.sha256(f"manifest:{text}".encode()).hexdigest()
    return _DIGESTS[key]


def image_id_of(image: ImageDef) -> str:
    """Return the lab's image id (the config digest) of a catalogue image."""
    return "sha256:" + hashlib.sha256(f"config:{digest_of(image)}".encode()).hexdigest()


def layer_ids(image: ImageDef) -> list[str]:
    """Return the short ids of an image's layers, as `docker pull` prints them."""
    return [
        hashlib.sha256(f"layer:{image.id}:{image.version}:{n}".encode()).hexdigest()[:12]
        for n in range(image.layers)
    ]


@dataclass(frozen=True)
class LocalImage:
    """An image in the engine: its catalogue entry, and how it was pulled."""

    image: ImageDef
    tag: str
    """The tag it is listed under, or `<none>` when pulled by digest only."""
    digest: str = ""
    pulled_at: float = 0.0

    @property
    def id(self) -> str:
        """Return the image id (sha256:...)."""
        return image_id_of(self.image)


class Registry:
    """The simulated registry: the model's catalogue, by repository."""

    def __init__(self, model: RuntimeModel) -> None:
        self.images = {i.id: i for i in model.images if not i.local}
        self.local = [i for i in model.images if i.local]

    def find(self, ref: Reference) -> tuple[ImageDef | None, str]:
        """Return the image a reference names and '' or why it cannot be pulled."""
        image = self.images.get(ref.repository)
        if image is None:
            return None, "repository"
        if ref.digest and ref.digest != digest_of(image):
            return None, "manifest"
        if ref.tag and ref.tag not in image.tags:
            return None, "manifest"
        return image, ""


def initial_images(model: RuntimeModel) -> dict[str, LocalImage]:
    """Return the images an engine starts with: the catalogue's `local` ones (`bb`)."""
    return {
        f"{image.id}:{tag}": LocalImage(image, tag)
        for image in model.images
        if image.local
        for tag in image.tags
    }


def find_local(images: dict[str, LocalImage], ref: Reference) -> LocalImage | None:
    """Return the local image a reference names (by tag, by digest, or by id prefix)."""
    if ref.digest:
        return next(
            (
                i
                for key, i in images.items()
                if i.image.id == ref.repository and key == f"{ref.repository}@{ref.digest}"
            ),
            None,
        )
    found = images.get(f"{ref.repository}:{ref.tag}")
    if found is None and not ref.explicit_tag and len(ref.repository) >= 4:
        by_id = [i for i in images.values() if i.id[7:].startswith(ref.repository)]
        found = by_id[0] if by_id else None
    return found
