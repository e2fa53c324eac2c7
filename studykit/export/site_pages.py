"""Generated pages besides the deck pages: catalogue, glossary and practice pages."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from studykit.export import card_text
from studykit.export.card_text import CardHtml
from studykit.export.markdown import front_matter_title
from studykit.export.page_paths import card_anchor, deck_page
from studykit.export.practice_data import deck_practice_data, script_json
from studykit.load.course import stages
from studykit.model import BasicCard, Card, ClozeCard, Deck, TypedCard, study_items

CATALOGUE_MARKER = "<!-- studykit:catalogue -->"
"""A hand-written home page shows the deck catalogue where it holds this marker."""

# "What is a container registry?", "What is runc?", "What does LXC stand for?": a short
# noun phrase (no commas or "of", which mark a question about something, not a term).
_DEFINITION = re.compile(
    r"^What (?:(?:is|are) (?:an? |the )?(?P<term>[^?,]{2,40})|does (?P<acronym>[^?, ]{2,12}) stand for)\?$"
)
_ASIDE = re.compile(r"\s*\([^)]*\)$")
# "What is CPU throttling in a cgroup?": the term is what comes before its setting.
_SETTING = re.compile(r"\s+in\s+(?:an?\s+|the\s+)?\S+(?:\s+\S+)?$")
_NOT_A_TERM = re.compile(r"\b(?:of|between|for|from|with|when|if|the)\b|'s\b")
_GLOSSARY_TAGS = frozenset({"glossary", "definition", "term"})


def catalogue_markdown(decks: Iterable[Deck], prefix: str = "") -> str:
    """Return the course path: one table row per deck, in course order, with its stage.

    Decks come in the order given (the collection's course order); a deck's stage says how
    far along the path it is, and decks of one stage can be taken in any order. Decks
    generated from a runtime model show a dash: they are practice, not a step of the path.
    """
    decks = tuple(decks)
    stage = stages([d for d in decks if not d.generated])
    titles = {d.id: d.title for d in decks}
    rows = [
        "| Stage | Deck | Take after | Cards | Items to study | Topics |",
        "|---|---|---|---|---|---|",
    ]
    for deck in decks:
        link = f"[{card_text.inline_html(deck.title)}]({prefix}{deck_page(deck.id)})"
        after = ", ".join(
            f"[{card_text.inline_html(titles[p])}]({prefix}{deck_page(p)})"
            for p in deck.prerequisites
            if p in titles
        )
        topics = ", ".join(card_text.text(t) for t in deck.tags) or " "
        items = sum(1 for _ in study_items(deck))
        shown = str(stage[deck.id]) if deck.id in stage else "–"
        rows.append(
            f"| {shown} | {link} | {after or ' '} | {len(deck.cards)} | {items} | {topics} |"
        )
    return "\n".join(rows) + "\n"


def home_markdown(decks: tuple[Deck, ...]) -> str:
    """Return a home page for sites without a hand-written one."""
    return f"# Study decks\n\n{catalogue_markdown(decks)}"


@dataclass(frozen=True)
class GlossaryEntry:
    """A term, its definition (a card's answer) and the card it comes from."""

    term: str
    definition: str
    deck: Deck
    card: Card


def glossary_entries(decks: Iterable[Deck]) -> list[GlossaryEntry]:
    """Return the terms defined by basic and typed cards, sorted case-insensitively.

    A card defines a term when it is tagged `glossary`, `definition` or `term`, or when its
    question reads "What is X?", "What are X?" or "What does X stand for?" for a short X (a
    trailing setting such as "in a cgroup" is left out). A tagged cloze card defines its
    first deletion, with its whole sentence as the definition.
    """
    return sorted((e for deck in decks for e in deck_glossary(deck)), key=_glossary_order)


def deck_glossary(deck: Deck) -> list[GlossaryEntry]:
    """Return the glossary entries of one deck, in card order."""
    return [entry for card in deck.cards if (entry := _entry(deck, card))]


def _glossary_order(entry: GlossaryEntry) -> tuple[str, str]:
    """Return the sort key of an entry: its term case-insensitively, then its deck."""
    return entry.term.casefold(), entry.deck.id


def _entry(deck: Deck, card: Card) -> GlossaryEntry | None:
    """Return the glossary entry a card defines, or None."""
    tagged = bool(_GLOSSARY_TAGS.intersection(card.tags))
    if isinstance(card, ClozeCard) and tagged and card.deletions:
        # A tagged cloze defines its first deletion: "A {{c1::Pod}} is the smallest ...".
        term = card.answers_for(card.deletions[0])[0]
        return GlossaryEntry(term, card.revealed(), deck, card)
    if not isinstance(card, BasicCard | TypedCard):
        return None
    match = _DEFINITION.match(" ".join(card.prompt.split()))
    term = (match.group("term") or match.group("acronym")) if match else ""
    term = _SETTING.sub("", _ASIDE.sub("", term))
    if len(term.split()) > 4 or _NOT_A_TERM.search(term):
        term = ""
    if tagged:
        term = term or card.prompt.rstrip("?")
    return GlossaryEntry(term, card.answer_text, deck, card) if term else None


GlossaryItem = tuple[tuple[str, str], str]
"""A glossary entry's sort key and its Markdown."""


def glossary_items(deck: Deck, html: CardHtml) -> list[GlossaryItem]:
    """Return the glossary entries of a deck as Markdown, their text rendered through `html`."""
    return [(_glossary_order(entry), _glossary_item(entry, html)) for entry in deck_glossary(deck)]


def _glossary_item(entry: GlossaryEntry, html: CardHtml) -> str:
    """Return a term in bold and its definition with a link to its card."""
    link = f"{deck_page(entry.deck.id)}#{card_anchor(entry.card.id)}"
    term, definition = html.page_inline(entry.term), html.page_inline(entry.definition)
    return f"**{term}**\n:   {definition} [(card)]({link})\n"


def glossary_page(items: Iterable[Iterable[GlossaryItem]]) -> str:
    """Return the glossary page of every deck's glossary items, A to Z."""
    ordered = sorted((item for deck_items in items for item in deck_items), key=lambda i: i[0])
    lines = ["# Glossary\n", "Terms defined by the decks' cards, A to Z.\n"]
    return "\n".join(lines + [markdown for _, markdown in ordered])


def practice_markdown(deck: Deck, html: CardHtml | None = None) -> str:
    """Return the practice page of a deck: the quiz container and its data."""
    html = html or CardHtml()
    data = script_json(deck_practice_data(deck, html))
    return (
        f"---\ntitle: {front_matter_title('Practice: ' + deck.title)}\nsearch:\n  exclude: true\n---\n\n"
        f"# Practice: {html.page_inline(deck.title)}\n\n"
        f"[Back to the deck](../{deck_page(deck.id)}) · "
        "[How the schedule works](index.md#schedule)\n\n"
        f'<div class="sk-practice" data-deck="{card_text.attribute(deck.id)}">'
        "<noscript>Practice needs JavaScript; the deck page shows every answer.</noscript>"
        f'<script type="application/json" class="sk-practice-data">{data}</script></div>\n'
    )


def practice_index_markdown(decks: Iterable[Deck]) -> str:
    """Return the practice overview: one link per deck and how the schedule works."""
    links = "\n".join(f"- [{card_text.inline_html(d.title)}]({d.id}.md)" for d in decks)
    return PRACTICE_INDEX.format(links=links)


PRACTICE_INDEX = """\
---
title: Practice
---

# Practice in the browser

Pick a deck. Basic and cloze cards flip and you grade yourself; choice, true/false, typed
and order cards are checked for you. Progress stays in this browser (`localStorage`):
nothing is sent anywhere, and clearing the site's data resets it. (Progress kept by the
page's earlier Leitner schedule, which had no review history to replay, is not carried
over.)

{links}

## How the schedule works {{ #schedule }}

The page schedules with [FSRS-6](https://github.com/open-spaced-repetition/py-fsrs), the
same scheduler as the terminal quiz, with the same settings: a card you answer here gets
the due date `studykit quiz` would give it. Each rating button shows the interval it
gives (`Again 1m`, `Good 10m`, `Easy 8d`).

- Each visit shows cards in learning steps when they are due, then reviews due today
  (earliest first), then new cards in deck order. When nothing else is left, a card whose
  learning step ends within 20 minutes is shown early.
- Answering a card buries its siblings (the other gaps of a cloze, the other cells of a
  table row) until the study day ends at 4 AM; *Bury until tomorrow* does the same for
  the card on screen.
- Typed answers are graded as in the terminal quiz: case, spacing and small typos in
  words are forgiven; digits and version numbers must match exactly.

## Keep the browser and the terminal in step {{ #sync }}

*Export progress* saves this browser's review log as a file; *Import progress* merges a
file from `studykit progress export` (or another browser) into it. Both sides then
replay the same reviews through FSRS and show the same schedules. The terminal's FSRS
parameters and settings (including those `studykit optimize` fitted) come with its file.
Importing twice, or importing files in any order, gives the same result; a file that is
not a studykit review log is refused and changes nothing.
"""
