"""Accessibility in Chromium: axe-core on the home, deck and practice pages; the practice page
with a keyboard and a screen reader's live region; tables and diagrams on a 375 px phone."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import AXE, Site, Traffic, open_page, screenshot

pytestmark = pytest.mark.browser

_AXE_RUN = """async () => (await axe.run(document, {resultTypes: ["violations"]})).violations
  .filter((v) => v.impact === "serious" || v.impact === "critical")
  .map((v) => ({id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(" "))}))"""


def _serious(page: Any) -> list[dict[str, Any]]:
    """Return axe-core's serious and critical violations on the page as it is now."""
    page.add_script_tag(path=str(AXE))
    return list(page.evaluate(_AXE_RUN))


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
@pytest.mark.parametrize("path", ["/", "/decks/containers-vs-vms/", "/practice/namespaces/"])
def test_axe_finds_no_serious_violation(
    browser: Any, shipped_site: Site, path: str, dark: bool
) -> None:
    page = open_page(browser, Traffic(), dark=dark)
    page.goto(shipped_site.url + path)
    page.wait_for_load_state("networkidle")
    if path.startswith("/practice/"):
        page.locator(".sk-card").wait_for()
    assert _serious(page) == []
    page.context.close()


def _live(page: Any) -> str:
    page.wait_for_timeout(120)  # the region is refilled after a tick, to be announced again
    return str(page.locator(".sk-live").inner_text())


def _go_to_kind(page: Any, kind: str, answer: Any) -> Any:
    """Answer cards (by keyboard) until a card of `kind` shows; return it."""
    for _ in range(40):
        card = page.locator(".sk-card").last
        if card.get_attribute("data-kind") == kind:
            return card
        answer(page, card)
    raise AssertionError(f"no {kind} card came")


def _answer_by_keyboard(page: Any, card: Any) -> None:
    kind = card.get_attribute("data-kind")
    if kind == "typed":
        card.locator(".sk-typed").fill("x")
        card.locator(".sk-typed").press("Enter")
    elif kind == "choice":
        page.keyboard.press("a")
        card.locator(".sk-option input").first.press("Enter")
    elif kind == "truefalse":
        page.keyboard.press("t")
    elif kind == "order":
        card.locator(".sk-check").click()
    else:
        page.keyboard.press(" ")
    page.keyboard.press("3" if kind in ("basic", "cloze") else " ")


def test_practice_by_keyboard_with_announcements_and_focus(page: Any, shipped_site: Site) -> None:
    page.goto(shipped_site.url + "/practice/namespaces/")
    card = page.locator(".sk-card").last
    card.wait_for()
    assert "Next card" in _live(page)
    card = _go_to_kind(page, "choice", _answer_by_keyboard)
    page.keyboard.press("b")  # the second option, as the terminal's letters
    assert card.locator('.sk-option[data-key="b"] input').is_checked()
    card.locator('.sk-option[data-key="b"] input').press("Enter")
    said = _live(page)
    assert said.startswith(("Right.", "Not quite.")) and "Answer:" in said
    picked = card.locator('.sk-option[data-key="b"]')
    assert (
        picked.locator(".sk-mark").inner_text().startswith(("\u2713 your pick", "\u2717 your pick"))
    )
    # Focus is on the first grade button once the answer shows, and on the next card after.
    answered = card.get_attribute("data-key")
    assert page.evaluate("() => document.activeElement.classList.contains('sk-grade')")
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.classList.contains('sk-card')")
    assert "Next card" in _live(page)
    assert page.evaluate("() => document.activeElement.dataset.key") != answered


def test_order_items_move_with_named_buttons_and_arrow_keys(page: Any, shipped_site: Site) -> None:
    page.goto(shipped_site.url + "/practice/namespaces/")
    page.locator(".sk-card").last.wait_for()
    card = _go_to_kind(page, "order", _answer_by_keyboard)
    rows = card.locator(".sk-order-item")
    first, second = rows.nth(0).get_attribute("aria-label"), rows.nth(1).get_attribute("aria-label")
    assert card.get_by_role("button", name=f"Move \u2018{first}\u2019 up").is_disabled()
    down = card.get_by_role("button", name=f"Move \u2018{first}\u2019 down")
    down.click()
    assert [rows.nth(0).get_attribute("aria-label"), rows.nth(1).get_attribute("aria-label")] == [
        second,
        first,
    ]
    assert (
        page.evaluate("() => document.activeElement.getAttribute('aria-label')")
        == f"Move \u2018{first}\u2019 down"
    )
    assert f"{first}: 2 of" in _live(page)
    rows.nth(1).focus()
    page.keyboard.press("ArrowUp")
    assert rows.nth(0).get_attribute("aria-label") == first
    assert page.evaluate("() => document.activeElement.getAttribute('aria-label')") == first
    card.locator(".sk-check").click()
    assert card.locator(".sk-move").first.is_disabled()
    opacity = card.locator(".sk-check").evaluate("(b) => getComputedStyle(b).opacity")
    assert float(opacity) < 0.6  # a spent button looks spent


def test_radios_show_a_focus_ring(page: Any, shipped_site: Site) -> None:
    page.goto(shipped_site.url + "/practice/namespaces/")
    page.locator(".sk-card").last.wait_for()
    card = _go_to_kind(page, "choice", _answer_by_keyboard)
    card.locator(".sk-option input").first.focus()
    page.keyboard.press("ArrowDown")  # keyboard focus: :focus-visible applies
    outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"


def test_phone_tables_stack_and_diagrams_fit(browser: Any, shipped_site: Site) -> None:
    traffic = Traffic()
    page = open_page(browser, traffic, width=375)
    page.goto(shipped_site.url + "/runtime/")
    page.wait_for_load_state("networkidle")
    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    cell = page.locator("table[data-stack] td[data-label='Command']").first
    label = cell.evaluate("(td) => getComputedStyle(td, '::before').content")
    assert label == '"Command"' and cell.evaluate("(td) => getComputedStyle(td).display") == "grid"
    table = page.locator("table[data-stack]").first
    assert table.bounding_box()["width"] <= 375
    image = page.locator("img.sk-diagram").first
    image.scroll_into_view_if_needed()
    # A wide diagram keeps a readable size (up to 2.5 columns) in a box that scrolls sideways;
    # the page itself does not.
    box = image.locator("xpath=..")
    column = box.evaluate("(a) => a.clientWidth")
    natural = image.evaluate("(img) => img.naturalWidth")
    assert box.bounding_box()["width"] <= 375 and natural > column
    assert image.bounding_box()["width"] == pytest.approx(min(natural, 2.5 * column), abs=1)
    assert box.evaluate("(a) => a.scrollWidth > a.clientWidth")
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
    screenshot(page, "phone-375-runtime-diagram")
    cell.scroll_into_view_if_needed()
    screenshot(page, "phone-375-runtime-table")
    assert traffic.blocked == []
    page.context.close()


def test_a_box_that_scrolls_sideways_is_reachable_by_keyboard(
    browser: Any, shipped_site: Site
) -> None:
    page = open_page(browser, Traffic(), width=700)  # wider than phones: tables are not stacked
    page.goto(shipped_site.url + "/runtime/")
    page.wait_for_load_state("networkidle")
    boxes = page.locator("[data-sk-scroll]")
    boxes.first.wait_for(state="attached")
    box = boxes.first
    assert box.get_attribute("tabindex") == "0" and box.get_attribute("role") == "region"
    assert box.get_attribute("aria-label")
    box.focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    assert box.evaluate("(el) => el.scrollLeft") > 0
    page.context.close()
