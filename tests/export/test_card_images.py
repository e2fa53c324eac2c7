"""Card images published by content: renamed in the HTML, copied once, SVG cleaned."""

from __future__ import annotations

import hashlib
from pathlib import Path

from studykit.export.card_images import anki_media, deck_images, image_sources, with_published_names

PNG = b"\x89PNG\r\n\x1a\n" + b"\1" * 16
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><script>alert(1)</script><rect width="5" height="5"/></svg>'


def _folder(tmp_path: Path) -> Path:
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "kernel.png").write_bytes(PNG)
    (tmp_path / "images" / "copy.png").write_bytes(PNG)
    (tmp_path / "images" / "stack.svg").write_bytes(SVG)
    return tmp_path


def test_images_are_named_by_content_and_svg_is_cleaned(tmp_path: Path) -> None:
    root = _folder(tmp_path)
    texts = [
        '<p><img src="images/kernel.png" alt="The kernel" /></p>',
        '<p><img src="images/copy.png" alt="Same bytes" /> and <img src="images/stack.svg" alt="Stack" /></p>',
        '<p><img src="images/missing.png" alt="Gone" /></p>',
    ]
    found = deck_images(root / "deck.yaml", root, (s for t in texts for s in image_sources(t)))
    assert set(found) == {"images/kernel.png", "images/copy.png", "images/stack.svg"}
    png = hashlib.sha256(PNG).hexdigest()[:20] + ".png"
    assert found["images/kernel.png"].name == found["images/copy.png"].name == png
    assert (
        b"<script" not in found["images/stack.svg"].data
        and b"<rect" in found["images/stack.svg"].data
    )
    assert image_sources(texts[1]) == ["images/copy.png", "images/stack.svg"]


def test_the_html_points_at_the_published_name_and_unknown_sources_stay(tmp_path: Path) -> None:
    names = {"images/a b.png": "1234.png"}
    html = '<img src="images/a%20b.png" alt="x" /><img src="images/other.png" alt="y" />'
    # The renderer percent-encodes the path; the map is keyed by what it wrote.
    rewritten = with_published_names(html, {"images/a%20b.png": "1234.png"}, "../../assets/")
    assert '<img src="../../assets/1234.png" alt="x" />' in rewritten
    assert '<img src="images/other.png" alt="y" />' in rewritten
    assert with_published_names("<p>no image</p>", names) == "<p>no image</p>"


def test_anki_gets_renamed_fields_and_one_media_file_per_content(tmp_path: Path) -> None:
    root = _folder(tmp_path)
    fields, media = anki_media(
        root,
        root / "deck.yaml",
        [
            '<img src="images/kernel.png" alt="k" />',
            '<img src="images/copy.png" alt="c" />',
            "text",
        ],
    )
    png = hashlib.sha256(PNG).hexdigest()[:20] + ".png"
    assert fields == [f'<img src="{png}" alt="k" />', f'<img src="{png}" alt="c" />', "text"]
    assert media == {png: PNG}


def test_anki_images_name_each_decks_sources_and_write_media_files(tmp_path: Path) -> None:
    from studykit.export.card_images import anki_images, write_media
    from studykit.model import BasicCard, Deck, Location

    root = _folder(tmp_path)
    card = BasicCard(id="k", front="![The kernel](images/kernel.png)", back="b")
    deck = Deck(id="d", title="D", cards=(card,), location=Location(str(root / "d.yaml")))
    names, media = anki_images([deck], root)
    png = hashlib.sha256(PNG).hexdigest()[:20] + ".png"
    assert names == {"d": {"images/kernel.png": png}} and media == {png: PNG}
    written = write_media(media, tmp_path / "media")
    assert [p.name for p in written] == [png] and written[0].read_bytes() == PNG
