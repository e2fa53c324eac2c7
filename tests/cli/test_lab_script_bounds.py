"""`studykit lab --script` and piped lines: bad bytes, endless files and long lines, bounded."""

from __future__ import annotations

import json
import resource
import time
from pathlib import Path

from typer.testing import CliRunner

from studykit.cli.app import app

BAD_BYTES = b"docker run -d --name ok bb sleep 50\n\xff\xfe oops\ndocker ps -q\n"


def _lab(runner: CliRunner, *args: str, data: bytes = b"") -> tuple[int, str, str]:
    result = runner.invoke(app, ["lab", *args], input=data, env={"COLUMNS": "200"})
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def test_bytes_that_are_not_utf8_are_one_refused_line_in_a_file_and_on_stdin(
    runner: CliRunner, tmp_path: Path
) -> None:
    script = tmp_path / "bad.lab"
    script.write_bytes(BAD_BYTES)
    from_file = _lab(runner, "--script", str(script))
    from_stdin = _lab(runner, data=BAD_BYTES)
    assert from_file == from_stdin
    code, out, err = from_file
    assert err == "lab: line 2 is not UTF-8 text (byte 0xFF at column 1)\n"
    assert len(out.split()) == 2  # the id `run -d` printed, and the one `ps -q` listed
    assert code == 0  # the last command's status, as in a shell


def test_an_endless_script_stops_at_the_size_limit(runner: CliRunner) -> None:
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    code, _, err = _lab(runner, "--script", "/dev/zero")
    elapsed = time.perf_counter() - started
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert code == 1
    assert "/dev/zero is larger than 1 MiB, the most a lab script may hold" in err
    assert elapsed < 5 and grown_mb < 32


def test_a_megabyte_line_is_refused_at_once_and_the_script_goes_on(runner: CliRunner) -> None:
    data = b"docker run -d --name a bb sleep " + b"9" * 1_000_000 + b"\ndocker ps -q\n"
    started = time.perf_counter()
    code, out, err = _lab(runner, "--json", data=data)
    assert time.perf_counter() - started < 5
    records = [json.loads(line) for line in out.splitlines()]
    assert len(records) == 2 and records[0]["exit_code"] == 2
    assert "a lab line holds at most 4,096 characters; line 1 has more" in records[0]["stderr"]
    assert len(records[0]["command"]) < 100
    assert records[1]["command"] == "docker ps -q" and code == 0


def test_a_line_just_over_the_limit_is_a_lab_error(runner: CliRunner) -> None:
    line = "docker ps " + "-a " * 2100
    code, _, err = _lab(runner, data=line.encode() + b"\n")
    assert code == 2
    assert err.startswith("lab: a lab line holds at most 4,096 characters")


def test_a_script_over_the_size_limit_stops_with_an_error(runner: CliRunner) -> None:
    data = b"# padding\n" * 110_000  # 1.1 MB of comments
    code, _, err = _lab(runner, data=data)
    assert code == 1
    assert "standard input is larger than 1 MiB" in err and "stopped at line" in err
