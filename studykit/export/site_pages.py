"""Generated pages besides the deck pages: catalogue, glossary and practice pages."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from studykit.export import card_text
from studykit.export.markdown import front_matter_title
from studykit.export.page_paths import card_anchor, deck_page
from studykit.export.practice_data import deck_practice_data, script_json
from studykit.model import BasicCard, Card, Deck, TypedCard, study_items

CATALOGUE_MARKER = "<!-- studykit:catalogue -->"
"""A hand-written home page shows the deck catalogue where it holds this marker."""

# "What is a container registry?", "What is runc?", "What does LXC stand for?": a short
# noun phrase (no commas or "of", which mark a question about something, not a term).
_DEFINITION = re.compile(
    r"^What (?:(?:is|are) (?:an? |the )?(?P<term>[^?,]{2,40})|does (?P<acronym>[^?, ]{2,12}) stand for)\?$"
)
_ASIDE = re.compile(r"\s*\([^)]*\)$")
_NOT_A_TERM = re.compile(r"\b(?:of|between|for|from|with|when|if|the)\b|'s\b")
_GLOSSARY_TAGS = frozenset({"glossary", "definition", "term"})


def catalogue_markdown(decks: Iterable[Deck], prefix: str = "") -> str:
    """Return the deck catalogue: one table row per deck with its counts and topics."""
    rows = ["| Deck | Cards | Items to study | Topics |", "|---|---|---|---|"]
    for deck in decks:
        link = f"[{card_text.inline_html(deck.title)}]({prefix}{deck_page(deck.id)})"
        topics = ", ".join(card_text.text(t) for t in deck.tags) or " "
        items = sum(1 for _ in study_items(deck))
        rows.append(f"| {link} | {len(deck.cards)} | {items} | {topics} |")
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
    question reads "What is X?", "What are X?" or "What does X stand for?" for a short X.
    """
    entries = [entry for deck in decks for card in deck.cards if (entry := _entry(deck, card))]
    return sorted(entries, key=lambda e: (e.term.casefold(), e.deck.id))


def _entry(deck: Deck, card: Card) -> GlossaryEntry | None:
    """Return the glossary entry a card defines, or None."""
    if not isinstance(card, BasicCard | TypedCard):
        return None
    match = _DEFINITION.match(" ".join(card.prompt.split()))
    term = (match.group("term") or match.group("acronym")) if match else ""
    term = _ASIDE.sub("", term)
    if len(term.split()) > 4 or _NOT_A_TERM.search(term):
        term = ""
    if _GLOSSARY_TAGS.intersection(card.tags):
        term = term or card.prompt.rstrip("?")
    return GlossaryEntry(term, card.answer_text, deck, card) if term else None


def glossary_markdown(decks: Iterable[Deck]) -> str:
    """Return the glossary page: each term, its definition and a link to its card."""
    lines = ["# Glossary\n", "Terms defined by the decks' cards, A to Z.\n"]
    for entry in glossary_entries(decks):
        link = f"{deck_page(entry.deck.id)}#{card_anchor(entry.card.id)}"
        lines.append(f"**{card_text.inline_html(entry.term)}**")
        lines.append(f":   {card_text.inline_html(entry.definition)} [(card)]({link})\n")
    return "\n".join(lines)


def practice_markdown(deck: Deck) -> str:
    """Return the practice page of a deck: the quiz container and its data."""
    data = script_json(deck_practice_data(deck))
    return (
        f"---\ntitle: {front_matter_title('Practice: ' + deck.title)}\nsearch:\n  exclude: true\n---\n\n"
        f"# Practice: {card_text.inline_html(deck.title)}\n\n"
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
nothing is sent anywhere, and clearing the site's data resets it.

{links}

## How the schedule works {{ #schedule }}

A simple Leitner schedule, computed in the browser:

| Box | Next review after |
|---|---|
| 0 | 10 minutes (new, or answered wrongly) |
| 1 | 1 day |
| 2 | 3 days |
| 3 | 7 days |
| 4 | 16 days |
| 5 | 35 days |
| 6 | 80 days |

- A right answer (or *Good*) moves the card up one box, *Easy* two; a wrong answer
  (or *Again*) puts it back in box 0. *Hard* keeps it in its box.
- Each session shows the due cards first (most overdue first), then new cards.
- Typed answers ignore case, spacing and one typo in answers of five letters or more.

The terminal quiz (`studykit quiz`) keeps its own progress with the FSRS scheduler; the
two do not share data.
"""
