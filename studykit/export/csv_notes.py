"""Read the two other card files `import csv` takes: Anki's text export and front,back CSV.

**Anki's "Notes in Plain Text"** (`.txt`, also `.csv`): `#key:value` lines first, then one
note a line. studykit reads `#separator` (Tab, Comma, Semicolon, Space, Pipe, Colon or the
character), `#html`, `#tags` (tags for every note) and `#guid column`, `#notetype column`,
`#deck column` and `#tags column` (1-based; the other columns are the note's fields, in
order). With a note type column, the note types Basic, Basic (and reversed card), Basic
(optional reversed card), Basic (type in the answer) and Cloze are read by their English
names; another note type is a problem (`studykit import apkg` skips such notes instead).
Without one, a note whose first field holds `{{c1::...}}` deletions is a cloze card and
any other a basic card; fields after the second become the explanation. The deck column
is not used: every note goes into the one deck imported. With `#html:true` fields are
HTML and become Markdown; else they are text and shown as written.

**Plain front,back CSV**: comma-separated, two columns, the first row `front,back`
(optionally with `tags` and `explanation` columns) or already a card. Cells are Markdown.

Card ids come from Anki's GUID when the file has a GUID column (the same id as `import
apkg` gives); else from the question's words (`what-is-runc`), so a re-import keeps
progress as long as the question stays the same.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from studykit.export.anki_import import card_id
from studykit.export.csv_problems import CsvProblem
from studykit.export.html_markdown import escape_markdown, html_to_markdown, html_to_text
from studykit.load.deck_checks import MAX_ID_LENGTH
from studykit.model import BasicCard, Card, ClozeCard, Location, TypedCard
from studykit.model.deck import CLOZE_NUMBER
from studykit.model.study_item import slugify

_SEPARATORS = {"tab": "\t", "comma": ",", "semicolon": ";", "space": " ", "pipe": "|", "colon": ":"}
_COLUMNS = {"guid column": "guid", "notetype column": "notetype", "deck column": "deck"}
_KNOWN_TYPES = {
    "basic": "basic",
    "basic (and reversed card)": "reversed",
    "basic (optional reversed card)": "optional",
    "basic (type in the answer)": "typed",
    "cloze": "cloze",
}
PLAIN_COLUMNS = ("front", "back", "tags", "explanation")


@dataclass
class AnkiText:
    """The `#key:value` lines of an Anki text export."""

    separator: str = "\t"
    html: bool = False
    tags: tuple[str, ...] = ()
    columns: dict[str, int] = field(default_factory=dict)
    """Where the guid, notetype, deck and tags columns are (0-based)."""
    lines: int = 0
    """How many lines the header takes."""


def is_anki_text(text: str) -> bool:
    """Return whether text starts as Anki's text export does: `#separator:` or `#html:`."""
    first = text.lstrip("\ufeff").split("\n", 1)[0].strip().lower()
    return first.startswith(("#separator:", "#html:", "#notetype", "#deck", "#tags:", "#guid"))


def _separator(value: str) -> str | None:
    value = value.strip()
    return _SEPARATORS.get(value.lower(), value if len(value) == 1 else None)


def read_header(text: str) -> tuple[AnkiText, list[CsvProblem]]:
    """Return the settings the `#key:value` lines give, and problems with them."""
    header, problems = AnkiText(), []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.startswith("#") or ":" not in line:
            break
        header.lines = number
        key, value = (part.strip() for part in line[1:].split(":", 1))
        key = key.lower()
        if key == "separator":
            found = _separator(value)
            if found is None:
                problems.append(CsvProblem(number, "", f"unknown separator {value!r}"))
            header.separator = found or header.separator
        elif key == "html":
            header.html = value.lower() == "true"
        elif key == "tags":
            header.tags = tuple(value.split())
        elif key in (*_COLUMNS, "tags column"):
            name = _COLUMNS.get(key, "tags")
            if not value.isdigit() or int(value) < 1:
                problems.append(CsvProblem(number, "", f"#{key} must be a column number"))
            else:
                header.columns[name] = int(value) - 1
    return header, problems


@dataclass(frozen=True)
class Note:
    """One note of a card file: its fields, tags, note type and GUID where the file has them."""

    row: int
    fields: tuple[str, ...]
    tags: tuple[str, ...] = ()
    note_type: str = ""
    guid: str = ""


def anki_notes(text: str, header: AnkiText) -> list[Note]:
    """Return the notes of an Anki text export."""
    body = "\n".join(text.splitlines()[header.lines :])
    reader = csv.reader(io.StringIO(body), delimiter=header.separator, strict=False)
    notes = []
    meta = header.columns
    for number, row in enumerate(reader, header.lines + 1):
        if not any(cell.strip() for cell in row):
            continue
        fields = tuple(value for i, value in enumerate(row) if i not in meta.values())
        tags = header.tags + tuple(_cell(row, meta, "tags").split())
        notes.append(
            Note(number, fields, tags, _cell(row, meta, "notetype"), _cell(row, meta, "guid"))
        )
    return notes


