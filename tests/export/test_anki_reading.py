"""Reading Anki's files: field HTML as Markdown, note types by their templates, bounds."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from studykit.export import anki_package
from studykit.export.anki_collection import AnkiNoteType, AnkiTemplate
from studykit.export.anki_html import AnkiHtml
from studykit.export.anki_note_types import Unknown, note_shape
from studykit.export.anki_package import AnkiPackage, PackageError
from studykit.export.anki_protobuf import ProtobufError, integer, messages, text
from studykit.export.html_markdown import html_to_markdown, html_to_text

HTML_CASES = [
    ("What is <b>runc</b>?", "What is **runc**?"),
    ("line one<br>line two", "line one\\\nline two"),
    ("one<br><br>two", "one\n\ntwo"),
    ("<div>one</div><div>two</div>", "one\ntwo"),
    ("<b>bold </b>then", "**bold** then"),
    ("<b>a</b><b>b</b>", "**ab**"),
    ("<b></b>empty", "empty"),
    ("<b>never closed", "never closed"),
    ("2 * 3 and snake_case [x]", "2 \\* 3 and snake\\_case \\[x\\]"),
    ("<div>- not a list</div><div>1. nor this</div>", "\\- not a list\n1\\. nor this"),
    ("<ul><li>one</li><li>two</li></ul>after", "- one\n- two\n\nafter"),
    ("<ol><li>a</li><li>b</li></ol>", "1. a\n2. b"),
    ("run <code>ps | grep `x`</code>", "run `` ps | grep `x` ``"),
    ("<pre>a  b\n*c*</pre>", "```\na  b\n*c*\n```"),
    ('<a href="https://docs.docker.com/">docs</a>', "[docs](https://docs.docker.com/)"),
    ('<a href="javascript:alert(1)">x</a>', "x"),
    ("<script>alert(1)</script>text", "text"),
    ("AT&amp;T &amp;lt;", "AT&T &amp;lt;"),
    ("{{c1::<b>runc</b>::runtime}}", "{{c1::**runc**::runtime}}"),
]


@pytest.mark.parametrize(("html", "markdown"), HTML_CASES)
def test_field_html_becomes_markdown_that_shows_the_same(html: str, markdown: str) -> None:
    assert html_to_markdown(html) == markdown


@pytest.mark.parametrize(
    "html", [html for html, _ in HTML_CASES if not re.search("<(script|pre|li)|javascript:", html)]
)
def test_markdown_from_html_renders_to_the_same_words(html: str) -> None:
    assert (
        html_to_text(AnkiHtml().block(html_to_markdown(html))).split() == html_to_text(html).split()
    )


def test_media_are_named_by_the_caller() -> None:
    named = {"cat pic.png": "media/cat-pic.png", "hi.mp3": "media/hi.mp3"}
    html = 'A <img src="cat pic.png" alt="a cat"> [sound:hi.mp3] <img src="gone.png">'
    assert html_to_markdown(html, named.get) == (
        "A ![a cat](media/cat-pic.png) [hi.mp3](media/hi.mp3) gone.png"
    )


def _type(
    *templates: tuple[str, str], fields: tuple[str, ...], cloze: bool = False
) -> AnkiNoteType:
    return AnkiNoteType(
        1,
        "x",
        fields,
        tuple(AnkiTemplate(f"Card {i}", q, a) for i, (q, a) in enumerate(templates)),
        cloze,
    )


BACK = "{{FrontSide}}<hr id=answer>"


def test_note_types_are_recognised_by_their_templates_not_their_names() -> None:
    basic = note_shape(_type(("{{Vorderseite}}", BACK + "{{Rückseite}}<br>{{Extra}}"),
                             fields=("Vorderseite", "Rückseite", "Extra")))  # fmt: skip
    assert (basic.kind, basic.front, basic.back, basic.extra) == ("basic", 0, 1, (2,))
    typed = note_shape(
        _type(("{{Q}} {{type:A}}", "{{Q}}<hr id=answer>{{type:A}}"), fields=("Q", "A"))
    )
    assert (typed.kind, typed.front, typed.back) == ("typed", 0, 1)
    cloze = note_shape(
        _type(("{{cloze:T}}", "{{cloze:T}}{{Back Extra}}"), fields=("T", "Back Extra"), cloze=True)
    )
    assert (cloze.kind, cloze.front, cloze.extra) == ("cloze", 0, (1,))
    optional = note_shape(
        _type(
            ("{{F}}", BACK + "{{B}}"), ("{{#R}}{{B}}{{/R}}", BACK + "{{F}}"), fields=("F", "B", "R")
        )
    )
    assert (optional.kind, optional.reverse_if, optional.extra) == ("reversed", 2, ())


@pytest.mark.parametrize(
    ("templates", "fields", "reason"),
    [
        ((("{{A}}{{B}}", BACK + "{{C}}"),), ("A", "B", "C"), "its question shows A, B"),
        ((("{{A}}", BACK),), ("A",), "its answer shows no field"),
        ((("{{furigana:A}}", BACK + "{{B}}"),), ("A", "B"), "its question shows A"),
        ((("{{A}}", BACK + "{{tts en_US:B}}"),), ("A", "B"), "filter 'tts en_US'"),
        ((("{{A}}", BACK + "{{B}}"),) * 3, ("A", "B"), "3 card templates"),
        ((("{{A}}", BACK + "{{B}}"), ("{{A}}", BACK + "{{B}}")), ("A", "B"), "second card"),
        ((("{{A}}", BACK + "{{Missing}}"),), ("A",), "'Missing', which is not one of"),
    ],
)
def test_other_note_types_are_refused_with_the_reason(
    templates: tuple[tuple[str, str], ...], fields: tuple[str, ...], reason: str
) -> None:
    with pytest.raises(Unknown, match=reason.replace("(", r"\(")):
        note_shape(_type(*templates, fields=fields))


def test_protobuf_fields_and_broken_messages() -> None:
    message = b"\x08\x03\x1a\x03css"
    assert integer(message, 1) == 3 and text(message, 3) == "css" and integer(message, 9) == 0
    media = b"\x0a\x05\x0a\x03a.b" + b"\x0a\x05\x0a\x03c.d"
    assert [text(m, 1) for m in messages(media, 1)] == ["a.b", "c.d"]
    for broken in (b"\x08", b"\x1a\x09abc", b"\x0b\x00"):
        with pytest.raises(ProtobufError):
            integer(broken, 1)


def test_package_reads_are_bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    package = tmp_path / "big.apkg"
    with zipfile.ZipFile(package, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("collection.anki2", b"\0" * 4096)
        archive.writestr("media", '{"0": "big.bin"}')
        archive.writestr("0", b"\0" * 4096)
    monkeypatch.setattr(anki_package, "MAX_MEDIA_BYTES", 1000)
    with AnkiPackage(package) as opened, pytest.raises(PackageError, match="larger than"):
        opened.media_bytes(opened.media[0])
    monkeypatch.setattr(anki_package, "MAX_COLLECTION_BYTES", 1000)
    with pytest.raises(PackageError, match="larger than"):
        AnkiPackage(package)


def test_a_package_from_a_newer_anki_is_refused(tmp_path: Path) -> None:
    package = tmp_path / "new.apkg"
    with zipfile.ZipFile(package, "w") as archive:
        archive.writestr("meta", b"\x08\x09")
        archive.writestr("collection.anki21b", b"")
    with pytest.raises(PackageError, match="newer Anki"):
        AnkiPackage(package)
