"""How a session treats answers: review, cram or exam (stdlib only, so `--help` stays light)."""

from __future__ import annotations

from enum import StrEnum


class Mode(StrEnum):
    """How a session treats answers."""

    REVIEW = "review"
    CRAM = "cram"
    EXAM = "exam"
