"""Checks that need a whole deck: ids, references and the rules of each card kind."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from studykit.load.map_reader import SLUG, suggestion
from studykit.model import (
    Card,
    ChoiceCard,
    ClozeCard,
    Deck,
    Issue,
    Location,
    OrderCard,
    quoted,
)
from studykit.model.deck import CLOZE_NUMBER

MAX_ID_LENGTH = 64
"""Ids name site pages and links, Anki notes and progress keys; 64 characters fit them all."""
LINK_SCHEMES = ("http://", "https://", "mailto:")
"""What a source's url may be: a web page or a mail address (never javascript:, data:, file:)."""
_CONTROL = frozenset(map(chr, (*range(0x20), *range(0x7F, 0xA0))))


def _issue(location: Location, message: str) -> Issue:
    return Issue(location.path, location.line, location.column, message)


def _duplicates(what: str, items: Iterable[tuple[str, Location]]) -> Iterator[Issue]:
    """Yield a problem for every id already used by an earlier item."""
    first: dict[str, Location] = {}
    for item_id, location in items:
        if not item_id:
            continue
        if item_id in first:
            earlier = first[item_id].line
            yield _issue(
                location, f"{what} {quoted(item_id)}: duplicate id (first at line {earlier})"
            )
        else:
            first[item_id] = location


def _bad_cloze_number(text: str) -> str:
    """Return the first `{{cN::` whose N is not 1 to 999, or an empty string."""
    for match in CLOZE_NUMBER.finditer(text):
        digits = match.group(1)
        if len(digits) > 3 or not int(digits):
            return match.group()
    return ""


def _card_rules(card: Card) -> Iterator[str]:
    """Yield the problems of one card against the rules of its kind."""
    if isinstance(card, ClozeCard) and (wrong := _bad_cloze_number(card.text)):
        yield f"cloze deletion {quoted(wrong)} is numbered outside 1 to 999"
    elif isinstance(card, ClozeCard) and card.text and not card.deletions:
        yield "cloze text has no deletions (write them as {{c1::answer}})"
    elif isinstance(card, ChoiceCard):
        if len(card.choices) < 2:
            yield "'choices' needs at least two choices"
        for answer in card.answers:
            if card.choices and answer not in card.choices:
                hint = suggestion(answer, card.choices)
                yield f"answer {quoted(answer)} is not among the choices{hint}"
    elif isinstance(card, OrderCard) and len(card.items) < 2:
        yield "an order card needs at least two items"


def _references(deck: Deck) -> Iterator[Issue]:
    """Yield a problem for every source reference the deck does not define."""
    defined = [s.id for s in deck.sources]
    parts: list[tuple[str, str, str, Location]] = [
        ("card", c.id, c.source, c.location) for c in deck.cards
    ]
    parts += [("table", t.id, t.source, t.location) for t in deck.tables]
    parts += [("diagram", d.id, d.source, d.location) for d in deck.diagrams]
    for what, item_id, source, location in parts:
        if source and source not in defined:
            message = (
                f"source {quoted(source)} is not defined in this deck{suggestion(source, defined)}"
            )
            yield _issue(location, f"{what} {quoted(item_id)}: {message}")


def url_problem(url: str) -> str:
    """Return why a source url cannot be a link on the site or in Anki, or an empty string."""
    if not url or (url.lower().startswith(LINK_SCHEMES) and _CONTROL.isdisjoint(url)):
        return ""
    return (
        f"url {quoted(url)} is not a web or mail link (start it with http://, https:// or mailto:)"
    )


def _long_ids(deck: Deck) -> Iterator[Issue]:
    """Yield a problem for every id too long to name a file, a link or an Anki note."""
    parts: list[tuple[str, str, Location]] = [("deck", deck.id, deck.location)]
    parts += [("card", c.id, c.location) for c in deck.cards]
    parts += [("source", s.id, s.location) for s in deck.sources]
    parts += [("table", t.id, t.location) for t in deck.tables]
    parts += [("diagram", d.id, d.location) for d in deck.diagrams]
    for what, item_id, location in parts:
        if len(item_id) > MAX_ID_LENGTH and SLUG.match(item_id):
            message = (
                f"{what} id {quoted(item_id)} is too long: ids are at most {MAX_ID_LENGTH} "
                "characters (they name site pages, links, Anki notes and progress keys)"
            )
            yield _issue(location, message)


def check_deck(deck: Deck) -> list[Issue]:
    """Return every problem of a deck that a single field cannot show."""
    issues: list[Issue] = list(_long_ids(deck))
    for source in deck.sources:
        if problem := url_problem(source.url):
            issues.append(_issue(source.location, f"source {quoted(source.id)}: {problem}"))
    issues += _duplicates("card", ((c.id, c.location) for c in deck.cards))
    issues += _duplicates("source", ((s.id, s.location) for s in deck.sources))
    issues += _duplicates("table", ((t.id, t.location) for t in deck.tables))
    issues += _duplicates("diagram", ((d.id, d.location) for d in deck.diagrams))
    for card in deck.cards:
        issues += (_issue(card.location, f"card {quoted(card.id)}: {m}") for m in _card_rules(card))
    issues += _references(deck)
    return issues


def _owner(deck: Deck) -> str:
    path = deck.location.path
    return f"the deck generated from the runtime model {path}" if deck.generated else path


def check_deck_ids(decks: Iterable[Deck]) -> list[Issue]:
    """Return a problem for every deck id already used by another file."""
    first: dict[str, Deck] = {}
    issues = []
    for deck in decks:
        if deck.id in first:
            other = _owner(first[deck.id])
            what = "the generated deck's id" if deck.generated else "deck id"
            message = f"{what} {quoted(deck.id)} is already used by {other}"
            issues.append(_issue(deck.location, message))
        elif deck.id:
            first[deck.id] = deck
    return issues
