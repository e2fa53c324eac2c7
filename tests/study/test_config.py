"""The settings file: defaults without one, clear errors for anything unusable, never a hang."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import pytest

from studykit.study.config import Settings, SettingsError, load_settings


def test_no_file_means_the_defaults(tmp_path: Path) -> None:
    assert load_settings(tmp_path / "config.toml") == Settings()


def test_a_file_sets_the_quiz_section(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('[quiz]\nnew_per_day = 5\nlearning_steps = ["1m", "1h"]\n', encoding="utf-8")
    settings = load_settings(path)
    assert settings.new_per_day == 5
    assert settings.learning_steps == (timedelta(minutes=1), timedelta(hours=1))


def test_a_fifo_is_an_error_not_a_hang(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    os.mkfifo(path)
    with pytest.raises(SettingsError, match="FIFO"):
        load_settings(path)


def test_a_huge_file_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(b"#" * (2 * 1024 * 1024))
    with pytest.raises(SettingsError, match="larger than"):
        load_settings(path)


def test_a_bad_value_is_quoted_at_a_readable_length(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(f'[quiz]\nnew_per_day = "{"9" * 100_000}"\n', encoding="utf-8")
    with pytest.raises(SettingsError) as caught:
        load_settings(path)
    assert "new_per_day" in str(caught.value) and len(str(caught.value)) < 200


def test_a_broken_link_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.symlink_to(tmp_path / "nowhere.toml")
    with pytest.raises(SettingsError, match="broken symbolic link"):
        load_settings(path)
