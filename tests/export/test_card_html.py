"""Card text rendered once per site build: the deck page and the practice data share its HTML."""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterator
from html.parser import HTMLParser
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from studykit.decks.folder import DeckFolder
from studykit.export.card_text import CardHtml, plain_block_html, plain_inline_html
from studykit.export.page_paths import deck_page, practice_page
from studykit.export.practice_data import script_json
from studykit.export.site_files import site_files
from studykit.export.site_pages import deck_glossary
from studykit.markup.render import render
from studykit.model import (
    BasicCard,
    ChoiceCard,
    ClozeCard,
    Deck,
    OrderCard,
    Source,
    Table,
    TrueFalseCard,
    TypedCard,
)
from tests.export.test_site_markdown import DECK, hostile_deck

# Every text needs the parser (emphasis, code, links): none takes the plain-text shortcut.
MARKDOWN_DECK = Deck(
    id="md",
    title="Markdown *deck*",
    sources=(Source("man", "cgroups(7)", "https://man7.org/cgroups.7.html"),),
    cards=(
        BasicCard(
            id="b",
            front="What is a *cgroup*?",
            back="A group of `processes`.",
            explanation="See [the manual](https://man7.org/cgroups.7.html).",
            source="man",
        ),
        TypedCard(id="t", question="Mount **point**?", answers=("`/sys/fs/cgroup`", "_sysfs_")),
        ChoiceCard(
            id="c", question="Pick *one*", choices=("`one`", "**two**"), answers=("**two**",)
        ),
        TrueFalseCard(id="tf", statement="Cgroups *hide* processes.", answer=False),
        ClozeCard(id="z", text="A {{c1::*limit*}} applies `here`."),
        OrderCard(id="o", question="Order *these*", items=("`first`", "**second**", "_third_")),
    ),
    tables=(Table("cmp", "VMs", ("Aspect", "VM"), (("Kernel", "*own*"),), quiz=True),),
)


