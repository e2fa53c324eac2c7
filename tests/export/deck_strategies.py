"""Hypothesis strategies for valid decks with hard-to-carry text (shared by round-trip tests)."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from studykit.model import (
    BasicCard,
    Card,
    ChoiceCard,
    ClozeCard,
    Deck,
    OrderCard,
    Source,
    TrueFalseCard,
    TypedCard,
)

_TRICKY = st.sampled_from(list(" \n\t:#{}[]|,;'\"-&*!%@`>?=+\\/<") + ["yes", "no", "1.0", "~"])
_CHARS = st.characters(codec="utf-8", exclude_categories=("Cs",), exclude_characters="\r\0")
"""Any character but lone surrogates, CR (CSV import reads it as LF) and NUL (not exported)."""

slugs = st.from_regex(r"[a-z0-9]{1,6}(-[a-z0-9]{1,6}){0,2}", fullmatch=True)
texts = st.lists(_TRICKY | _CHARS, min_size=1, max_size=24).map("".join).filter(str.strip)
"""Required text: anything that is not blank."""
lines = texts.filter(lambda text: "\n" not in text)
"""One list item: a non-blank line."""
optional_texts = st.just("") | texts


@st.composite
def _common(draw: st.DrawFn, source_ids: list[str]) -> dict[str, Any]:
    return {
        "id": draw(slugs),
        "explanation": draw(optional_texts),
        "tags": tuple(draw(st.lists(lines, max_size=3))),
        "source": draw(st.sampled_from(["", *source_ids])),
    }


@st.composite
def _cloze_text(draw: st.DrawFn) -> str:
    parts = []
    for number in draw(st.lists(st.integers(1, 12), min_size=1, max_size=3)):
        hidden = draw(lines.filter(lambda t: not set(t) & set("{}:")))
        hint = draw(st.just("") | lines.filter(lambda t: not set(t) & set("{}:")))
        parts.append(draw(optional_texts))
        parts.append(f"{{{{c{number}::{hidden}{'::' + hint if hint else ''}}}}}")
    return "".join(parts) + draw(optional_texts)


@st.composite
def _choice(draw: st.DrawFn, common: dict[str, Any]) -> ChoiceCard:
    choices = draw(st.lists(lines, min_size=2, max_size=5, unique=True))
    answers = draw(st.lists(st.sampled_from(choices), min_size=1, unique=True))
    return ChoiceCard(
        **common, question=draw(texts), choices=tuple(choices), answers=tuple(answers)
    )


@st.composite
def cards(draw: st.DrawFn, source_ids: list[str]) -> Card:
    """Return a valid card of any kind."""
    common = draw(_common(source_ids))
    kind = draw(st.sampled_from(["basic", "typed", "choice", "truefalse", "cloze", "order"]))
    items = tuple(draw(st.lists(lines, min_size=2, max_size=5)))
    built: dict[str, Card] = {
        "basic": BasicCard(**common, front=draw(texts), back=draw(texts)),
        "typed": TypedCard(**common, question=draw(texts), answers=items[1:]),
        "truefalse": TrueFalseCard(**common, statement=draw(texts), answer=draw(st.booleans())),
        "cloze": ClozeCard(**common, text=draw(_cloze_text())),
        "order": OrderCard(**common, question=draw(texts), items=items),
    }
    return draw(_choice(common)) if kind == "choice" else built[kind]


@st.composite
def sources(draw: st.DrawFn) -> Source:
    """Return a source with any title, maybe a URL and a note."""
    url = draw(st.sampled_from(["", "https://docs.docker.com/engine/", "man:runc(8)"]))
    return Source(id=draw(slugs), title=draw(texts), url=url, note=draw(optional_texts))


@st.composite
def decks(draw: st.DrawFn) -> Deck:
    """Return a valid deck of sources and cards (what a CSV file carries)."""
    deck_sources = draw(st.lists(sources(), max_size=3, unique_by=lambda s: s.id))
    source_ids = [s.id for s in deck_sources]
    deck_cards = draw(st.lists(cards(source_ids), min_size=1, max_size=6, unique_by=lambda c: c.id))
    return Deck(
        id=draw(slugs),
        title=draw(lines),
        sources=tuple(deck_sources),
        cards=tuple(deck_cards),
    )
