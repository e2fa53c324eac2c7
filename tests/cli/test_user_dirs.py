"""studykit's own XDG folders are the ones platformdirs gives on Linux."""

from __future__ import annotations

import sys

import platformdirs
import pytest

from studykit.cli.support.user_dirs import XDG, Kind, user_dir

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="XDG is Linux's")

SETTINGS = {
    "unset": None,
    "absolute": "/srv/xdg-home",
    "relative (ignored)": "relative/folder",
    "empty (ignored)": "",
}


@pytest.mark.parametrize("kind", list(XDG))
@pytest.mark.parametrize("setting", list(SETTINGS))
def test_folders_match_platformdirs(
    kind: Kind, setting: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    variable, _ = XDG[kind]
    value = SETTINGS[setting]
    if value is None:
        monkeypatch.delenv(variable, raising=False)
    else:
        monkeypatch.setenv(variable, value)
    expected = {
        "data": platformdirs.user_data_dir,
        "config": platformdirs.user_config_dir,
        "cache": platformdirs.user_cache_dir,
    }[kind]("studykit")
    assert str(user_dir(kind)) == expected
