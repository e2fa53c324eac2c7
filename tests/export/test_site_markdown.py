"""Deck -> Markdown for the study site: every card, tables, diagrams, and nothing unsafe."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from studykit.export.card_text import (
    CardHtml,
    block_html,
    inline_html,
    plain_block_html,
    plain_inline_html,
    safe_url,
)
from studykit.export.diagrams import diagram_path
from studykit.export.html_table import html_table
from studykit.export.markdown import deck_markdown, mermaid_source
from studykit.export.practice_data import deck_practice_data, script_json
from studykit.export.site_pages import (
    catalogue_markdown,
    glossary_entries,
    glossary_items,
    glossary_page,
    practice_markdown,
)
from studykit.load import load_decks
from studykit.model import (
    BasicCard,
    ChoiceCard,
    ClozeCard,
    Deck,
    Diagram,
    OrderCard,
    Source,
    Table,
    TrueFalseCard,
    TypedCard,
)
from studykit.model.fixed_order import fixed_order
from tests.conftest import DECKS, FIXTURES

SOURCE = Source("man", "cgroups(7)", "https://man7.org/linux/man-pages/man7/cgroups.7.html")
DECK = Deck(
    id="demo",
    title="Demo deck",
    description="Teaches *things*.",
    tags=("linux", "cgroups"),
    sources=(SOURCE,),
    cards=(
        BasicCard(id="b", front="What is a cgroup?", back="A group of processes.", source="man"),
        TypedCard(id="t", question="Mount point?", answers=("/sys/fs/cgroup",)),
        ChoiceCard(id="c", question="Pick", choices=("one", "two"), answers=("two",)),
        TrueFalseCard(
            id="tf", statement="Cgroups hide processes.", answer=False, explanation="No."
        ),
        ClozeCard(id="z", text="A {{c1::limit}} and a {{c2::count::hint}}."),
        OrderCard(id="o", question="Order", items=("first", "second", "third")),
    ),
    tables=(
        Table(
            "cmp",
            "VMs vs containers",
            ("Aspect", "VM", "Container"),
            (("Kernel", "own", "shared"),),
            quiz=True,
        ),
    ),
    diagrams=(Diagram("d", "Stack", "flowchart LR\n  A --> B"),),
)


def hostile_deck() -> Deck:
    """Return the fixture deck full of markup and script injections."""
    result = load_decks([FIXTURES / "hostile-site" / "hostile.yaml"])
    assert not result.errors, result.errors
    return result.decks[0]


class _Elements(HTMLParser):
    """Collect the tags, attribute names and attribute values of some HTML."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes += [(name, value or "") for name, value in attrs]


def _elements(html: str) -> _Elements:
    parser = _Elements()
    parser.feed(html)
    return parser


def test_every_card_is_a_heading_with_an_anchor_and_a_closed_answer() -> None:
    page = deck_markdown(DECK)
    for card in DECK.cards:
        assert re.search(rf"^### .+ \{{ #card-{card.id} \}}$", page, re.MULTILINE), card.id
    assert page.count('<details class="success"><summary>Answer</summary>') == len(DECK.cards)
    assert "<details open" not in page


def test_answers_explanations_and_sources_are_inside_the_answer_block() -> None:
    page = deck_markdown(DECK)
    block = page.split("{ #card-b }", 1)[1].split("</details>", 1)[0]
    assert "A group of processes." in block
    assert 'href="https&#58;//man7.org/linux/man-pages/man7/cgroups.7.html"' in block
    tf_block = page.split("{ #card-tf }", 1)[1].split("</details>", 1)[0]
    assert "<strong>False</strong>" in tf_block and "No." in tf_block


def test_cloze_question_hides_every_deletion_and_the_answer_shows_them() -> None:
    page = deck_markdown(DECK)
    heading = next(line for line in page.splitlines() if line.endswith("{ #card-z }"))
    assert "limit" not in heading and "count" not in heading
    assert "&#91;...&#93;" in heading and "&#91;hint&#93;" in heading
    assert "A limit and a count." in page


def test_choice_and_order_cards_show_their_options() -> None:
    page = deck_markdown(DECK)
    # The question lists them in their fixed shuffled order; the answer in the right one.
    assert '<ul class="sk-choices"><li>two</li><li>one</li></ul>' in page
    shown = "".join(f"<li>{i}</li>" for i in fixed_order("demo/o", ("first", "second", "third")))
    assert f'<ul class="sk-order">{shown}</ul>' in page
    assert shown != "<li>first</li><li>second</li><li>third</li>"
    assert "<ol><li>first</li><li>second</li><li>third</li></ol>" in page


