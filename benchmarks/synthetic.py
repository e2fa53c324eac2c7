"""Generate a synthetic deck folder: N decks x M cards, every card kind, valid and sourced."""

from __future__ import annotations

from pathlib import Path

KINDS = ("basic", "typed", "choice", "truefalse", "cloze", "order")


def _card(deck: int, number: int) -> list[str]:
    """Return the YAML lines of one card; the kind cycles through every kind."""
    kind = KINDS[number % len(KINDS)]
    lines = [
        f"  - id: card-{number}",
        f"    kind: {kind}",
        "    source: spec",
        "    tags: [synthetic]",
        f"    explanation: Generated card {number} of deck {deck}.",
    ]
    body = {
        "basic": [
            f"    front: What is fact {number} of deck {deck}?",
            f"    back: Answer {number}.",
        ],
        "typed": [
            f"    question: Name term {number} of deck {deck}.",
            f"    answers: [term{number}]",
        ],
        "choice": [
            f"    question: Which option fits item {number} of deck {deck}?",
            "    choices: [alpha, beta, gamma, delta]",
            "    answer: beta",
        ],
        "truefalse": [f"    statement: Claim {number} of deck {deck} holds.", "    answer: true"],
        "cloze": [
            f"    text: 'Item {number} of {deck}: a {{{{c1::hypervisor}}}} runs {{{{c2::guests}}}}.'"
        ],
        "order": [
            f"    question: Order steps of item {number}, deck {deck}.",
            "    items: [one, two, three]",
        ],
    }[kind]
    return lines + body


def study_keys(decks: int, cards: int) -> list[tuple[str, str]]:
    """Return (item key, deck id) of every study item `write_decks` makes, in deck order."""
    keys = []
    for deck in range(decks):
        for number in range(cards):
            key = f"deck-{deck}/card-{number}"
            if KINDS[number % len(KINDS)] == "cloze":
                keys += [(f"{key}#c1", f"deck-{deck}"), (f"{key}#c2", f"deck-{deck}")]
            else:
                keys.append((key, f"deck-{deck}"))
    return keys


def write_decks(folder: Path, decks: int, cards: int) -> Path:
    """Write `decks` deck files of `cards` cards each into `folder` and return it."""
    folder.mkdir(parents=True, exist_ok=True)
    for deck in range(decks):
        lines = [
            f"id: deck-{deck}",
            f"title: Synthetic deck {deck}",
            "sources:",
            "  - id: spec",
            "    title: OCI runtime specification",
            "    url: https://github.com/opencontainers/runtime-spec",
            "cards:",
        ]
        for number in range(cards):
            lines += _card(deck, number)
        (folder / f"deck-{deck}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder
