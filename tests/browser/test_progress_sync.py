"""One history, two places: terminal answers -> export -> the practice page in Chromium -> back.

The terminal part is the real CLI (`studykit quiz` with its line protocol, `studykit
progress export` and `import`); the browser part is the practice page in headless
Chromium with a fixed clock, answering through its buttons and moving files through its
Export and Import buttons. Both sides must end with identical schedules.
"""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from studykit.decks import open_deck_folder
from studykit.export.plugin import build_site
from studykit.study.card_state import Rating
from studykit.study.config import Settings
from studykit.study.scheduler import Scheduler
from studykit.study.store import ProgressStore, to_ms
from studykit.tui.intervals import interval_label
from tests.browser.conftest import Site, _serve, screenshot
from tests.conftest import FIXTURES

pytestmark = pytest.mark.browser

SYNC = FIXTURES / "sync-site"
T0 = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
BROWSER_RATINGS = ("again", "good", "easy", "hard", "good", "good", "again", "easy")
SCHEDULES = "() => new window.studykitProgress.Progress(null).schedules"
"""Every schedule of the page's stored log (the sync deck's cards only)."""


@pytest.fixture(scope="module")
def sync_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """Build a site of the sync deck (self-graded cards and a three-gap cloze) and serve it."""
    folder = tmp_path_factory.mktemp("sync-site")
    build_site(open_deck_folder(SYNC), config_file=None, site_dir=folder)
    server, url = _serve(folder)
    yield Site(url, folder)
    server.shutdown()
    server.server_close()


def studykit(db: Path, now: datetime, *args: str, stdin: str = "") -> str:
    """Run the studykit CLI on the sync deck with a fixed clock; return its output."""
    env = dict(os.environ, STUDYKIT_DB=str(db), STUDYKIT_NOW=now.isoformat(),
               XDG_CACHE_HOME=str(db.parent / "cache"), XDG_CONFIG_HOME=str(db.parent / "config"))  # fmt: skip
    done = subprocess.run(
        [sys.executable, "-m", "studykit", *args], input=stdin, env=env,
        capture_output=True, text=True, timeout=60, check=True,
    )  # fmt: skip
    return done.stdout + done.stderr


def terminal_schedules(db: Path) -> dict[str, dict[str, Any]]:
    """Return the terminal's schedules in the browser's shape (times as unix ms)."""
    store = ProgressStore(db)
    try:
        return {
            item.key: {
                "state": int(s.state), "step": s.step, "stability": s.stability,
                "difficulty": s.difficulty, "due": to_ms(s.due), "lastReview": to_ms(s.last_review),
                "reps": s.reps, "lapses": s.lapses,
            }
            for item in store.items() if (s := item.schedule)
        }  # fmt: skip
    finally:
        store.close()


def assert_same(terminal: dict[str, dict[str, Any]], browser: dict[str, dict[str, Any]]) -> None:
    """Assert two sides hold the same schedules (floats to 1e-12, everything else exactly)."""
    assert sorted(terminal) == sorted(browser)
    for key, ours in terminal.items():
        theirs = browser[key]
        for field, value in ours.items():
            if isinstance(value, float):
                assert math.isclose(value, theirs[field], rel_tol=1e-12), (
                    key,
                    field,
                    value,
                    theirs,
                )
            else:
                assert value == theirs[field], (key, field, value, theirs)


def import_in_browser(page: Any, path: Path) -> str:
    """Import a file through the page's Import button; return the status it shows."""
    with page.expect_file_chooser() as chooser:
        page.locator(".sk-import").click()
    chooser.value.set_files(str(path))
    status = page.locator(".sk-sync-status")
    status.filter(has_text="mport").wait_for()  # "Imported ..." or "... nothing imported"
    return str(status.inner_text())


