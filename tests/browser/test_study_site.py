"""The study site in headless Chromium: search, tables, diagrams, practice, safety, layout."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.browser.conftest import Site, Traffic, open_page, screenshot

pytestmark = pytest.mark.browser


def _search(page: Any, query: str) -> Any:
    """Type a query into Material's search and return the result links once they appear."""
    results = page.locator(".md-search-result__item a")
    page.locator(".md-search__input").click()
    # The search worker drops queries sent before its index is ready: retype until answered.
    for _ in range(10):
        page.locator(".md-search__input").fill("")
        page.locator(".md-search__input").press_sequentially(query, delay=20)
        try:
            results.first.wait_for(state="attached", timeout=1500)
            return results
        except Exception:  # noqa: BLE001 - playwright's TimeoutError; try again
            continue
    raise AssertionError(f"no search results for {query!r}")


def test_search_for_cgroups_lists_the_cgroups_page(page: Any, shipped_site: Site) -> None:
    page.goto(shipped_site.url + "/")
    results = _search(page, "cgroups")
    hrefs = [results.nth(i).get_attribute("href") for i in range(results.count())]
    assert any("decks/cgroups/" in (href or "") for href in hrefs), hrefs
    screenshot(page, "search-cgroups-desktop-light")


def test_search_finds_an_answer_word_and_opens_the_card(page: Any, shipped_site: Site) -> None:
    page.goto(shipped_site.url + "/decks/namespaces/")
    # "hierarchical" appears only in a cloze answer, next to no heading words.
    results = _search(page, "hierarchical")
    link = page.locator('.md-search-result__item a[href*="#card-cgroups-definition"]').first
    link.click()
    page.wait_for_url(re.compile(r"decks/cgroups/.*#card-cgroups-definition"))
    anchor = page.url.split("#", 1)[1]
    assert page.locator(f"#{anchor}").is_visible()
    assert results is not None


def test_a_page_view_loads_no_search_index_until_search_is_used(
    page: Any, shipped_site: Site
) -> None:
    fetched: list[str] = []
    page.on("requestfinished", lambda request: fetched.append(request.url))
    page.goto(shipped_site.url + "/decks/cgroups/")
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(500)
    under_search = [url for url in fetched if "/search/" in url]
    assert [url.rsplit("/", 1)[1] for url in under_search] == ["search_index.json"]
    settings = page.request.get(under_search[0]).json()
    assert settings["docs"] == []  # the settings only: no entry of the index
    results = _search(page, "namespace")
    assert results.count() >= 1
    used = [url for url in fetched if "/search/studykit/" in url]
    assert used and all("/t/" in url or "/d/" in url or "pages" in url for url in used)


def test_search_finds_a_word_next_to_punctuation(page: Any, shipped_site: Site) -> None:
    page.goto(shipped_site.url + "/")
    # The runc card reads "(runc)": only the configured separator splits it off.
    results = _search(page, "OOMKilled")
    assert results.count() >= 1


def test_comparison_table_is_visible(page: Any, shipped_site: Site) -> None:
    page.goto(shipped_site.url + "/decks/containers-vs-vms/")
    table = page.locator("article table").first
    table.scroll_into_view_if_needed()
    assert table.is_visible()
    assert table.locator("th").count() >= 2 and table.locator("tbody tr").count() >= 2
    screenshot(page, "table-desktop-light")


_LOADED_IMAGES = """(selector) => Array.from(document.querySelectorAll(selector),
  (img) => ({src: img.src, width: img.naturalWidth, alt: img.alt}))"""


def _diagrams(page: Any) -> list[dict[str, Any]]:
    """Return the diagram images of the page once each has loaded: src, natural width, alt."""
    page.wait_for_function(
        "() => Array.from(document.querySelectorAll('img.sk-diagram')).every((i) => i.complete)"
    )
    return list(page.evaluate(_LOADED_IMAGES, "img.sk-diagram"))


def test_diagrams_show_with_no_network(page: Any, traffic: Traffic, shipped_site: Site) -> None:
    page.goto(shipped_site.url + "/decks/containers-vs-vms/")
    page.wait_for_load_state("networkidle")
    shown = _diagrams(page)
    assert shown and all(d["width"] > 100 and d["alt"] for d in shown), shown
    assert page.locator("pre.mermaid, div.mermaid").count() == 0
    assert traffic.blocked == [] and not traffic.errors, (traffic.blocked, traffic.errors)
    page.locator("img.sk-diagram").first.scroll_into_view_if_needed()
    screenshot(page, "diagram-desktop-light")


def test_runtime_page_state_diagrams_show_every_state(
    page: Any, traffic: Traffic, shipped_site: Site
) -> None:
    page.goto(shipped_site.url + "/runtime/")
    page.wait_for_load_state("networkidle")
    shown = _diagrams(page)
    assert len(shown) == 2 and all(d["width"] > 200 for d in shown), shown
    docker = page.request.get(shown[1]["src"]).text()
    assert "restarting" in docker and "unpause" in docker and "<script" not in docker
    assert traffic.blocked == [] and not traffic.errors, (traffic.blocked, traffic.errors)
    page.locator("#runc-diagram").scroll_into_view_if_needed()
    screenshot(page, "runtime-diagram-desktop-light")
    screenshot(page, "runtime-page-desktop-light", full_page=True)


