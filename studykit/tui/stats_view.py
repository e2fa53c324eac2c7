"""Renderables of `studykit stats`: deck counts, due forecast bars, a heatmap of reviews."""

from __future__ import annotations

from datetime import timedelta

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from studykit.study.stats import HEATMAP_WEEKS, Stats

BARS = " ▁▂▃▄▅▆▇█"
HEAT = ("grey23", "green4", "green3", "green1", "bright_green")


def deck_counts_table(stats: Stats) -> Table:
    """Return a table of items per state for each deck, with a total row."""
    table = Table(box=box.SIMPLE_HEAD, title="Progress", title_justify="left", pad_edge=False)
    columns = ("new", "learning", "review", "suspended", "leech", "due")
    table.add_column("deck", no_wrap=True)
    for column in columns:
        table.add_column(column, justify="right")
    for deck in stats.decks:
        table.add_row(deck.deck_id, *(str(getattr(deck, c)) for c in columns))
    totals = [str(sum(getattr(d, c) for d in stats.decks)) for c in columns]
    table.add_row(Text("total", style="bold"), *totals)
    return table


def forecast_bars(stats: Stats) -> Text:
    """Return the due forecast of the next 30 days as a bar chart, one bar a day."""
    peak = max(stats.forecast) or 1
    text = Text(
        f"due  today {stats.due_today}   7 days {stats.due_week}   30 days {stats.due_month}\n"
    )
    text.append(
        "".join(BARS[round(n / peak * (len(BARS) - 1))] or " " for n in stats.forecast),
        style="cyan",
    )
    text.append(f"  (peak {peak}/day)\n", style="dim")
    return text.append("today" + " " * 20 + "+30 days", style="dim")


def heatmap(stats: Stats) -> Text:
    """Return reviews per day over the last weeks: one column a week, Monday on top."""
    days = HEATMAP_WEEKS * 7
    first = stats.today - timedelta(days=days - 1)
    first -= timedelta(days=first.weekday())  # start the grid on a Monday
    peak = max(stats.heatmap.values(), default=0) or 1
    text = Text(f"reviews, last {HEATMAP_WEEKS} weeks\n")
    for weekday, name in enumerate(("Mon", "", "Wed", "", "Fri", "", "Sun")):
        text.append(f"{name:<4}", style="dim")
        day = first + timedelta(days=weekday)
        while day <= stats.today:
            count = stats.heatmap.get(day, 0)
            level = 0 if count == 0 else 1 + min(3, int(count / peak * 3.999))
            text.append("■ ", style=HEAT[level])
            day += timedelta(days=7)
        text.append("\n")
    text.rstrip()
    return text


def stats_view(stats: Stats) -> RenderableType:
    """Return the whole statistics screen."""
    passed, reviewed = stats.retention
    retention = f"{passed / reviewed:.1%} ({passed}/{reviewed})" if reviewed else "no reviews yet"
    per_card = f"{stats.seconds_per_card:.1f}s" if stats.seconds_per_card is not None else "-"
    lines = Text(
        f"true retention, 30 days  {retention}\nstreak  {stats.streak} days    time per card  {per_card}"
    )
    parts: list[RenderableType] = [
        deck_counts_table(stats),
        forecast_bars(stats),
        Text(),
        heatmap(stats),
        Text(),
        lines,
    ]
    if stats.orphans:
        parts.append(Text(f"\n{len(stats.orphans)} orphaned items keep their history (cards gone from "
                          "their decks): `studykit orphans` lists them", style="yellow"))  # fmt: skip
    return Group(*parts)