def test_deck_pages_do_not_give_the_answer_away_by_its_place() -> None:
    """Hand-written choice cards list the right answer first; the pages must not."""
    decks = load_decks([DECKS]).decks
    cards = [(d.id, c) for d in decks for c in d.cards if isinstance(c, ChoiceCard)]
    written_first = sum(c.choices[0] in c.answers for _, c in cards)
    assert written_first > len(cards) // 2  # the authoring habit the pages must undo
    first_shown = 0
    for deck in decks:
        page = deck_markdown(deck)
        for card in (c for c in deck.cards if isinstance(c, ChoiceCard)):
            listed = page.split(f"{{ #card-{card.id} }}", 1)[1]
            listed = listed.split('<ul class="sk-choices">', 1)[1].split("</ul>", 1)[0]
            first = listed.split("</li>", 1)[0].removeprefix("<li>")
            first_shown += any(inline_html(answer) == first for answer in card.answers)
    # One of about four options: near a quarter of the cards, far from "nearly all".
    assert first_shown < len(cards) * 0.45, (first_shown, len(cards))


def test_table_is_a_markdown_table_and_diagram_an_image_of_its_drawing() -> None:
    page = deck_markdown(DECK)
    assert '<th role="columnheader" scope="col">Aspect</th>' in page
    assert '<td role="cell" data-label="VM">own</td>' in page
    svg = "../" + diagram_path("flowchart LR\n  A --> B")
    assert f"[![Stack]({svg}){{ .sk-diagram }}]({svg})" in page
    assert "```mermaid" not in page


def test_a_diagram_that_was_not_drawn_shows_its_source() -> None:
    page = deck_markdown(DECK, undrawn=frozenset({"flowchart LR\n  A --> B"}))
    assert "could not be drawn" in page and "```text\nflowchart LR\n  A --> B\n```" in page
    assert ".svg" not in page


def test_card_text_cannot_inject_markup() -> None:
    page = deck_markdown(hostile_deck())
    tags = set(_elements(page).tags)
    tables = {"table", "thead", "tbody", "tr", "th", "td"}
    allowed = {"p", "details", "summary", "div", "ul", "ol", "li", "a", "code", "strong", "em"}
    assert tags <= allowed | tables
    for name, value in _elements(page).attributes:
        assert not name.startswith("on"), (name, value)
        assert "javascript" not in value.lower(), (name, value)


def test_links_keep_only_web_and_mail_schemes() -> None:
    assert "href" not in inline_html("[x](javascript:alert(1))")
    assert "href" not in inline_html("[x](JaVaScRiPt:alert(1))")
    assert "href" not in block_html("[x](data:text/html,<script>1</script>)")
    assert safe_url(" java\tscript:alert(1)") == ""
    assert safe_url("https://example.org") == "https://example.org"


def test_markdown_syntax_in_card_text_is_not_parsed_twice() -> None:
    # `*` left over by CommonMark must not become emphasis when MkDocs reads the page.
    assert "*" not in inline_html("2 * 3 * 4 and a_b_c and {: #x }")
    assert "<em>" in inline_html("*real*")


@pytest.mark.parametrize(
    "source",
    [
        '%%{init: {"securityLevel": "loose"}}%%\nflowchart LR\n  A --> B',
        'flowchart LR\n  A --> B\n  click A call alert(1)\n  click B href "javascript:x"',
    ],
)
def test_mermaid_directives_and_click_bindings_are_removed(source: str) -> None:
    cleaned = mermaid_source(source)
    assert "%%{" not in cleaned and "click" not in cleaned
    assert "A --> B" in cleaned


def test_practice_json_cannot_close_its_script_element() -> None:
    data = deck_practice_data(hostile_deck())
    embedded = script_json(data)
    assert "<" not in embedded and ">" not in embedded
    assert json.loads(embedded) == data
    page = practice_markdown(hostile_deck())
    assert page.count("<script") == 1 and page.count("</script>") == 1


