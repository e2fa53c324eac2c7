"""The table of typed answers both graders are held to (tests/fixtures/typed-answers.json)."""

from __future__ import annotations

import json
from typing import NamedTuple

from tests.conftest import FIXTURES

TABLE = FIXTURES / "typed-answers.json"


class Case(NamedTuple):
    """One row: what was typed, the accepted answers, the verdict and why."""

    given: str
    accepted: tuple[str, ...]
    verdict: str
    why: str


def typed_answer_cases() -> list[Case]:
    """Return every case of the table."""
    rows = json.loads(TABLE.read_text(encoding="utf-8"))["cases"]
    return [Case(r["given"], tuple(r["accepted"]), r["verdict"], r["why"]) for r in rows]
