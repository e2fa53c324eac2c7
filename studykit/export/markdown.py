"""Deck -> Markdown page for the study site: questions, hidden answers, tables, diagrams, sources.

Pure: no MkDocs here, so the site generator can change without touching the rendering.
Author text is rendered to HTML with raw HTML disabled (`card_text`), so a deck cannot put
markup or scripts in a page; diagrams are images of SVG drawn at build time from their
Mermaid source, stripped of directives (`export.diagrams`).
"""

from __future__ import annotations

from studykit.export import card_text
from studykit.export.card_text import CardHtml
from studykit.export.diagrams import diagram_path
from studykit.export.html_table import html_table
from studykit.export.mermaid import safe_mermaid
from studykit.export.page_paths import card_anchor, practice_page, table_anchor
from studykit.model import (
    Card,
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
from studykit.wording import counted

_KIND_LABEL = {
    "basic": "Question",
    "typed": "Type the answer",
    "choice": "Choose",
    "truefalse": "True or false?",
    "cloze": "Fill the gaps",
    "order": "Put in order",
}


def deck_markdown(
    deck: Deck, html: CardHtml | None = None, undrawn: frozenset[str] = frozenset()
) -> str:
    """Return the Markdown page of a deck, its card text rendered through `html`.

    Diagrams are images of their drawn SVG (`export.diagrams`), except those whose safe
    source is in `undrawn`, which show their source.
    """
    html = html or CardHtml()
    links = _source_links(deck)
    parts = [_front_matter(deck), _header(deck, html)]
    if deck.cards:
        parts.append("## Cards\n")
        parts += (
            card_markdown(card, html, links.get(card.source), deck_id=deck.id)
            for card in deck.cards
        )
    if deck.tables:
        parts.append("## Comparison tables\n")
        parts += (table_markdown(table, html, links.get(table.source)) for table in deck.tables)
    if deck.diagrams:
        parts.append("## Diagrams\n")
        parts += (diagram_markdown(diagram, html, undrawn, "../") for diagram in deck.diagrams)
    if deck.sources:
        parts.append(_sources_markdown(deck.sources))
    return "\n".join(parts)


def _front_matter(deck: Deck) -> str:
    """Return YAML front matter with the page title."""
    return f"---\ntitle: {front_matter_title(deck.title)}\n---\n"


def front_matter_title(title: str) -> str:
    """Return a title for YAML front matter: HTML-escaped (themes print it unescaped), quoted."""
    import html
    import json

    # JSON strings are YAML strings; ensure_ascii keeps YAML from seeing odd line breaks.
    return json.dumps(html.escape(title, quote=False))


def _header(deck: Deck, html: CardHtml) -> str:
    """Return the title, description, tags and practice link of a deck page."""
    lines = [f"# {html.page_inline(deck.title)}\n"]
    if deck.description:
        lines.append(html.page_block(deck.description) + "\n")
    facts = [counted(len(deck.cards), "card")]
    if deck.tags:
        facts.append("topics: " + ", ".join(card_text.text(t) for t in deck.tags))
    lines.append(" · ".join(facts) + "\n")
    lines.append(f"[Practise this deck](../{practice_page(deck.id)}){{ .md-button }}\n")
    return "\n".join(lines)


def card_markdown(
    card: Card, html: CardHtml, source: str | None = None, *, deck_id: str = ""
) -> str:
    """Return a card as a heading (its question, anchored) and its answer in a closed block.

    `source` is the card's source, rendered by `source_link`, if it has one. Choices and
    items to order are listed in the fixed shuffled order of `model.fixed_order`, keyed by
    the card's study key (`deck/card`), as Anki notes list them: never where the author
    wrote the right answer.
    """
    heading = f"### {html.page_inline(_question(card))} {{ #{card_anchor(card.id)} }}\n"
    label = _KIND_LABEL[card.kind.value]
    body = [
        f'<p class="sk-kind">{label}</p>',
        *_shown(card, html, f"{deck_id}/{card.id}"),
        _answer_block(card, html, source),
    ]
    return heading + "\n" + "\n".join(body) + "\n"


def _question(card: Card) -> str:
    """Return the question line; a cloze shows every deletion as a gap."""
    if isinstance(card, ClozeCard):
        return card.gapped()
    return card.prompt


def _shown(card: Card, html: CardHtml, key: str) -> list[str]:
    """Return what the question shows besides its text: choices, or items to order."""
    if isinstance(card, ChoiceCard):
        items = "".join(f"<li>{html.page_inline(c)}</li>" for c in fixed_order(key, card.choices))
        return [f'<ul class="sk-choices">{items}</ul>']
    if isinstance(card, OrderCard):
        shown = fixed_order(key, card.items)
        items = "".join(f"<li>{html.page_inline(i)}</li>" for i in shown)
        return [f'<ul class="sk-order">{items}</ul>']
    return []


def _answer_html(card: Card, html: CardHtml) -> str:
    """Return the answer of a card as block HTML."""
    if isinstance(card, ChoiceCard | TypedCard):
        label = "Accepted answers" if isinstance(card, TypedCard) else "Answer"
        items = "".join(f"<li>{html.page_inline(a)}</li>" for a in card.answers)
        return f"<p>{label}:</p><ul>{items}</ul>"
    if isinstance(card, OrderCard):
        items = "".join(f"<li>{html.page_inline(i)}</li>" for i in card.items)
        return f"<ol>{items}</ol>"
    if isinstance(card, TrueFalseCard):
        return f"<p><strong>{card.answer_text}</strong></p>"
    return html.page_block(card.answer_text)


def _answer_block(card: Card, html: CardHtml, source: str | None) -> str:
    """Return the collapsed answer: answer, explanation and source link."""
    parts = [_answer_html(card, html)]
    if card.explanation:
        parts.append(f'<div class="sk-explanation">{html.page_block(card.explanation)}</div>')
    if source is not None:
        parts.append(f'<p class="sk-source">Source: {source}</p>')
    return (
        '<details class="success"><summary>Answer</summary>\n' + "\n".join(parts) + "\n</details>"
    )


def source_link(source: Source) -> str:
    """Return a source as a link when its URL is a web address, else as plain text."""
    title = card_text.text(source.title)
    url = card_text.safe_url(source.url)
    if not url:
        return title
    return f'<a href="{card_text.attribute(url)}" rel="noopener">{title}</a>'


def _source_links(deck: Deck) -> dict[str, str]:
    """Return each source id of a deck with its link, rendered once for all its cards."""
    # Reversed, so the first of two sources with one id wins, as in Deck.source.
    return {source.id: source_link(source) for source in reversed(deck.sources)}


def _cell(text: str, html: CardHtml) -> str:
    """Return a table cell: inline HTML on one line."""
    return html.page_inline(text)


def table_markdown(table: Table, html: CardHtml, source: str | None = None) -> str:
    """Return a comparison table as an HTML table (`html_table`) under an anchored heading.

    `source` is the table's source, rendered by `source_link`, if it has one.
    """
    lines = [f"### {html.page_inline(table.title)} {{ #{table_anchor(table.id)} }}\n"]
    if table.description:
        lines.append(html.page_block(table.description) + "\n")
    header = [_cell(c, html) for c in table.columns]
    lines.append(html_table(header, ([_cell(c, html) for c in row] for row in table.rows)))
    if source is not None:
        lines.append(f'\n<p class="sk-source">Source: {source}</p>')
    return "\n".join(lines) + "\n"


def mermaid_source(source: str) -> str:
    """Return Mermaid source without directives, front matter or click bindings."""
    return safe_mermaid(source)


def diagram_image(source: str, alt: str, undrawn: frozenset[str], prefix: str) -> str:
    """Return a drawn diagram as an image linked to its full-size file, or its source.

    `prefix` leads from the page's folder to the site root (`../` for a deck page).
    """
    safe = mermaid_source(source)
    if safe in undrawn:
        body = safe.replace("```", "'''")  # the fence body cannot close the fence
        note = '<p class="sk-diagram-missing">This diagram could not be drawn; its source:</p>'
        return f"{note}\n\n```text\n{body}\n```\n"
    path = prefix + diagram_path(source)
    return f"[![{card_text.text(alt)}]({path}){{ .sk-diagram }}]({path})\n"


def diagram_markdown(
    diagram: Diagram,
    html: CardHtml | None = None,
    undrawn: frozenset[str] = frozenset(),
    prefix: str = "../",
) -> str:
    """Return a diagram: its title, its image (alt text: the title) and its caption."""
    html = html or CardHtml()
    lines = [f"### {html.page_inline(diagram.title)} {{ #diagram-{diagram.id} }}\n"]
    lines.append(diagram_image(diagram.mermaid, diagram.title, undrawn, prefix))
    if diagram.caption:
        lines.append(html.page_block(diagram.caption) + "\n")
    return "\n".join(lines)


def _sources_markdown(sources: tuple[Source, ...]) -> str:
    """Return the deck's sources as a list."""
    items = "".join(f"<li>{source_link(s)}</li>" for s in sources)
    return f'## Sources\n\n<ul class="sk-sources">{items}</ul>\n'
