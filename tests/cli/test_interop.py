"""`studykit export anki`, `export csv` and `import csv` as a user runs them."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

from typer.testing import CliRunner

from studykit.cli.app import app
from studykit.load import load_decks
from tests.conftest import FIXTURES

DECKS = FIXTURES / "csv" / "decks"
BAD = FIXTURES / "csv" / "bad"


def test_export_anki_writes_a_package(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "out" / "decks.apkg"
    result = runner.invoke(app, ["export", "anki", "--decks", str(DECKS), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stderr == f"wrote {out}: 2 decks, 12 notes, 14 cards\n"
    assert "collection.anki2" in zipfile.ZipFile(out).namelist()
    assert [p.name for p in out.parent.iterdir()] == ["decks.apkg"]  # no temporary file left


def test_export_anki_of_named_decks(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "kernel.apkg"
    result = runner.invoke(app, ["export", "anki", "kernel", "--decks", str(DECKS), "-o", str(out)])
    assert result.exit_code == 0 and "1 deck, 2 notes, 2 cards" in result.stderr


def test_export_anki_refuses_unknown_decks_and_other_suffixes(
    runner: CliRunner, tmp_path: Path
) -> None:
    args = ["export", "anki", "--decks", str(DECKS), "--out"]
    unknown = runner.invoke(app, [*args[:2], "nope", *args[2:], str(tmp_path / "x.apkg")])
    assert unknown.exit_code == 1 and "no deck with id 'nope'" in unknown.stderr
    suffix = runner.invoke(app, [*args, str(tmp_path / "x.zip")])
    assert suffix.exit_code == 1 and "must end in .apkg" in suffix.stderr
    assert not list(tmp_path.iterdir())


def test_export_csv_to_stdout_and_to_a_file(runner: CliRunner, tmp_path: Path) -> None:
    shown = runner.invoke(app, ["export", "csv", "every-kind", "--decks", str(DECKS)])
    assert shown.exit_code == 0, shown.output
    header = b"id,kind,question,answer,choices,tags,source,explanation\r\n"
    assert shown.stdout_bytes.startswith(header)
    out = tmp_path / "cards.csv"
    written = runner.invoke(
        app, ["export", "csv", "every-kind", "--decks", str(DECKS), "-o", str(out)]
    )
    assert written.exit_code == 0
    assert out.read_bytes() == shown.stdout_bytes
    assert written.stderr == f"wrote {out}: 10 cards, 2 sources\n"


def test_export_csv_of_every_deck_needs_a_folder_and_says_so(runner: CliRunner) -> None:
    several = runner.invoke(app, ["export", "csv", "--decks", str(DECKS)])
    assert several.exit_code == 1
    assert "2 decks (every-kind, kernel)" in several.stderr
    assert "--out FOLDER" in several.stderr
    kernel = runner.invoke(app, ["export", "csv", "kernel", "--decks", str(DECKS)])
    assert kernel.exit_code == 0
    assert "CSV holds sources and cards only; 1 table and 0 diagrams left out" in kernel.stderr


def test_export_csv_help_says_what_the_default_does(runner: CliRunner) -> None:
    shown = runner.invoke(app, ["export", "csv", "--help"], env={"COLUMNS": "200"})
    assert "default: every deck" in shown.stdout
    assert "one DECK.csv per deck" in shown.stdout


def test_export_csv_of_every_deck_writes_one_file_per_deck(
    runner: CliRunner, tmp_path: Path
) -> None:
    folder = tmp_path / "sheets"
    result = runner.invoke(app, ["export", "csv", "--decks", str(DECKS), "-o", str(folder)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in folder.iterdir()) == ["every-kind.csv", "kernel.csv"]
    alone = runner.invoke(app, ["export", "csv", "kernel", "--decks", str(DECKS)])
    assert (folder / "kernel.csv").read_bytes() == alone.stdout_bytes
    assert f"wrote {folder / 'kernel.csv'}: " in result.stderr
    one_into_folder = runner.invoke(
        app, ["export", "csv", "kernel", "--decks", str(DECKS), "-o", str(tmp_path)]
    )
    assert one_into_folder.exit_code == 0
    assert (tmp_path / "kernel.csv").read_bytes() == alone.stdout_bytes
    a_file = tmp_path / "taken.csv"
    a_file.write_text("keep me\n")
    refused = runner.invoke(app, ["export", "csv", "--decks", str(DECKS), "-o", str(a_file)])
    assert refused.exit_code == 1 and "is a file" in refused.stderr
    assert a_file.read_text() == "keep me\n"
    below_a_file = runner.invoke(
        app, ["export", "csv", "--decks", str(DECKS), "-o", str(a_file / "sheets")]
    )
    assert below_a_file.exit_code == 1
    assert f"cannot write {a_file / 'sheets'}" in below_a_file.stderr


def test_import_csv_makes_a_deck_that_validates(runner: CliRunner, tmp_path: Path) -> None:
    cards = tmp_path / "cards.csv"
    exported = runner.invoke(
        app, ["export", "csv", "every-kind", "--decks", str(DECKS), "-o", str(cards)]
    )
    assert exported.exit_code == 0
    out = tmp_path / "decks" / "imported.yaml"
    args = [
        "import",
        "csv",
        str(cards),
        "--deck",
        "imported",
        "--title",
        "Every kind",
        "-o",
        str(out),
    ]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "wrote" in result.stderr and "10 cards, 2 sources" in result.stderr
    # The modeline names a copy of the schema beside the deck, which moves with the folder.
    schema = Path(__file__).resolve().parents[2] / "studykit" / "schema" / "deck.schema.json"
    first_line = out.read_text(encoding="utf-8").splitlines()[0]
    assert first_line == "# yaml-language-server: $schema=deck.schema.json"
    assert (out.parent / "deck.schema.json").read_bytes() == schema.read_bytes()
    validated = runner.invoke(app, ["validate", str(out)])
    assert validated.exit_code == 0, validated.output
    original, again = load_decks([DECKS]).decks[0], load_decks([out]).decks[0]
    assert again.cards == original.cards and again.sources == original.sources


def test_import_csv_to_stdout_uses_the_deck_id_for_a_title(runner: CliRunner) -> None:
    good = FIXTURES / "csv" / "good" / "spreadsheet-export.csv"
    result = runner.invoke(app, ["import", "csv", str(good), "--deck", "from-a-sheet"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("# yaml-language-server: $schema=")
    assert "\nid: from-a-sheet\ntitle: From a sheet\n" in result.stdout


def test_a_bad_file_writes_nothing(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "deck.yaml"
    bad = BAD / "07-empty-required-cells.csv"
    result = runner.invoke(app, ["import", "csv", str(bad), "--deck", "d", "-o", str(out)])
    assert result.exit_code == 1
    assert result.stderr.startswith("studykit: error: 6 problems; nothing was imported:\n")
    assert "row 3, column 'answer': empty, but a typed card needs" in result.stderr
    assert "Traceback" not in result.output and not list(tmp_path.iterdir())


def test_a_bad_file_leaves_an_existing_deck_untouched(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "deck.yaml"
    shutil.copy(DECKS / "kernel.yaml", out)
    before = out.read_bytes()
    bad = BAD / "05-latin1.csv"
    result = runner.invoke(
        app, ["import", "csv", str(bad), "--deck", "d", "-o", str(out), "--force"]
    )
    assert result.exit_code == 1 and "not UTF-8: byte 0xE9" in result.stderr
    assert out.read_bytes() == before and [p.name for p in tmp_path.iterdir()] == ["deck.yaml"]


def test_import_csv_does_not_overwrite_without_force(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "deck.yaml"
    out.write_text("keep me", encoding="utf-8")
    good = str(FIXTURES / "csv" / "good" / "spreadsheet-export.csv")
    refused = runner.invoke(app, ["import", "csv", good, "--deck", "d", "-o", str(out)])
    assert refused.exit_code == 1 and "pass --force" in refused.stderr
    assert out.read_text(encoding="utf-8") == "keep me"
    forced = runner.invoke(app, ["import", "csv", good, "--deck", "d", "-o", str(out), "--force"])
    assert forced.exit_code == 0 and "\nid: d\n" in out.read_text(encoding="utf-8")


def test_import_csv_usage_errors(runner: CliRunner, tmp_path: Path) -> None:
    good = str(FIXTURES / "csv" / "good" / "spreadsheet-export.csv")
    bad_id = runner.invoke(app, ["import", "csv", good, "--deck", "Bad Id"])
    assert bad_id.exit_code == 1 and "invalid deck id 'Bad Id'" in bad_id.stderr
    missing = runner.invoke(app, ["import", "csv", str(tmp_path / "none.csv"), "--deck", "d"])
    assert missing.exit_code == 1 and "cannot read" in missing.stderr
    no_deck = runner.invoke(app, ["import", "csv", good])
    assert no_deck.exit_code == 2 and "--deck" in no_deck.stderr
