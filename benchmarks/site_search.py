"""Search on a large study site, in headless Chromium: index bytes per page view, time to results.

Run: python -m benchmarks.site_search [--cards 10000] [--runs 7] [--json FILE] [--site DIR]

Builds the site of a synthetic collection (`benchmarks.synthetic`, 100 cards a deck) with
`studykit export`, serves it on 127.0.0.1 and opens it in Debian's Chromium with a fresh
cache for every run:

- page view: a deck page is opened and left to settle (network idle, then 1 s); the
  responses under `search/` are counted: bytes, and index entries (`docs` of
  `search_index.json`, and any file of studykit's split index); the target is no entry and
  no index file (the settings alone may come);
- search: on a settled deck page, the search is opened (its field clicked) and the query typed
  at once; the page itself records when the field took focus (search opened) and when the
  first result entered the list (a MutationObserver), so the figure holds no time of the test
  driver's own (target 300 ms); measured twice: on a page that has settled (0.5 s after
  network idle) and on one still loading (search opened as soon as the page is parsed).

`--site DIR` measures an already built site instead (e.g. one built by another install).
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import http.server
import json
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from benchmarks.synthetic import write_decks

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
PER_DECK = 100
TARGET_MS = 300.0


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.site_search", description=__doc__)
    parser.add_argument("--cards", type=int, default=10_000, help="cards in the collection")
    parser.add_argument("--runs", type=int, default=7, help="measured page views and searches")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON here")
    parser.add_argument("--site", type=Path, help="measure this built site instead of building")
    parser.add_argument(
        "--work", type=Path, default=Path(tempfile.gettempdir()) / "studykit-site-search",
        help="where the collection and the site are built",
    )  # fmt: skip
    return parser.parse_args()


def build(cards: int, work: Path) -> tuple[Path, float]:
    """Write the synthetic decks and build their site with `studykit export`; return it."""
    decks = write_decks(work / "decks", max(1, cards // PER_DECK), min(cards, PER_DECK))
    site = work / "site"
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "studykit", "export", "--decks", str(decks), "--out", str(site)],
        check=True,
        cwd=work,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return site, time.perf_counter() - started


def _serve(folder: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    """Serve a folder on a free port of 127.0.0.1."""

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
            """Print nothing."""

        def copyfile(self, source: Any, outputfile: Any) -> None:
            """Send a file; a page closed mid-request (the next run) is no error."""
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                super().copyfile(source, outputfile)

    handler = functools.partial(Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


# Set in every page before its own scripts: when search opens, when its first result shows.
_CLOCK = """
document.addEventListener("focusin", (event) => {
  if (event.target.matches(".md-search__input") && !window.__opened) {
    window.__opened = performance.now();
  }
});
new MutationObserver(() => {
  if (!window.__first && document.querySelector(".md-search-result__item")) {
    window.__first = performance.now();
  }
}).observe(document, {childList: true, subtree: true});
"""


def _page(browser: Any, traffic: dict[str, int]) -> Any:
    """Return a page in a fresh context (empty cache) that counts the bytes under search/."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(_CLOCK)
    page = context.new_page()

    def on_response(response: Any) -> None:
        if "/search/" not in response.url:
            return
        traffic["requests"] += 1
        # A response without a body (a redirect, a page closed meanwhile) counts nothing.
        with contextlib.suppress(Exception):
            body = response.body()
            traffic["bytes"] += len(body)
            if response.url.endswith("/search_index.json"):
                traffic["entries"] += len(json.loads(body).get("docs", []))
            else:
                traffic["index_files"] += 1

    page.on("response", on_response)
    return page


def _traffic() -> dict[str, int]:
    return {"bytes": 0, "requests": 0, "entries": 0, "index_files": 0}


def page_view(browser: Any, url: str) -> dict[str, int]:
    """Open a deck page, let it settle and return the search traffic it caused."""
    traffic = _traffic()
    page = _page(browser, traffic)
    page.goto(url + "/decks/deck-1/", wait_until="networkidle")
    page.wait_for_timeout(1000)
    page.context.close()
    return traffic


def first_results(browser: Any, url: str, query: str, settled: bool = True) -> float:
    """Return the milliseconds from opening search to the first result on screen."""
    page = _page(browser, _traffic())
    if settled:
        page.goto(url + "/decks/deck-1/", wait_until="networkidle")
        page.wait_for_timeout(500)
    else:
        page.goto(url + "/decks/deck-1/", wait_until="domcontentloaded")
    page.locator(".md-search__input").click()
    page.locator(".md-search__input").fill(query)
    page.locator(".md-search__input").press("End")  # Material reads the query on key-up
    page.locator(".md-search-result__item").first.wait_for(state="visible", timeout=30_000)
    elapsed = page.evaluate("() => window.__first - window.__opened")
    page.context.close()
    return float(elapsed)


def measure(site: Path, runs: int, cards: int) -> dict[str, Any]:
    """Measure page views and searches on a built site; return the figures."""
    from playwright.sync_api import sync_playwright

    server, url = _serve(site)
    # The answer of a typed card (every sixth card from the second is typed), in every deck.
    query = f"term{(min(cards, PER_DECK) - 2) // 6 * 6 + 1}"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            views = [page_view(browser, url) for _ in range(runs)]
            searches = [first_results(browser, url, query) for _ in range(runs)]
            loading = [first_results(browser, url, query, settled=False) for _ in range(runs)]
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    index = site / "search" / "search_index.json"
    return {
        "cards": cards,
        "query": query,
        "index_file_bytes": index.stat().st_size if index.exists() else 0,
        "page_view_search_bytes": statistics.median(v["bytes"] for v in views),
        "page_view_search_requests": statistics.median(v["requests"] for v in views),
        "page_view_index_entries": max(v["entries"] for v in views),
        "page_view_index_files": max(v["index_files"] for v in views),
        "first_results_ms": statistics.median(searches),
        "first_results_runs_ms": [round(s, 1) for s in searches],
        "first_results_loading_page_ms": statistics.median(loading),
        "first_results_loading_page_runs_ms": [round(s, 1) for s in loading],
    }


def main() -> None:
    """Build (unless given a site), measure and print the figures."""
    args = _arguments()
    args.work.mkdir(parents=True, exist_ok=True)
    built = None
    if args.site is None:
        site, built = build(args.cards, args.work)
    else:
        site = args.site
    figures = measure(site, args.runs, args.cards)
    figures["build_s"] = round(built, 2) if built is not None else None
    no_index = figures["page_view_index_entries"] == 0 and figures["page_view_index_files"] == 0
    slowest = max(figures["first_results_ms"], figures["first_results_loading_page_ms"])
    met = slowest <= TARGET_MS and no_index
    print(
        f"{args.cards:,} cards: search/search_index.json {figures['index_file_bytes']:,} bytes.\n"
        f"A page view: {figures['page_view_search_requests']:.0f} request(s) under search/, "
        f"{figures['page_view_search_bytes']:,.0f} bytes, "
        f"{figures['page_view_index_entries']} index entries, "
        f"{figures['page_view_index_files']} split-index files.\n"
        f"First results after opening search (median of {args.runs}): settled page "
        f"{figures['first_results_ms']:.0f} ms {figures['first_results_runs_ms']}; "
        f"loading page {figures['first_results_loading_page_ms']:.0f} ms "
        f"{figures['first_results_loading_page_runs_ms']}.\n"
        f"Target {'met' if met else 'NOT met'}: no index entries or files on a page view, "
        f"first results <= {TARGET_MS:.0f} ms."
    )
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
