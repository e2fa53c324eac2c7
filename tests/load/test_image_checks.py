"""Images in card text through `validate`, `lint` and `show`: each problem at its place."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from studykit.cli.app import app
from studykit.load.images import MAX_IMAGE_BYTES

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64

DECK = """\
id: pics
title: Pictures
cards:
  - id: fine
    kind: basic
    front: "Which layer is this? ![The kernel between hardware and processes](images/kernel.png)"
    back: The kernel.
  - id: problems
    kind: basic
    front: |
      Look:
      ![gone](images/missing.png)
      ![secret](../outside.png)
      ![words](images/notes.png)
      ![big](images/huge.png)
      ![remote](https://example.org/x.png)
    back: "Code is text: `![x](images/missing.png)`"
  - id: no-alt
    kind: typed
    question: "What does this show? ![](images/kernel.png)"
    answers: [kernel]
"""


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    decks = tmp_path / "decks"
    (decks / "images").mkdir(parents=True)
    (decks / "images" / "kernel.png").write_bytes(PNG)
    (decks / "images" / "notes.png").write_text("not an image", encoding="utf-8")
    (decks / "images" / "huge.png").write_bytes(PNG + b"\0" * MAX_IMAGE_BYTES)
    (tmp_path / "outside.png").write_bytes(PNG)
    (decks / "pics.yaml").write_text(DECK, encoding="utf-8")
    return decks


def test_validate_reports_each_image_problem_at_its_line_and_column(
    runner: CliRunner, folder: Path
) -> None:
    result = runner.invoke(app, ["validate", str(folder)])
    assert result.exit_code == 1
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    deck = str(folder / "pics.yaml")
    expected = [
        (12, "images/missing.png", "does not exist"),
        (13, "../outside.png", "is outside the deck folder"),
        (14, "images/notes.png", "is not a PNG, JPEG, GIF, WebP or SVG image"),
        (15, "images/huge.png", "is larger than 2 MB"),
        (16, "https://example.org/x.png", "not a URL"),
    ]
    for line, path, words in expected:
        column = DECK.splitlines()[line - 1].index(f"]({path}") + 3
        found = [x for x in lines if x.startswith(f"{deck}:{line}:{column}: card 'problems': ")]
        assert found and words in found[0] and path in found[0], (line, lines)
    assert len(lines) == len(expected)  # the fine image, the code span and the alt-less one pass


def test_lint_asks_for_alt_text(runner: CliRunner, folder: Path) -> None:
    result = runner.invoke(app, ["lint", str(folder / "pics.yaml")])
    warnings = [line for line in result.stdout.splitlines() if "image-alt" in line]
    assert len(warnings) == 1 and "card 'no-alt'" in warnings[0]
    assert "images/kernel.png" in warnings[0]
    # At the image's path, as validate places image problems, not at the card.
    number, line = next((n, t) for n, t in enumerate(DECK.splitlines(), 1) if "![](" in t)
    place = f"{folder / 'pics.yaml'}:{number}:{line.index('](') + 3}:"
    assert warnings[0].startswith(place), warnings[0]


def test_the_terminal_shows_a_stand_in_with_the_path(
    runner: CliRunner, folder: Path, tmp_path: Path
) -> None:
    clean = tmp_path / "clean"
    (clean / "images").mkdir(parents=True)
    (clean / "images" / "kernel.png").write_bytes(PNG)
    text = DECK.split("  - id: problems")[0]
    (clean / "pics.yaml").write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["show", "pics", "--decks", str(clean)])
    assert result.exit_code == 0, result.output
    shown = " ".join(re.sub("[\u2500-\u257f]", " ", result.stdout).split())  # no box lines
    assert "[image: The kernel between hardware and processes \u2014 images/kernel.png]" in shown


def test_a_deck_read_back_before_its_images_are_in_place_can_leave_them_unchecked(
    folder: Path,
) -> None:
    from studykit.load import load_deck_file

    _, checked = load_deck_file(folder / "pics.yaml")
    _, unchecked = load_deck_file(folder / "pics.yaml", images=False)
    assert any("missing.png" in str(issue) for issue in checked)
    assert unchecked == []


IMG = "![gone](images/missing.png)"
EVERY_TEXT = {
    "deck description": f"description: 'See {IMG}'\ncards: []\n",
    "basic front": f"cards:\n  - {{id: c, kind: basic, front: 'F {IMG}', back: B}}\n",
    "basic back": f"cards:\n  - {{id: c, kind: basic, front: F, back: 'B {IMG}'}}\n",
    "explanation": f"cards:\n  - {{id: c, kind: basic, front: F, back: B, explanation: '{IMG}'}}\n",
    "typed answer": f"cards:\n  - {{id: c, kind: typed, question: Q, answers: ['a {IMG}']}}\n",
    "choice": "cards:\n  - {id: c, kind: choice, question: Q, "
    f"choices: [a, b, 'c {IMG}'], answers: [a]}}\n",
    "true/false": f"cards:\n  - {{id: c, kind: truefalse, statement: 'S {IMG}', answer: true}}\n",
    "cloze": f"cards:\n  - {{id: c, kind: cloze, text: 'A {{{{c1::gap}}}} {IMG}'}}\n",
    "order item": f"cards:\n  - {{id: c, kind: order, question: Q, items: [a, b, 'c {IMG}']}}\n",
    "table cell": "cards: []\ntables:\n  - {id: t, title: T, columns: [A, B], "
    f"rows: [[x, '{IMG}']]}}\n",
    "diagram caption": "cards: []\ndiagrams:\n  - {id: d, title: D, kind: mermaid, "
    f"caption: '{IMG}', source: 'graph TD; a-->b'}}\n",
}


@pytest.mark.parametrize("body", EVERY_TEXT.values(), ids=EVERY_TEXT.keys())
def test_an_image_is_checked_in_every_text_a_deck_can_hold(
    runner: CliRunner, tmp_path: Path, body: str
) -> None:
    (tmp_path / "d.yaml").write_text(f"id: d\ntitle: D\n{body}", encoding="utf-8")
    result = runner.invoke(app, ["validate", str(tmp_path)])
    assert "images/missing.png" in result.stdout and "does not exist" in result.stdout, (
        result.output
    )
    assert result.exit_code == 1