class _Html(HTMLParser):
    """Collect HTML as tags, attributes and text, character references resolved."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.events: list[tuple[str, ...]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.events.append(("start", tag, *(f"{k}={v}" for k, v in attrs)))

    def handle_endtag(self, tag: str) -> None:
        self.events.append(("end", tag))

    def handle_data(self, data: str) -> None:
        self.events.append(("text", data))


def _dom(html: str) -> list[tuple[str, ...]]:
    """Return what a browser reads from some HTML (the deck page's `&#42;` is a `*`)."""
    parser = _Html()
    parser.feed(html)
    parser.close()
    return parser.events


def _pages(deck: Deck) -> tuple[str, dict[str, dict[str, Any]]]:
    """Return a deck's page and its practice items by key, as site_files makes them."""
    pages = dict(site_files((deck,), with_home=True))
    found = re.search(r'class="sk-practice-data">(.*?)</script>', pages[practice_page(deck.id)])
    assert found is not None
    data = json.loads(found.group(1))
    return pages[deck_page(deck.id)], {item["key"]: item for item in data["items"]}


def _card_section(page: str, card_id: str) -> tuple[str, str]:
    """Return a card's heading text and the HTML of its answer block on the deck page."""
    found = re.search(rf"^### ([^\n]*) \{{ #card-{card_id} \}}\n(.*?)</details>", page, re.M | re.S)
    assert found is not None, card_id
    return found.group(1), found.group(2)


def _inside(html: str, start: str, end: str) -> str:
    """Return the HTML between two markers."""
    return html.split(start, 1)[1].split(end, 1)[0]


def _list_items(html: str) -> list[str]:
    """Return the HTML of each <li> of a list."""
    return re.findall(r"<li>(.*?)</li>", html)


@pytest.mark.parametrize("deck", [MARKDOWN_DECK, DECK, hostile_deck()], ids=lambda d: d.id)
def test_deck_page_and_practice_data_show_the_same_html(deck: Deck) -> None:
    page, items = _pages(deck)
    for card in deck.cards:
        heading, answer = _card_section(page, card.id)
        shown_answer = _inside(answer, "<summary>Answer</summary>\n", "\n")
        # The deck page hides a cloze card's gaps at once, its practice items one by one.
        number = f"#c{card.deletions[0]}" if isinstance(card, ClozeCard) else ""
        item = items[f"{deck.id}/{card.id}{number}"]
        if not isinstance(card, ClozeCard):
            assert _dom(item["prompt"]) == _dom(f"<p>{heading}</p>")
        if isinstance(card, BasicCard | ClozeCard):
            assert _dom(item["answer"]) == _dom(shown_answer)
        if isinstance(card, TypedCard):
            first = _list_items(shown_answer)[0]
            assert _dom(item["answer"]) == _dom(f"<p>{first}</p>")
        if card.explanation:
            shown = _inside(answer, '<div class="sk-explanation">', "</div>")
            assert _dom(item["explanation"]) == _dom(shown)
        if isinstance(card, ChoiceCard):
            choices = _list_items(_inside(answer, '<ul class="sk-choices">', "</ul>"))
            # The page lists the choices in their fixed shuffled order (model.fixed_order).
            assert sorted(_dom(c) for c in item["choices"]) == sorted(_dom(c) for c in choices)
        if isinstance(card, OrderCard):
            ordered = _list_items(_inside(answer, "<ol>", "</ol>"))
            assert [_dom(i) for i in item["items"]] == [_dom(i) for i in ordered]


def _parsed_sources(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record the source of every markdown-it parse from now on (block and inline)."""
    parsed: list[str] = []
    for name in ("parse", "parseInline"):
        original = getattr(MarkdownIt, name)

        def recording(self: MarkdownIt, src: str, env: Any = None, _run: Any = original) -> Any:
            parsed.append(src)
            return _run(self, src, env)

        monkeypatch.setattr(MarkdownIt, name, recording)
    return parsed


def _card_texts(deck: Deck) -> Iterator[str]:
    """Yield every text of a deck's cards that both its pages show."""
    for card in deck.cards:
        yield from (card.prompt, card.answer_text, card.explanation)
        if isinstance(card, ChoiceCard):
            yield from card.choices
        if isinstance(card, OrderCard):
            yield from card.items
        if isinstance(card, TypedCard):
            yield from card.answers


def test_markdown_it_parses_each_card_text_once_per_build(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    render.cache_clear()
    parsed = _parsed_sources(monkeypatch)
    list(site_files((MARKDOWN_DECK,), with_home=True))
    counts = Counter(parsed)
    assert max(counts.values()) == 1, counts.most_common(3)
    # Every card text needs the parser here (TrueFalse answers are plain words).
    needs_parser = {t for t in _card_texts(MARKDOWN_DECK) if t not in ("", "True", "False")}
    assert needs_parser <= set(counts)


@pytest.mark.parametrize("deck", [MARKDOWN_DECK, DECK, hostile_deck()], ids=lambda d: d.id)
def test_a_site_built_from_the_deck_index_parses_no_card_text(
    deck: Deck, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The index rendered the texts when it was built; the site only reads their HTML."""
    folder = DeckFolder.of([deck])
    texts = folder.texts()
    expected = dict(site_files((deck,), with_home=True))
    render.cache_clear()
    parsed = _parsed_sources(monkeypatch)
    assert dict(site_files(folder.decks(), with_home=True, texts=texts)) == expected
    # Only the catalogue's deck title and the glossary's terms (cut out of questions) remain.
    terms = {entry.term for entry in deck_glossary(deck)}
    assert set(parsed) <= {deck.title, *terms}, parsed


def test_plain_text_needs_no_parser(monkeypatch: pytest.MonkeyPatch) -> None:
    parsed = _parsed_sources(monkeypatch)
    html = CardHtml()
    assert html.block("Item 3 of 7: a [...] runs [hint].") == (
        "<p>Item 3 of 7: a [...] runs [hint].</p>"
    )
    assert html.inline("A [gap] then (parentheses)") == "A [gap] then (parentheses)"
    assert html.block("first -> second") == "<p>first -&gt; second</p>"  # an order's answer
    assert parsed == []


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet=" \t\n\r\xa0\u2003\x85", max_size=6),
    st.text(alphabet="aZ09 ,;:'\"?()/.%@$=+-[]{}*_`#>!|&<\\~", min_size=1, max_size=30),
    st.text(alphabet=" \t\n\r\xa0\u2003\x85", max_size=6),
)
def test_card_html_renders_as_commonmark_does(before: str, words: str, after: str) -> None:
    text = before + words + after
    parser = MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])
    block_first, inline_first = CardHtml(), CardHtml()
    assert block_first.block(text) == plain_block_html(text)
    assert block_first.inline(text) == inline_first.inline(text) == plain_inline_html(text)
    assert inline_first.block(text) == plain_block_html(text)
    assert plain_inline_html(text) == parser.renderInline(" ".join(text.split()))
    if text.strip():
        assert plain_block_html(text) == parser.render(text).strip()


@pytest.mark.parametrize("text", ["    indented", "\tTabbed", "\n\n    after a blank line"])
def test_indented_text_is_a_code_block_as_in_commonmark(text: str) -> None:
    assert plain_block_html(text) == f"<pre><code>{text.strip()}\n</code></pre>"


def test_practice_json_escapes_line_separators_and_markup() -> None:
    data = {"text": "a\u2028b\u2029c </script> & <!--"}
    embedded = script_json(data)
    assert not set(embedded) & {"<", ">", "&", "\u2028", "\u2029"}
    assert json.loads(embedded) == data
