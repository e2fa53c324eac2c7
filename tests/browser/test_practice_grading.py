"""Typed answers on the practice page in Chromium: the terminal's rule, the same table of cases."""

from __future__ import annotations

from typing import Any

from tests.browser.conftest import Site
from tests.study.typed_answer_cases import typed_answer_cases

GRADE_ALL = """(cases) => cases.map(([given, accepted]) =>
  window.studykitGrading.gradeTyped(given, accepted).verdict)"""


def test_the_page_grades_the_whole_table_like_the_terminal(page: Any, grading_site: Site) -> None:
    page.goto(grading_site.url + "/practice/versions/")
    page.locator(".sk-card").wait_for()
    cases = typed_answer_cases()
    verdicts = page.evaluate(GRADE_ALL, [[c.given, list(c.accepted)] for c in cases])
    assert [
        (c.given, c.verdict, v) for c, v in zip(cases, verdicts, strict=True) if c.verdict != v
    ] == []


def _answer(page: Any, key: str, text: str) -> str:
    """Type an answer to the card on screen (it must be `key`); return the page's verdict."""
    card = page.locator(".sk-card").last
    assert card.get_attribute("data-key") == key
    card.locator(".sk-typed").fill(text)
    card.locator(".sk-check").click()
    verdict = str(card.locator(".sk-feedback").inner_text())
    card.locator(".sk-grade").click()
    return verdict


def test_a_changed_digit_is_wrong_and_a_typo_in_a_word_is_forgiven(
    page: Any, grading_site: Site
) -> None:
    page.goto(grading_site.url + "/practice/versions/")
    page.locator(".sk-card").wait_for()
    assert _answer(page, "versions/stop-timeout", "20 seconds") == "Not quite."
    assert _answer(page, "versions/shim", "containerd-shim-runc-v1") == "Not quite."
    assert _answer(page, "versions/daemon", "Contianerd") == "Right, with a typo."
    assert _answer(page, "versions/runtime", " RUNC. ") == "Right."
