"""Study settings: defaults as Anki's, overridden by the settings file, then by options.

The settings file is TOML at `<user config folder>/studykit/config.toml`, section `[quiz]`:

    [quiz]
    desired_retention = 0.9
    learning_steps = ["1m", "10m"]
    relearning_steps = ["10m"]
    maximum_interval = 36500   # days
    fuzz = true
    new_per_day = 20
    reviews_per_day = 200
    day_starts_at = 4          # local hour the study day rolls over
    leech_threshold = 8        # lapses before a card is suspended as a leech
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, fields, replace
from datetime import timedelta
from pathlib import Path
from typing import Any

from studykit.errors import StudykitError

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd])\s*$")
_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days"}
MAX_SETTINGS_BYTES = 1024 * 1024
"""A settings file is a few lines; anything larger is refused unread."""


class SettingsError(StudykitError):
    """The settings file or an option holds a value studykit cannot use."""


@dataclass(frozen=True)
class Settings:
    """Everything that shapes scheduling and the daily queue."""

    desired_retention: float = 0.9
    learning_steps: tuple[timedelta, ...] = (timedelta(minutes=1), timedelta(minutes=10))
    relearning_steps: tuple[timedelta, ...] = (timedelta(minutes=10),)
    maximum_interval: int = 36500
    fuzz: bool = True
    new_per_day: int = 20
    reviews_per_day: int = 200
    day_starts_at: int = 4
    leech_threshold: int = 8

    def with_options(self, **options: Any) -> Settings:
        """Return these settings with every option that is not None applied."""
        given = {k: v for k, v in options.items() if v is not None}
        return check(replace(self, **given))


def parse_duration(text: str) -> timedelta:
    """Return the duration written as `90s`, `10m`, `1h` or `1d`."""
    match = _DURATION.match(str(text))
    if not match:
        from studykit.model.issue import quoted

        raise SettingsError(f"{quoted(text)} is not a duration like 10m, 1h or 1d")
    return timedelta(**{_UNITS[match.group(2)]: float(match.group(1))})


def check(settings: Settings) -> Settings:
    """Return the settings, or raise SettingsError naming the first unusable value."""
    problems = {
        "desired_retention": not 0.7 <= settings.desired_retention <= 0.99,
        "maximum_interval": settings.maximum_interval < 1,
        "new_per_day": settings.new_per_day < 0,
        "reviews_per_day": settings.reviews_per_day < 0,
        "day_starts_at": not 0 <= settings.day_starts_at <= 23,
        "leech_threshold": settings.leech_threshold < 1,
    }
    for name, bad in problems.items():
        if bad:
            shown = _shown(getattr(settings, name))
            raise SettingsError(f"setting {name} = {shown} is out of range")
    return settings


def _coerce(name: str, value: Any) -> Any:
    if name.endswith("_steps"):
        if not isinstance(value, list):
            raise SettingsError(f'setting {name} must be a list like ["1m", "10m"]')
        return tuple(parse_duration(v) for v in value)
    expected = {f.name: f.type for f in fields(Settings)}[name]
    kinds = {"float": (int, float), "int": (int,), "bool": (bool,)}[str(expected)]
    if not isinstance(value, kinds) or (expected != "bool" and isinstance(value, bool)):
        raise SettingsError(f"setting {name} = {_shown(value)} must be a {expected}")
    return float(value) if expected == "float" else value


def _shown(value: object) -> str:
    """Return a setting's value as a message quotes it (cut to a readable length)."""
    from studykit.model.issue import quoted

    return quoted(value)


def load_settings(path: Path) -> Settings:
    """Return the settings of a TOML file's `[quiz]` section (defaults when there is no file)."""
    from studykit.load.bounded_read import FileProblem, read_regular_file

    if not os.path.lexists(path):
        return Settings()
    try:
        text = read_regular_file(str(path), MAX_SETTINGS_BYTES).decode("utf-8")
    except FileProblem as problem:
        raise SettingsError(f"{path}: {problem}") from None
    except UnicodeDecodeError as error:
        raise SettingsError(f"{path}: not UTF-8 text ({error.reason})") from None
    import tomllib  # only when there is a settings file: ~2 ms before the first card

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise SettingsError(f"{path}: {error}") from None
    section = data.get("quiz", {})
    known = {f.name for f in fields(Settings)}
    unknown = sorted(set(section) - known)
    if unknown:
        raise SettingsError(
            f"{path}: unknown setting {unknown[0]} (known: {', '.join(sorted(known))})"
        )
    try:
        return check(Settings(**{k: _coerce(k, v) for k, v in section.items()}))
    except SettingsError as error:
        raise SettingsError(f"{path}: {error}") from None
