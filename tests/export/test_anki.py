"""The Anki export, checked by importing it with the real Anki backend (PyPI `anki`)."""

from __future__ import annotations

import dataclasses
import re
import time
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from studykit.export.anki import (
    anki_deck_name,
    build_package,
    exported_cards,
    note_guid,
    stable_id,
    write_apkg,
)
from studykit.export.anki_html import anki_tag
from studykit.export.anki_notes import NOTE_TYPES_CHANGED, note_types_digest
from studykit.export.anki_stamps import previous_notes
from studykit.load import load_decks
from studykit.model import BasicCard, ChoiceCard, Deck, OrderCard
from tests.conftest import DECKS as SHIPPED
from tests.conftest import FIXTURES
from tests.export.anki_support import import_package, notes_by_key

DECKS = FIXTURES / "csv" / "decks"


def _decks() -> tuple[Deck, ...]:
    result = load_decks([DECKS])
    assert not result.errors
    return result.decks


@pytest.fixture
def imported(collection: Any, tmp_path: Path) -> tuple[Any, Any, dict[str, Any]]:
    """Export the fixture decks, import them, and return the collection, log and notes."""
    package = tmp_path / "decks.apkg"
    summary = write_apkg(_decks(), package)
    assert (summary.decks, summary.notes, summary.cards) == (2, 12, 14)
    return collection, import_package(collection, package), notes_by_key(collection)


def test_every_card_becomes_one_note_and_cloze_one_card_per_deletion(
    imported: tuple[Any, Any, dict[str, Any]],
) -> None:
    collection, log, notes = imported
    assert len(log.new) == 12 and not log.duplicate and not log.conflicting
    assert collection.note_count() == 12
    assert collection.card_count() == 14
    assert "kernel/isolation.pid-namespace.isolates" in notes  # quiz-table cells come along


def test_cloze_deletion_numbers_are_kept(imported: tuple[Any, Any, dict[str, Any]]) -> None:
    _, _, notes = imported
    gaps = notes["every-kind/gap-numbers"]
    assert gaps.note_type()["name"] == "studykit Cloze"
    assert sorted(card.ord for card in gaps.cards()) == [0, 2]  # c1 and c3, not c1 and c2
    lifecycle = sorted(notes["every-kind/oci-lifecycle"].cards(), key=lambda card: card.ord)
    assert [card.ord for card in lifecycle] == [0, 1]
    second = lifecycle[1]
    assert "[what runs?]" in second.question() and "user program" not in second.question()
    assert "user program" in second.answer()


def test_fields_hold_safe_html_from_markdown(imported: tuple[Any, Any, dict[str, Any]]) -> None:
    _, _, notes = imported
    listing = notes["every-kind/list-processes"]
    assert listing.note_type()["name"] == "studykit Basic"
    assert "<code>ps aux | grep runc</code>" in listing["Front"]
    assert "<pre><code>ps aux | grep runc\n</code></pre>" in listing["Back"]
    assert listing["Source"] == '<a href="https://docs.docker.com/">Docker docs</a>'
    escaped = notes["every-kind/escaped-html"]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in escaped["Front"]
    assert "<script" not in escaped["Front"] and escaped["Back"] == "Nothing &amp; nobody runs it."


def test_typed_cards_use_a_type_in_answer(imported: tuple[Any, Any, dict[str, Any]]) -> None:
    _, _, notes = imported
    typed = notes["every-kind/default-runtime"]
    assert typed.note_type()["name"] == "studykit Type-in"
    assert typed["Answer"] == "runc"
    assert typed["Accepted"] == "<li>runc, the reference runtime</li><li>1.0</li>"
    assert typed["Explanation"] == "containerd starts <code>runc</code> through a shim."
    card = typed.cards()[0]
    assert "[[type:Answer]]" in card.question()  # the reviewer puts a box here
    back = card.answer()
    assert "Also right:" in back and "<li>1.0</li>" in back
    # Anki checks the first answer only, letter for letter: the card says so.
    assert "letter for letter" in back and "in any case" in back