def _answer_current_card(page: Any) -> str:
    """Answer whatever card is shown (wrongly or rightly) and go on; return its kind."""
    card = page.locator(".sk-card").last
    kind = card.get_attribute("data-kind")
    if kind in ("basic", "cloze"):
        card.locator(".sk-show").click()
        card.locator('.sk-grade[data-grade="good"]').click()
        return kind
    if kind == "truefalse":
        card.locator(".sk-choice").first.click()
    elif kind == "typed":
        card.locator(".sk-typed").fill("no idea")
        card.locator(".sk-check").click()
    elif kind == "choice":
        card.locator(".sk-option input").first.check()
        card.locator(".sk-check").click()
    elif kind == "order":
        card.locator(".sk-check").click()
    card.locator(".sk-grade").click()
    return kind or ""


def _learned(page: Any) -> int:
    text = page.locator(".sk-stats").inner_text()
    return int(re.search(r"Studied: (\d+)", text).group(1))  # type: ignore[union-attr]


def test_practice_progress_survives_a_reload(page: Any, shipped_site: Site) -> None:
    page.goto(shipped_site.url + "/decks/cgroups/")
    # Reach practice through instant navigation: the widget must start without a page load.
    page.get_by_text("Practise this deck").click()
    page.locator(".sk-card").wait_for()
    first_key = page.locator(".sk-card").get_attribute("data-key")
    kinds = {_answer_current_card(page) for _ in range(12)}
    learned = _learned(page)
    assert learned >= 1
    screenshot(page, "practice-desktop-light")
    page.reload()
    page.locator(".sk-card").wait_for()
    assert _learned(page) == learned
    assert page.locator(".sk-card").get_attribute("data-key") != first_key
    assert {"cloze", "choice", "typed"} <= kinds


def test_practice_checks_answers(page: Any, shipped_site: Site) -> None:
    page.goto(shipped_site.url + "/practice/cgroups/")
    for _ in range(20):
        card = page.locator(".sk-card").last
        if card.get_attribute("data-kind") == "typed":
            break
        _answer_current_card(page)
    prompt = card.locator(".sk-prompt").inner_text()
    assert "cgroup filesystem" in prompt, prompt  # the typed card of the cgroups deck
    card.locator(".sk-typed").fill("  /SYS/fs/cgroup ")
    card.locator(".sk-check").click()
    assert card.locator(".sk-right").is_visible()


_ON_ATTRIBUTES = """() => {
  const found = [];
  const walk = (root) => root.querySelectorAll("*").forEach((el) => {
    for (const attr of el.attributes) {
      if (attr.name.startsWith("on") || /^\\s*javascript:/i.test(attr.value)) found.push(el.tagName + " " + attr.name);
    }
    if (el.shadowRoot) walk(el.shadowRoot);
  });
  walk(document);
  return found;
}"""
# Each script as its URL or the start of its text (with the page's depth in "../.." evened out).
_SCRIPTS = r"""() => Array.from(document.scripts,
  (s) => s.src || s.text.replace(/"\.\.(\/\.\.)*"/g, '".."').slice(0, 60))"""


def _interact(page: Any) -> None:
    """Open every answer, hover and click what a learner would, so handlers get a chance."""
    for details in page.locator("article details").all():
        details.locator("summary").click()
    for image in page.locator("img.sk-diagram").all():
        image.hover()
    page.locator("article").hover()


def test_injected_markup_runs_nothing(browser: Any, hostile_site: Site) -> None:
    traffic = Traffic()
    page = open_page(browser, traffic)
    page.goto(hostile_site.url + "/glossary/")
    allowed = set(page.evaluate(_SCRIPTS))
    page.goto(hostile_site.url + "/decks/hostile/")
    drawn = _diagrams(page)
    _interact(page)
    assert set(page.evaluate(_SCRIPTS)) <= allowed
    assert page.evaluate(_ON_ATTRIBUTES) == []
    screenshot(page, "hostile-deck", full_page=True)
    for diagram in drawn:  # a learner may open a drawing on its own, where SVG can run scripts
        page.goto(diagram["src"])
        assert page.evaluate(_ON_ATTRIBUTES) == [] and page.evaluate(_SCRIPTS) == []
    page.goto(hostile_site.url + "/practice/hostile/")
    for _ in range(8):
        if page.locator(".sk-card").count() == 0:
            break
        _answer_current_card(page)
    assert set(page.evaluate(_SCRIPTS)) <= allowed
    assert page.evaluate(_ON_ATTRIBUTES) == []
    assert page.evaluate("() => window.__pwned") is None
    assert traffic.dialogs == []
    page.context.close()


@pytest.mark.parametrize(
    ("width", "dark"), [(1280, False), (1280, True), (390, False), (390, True)]
)
def test_layout_at_desktop_and_phone_width(
    browser: Any, shipped_site: Site, width: int, dark: bool
) -> None:
    traffic = Traffic()
    page = open_page(browser, traffic, width=width, dark=dark)
    name = f"{'phone' if width < 600 else 'desktop'}-{'dark' if dark else 'light'}"
    for path in ("/", "/decks/containers-vs-vms/", "/practice/namespaces/"):
        page.goto(shipped_site.url + path)
        page.wait_for_load_state("networkidle")
        scheme = page.locator("body").get_attribute("data-md-color-scheme")
        assert scheme == ("slate" if dark else "default")
        overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{path} is {overflow}px wider than the {width}px window"
        screenshot(page, f"{name}{path.rstrip('/').replace('/', '-') or '-home'}")
    assert not [u for u in traffic.blocked if "fonts.g" in u], traffic.blocked
    page.context.close()


def test_dark_mode_toggle(page: Any, shipped_site: Site) -> None:
    page.goto(shipped_site.url + "/")
    page.locator("label.md-header__button[for^='__palette']:visible").first.click()
    assert page.locator("body").get_attribute("data-md-color-scheme") == "slate"
    page.reload()
    assert page.locator("body").get_attribute("data-md-color-scheme") == "slate"
