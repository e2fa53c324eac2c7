"""`import csv` never writes a deck studykit will not read, and reads its input with a bound."""

from __future__ import annotations

import csv
import io
import resource
from pathlib import Path

import pytest
from typer.testing import CliRunner

from studykit.cli.app import app
from studykit.load import load_deck_file

HEADER = ["id", "kind", "question", "answer", "choices", "tags", "source", "explanation"]


def _csv(rows: int) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    for n in range(rows):
        writer.writerow([f"c{n}", "basic", f"What is question number {n}?", f"Answer {n}"])
    return buffer.getvalue().encode()


def test_a_hundred_thousand_rows_are_refused_up_front(runner: CliRunner, tmp_path: Path) -> None:
    big = tmp_path / "big.csv"
    big.write_bytes(_csv(100_000))  # 6 MB of CSV: a deck of about 9 MB
    out = tmp_path / "big.yaml"
    result = runner.invoke(app, ["import", "csv", str(big), "--deck", "big", "-o", str(out)])
    assert result.exit_code == 1
    assert "larger than 5 MB" in result.stderr and "split" in result.stderr
    assert not out.exists()


def test_a_deck_over_the_limit_is_not_written(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A CSV file under the limit whose deck is over it (YAML is longer than CSV)."""
    monkeypatch.setattr("studykit.load.yaml_source.MAX_FILE_BYTES", 40_000)
    source = tmp_path / "cards.csv"
    source.write_bytes(_csv(700))
    assert 30_000 < source.stat().st_size < 40_000
    out = tmp_path / "deck.yaml"
    result = runner.invoke(app, ["import", "csv", str(source), "--deck", "d", "-o", str(out)])
    assert result.exit_code == 1, result.output
    assert "the deck would be" in result.stderr and "split" in result.stderr
    assert not out.exists() and list(tmp_path.iterdir()) == [source]
    printed = runner.invoke(app, ["import", "csv", str(source), "--deck", "d"])
    assert printed.exit_code == 1 and printed.stdout == ""


def test_an_imported_deck_is_one_studykit_reads(runner: CliRunner, tmp_path: Path) -> None:
    source = tmp_path / "cards.csv"
    source.write_bytes(_csv(50))
    out = tmp_path / "deck.yaml"
    result = runner.invoke(app, ["import", "csv", str(source), "--deck", "d", "-o", str(out)])
    assert result.exit_code == 0, result.output
    deck, issues = load_deck_file(out)
    assert issues == [] and deck is not None and len(deck.cards) == 50


def test_an_endless_file_is_read_with_a_bound(runner: CliRunner) -> None:
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    result = runner.invoke(app, ["import", "csv", "/dev/zero", "--deck", "d"])
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert result.exit_code == 1
    assert "larger than 5 MB" in result.stderr
    assert grown_mb < 64


def test_a_folder_is_not_a_csv_file(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["import", "csv", str(tmp_path), "--deck", "d"])
    assert result.exit_code == 1
    assert f"cannot read {tmp_path}" in result.stderr