def _shown(front: str) -> list[str]:
    """Return the list items of a quiz note's front, in the order shown."""
    return re.findall(r"<li>(.*?)</li>", front)


def test_quiz_cards_show_choices_and_answers(imported: tuple[Any, Any, dict[str, Any]]) -> None:
    _, _, notes = imported
    pid_one, namespaces = notes["every-kind/pid-one"], notes["every-kind/namespaces"]
    assert pid_one.note_type()["name"] == "studykit Quiz"
    shown = _shown(pid_one["Front"])
    assert sorted(shown) == ["runc", "systemd", "tini", "yes"]
    assert pid_one["Back"] == f"<ul class=answers><li>{'ABCD'[shown.index('tini')]}. tini</li></ul>"
    assert "Choose 3." in namespaces["Front"]
    assert namespaces["Back"].count("<li>") == 3 and "cpu" not in namespaces["Back"]
    assert notes["every-kind/shares-kernel"]["Back"] == "<strong>True</strong>"
    assert notes["every-kind/vm-kernel"]["Kind"] == "True or false"
    order = notes["every-kind/lifecycle-order"]
    assert order["Back"] == "<ol><li>create</li><li>start</li><li>kill</li><li>delete</li></ol>"
    items = _shown(order["Front"].split("<div")[0])
    assert sorted(items) == ["create", "delete", "kill", "start"]
    assert items != ["create", "start", "kill", "delete"]


def test_shipped_choice_and_order_cards_give_nothing_away_by_position() -> None:
    decks = load_decks([SHIPPED]).decks
    choice = [(d, c) for d in decks for c in d.cards if isinstance(c, ChoiceCard)]
    order = [(d, c) for d in decks for c in d.cards if isinstance(c, OrderCard)]
    assert len(choice) > 50 and order
    package, _ = build_package(decks)
    fronts = {n.fields[-1]: n.fields[0] for deck in package.decks for n in deck.notes}
    first_is_right = [
        _shown(fronts[f"{d.id}/{c.id}"])[0] in c.answers for d, c in choice if not c.multiple
    ]
    assert sum(first_is_right) < len(first_is_right) / 2  # was 73 of 75 before the shuffle
    for deck, card in order:
        shown = _shown(fronts[f"{deck.id}/{card.id}"].split("<div class=hint>")[0])
        assert shown[-len(card.items) :] != list(card.items), f"{deck.id}/{card.id} is solved"


def test_tags_are_carried_without_spaces(imported: tuple[Any, Any, dict[str, Any]]) -> None:
    _, _, notes = imported
    assert sorted(notes["every-kind/list-processes"].tags) == ["container_runtime", "processes"]
    assert notes["every-kind/oci-lifecycle"].tags == ["lifecycle"]
    assert notes["every-kind/escaped-html"].tags == []


def test_deck_tags_are_copied_onto_notes(collection: Any, tmp_path: Path) -> None:
    card = BasicCard(id="c", front="F", back="B", tags=("mine", "kernel"))
    deck = Deck(id="d", title="D", tags=("kernel", "containers"), cards=(card,))
    write_apkg([deck], tmp_path / "d.apkg")
    import_package(collection, tmp_path / "d.apkg")
    assert sorted(notes_by_key(collection)["d/c"].tags) == ["containers", "kernel", "mine"]


def test_decks_sit_under_one_studykit_deck_named_by_id(
    imported: tuple[Any, Any, dict[str, Any]],
) -> None:
    collection, _, notes = imported
    deck_of = {key: collection.decks.name(note.cards()[0].did) for key, note in notes.items()}
    assert deck_of["every-kind/pid-one"] == "studykit::every-kind"
    assert deck_of["kernel/cgroups"] == "studykit::kernel"
    assert set(deck_of.values()) == {"studykit::every-kind", "studykit::kernel"}
    assert collection.decks.by_name("studykit") is not None
    description = collection.decks.by_name("studykit::kernel")["desc"]
    assert description.startswith("<h3>Kernel features</h3>") and "<strong>cgroups" in description


