"""Short interval labels as Anki shows them on its buttons: 10m, 1d, 3.5mo, 1.2y."""

from __future__ import annotations

from datetime import timedelta


def interval_label(delta: timedelta) -> str:
    """Return a compact label for a duration (`<1m`, `10m`, `5h`, `3d`, `3.5mo`, `1.2y`)."""
    seconds = delta.total_seconds()
    if seconds < 60:
        return "<1m"
    if seconds < 3600:
        return f"{round(seconds / 60)}m"
    if seconds < 86400:
        return f"{round(seconds / 3600)}h"
    days = seconds / 86400
    if days < 30:
        return f"{round(days)}d"
    if days < 365:
        return f"{days / 30:.1f}".removesuffix(".0") + "mo"
    return f"{days / 365:.1f}".removesuffix(".0") + "y"
