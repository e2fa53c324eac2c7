"""A small deck with every card kind, and a fixed UTC clock, for study tests."""

from __future__ import annotations

from datetime import UTC, datetime

from studykit.model import (
    BasicCard,
    ChoiceCard,
    ClozeCard,
    Deck,
    Location,
    OrderCard,
    Table,
    TrueFalseCard,
    TypedCard,
)

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
"""A Monday noon in UTC: the fixed clock of the study tests."""


def every_kind(deck_id: str = "kinds") -> Deck:
    """Return a deck holding one card of every kind, a two-deletion cloze and a quiz table."""
    where = Location(f"decks/{deck_id}.yaml", 10, 5)
    cards = (
        BasicCard(id="basic", front="What isolates a container's view?", back="Namespaces", location=where),
        TypedCard(id="typed", question="Name the OCI reference runtime.", answers=("runc",), tags=("oci",)),
        ChoiceCard(
            id="choice",
            question="Which are container runtimes?",
            choices=("runc", "crun", "ext4", "systemd-boot"),
            answers=("runc", "crun"),
        ),
        TrueFalseCard(id="tf", statement="A container has its own kernel.", answer=False),
        ClozeCard(id="cloze", text="{{c1::cgroups}} limit resources; {{c2::namespaces}} isolate them."),
        OrderCard(id="order", question="Order the start of a container.", items=("create", "start", "exec", "kill")),
    )  # fmt: skip
    table = Table(
        id="hv",
        title="Hypervisors",
        columns=("name", "type", "example"),
        rows=(("KVM", "type 1", "Linux"), ("VirtualBox", "type 2", "Oracle")),
        quiz=True,
    )
    return Deck(id=deck_id, title="Every kind", cards=cards, tables=(table,), tags=("test",))