def test_a_retitled_deck_stays_one_deck(collection: Any, tmp_path: Path) -> None:
    cards = (BasicCard(id="a", front="F", back="B"),)
    write_apkg([Deck(id="d", title="Old title", cards=cards)], tmp_path / "old.apkg")
    more = (*cards, BasicCard(id="b", front="F2", back="B2"))
    write_apkg([Deck(id="d", title="New title", cards=more)], tmp_path / "new.apkg")
    import_package(collection, tmp_path / "old.apkg")
    import_package(collection, tmp_path / "new.apkg")
    homes = {
        collection.decks.name(card.did)
        for note in notes_by_key(collection).values()
        for card in note.cards()
    }
    assert homes == {"studykit::d"}
    assert "New title" in collection.decks.by_name("studykit::d")["desc"]


def test_reversed_basic_cards_make_two_anki_cards(collection: Any, tmp_path: Path) -> None:
    card = BasicCard(id="chien", front="chien", back="dog", reverse=True)
    summary = write_apkg([Deck(id="fr", title="French", cards=(card,))], tmp_path / "fr.apkg")
    assert (summary.notes, summary.cards) == (1, 2)
    import_package(collection, tmp_path / "fr.apkg")
    note = notes_by_key(collection)["fr/chien"]
    assert note.note_type()["name"] == "studykit Basic (and reversed card)"
    forward, backward = sorted(note.cards(), key=lambda c: c.ord)
    assert "chien" in forward.question() and "dog" not in forward.question()
    assert "dog" in backward.question() and "chien" not in backward.question()
    assert "chien" in backward.answer()


def test_card_styling_has_night_mode_code_and_small_screens(
    imported: tuple[Any, Any, dict[str, Any]],
) -> None:
    collection, _, _ = imported
    css = collection.models.by_name("studykit Basic")["css"]
    assert ".nightMode" in css and "@media (max-width" in css and "code {" in css


def test_media_files_go_into_the_package(collection: Any, tmp_path: Path) -> None:
    image = tmp_path / "layers.png"
    image.write_bytes(b"\x89PNG\r\n\x1a\n not really")
    card = BasicCard(id="c", front="Which layer? ![the layers](layers.png)", back="B")
    write_apkg([Deck(id="d", title="D", cards=(card,))], tmp_path / "d.apkg", media=[image])
    import_package(collection, tmp_path / "d.apkg")
    assert (Path(collection.media.dir()) / "layers.png").read_bytes() == image.read_bytes()


def test_importing_again_adds_no_duplicates(
    imported: tuple[Any, Any, dict[str, Any]], tmp_path: Path
) -> None:
    collection, _, _ = imported
    again = import_package(collection, tmp_path / "decks.apkg")
    assert not again.new and collection.note_count() == 12 and collection.card_count() == 14


def test_a_newer_export_updates_changed_notes_in_place(
    imported: tuple[Any, Any, dict[str, Any]], tmp_path: Path
) -> None:
    collection, _, before = imported
    decks = list(_decks())
    edited = BasicCard(id="cgroups", front="What caps a container's memory?", back="memory.max")
    decks[1] = dataclasses.replace(decks[1], cards=(edited,))
    newer = tmp_path / "newer.apkg"
    known = previous_notes(tmp_path / "decks.apkg")
    write_apkg(decks, newer, known=known, now=time.time() + 60)
    log = import_package(collection, newer)
    after = notes_by_key(collection)
    assert not log.new and [note.fields[-1] for note in log.updated] == ["kernel/cgroups"]
    assert collection.note_count() == 12
    assert after["kernel/cgroups"].id == before["kernel/cgroups"].id
    assert after["kernel/cgroups"]["Back"] == "memory.max"


def test_an_unchanged_export_changes_nothing_in_anki(
    imported: tuple[Any, Any, dict[str, Any]], tmp_path: Path
) -> None:
    collection, _, before = imported
    note = before["every-kind/pid-one"]
    note.add_tag("mine")
    collection.update_note(note)
    basic = collection.models.by_name("studykit Basic")
    basic["css"] += "\n.card { font-size: 30px; }"
    collection.models.update_dict(basic)
    later = tmp_path / "later.apkg"  # a new file, exported later: the deck files decide
    write_apkg(_decks(), later, now=time.time() + 3600)
    log = import_package(collection, later)
    assert not log.new and not log.updated and len(log.duplicate) == 12
    assert "mine" in notes_by_key(collection)["every-kind/pid-one"].tags
    assert "font-size: 30px" in collection.models.by_name("studykit Basic")["css"]