def _cell(row: list[str], columns: dict[str, int], name: str) -> str:
    """Return the cell of a named column (guid, notetype, tags), or '' without one."""
    position = columns.get(name, len(row))
    return row[position] if position < len(row) else ""


def is_plain(rows: list[list[str]]) -> bool:
    """Return whether CSV rows are front,back cards: a front,back header, or two cells a row."""
    names = [cell.strip().lower() for cell in rows[0]]
    if names[:2] == ["front", "back"] and set(names) <= set(PLAIN_COLUMNS):
        return True
    return all(len(row) == 2 for row in rows if any(cell.strip() for cell in row))


def plain_notes(rows: list[list[str]]) -> list[Note]:
    """Return the notes of a front,back CSV file (row 1 is the header when it names them)."""
    names = [cell.strip().lower() for cell in rows[0]]
    header = names[:2] == ["front", "back"]
    columns = names if header else ["front", "back"]
    notes = []
    for number, row in enumerate(rows[1:] if header else rows, 2 if header else 1):
        if not any(cell.strip() for cell in row):
            continue
        cells = dict(zip(columns, row, strict=False))
        fields = (cells.get("front", ""), cells.get("back", ""), cells.get("explanation", ""))
        notes.append(Note(number, fields, tuple(cells.get("tags", "").split())))
    return notes


Text = Callable[[str], str]
"""Turns a field into card Markdown (from HTML, from text, or as written)."""


def _note_kind(note: Note, markdown: str) -> str:
    """Return how a note becomes a card: by its note type, else by what its text holds."""
    if note.note_type:
        return _KNOWN_TYPES.get(note.note_type.strip().lower(), "")
    return "cloze" if CLOZE_NUMBER.search(markdown) else "basic"


def _card(note: Note, kind: str, text: Text, card_key: str, path: str) -> Card:
    fields = [text(value) for value in note.fields]
    first, second = (fields + ["", ""])[:2]
    common: dict[str, Any] = {
        "id": card_key,
        "tags": tuple(dict.fromkeys(note.tags)),
        "location": Location(path, note.row, 1),
    }
    if kind == "cloze":
        return ClozeCard(**common, text=first, explanation="\n\n".join(f for f in fields[1:] if f))
    explanation = "\n\n".join(f for f in fields[3 if kind == "optional" else 2 :] if f)
    if kind == "typed":
        answer = html_to_text(note.fields[1]) if len(note.fields) > 1 else ""
        return TypedCard(
            **common, question=first, answers=(answer,) if answer else (), explanation=explanation
        )
    reverse = kind == "reversed" or (
        kind == "optional" and len(fields) > 2 and bool(fields[2].strip())
    )
    return BasicCard(**common, front=first, back=second, reverse=reverse, explanation=explanation)


@dataclass
class _Ids:
    """Give cards ids: from the GUID, else from the question's words, each id once."""

    first: dict[str, int] = field(default_factory=dict)

    def claim(self, note: Note, question: str) -> tuple[str, CsvProblem | None]:
        words = slugify(html_to_text(question) if "<" in question else question)
        key = card_id(note.guid) if note.guid else words[:MAX_ID_LENGTH].strip("-")
        if key in self.first:
            what = "GUID" if note.guid else "question"
            problem = f"the same {what} as row {self.first[key]} (card id '{key}')"
            return key, CsvProblem(note.row, "", problem)
        self.first[key] = note.row
        return key, None


def note_cards(
    notes: list[Note], html: bool | None, path: str
) -> tuple[list[Card], list[CsvProblem]]:
    """Return the cards of notes, and every problem (each naming its row)."""
    text: Text = (
        (lambda v: html_to_markdown(v)) if html else (escape_markdown if html is False else str)
    )
    cards, problems, ids = [], [], _Ids()
    for note in notes:
        kind = _note_kind(note, text(note.fields[0]) if note.fields else "")
        if not kind:
            known = ", ".join(name.title() for name in _KNOWN_TYPES)
            problems.append(
                CsvProblem(
                    note.row,
                    "",
                    f"note type '{note.note_type}' is not one studykit reads ({known}); import the .apkg to skip its notes",
                )
            )
            continue
        key, duplicate = ids.claim(note, note.fields[0] if note.fields else "")
        card = _card(note, kind, text, key, path)
        found = ([duplicate] if duplicate else []) + _card_problems(card, note.row)
        problems += found
        if not found:
            cards.append(card)
    return cards, problems


def _card_problems(card: Card, row: int) -> list[CsvProblem]:
    """Return what a card misses: a question, an answer, a cloze deletion."""
    if isinstance(card, ClozeCard):
        return (
            []
            if card.deletions
            else [CsvProblem(row, "", "a cloze note without {{c1::...}} deletions")]
        )
    if not card.prompt.strip():
        return [CsvProblem(row, "", "the question (first field) is empty")]
    if not card.answer_text.strip():
        return [CsvProblem(row, "", "the answer (second field) is empty")]
    return []
