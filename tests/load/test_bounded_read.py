"""Reading a file: only regular files are opened, and never more than the limit plus one byte."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from studykit.load.bounded_read import FileProblem, read_regular_file


def test_a_regular_file_is_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_bytes(b"x" * 100)
    assert read_regular_file(str(path), 100) == b"x" * 100


def test_the_size_stat_reports_is_not_trusted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "a.yaml"
    path.write_bytes(b"x" * 5000)
    real_stat = os.stat
    reads: list[int] = []
    real_read = os.read

    def small(target: str, *args: object, **kwargs: object) -> os.stat_result:
        info = real_stat(target, *args, **kwargs)  # type: ignore[arg-type]
        return os.stat_result((info.st_mode, *info[1:6], 0, *info[7:]))  # st_size 0

    def counted(descriptor: int, count: int) -> bytes:
        reads.append(count)
        return real_read(descriptor, count)

    monkeypatch.setattr(os, "stat", small)
    monkeypatch.setattr(os, "read", counted)
    with pytest.raises(FileProblem, match="larger than"):
        read_regular_file(str(path), 1000)
    assert sum(reads) <= 1001


def test_a_proc_file_that_reports_size_0_is_read() -> None:
    assert os.stat("/proc/self/status").st_size == 0
    assert b"Name:" in read_regular_file("/proc/self/status", 1 << 20)


def test_a_fifo_is_never_opened(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    opened: list[str] = []
    monkeypatch.setattr(os, "open", lambda path, *_: opened.append(path) or -1)
    with pytest.raises(FileProblem, match="FIFO"):
        read_regular_file(str(fifo), 100)
    assert opened == []


def test_a_file_swapped_after_the_stat_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "a.yaml"
    path.write_text("id: a\n")
    real_open = os.open

    def swap(target: str, flags: int, *args: object) -> int:
        os.unlink(target)
        os.mkfifo(target)  # a FIFO appears between the stat and the open
        return real_open(target, flags, *args)

    monkeypatch.setattr(os, "open", swap)
    with pytest.raises(FileProblem, match="FIFO"):
        read_regular_file(str(path), 100)
