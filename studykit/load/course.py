"""The course order: decks sorted so that every deck comes after its prerequisites.

A deck's *stage* is 1 when it has no prerequisites, else one more than the highest stage
of its prerequisites. Decks are ordered by stage, then by id: a topological order in which
decks of the same stage (none needs another) come alphabetically. This order is the
default order of `studykit decks`, of new cards in `studykit quiz` and of the site's
course path.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from studykit.load.map_reader import suggestion
from studykit.model import Deck, Issue, Location, Severity


def _issue(location: Location, message: str) -> Issue:
    return Issue(location.path, location.line, location.column, message)


def _references(deck: Deck) -> Iterator[tuple[str, Location]]:
    locations = deck.prerequisite_locations or (deck.location,) * len(deck.prerequisites)
    yield from zip(deck.prerequisites, locations, strict=False)


def _reference_problems(decks: Sequence[Deck]) -> Iterator[Issue]:
    """Yield a problem for each prerequisite that names the deck itself, or is listed twice."""
    for deck in decks:
        seen: set[str] = set()
        for deck_id, location in _references(deck):
            if deck_id == deck.id:
                yield _issue(location, f"deck '{deck.id}' names itself as a prerequisite")
            elif deck_id in seen:
                yield _issue(location, f"prerequisite '{deck_id}' is listed twice")
            seen.add(deck_id)


def unknown_prerequisites(decks: Sequence[Deck]) -> Iterator[Issue]:
    """Yield a warning for each prerequisite that names no deck of the decks given.

    A warning, not a problem: a deck copied into another course (or validated alone) keeps
    working, and the course order simply ignores a prerequisite it cannot find.
    """
    known = {deck.id for deck in decks}
    for deck in decks:
        for deck_id, location in _references(deck):
            if deck_id not in known and deck_id != deck.id:
                hint = suggestion(deck_id, known)
                message = f"prerequisite '{deck_id}' is not a deck of this folder{hint}"
                yield Issue(
                    location.path, location.line, location.column,
                    f"deck '{deck.id}': {message} (the course order ignores it)",
                    Severity.WARNING, "unknown-prerequisite",
                )  # fmt: skip


def _cycles(decks: Sequence[Deck]) -> Iterator[Issue]:
    """Yield one problem per prerequisite cycle, at the entry that closes it (no recursion)."""
    by_id = {deck.id: deck for deck in decks}
    done: set[str] = set()
    reported: set[frozenset[str]] = set()
    for root in decks:
        if root.id in done:
            continue
        path = [root.id]
        stack = [iter(list(_references(root)))]
        while stack:
            step = next(stack[-1], None)
            if step is None:
                stack.pop()
                done.add(path.pop())
                continue
            deck_id, location = step
            if deck_id in path and deck_id != path[-1]:
                loop = [*path[path.index(deck_id) :], deck_id]
                if frozenset(loop) not in reported:
                    reported.add(frozenset(loop))
                    yield _issue(location, f"prerequisites form a cycle: {' -> '.join(loop)}")
            elif deck_id in by_id and deck_id not in done and deck_id not in path:
                path.append(deck_id)
                stack.append(iter(list(_references(by_id[deck_id]))))


def check_prerequisites(decks: Sequence[Deck]) -> list[Issue]:
    """Return the problems of the decks' prerequisites (unknown ids are lint warnings)."""
    return [*_reference_problems(decks), *_cycles(decks)]


def stages(decks: Sequence[Deck]) -> dict[str, int]:
    """Return the stage of each deck (1 for none); cycles and unknown ids are ignored."""
    by_id = {deck.id: deck for deck in decks}
    found: dict[str, int] = {}
    for deck in decks:
        stack = [deck]
        visiting = {deck.id}
        while stack:
            current = stack[-1]
            waiting = [
                by_id[p]
                for p in current.prerequisites
                if p in by_id and p not in found and p not in visiting
            ]
            if waiting:
                visiting.add(waiting[0].id)
                stack.append(waiting[0])
                continue
            stack.pop()
            visiting.discard(current.id)
            known = [found[p] for p in current.prerequisites if p in found]
            found[current.id] = 1 + max(known, default=0)
    return found


def course_order(decks: Sequence[Deck]) -> tuple[Deck, ...]:
    """Return the decks by stage, then by id: each deck after its prerequisites."""
    stage = stages(decks)
    return tuple(sorted(decks, key=lambda deck: (stage[deck.id], deck.id)))