def test_note_types_are_stamped_with_their_last_change(
    imported: tuple[Any, Any, dict[str, Any]],
) -> None:
    # Changing a note type or the CSS changes this digest: set NOTE_TYPES_CHANGED to the
    # time of the change (Unix seconds), so that Anki takes the new note types, then pin
    # the new digest here.
    assert (note_types_digest(), NOTE_TYPES_CHANGED) == ("6663e1e840fac988", 1_796_000_000)
    collection, _, notes = imported
    used = {note.note_type()["name"] for note in notes.values()}
    assert {collection.models.by_name(name)["mod"] for name in used} == {NOTE_TYPES_CHANGED}


def test_ids_are_derived_not_random() -> None:
    first, _ = build_package(_decks())
    second, _ = build_package(_decks())
    guids = [[note.guid for note in deck.notes] for deck in first.decks]
    assert guids == [[note.guid for note in deck.notes] for deck in second.decks]
    assert [deck.deck_id for deck in first.decks] == [deck.deck_id for deck in second.decks]
    assert note_guid("every-kind", "pid-one") != note_guid("kernel", "pid-one")
    # Pinned: changing how ids are derived would duplicate every learner's notes.
    assert note_guid("every-kind", "pid-one") == "PIdAI[cZQW"
    assert stable_id("studykit note type studykit Basic") == 1_537_615_167
    assert all(1 << 30 <= stable_id(name) < 1 << 31 for name in ("a", "b", "studykit"))


def test_names_and_tags_anki_accepts() -> None:
    assert anki_deck_name(Deck(id="images", title="Images::layers ")) == "studykit::images"
    assert anki_tag("  container  runtime ") == "container_runtime"


def test_the_shipped_decks_import_whole(collection: Any, tmp_path: Path) -> None:
    shipped = load_decks([SHIPPED]).decks
    package = tmp_path / "shipped.apkg"
    summary = write_apkg(shipped, package)
    assert summary.notes == sum(len(list(exported_cards(deck))) for deck in shipped)
    log = import_package(collection, package)
    assert len(log.new) == summary.notes == collection.note_count()
    assert collection.card_count() == summary.cards
    assert not import_package(collection, package).new


class _TagBalance(HTMLParser):
    """Collect the elements a piece of HTML opens and never closes, or closes unopened."""

    VOID = frozenset({"br", "hr", "img", "input", "meta", "link", "source", "wbr", "col"})

    def __init__(self) -> None:
        super().__init__()
        self.open: list[str] = []
        self.broken: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in self.VOID:
            self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.VOID:
            return
        if self.open and self.open[-1] == tag:
            self.open.pop()
        else:
            self.broken.append(f"</{tag}> closes <{self.open[-1] if self.open else 'nothing'}>")


def _html_problems(html: str) -> list[str]:
    """Return what is broken in rendered card HTML: unbalanced tags, template leftovers."""
    balance = _TagBalance()
    balance.feed(html)
    balance.close()
    problems = balance.broken + [f"<{tag}> never closed" for tag in balance.open]
    return problems + [leftover for leftover in ("{{", "}}") if leftover in html]


def test_every_shipped_card_renders_in_anki_with_whole_html(
    collection: Any, tmp_path: Path
) -> None:
    package = tmp_path / "shipped.apkg"
    write_apkg(load_decks([SHIPPED]).decks, package)
    import_package(collection, package)
    broken = {}
    for card_id in collection.find_cards(""):
        card = collection.get_card(card_id)
        for side, html in (("front", card.question()), ("back", card.answer())):
            if problems := _html_problems(html):
                broken[f"{card.note()['Key']} {side}"] = problems
    assert collection.card_count() > 1000 and broken == {}
