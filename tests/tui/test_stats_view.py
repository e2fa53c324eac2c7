"""The deck counts table drawn line by line looks exactly like rich's Table of it."""

from __future__ import annotations

import io
import random
import re
from datetime import date

import pytest
from rich.console import Console, RenderableType
from rich.style import Style

from studykit.study.stats import DeckCounts, Stats
from studykit.tui.stats_view import CountsTable, rich_counts_table, stats_view


def stats_of(decks: list[DeckCounts]) -> Stats:
    """Return statistics holding these deck counts."""
    return Stats(date(2026, 3, 2), tuple(decks), 0, 0, 0, (0,) * 30, (0, 0), {}, 0, None, ())


def random_decks(rng: random.Random, count: int) -> list[DeckCounts]:
    """Return decks with ids and counts of varied widths."""
    return [
        DeckCounts(
            "d" * rng.randrange(1, 30) + str(n),
            *(rng.choice((0, 7, rng.randrange(10 ** rng.randrange(1, 8)))) for _ in range(6)),
        )
        for n in range(count)
    ]


def cells(renderable: RenderableType, width: int, terminal: bool) -> list[tuple[str, Style]]:
    """Return every printed character with its style."""
    console = Console(width=width, force_terminal=terminal, color_system="standard")
    lines = console.render_lines(renderable, console.options, pad=False)
    return [
        (char, segment.style or Style())
        for line in lines
        for segment in line
        for char in segment.text
    ]


def printed(renderable: RenderableType, width: int) -> str:
    """Return the text a console writing to a pipe prints."""
    out = io.StringIO()
    Console(file=out, width=width, highlight=False, soft_wrap=False).print(renderable)
    return out.getvalue()


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("width", [200, 80, 40])
def test_the_table_looks_like_riches(seed: int, width: int) -> None:
    rng = random.Random(seed)
    stats = stats_of(random_decks(rng, rng.randrange(0, 12)))
    drawn, table = CountsTable(stats), rich_counts_table(stats)
    assert printed(drawn, width) == printed(table, width)
    for terminal in (False, True):
        assert cells(drawn, width, terminal) == cells(table, width, terminal)


def test_a_table_wider_than_the_console_is_rich_table() -> None:
    stats = stats_of([DeckCounts("a-long-deck-id-" * 4, 1, 2, 3, 4, 5, 6)])
    assert CountsTable(stats).width > 60
    assert printed(CountsTable(stats), 60) == printed(rich_counts_table(stats), 60)


def test_the_whole_screen_shows_the_table() -> None:
    text = printed(stats_view(stats_of([DeckCounts("oci", 8, 2, 0, 0, 0, 2)])), 100)
    assert text.startswith("Progress") and " oci       8          2 " in text


def test_the_heatmap_reads_without_colour() -> None:
    today = date(2026, 3, 2)
    counts = {today: 40, date(2026, 3, 1): 1, date(2026, 2, 27): 20, date(2026, 2, 25): 30}
    stats = Stats(today, (), 0, 0, 0, (0,) * 30, (0, 0), counts, 0, None, ())
    out = io.StringIO()
    Console(file=out, width=80, no_color=True, force_terminal=True).print(stats_view(stats))
    raw = out.getvalue()
    assert re.search(r"\x1b\[(?:[0-9;]*;)?(?:3[0-8]|9[0-7])[;m]", raw) is None  # no colour at all
    text = re.sub(r"\x1b\[[0-9;]*m", "", raw)
    grid = text.split("reviews, last 16 weeks\n")[1].splitlines()
    rows = {line[:4].strip(): line[4:].split() for line in grid[:7]}
    # The last column is this week: Monday (today) at the peak, Sunday 1 review, Friday 20.
    assert (rows["Mon"][-1], rows[""][-1]) == ("█", "·")
    assert rows["Sun"][-1] == "░" and rows["Fri"][-1] == "▒" and rows["Wed"][-1] == "▓"
    assert grid[7].split() == ["less", "·", "░", "▒", "▓", "█", "more", "(peak", "40/day)"]
