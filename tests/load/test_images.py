"""Image references in card text: inside the deck folder, an image file, of a bounded size."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from studykit.load.images import MAX_IMAGE_BYTES, ImageProblem, image_file, image_type, read_image

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 32


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "decks"
    (root / "images").mkdir(parents=True)
    (root / "images" / "kernel map.png").write_bytes(PNG)
    (root / "net").mkdir()
    (tmp_path / "secret.png").write_bytes(PNG)
    return root


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (PNG, "png"),
        (b"\xff\xd8\xff\xe0" + b"\0" * 8, "jpeg"),
        (b"GIF89a...", "gif"),
        (b"RIFF\0\0\0\0WEBPVP8 ", "webp"),
        (b'\xef\xbb\xbf<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>', "svg"),
        (b"%PDF-1.7", None),
        (b"<html><body>", None),
        (b"", None),
    ],
)
def test_the_type_comes_from_the_first_bytes_not_the_name(data: bytes, kind: str | None) -> None:
    assert image_type(data) == kind


def test_a_path_relative_to_the_deck_file_is_found(folder: Path) -> None:
    found = image_file(folder / "net" / "deck.yaml", folder, "../images/kernel%20map.png")
    assert found == folder / "images" / "kernel map.png"
    assert read_image(found, "x") == ("png", PNG)


@pytest.mark.parametrize(
    ("source", "words"),
    [
        ("../secret.png", "outside the deck folder"),
        ("images/../../secret.png", "outside the deck folder"),
        ("/etc/passwd", "not a URL or an absolute path"),
        ("https://example.org/x.png", "not a URL"),
        ("data:image/png;base64,AAAA", "not a URL"),
        ("file:///etc/passwd", "not a URL"),
    ],
)
def test_no_reference_leaves_the_deck_folder(folder: Path, source: str, words: str) -> None:
    with pytest.raises(ImageProblem, match=words):
        image_file(folder / "deck.yaml", folder, source)


def test_a_link_out_of_the_deck_folder_is_refused(folder: Path) -> None:
    os.symlink(folder.parent / "secret.png", folder / "images" / "sneaky.png")
    with pytest.raises(ImageProblem, match="links to a file outside"):
        image_file(folder / "deck.yaml", folder, "images/sneaky.png")


def test_missing_not_an_image_too_large_and_special_files_are_problems(folder: Path) -> None:
    (folder / "images" / "notes.png").write_text("just text", encoding="utf-8")
    (folder / "images" / "huge.png").write_bytes(PNG + b"\0" * MAX_IMAGE_BYTES)
    os.mkfifo(folder / "images" / "pipe.png")
    cases = {
        "gone.png": "does not exist",
        "notes.png": "is not a PNG, JPEG, GIF, WebP or SVG image",
        "huge.png": "is larger than 2 MB",
        "pipe.png": "named pipe",
    }
    for name, words in cases.items():
        with pytest.raises(ImageProblem, match=words):
            read_image(folder / "images" / name, f"images/{name}")
