"""Hypothesis strategies for valid decks with hard-to-carry text (shared by round-trip tests)."""

from __future__ import annotations

from collections.abc import Callable
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

_TRICKY = list(" \t:#{}[]|,;'\"-&*!%@`>?=+\\/<") + ["yes", "no", "1.0", "~"]
_CHARS = st.characters(codec="utf-8", exclude_categories=["Cs"], exclude_characters="\r\0\n")
"""Any character but lone surrogates, CR (CSV import reads it as LF) and NUL (not exported)."""


def _text(pieces: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.lists(pieces, min_size=1, max_size=16).map("".join).filter(str.strip)


slugs = st.from_regex(r"[a-z0-9]{1,6}(-[a-z0-9]{1,6}){0,2}", fullmatch=True)
lines = _text(st.sampled_from(_TRICKY) | _CHARS)
"""One list item: a non-blank line."""
texts = _text(st.sampled_from([*_TRICKY, "\n"]) | _CHARS)
"""Required text: anything that is not blank, line breaks included."""
optional_texts = st.just("") | texts
_HIDDEN = _text(_CHARS.filter(lambda c: c not in "{}:"))
"""The text of a cloze deletion or hint."""


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
        hint = draw(st.just("") | _HIDDEN)
        parts.append(draw(optional_texts))
        parts.append(f"{{{{c{number}::{draw(_HIDDEN)}{'::' + hint if hint else ''}}}}}")
    return "".join(parts) + draw(optional_texts)


@st.composite
def _choice(draw: st.DrawFn, common: dict[str, Any]) -> Card:
    choices = draw(st.lists(lines, min_size=2, max_size=5, unique=True))
    answers = draw(st.lists(st.sampled_from(choices), min_size=1, unique=True))
    return ChoiceCard(
        **common, question=draw(texts), choices=tuple(choices), answers=tuple(answers)
    )


_items = st.lists(lines, min_size=2, max_size=5).map(tuple)
_KINDS: dict[str, Callable[[dict[str, Any]], st.SearchStrategy[Card]]] = {
    "basic": lambda c: st.builds(
        lambda f, b, r: BasicCard(**c, front=f, back=b, reverse=r), texts, texts, st.booleans()
    ),
    "typed": lambda c: st.builds(lambda q, a: TypedCard(**c, question=q, answers=a), texts, _items),
    "choice": _choice,
    "truefalse": lambda c: st.builds(
        lambda s, a: TrueFalseCard(**c, statement=s, answer=a), texts, st.booleans()
    ),
    "cloze": lambda c: st.builds(lambda t: ClozeCard(**c, text=t), _cloze_text()),
    "order": lambda c: st.builds(lambda q, i: OrderCard(**c, question=q, items=i), texts, _items),
}


@st.composite
def cards(draw: st.DrawFn, source_ids: list[str]) -> Card:
    """Return a valid card of any kind."""
    common = draw(_common(source_ids))
    return draw(_KINDS[draw(st.sampled_from(sorted(_KINDS)))](common))


@st.composite
def sources(draw: st.DrawFn) -> Source:
    """Return a source with any title, maybe a URL and a note."""
    url = draw(st.sampled_from(["", "https://docs.docker.com/engine/", "mailto:docs@example.org"]))
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
