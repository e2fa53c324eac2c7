"""Card images go into the Anki package as media, and the notes point at them."""

from __future__ import annotations

import json
import sqlite3
import zipfile
from pathlib import Path

from typer.testing import CliRunner

from studykit.cli.app import app

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64
DECK = """\
id: pics
title: Pictures
cards:
  - id: kernel
    kind: basic
    front: "Which layer is this? ![The kernel between hardware and processes](images/kernel.png)"
    back: The kernel.
"""


def test_export_anki_puts_card_images_in_the_package_as_media(tmp_path: Path) -> None:
    decks = tmp_path / "decks"
    (decks / "images").mkdir(parents=True)
    (decks / "images" / "kernel.png").write_bytes(PNG)
    (decks / "pics.yaml").write_text(DECK, encoding="utf-8")
    out = tmp_path / "pics.apkg"
    result = CliRunner().invoke(app, ["export", "anki", "--decks", str(decks), "--out", str(out)])
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(out) as package:
        media = json.loads(package.read("media"))
        ((number, name),) = media.items()
        assert package.read(number) == PNG and name.endswith(".png") and "/" not in name
        package.extract("collection.anki2", tmp_path)
    with sqlite3.connect(tmp_path / "collection.anki2") as db:
        ((fields,),) = db.execute("select flds from notes").fetchall()
    assert f'<img src="{name}" alt="The kernel between hardware and processes"' in fields
