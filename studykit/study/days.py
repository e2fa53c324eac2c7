"""Study days: the clock in UTC, days that start at a local hour (4 AM by default, as Anki).

`zone` None means the machine's local time with its daylight-saving rules; tests pass a
fixed zone so they run the same everywhere.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, tzinfo


def utc_now() -> datetime:
    """Return the current time in UTC, to the millisecond the store keeps."""
    now = datetime.now(UTC)
    return now.replace(microsecond=now.microsecond // 1000 * 1000)


def local(moment: datetime, zone: tzinfo | None) -> datetime:
    """Return a moment in the given zone, or in local time when zone is None."""
    return moment.astimezone(zone) if zone is not None else moment.astimezone()


def study_day(moment: datetime, rollover_hour: int, zone: tzinfo | None = None) -> date:
    """Return the study day a moment belongs to (before the rollover hour: the day before)."""
    return (local(moment, zone) - timedelta(hours=rollover_hour)).date()


def day_start(day: date, rollover_hour: int, zone: tzinfo | None = None) -> datetime:
    """Return the UTC moment a study day starts."""
    naive = datetime.combine(day, time(rollover_hour))
    aware = naive.replace(tzinfo=zone) if zone is not None else naive.astimezone()
    return aware.astimezone(UTC)


def next_day_start(moment: datetime, rollover_hour: int, zone: tzinfo | None = None) -> datetime:
    """Return the UTC moment the study day after `moment`'s starts."""
    day = study_day(moment, rollover_hour, zone)
    return day_start(day + timedelta(days=1), rollover_hour, zone)