def answer_in_browser(page: Any, start: datetime) -> list[str]:
    """Answer cards with BROWSER_RATINGS, checking each button's interval; return the keys."""
    scheduler = Scheduler(Settings())
    answered = []
    for number, grade in enumerate(BROWSER_RATINGS):
        moment = start + timedelta(minutes=2 * number)
        page.clock.set_fixed_time(moment)
        card = page.locator(".sk-card").last
        key = str(card.get_attribute("data-key"))
        card.locator(".sk-show").click()
        shown = {b.get_attribute("data-grade"): b.locator(".sk-interval").inner_text()
                 for b in card.locator(".sk-grade").all()}  # fmt: skip
        if number == 1:
            screenshot(page, "practice-intervals")
        schedule = page.evaluate(SCHEDULES).get(key)
        outcomes = scheduler.outcomes(_schedule_of(schedule), moment, key)
        assert shown == {
            r.name.lower(): interval_label(outcomes[r].due - moment)  # type: ignore[operator]
            for r in Rating
        }, key
        card.locator(f'.sk-grade[data-grade="{grade}"]').click()
        answered.append(key)
        page.locator(f'.sk-stats:has-text("Answered this visit: {number + 1}")').wait_for()
    return answered


def _schedule_of(data: dict[str, Any] | None) -> Any:
    """Return the terminal's Schedule of the browser's schedule object (None: new)."""
    from studykit.study.card_state import NEW, Schedule, State
    from studykit.study.store import from_ms

    if data is None:
        return NEW
    return Schedule(
        State(data["state"]), data["step"], data["stability"], data["difficulty"],
        from_ms(data["due"]), from_ms(data["lastReview"]), data["reps"], data["lapses"],
    )  # fmt: skip


def test_terminal_and_browser_end_with_the_same_schedules(
    page: Any, sync_site: Site, tmp_path: Path
) -> None:
    db = tmp_path / "progress.sqlite3"
    deck = ("quiz", "--decks", str(SYNC), "sync")
    studykit(db, T0, *deck, stdin="3\n1\n3\n4\n3\n3\n")
    studykit(db, T0 + timedelta(minutes=15), *deck, stdin="3\n3\n2\n3\n3\n")
    studykit(db, T0 + timedelta(minutes=16), "progress", "export", str(tmp_path / "terminal.jsonl"))

    start = T0 + timedelta(days=3)
    page.clock.set_fixed_time(start)
    page.goto(sync_site.url + "/practice/sync/")
    page.locator(".sk-card").wait_for()
    assert import_in_browser(page, tmp_path / "terminal.jsonl").startswith(
        "Imported 11 new reviews"
    )
    assert_same(terminal_schedules(db), page.evaluate(SCHEDULES))

    answered = answer_in_browser(page, start)
    # The cloze's c2 was new here; answering it buried its sibling c3 until tomorrow.
    assert "sync/limits#c2" in answered and "sync/limits#c3" not in answered
    screenshot(page, "practice-after-sync")
    with page.expect_download() as download:
        page.locator(".sk-export").click()
    download.value.save_as(str(tmp_path / "browser.jsonl"))
    lines = (tmp_path / "browser.jsonl").read_text().splitlines()
    assert json.loads(lines[0])["origin"] == "browser" and len(lines) == 1 + 11 + len(answered)

    out = studykit(db, start + timedelta(hours=1), "progress", "import", str(tmp_path / "browser.jsonl"),
                   "--decks", str(SYNC))  # fmt: skip
    assert f"imported {len(answered)} new reviews (11 already here)" in out
    assert_same(terminal_schedules(db), page.evaluate(SCHEDULES))

    # Once more both ways: nothing new on either side, nothing changes.
    studykit(db, start + timedelta(hours=2), "progress", "export", str(tmp_path / "again.jsonl"))
    assert import_in_browser(page, tmp_path / "again.jsonl").startswith("Imported 0 new reviews")
    assert_same(terminal_schedules(db), page.evaluate(SCHEDULES))


def test_the_browser_refuses_a_foreign_file_and_keeps_its_progress(
    page: Any, sync_site: Site, tmp_path: Path
) -> None:
    page.goto(sync_site.url + "/practice/sync/")
    page.locator(".sk-card").wait_for()
    page.locator(".sk-card .sk-show").click()
    page.locator('.sk-grade[data-grade="good"]').click()
    before = page.evaluate(SCHEDULES)
    foreign = tmp_path / "deck.csv"
    foreign.write_text("front,back\nq,a\n")
    status = import_in_browser(page, foreign)
    assert status == "deck.csv:1: not a studykit review log (not JSON Lines); nothing imported"
    assert "sk-wrong" in str(page.locator(".sk-sync-status").get_attribute("class"))
    page.reload()
    page.locator(".sk-card").wait_for()
    assert page.evaluate(SCHEDULES) == before
