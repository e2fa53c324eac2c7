"""Ids fit every output (file names, URLs, Anki, SQLite keys); source URLs are web or mail links.

Both are checked where decks are checked, so `validate` and `import csv` refuse the same things.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from studykit.cli.app import app
from studykit.export.csv_reader import CsvImportError, read_csv_deck
from studykit.load import load_deck_file
from studykit.load.deck_checks import MAX_ID_LENGTH

CARD = "  - id: {card}\n    kind: basic\n    front: F\n    back: B\n"
DECK = "id: {deck}\ntitle: D\nsources:\n  - id: s\n    title: S\n    url: {url}\ncards:\n" + CARD
HEADER = "id,kind,question,answer,choices,tags,source,explanation\n"


def _problems(
    tmp_path: Path, deck: str = "d", card: str = "c", url: str = "https://x.org"
) -> list[str]:
    path = tmp_path / "d.yaml"
    path.write_text(DECK.format(deck=deck, card=card, url=url), encoding="utf-8")
    _, issues = load_deck_file(path)
    return [f"{i.line}:{i.column}: {i.message}" for i in issues]


def _csv_problems(text: str, deck: str = "d") -> list[str]:
    with pytest.raises(CsvImportError) as caught:
        read_csv_deck((HEADER + text).encode(), "x.csv", deck, "D")
    return [str(problem) for problem in caught.value.problems]


def test_ids_up_to_the_limit_pass(tmp_path: Path) -> None:
    longest = "a" * MAX_ID_LENGTH
    assert _problems(tmp_path, deck=longest, card=longest) == []


def test_a_long_deck_id_is_a_located_problem(tmp_path: Path) -> None:
    problems = _problems(tmp_path, deck="d" * 256)
    assert len(problems) == 1 and problems[0].startswith("1:1: ")
    assert f"at most {MAX_ID_LENGTH} characters" in problems[0] and "256" in problems[0]


def test_a_long_card_id_is_a_located_problem(tmp_path: Path) -> None:
    problems = _problems(tmp_path, card="c" * (MAX_ID_LENGTH + 1))
    assert len(problems) == 1 and problems[0].startswith("8:5: card ")


def test_export_of_a_long_deck_id_never_starts(
    tmp_path: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "decks").mkdir()
    (tmp_path / "decks" / "d.yaml").write_text(
        DECK.format(deck="d" * 300, card="c", url="https://x.org"), encoding="utf-8"
    )
    result = runner.invoke(
        app, ["export", "--decks", str(tmp_path / "decks"), "--out", str(tmp_path / "site")]
    )
    assert result.exit_code == 1 and "at most" in result.stderr
    assert not (tmp_path / "site").exists()


def test_import_csv_refuses_a_long_card_id_by_row() -> None:
    problems = _csv_problems(f"a,basic,Q,A,,,,\n{'b' * 65},basic,Q,A,,,,\n")
    assert len(problems) == 1 and problems[0].startswith("row 3")


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        "'  javascript:alert(1)'",
        "'java\\tscript:alert(1)'",
        "vbscript:msgbox(1)",
        "data:text/html,<script>alert(1)</script>",
        "file:///etc/passwd",
        "'https://x.org/\\x1b[31m'",
    ],
)
def test_a_source_url_that_is_not_a_web_or_mail_link_is_a_located_problem(
    tmp_path: Path, url: str
) -> None:
    problems = _problems(tmp_path, url=url if not url.startswith("'") else f'"{url[1:-1]}"')
    assert len(problems) == 1 and problems[0].startswith("4:5: source 's': ")
    assert "http://, https:// or mailto:" in problems[0]


@pytest.mark.parametrize("url", ["https://x.org/a?b=c", "HTTP://x.org", "mailto:a@x.org", "''"])
def test_web_mail_and_empty_urls_pass(tmp_path: Path, url: str) -> None:
    assert _problems(tmp_path, url=url) == []


def test_import_csv_refuses_a_javascript_url_by_row() -> None:
    problems = _csv_problems("s,source,S,javascript:alert(1),,,,\na,basic,Q,A,,,s,\n")
    assert len(problems) == 1 and problems[0].startswith("row 2")
    assert "http://, https:// or mailto:" in problems[0]
