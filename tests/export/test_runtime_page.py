"""The generated container-runtime page: diagrams, tables, rules, all from the model."""

from __future__ import annotations

import html
import re

import pytest

from studykit.export.runtime_page import runtime_markdown
from studykit.export.site_files import site_files
from studykit.model.runtime import RuntimeModel
from studykit.runtime.lab.models import bundled_model


@pytest.fixture(scope="module")
def model() -> RuntimeModel:
    return bundled_model()


@pytest.fixture(scope="module")
def page(model: RuntimeModel) -> str:
    return runtime_markdown(model)


def _rows(page: str) -> list[list[str]]:
    """Return the body rows of the page's HTML tables as the text of their cells."""
    rows = re.findall(r'<tr role="row">((?:<td.*?</td>)+)</tr>', page)
    cells = (re.findall(r"<td[^>]*>(.*?)</td>", row) for row in rows)
    return [[html.unescape(re.sub(r"<[^>]*>", "", c)) for c in row] for row in cells]


def test_page_has_a_diagram_and_a_transition_table_per_engine(page: str) -> None:
    assert page.startswith("---\ntitle: Container runtime model\n---\n")
    assert page.count("[![State diagram of ") == 2
    for engine in ("runc", "docker"):
        assert f"{{ #{engine}-diagram }}" in page and f"{{ #{engine}-transitions }}" in page
    assert any(
        row[:2] == ["paused", "start"]
        and "cannot start a paused container, try unpause instead" in row
        for row in _rows(page)
    )
    # Every cell names its column, which a phone shows before it when rows are stacked.
    assert '<td role="cell" data-label="Command"><code>start</code></td>' in page


def test_docker_29_wording_is_shown_where_it_differs(page: str) -> None:
    row = next(r for r in _rows(page) if r[:3] == ["running", "rm", ""])
    text = " | ".join(row)
    assert "You cannot remove a running container" in text
    assert "container is running: stop the container" in text
    assert any("same" in r for r in _rows(page))


def test_exit_codes_restart_policies_and_rules(page: str, model: RuntimeModel) -> None:
    exit_section = page.split("## Exit codes", 1)[1].split("## Restart policies", 1)[0]
    codes = {row[0] for row in _rows(exit_section)}
    assert {"0", "1", "125", "126", "127", "137", "143"} <= codes
    assert ["unless-stopped", "yes", "yes", "no", "no"] in [r[:5] for r in _rows(page)]
    for rule in model.rules:
        assert f'<span id="rule-{rule.id}"></span>' in page
    linked = set(re.findall(r'href="#rule-([a-z0-9-]+)"', page))
    assert len(linked) > 5
    assert linked <= {rule.id for rule in model.rules}
    # Entities keep Python-Markdown from reading the URL again; the browser decodes them.
    assert 'href="https&#58;//docs.docker.com/engine/containers/run/&#35;exit-status"' in page


def test_page_points_to_the_lab_and_the_deck(page: str) -> None:
    assert "`studykit lab --engine docker`" in page
    assert "(decks/runtime-behaviour.md)" in page


def test_site_files_add_the_page_only_with_a_model(model: RuntimeModel) -> None:
    assert "runtime.md" in dict(site_files((), with_home=False, models=(model,)))
    assert "runtime.md" not in dict(site_files((), with_home=False))