def test_practice_data_has_every_study_item_with_what_grading_needs() -> None:
    items = {item["key"]: item for item in deck_practice_data(DECK)["items"]}
    assert set(items) >= {"demo/b", "demo/t", "demo/c", "demo/tf", "demo/z#c1", "demo/z#c2"}
    assert items["demo/c"]["correct"] == [1]
    assert items["demo/t"]["accepted"] == ["/sys/fs/cgroup"]
    assert items["demo/tf"]["truth"] is False
    assert items["demo/o"]["items"] == ["first", "second", "third"]
    assert "limit" not in items["demo/z#c1"]["prompt"] and "count" in items["demo/z#c1"]["prompt"]
    assert any(key.startswith("demo/cmp.") for key in items)  # quiz table cells


def test_catalogue_lists_each_deck_with_counts_and_topics() -> None:
    catalogue = catalogue_markdown([DECK])
    assert "| 1 | [Demo deck](decks/demo.md) |   | 6 | 9 | linux, cgroups |" in catalogue


def test_catalogue_shows_each_decks_stage_and_prerequisites() -> None:
    from dataclasses import replace

    first = replace(DECK, id="first", title="First")
    second = replace(DECK, id="second", title="Second", prerequisites=("first",))
    lab = replace(DECK, id="lab", title="Lab", generated=True)
    rows = catalogue_markdown([first, second, lab]).splitlines()[2:]
    assert rows[0].startswith("| 1 | [First](decks/first.md) |   |")
    assert rows[1].startswith("| 2 | [Second](decks/second.md) | [First](decks/first.md) |")
    assert rows[2].startswith("| – | [Lab](decks/lab.md) |")


@pytest.mark.parametrize(
    ("prompt", "term"),
    [
        ("What is a container registry?", "container registry"),
        ("What is the Docker CLI (the `docker` command)?", "Docker CLI"),
        ("What does OCI stand for?", "OCI"),
        ("What is CPU throttling in a cgroup?", "CPU throttling"),
        ("What is self-healing in Kubernetes?", "self-healing"),
        ("What is the signal number of SIGKILL?", ""),
        ("What is the difference between RUN and CMD?", ""),
        ("Which option sets the memory limit?", ""),
    ],
)
def test_glossary_terms_are_short_definitions(prompt: str, term: str) -> None:
    deck = Deck(id="g", title="G", cards=(BasicCard(id="x", front=prompt, back="It."),))
    assert [e.term for e in glossary_entries([deck])] == ([term] if term else [])


def test_glossary_takes_cards_tagged_glossary() -> None:
    card = BasicCard(
        id="x", front="Seccomp, in one line?", back="A syscall filter.", tags=("glossary",)
    )
    assert [e.term for e in glossary_entries([Deck(id="g", title="G", cards=(card,))])] == [
        "Seccomp, in one line"
    ]


def test_glossary_takes_tagged_cloze_cards_by_their_first_deletion() -> None:
    card = ClozeCard(
        id="p", text="A {{c1::Pod}} is the smallest deployable unit.", tags=("glossary",)
    )
    untagged = ClozeCard(id="q", text="A {{c1::Node}} runs Pods.")
    entries = glossary_entries([Deck(id="g", title="G", cards=(card, untagged))])
    assert [(e.term, e.definition) for e in entries] == [
        ("Pod", "A Pod is the smallest deployable unit.")
    ]


def test_glossary_takes_definition_questions() -> None:
    entries = glossary_entries([DECK])
    assert [e.term for e in entries] == ["cgroup"]
    assert "decks/demo.md#card-b" in glossary_page([glossary_items(DECK, CardHtml())])


@settings(max_examples=400, deadline=None)
@given(
    st.one_of(
        st.text(alphabet="aZ09 ,;:'\"?()/.%@$=+-", max_size=40),  # mostly the shortcut
        st.text(alphabet="aZ09 ,;:'\"?()/.%@$=+-#*_`<>&![]|\n\\", max_size=40),
    )
)
def test_plain_text_shortcut_renders_as_commonmark_does(text: str) -> None:
    from markdown_it import MarkdownIt

    parser = MarkdownIt("commonmark", {"html": False}).enable("table")
    assert plain_block_html(text) == parser.render(text).strip()
    assert plain_inline_html(text) == parser.renderInline(" ".join(text.split()))


def test_tables_name_each_cell_and_leave_out_columns_empty_in_every_row() -> None:
    table = html_table(
        ["State", "When", "<em>Result</em>"], [["running", "", "ok"], ["paused", " "]]
    )
    assert "When" not in table  # empty in every row
    assert '<td role="cell" data-label="Result">ok</td>' in table
    assert '<td role="cell" data-label="Result"></td>' in table  # a short row is padded
    assert table.count('<tr role="row">') == 3 and '<table role="table" data-stack>' in table
