"""Renderables of `studykit stats`: deck counts, due forecast bars, a heatmap of reviews."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.measure import Measurement
from rich.segment import Segment
from rich.style import Style
from rich.text import Text

from studykit.study.stats import HEATMAP_WEEKS, Stats
from studykit.wording import counted

if TYPE_CHECKING:
    from rich.table import Table

BARS = " ▁▂▃▄▅▆▇█"
HEAT = ("grey23", "green4", "green3", "green1", "bright_green")
GLYPHS = ("·", "░", "▒", "▓", "█")
"""One glyph per heat level: the heatmap reads without colour (NO_COLOR, a pipe, print)."""
COUNTS = ("new", "learning", "review", "suspended", "leech", "due")


def rich_counts_table(stats: Stats) -> Table:
    """Return a table of items per state for each deck, with a total row."""
    from rich import box
    from rich.table import Table

    table = Table(box=box.SIMPLE_HEAD, title="Progress", title_justify="left", pad_edge=False)
    table.add_column("deck", no_wrap=True)
    for column in COUNTS:
        table.add_column(column, justify="right")
    for deck in stats.decks:
        table.add_row(deck.deck_id, *(str(getattr(deck, c)) for c in COUNTS))
    totals = [str(sum(getattr(d, c) for d in stats.decks)) for c in COUNTS]
    table.add_row(Text("total", style="bold"), *totals)
    return table


class CountsTable:
    """rich_counts_table's table, drawn line by line when it fits the width.

    rich's Table measures and wraps every cell: 0.4 s for 1,000 decks. Where the table
    fits, its lines are simple (a deck column, right-aligned numbers, a rule under the
    header), so they are written here as rich would; where it does not, rich squeezes it.
    """

    def __init__(self, stats: Stats) -> None:
        self.stats = stats
        self.rows = [[d.deck_id, *(str(getattr(d, c)) for c in COUNTS)] for d in stats.decks]
        self.total = ["total", *(str(sum(getattr(d, c) for d in stats.decks)) for c in COUNTS)]
        every = [["deck", *COUNTS], *self.rows, self.total]
        self.widths = [max(cell_len(row[n]) for row in every) for n in range(len(COUNTS) + 1)]
        # An edge space each side, and a padded space separator between columns.
        self.width = 2 + sum(self.widths) + 3 * len(COUNTS)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(self.width, self.width)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        if self.width > options.max_width:
            yield rich_counts_table(self.stats)
            return
        header, title = console.get_style("table.header"), console.get_style("table.title")
        blank = Segment(" " * self.width)
        yield from (Segment("Progress".ljust(self.width), title), Segment.line())
        yield from (blank, Segment.line())
        yield from self._row(["deck", *COUNTS], header)
        yield from (Segment(f" {'─' * (self.width - 2)} "), Segment.line())
        for row in self.rows:
            yield from self._row(row)
        bold = console.get_style("bold")
        yield from self._row(self.total, first=bold)
        yield from (blank, Segment.line())

    def _row(
        self, cells: list[str], style: Style | None = None, first: Style | None = None
    ) -> Iterator[Segment]:
        """Yield one line: the first cell left-aligned, the others right-aligned."""
        yield Segment(" ")
        last = len(cells) - 1
        for n, (cell, width) in enumerate(zip(cells, self.widths, strict=True)):
            pad = " " * (width - cell_len(cell))
            if n == 0:
                yield Segment(f"{cell}{pad}", first or style)
                yield Segment(" ", style)
            else:
                yield Segment(" ")
                end = "" if n == last else " "
                yield Segment(f" {pad}{cell}{end}", style)
        yield Segment(" ")
        yield Segment.line()


def deck_counts_table(stats: Stats) -> CountsTable:
    """Return a table of items per state for each deck, with a total row."""
    return CountsTable(stats)


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
            text.append(f"{GLYPHS[level]} ", style=HEAT[level])
            day += timedelta(days=7)
        text.append("\n")
    text.append("    less ", style="dim")
    for level, glyph in enumerate(GLYPHS):
        text.append(f"{glyph} ", style=HEAT[level])
    text.append(f"more (peak {peak}/day)", style="dim")
    return text


def stats_view(stats: Stats) -> RenderableType:
    """Return the whole statistics screen."""
    passed, reviewed = stats.retention
    retention = f"{passed / reviewed:.1%} ({passed}/{reviewed})" if reviewed else "no reviews yet"
    per_card = f"{stats.seconds_per_card:.1f}s" if stats.seconds_per_card is not None else "-"
    lines = Text(
        f"true retention, 30 days  {retention}\nstreak  {counted(stats.streak, 'day')}    time per card  {per_card}"
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
        orphans = counted(len(stats.orphans), "orphaned item")
        parts.append(Text(f"\n{orphans} (the history of cards gone from their decks): "
                          "`studykit orphans` lists them", style="yellow"))  # fmt: skip
    return Group(*parts)
