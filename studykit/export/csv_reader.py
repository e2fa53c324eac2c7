"""Read a deck from CSV bytes (the layout of `csv_format`), reporting every bad row and cell."""

from __future__ import annotations

import codecs
import csv
import io
import re
from dataclasses import dataclass, field

from studykit.export.csv_format import (
    BOOLEANS,
    COLUMNS,
    OPTIONAL,
    REQUIRED,
    SOURCE_KIND,
    card_from_cells,
    normal_text,
    restored,
    source_from_cells,
)
from studykit.export.csv_notes import (
    PLAIN_COLUMNS,
    anki_notes,
    is_anki_text,
    is_plain,
    note_cards,
    plain_notes,
    read_header,
)
from studykit.export.csv_problems import CsvImportError, CsvProblem
from studykit.load import check_deck
from studykit.load.map_reader import SLUG, suggestion
from studykit.model import Card, Deck, Location, Source

_WIDE_BOMS = (
    (codecs.BOM_UTF32_LE, "UTF-32"),
    (codecs.BOM_UTF32_BE, "UTF-32"),
    (codecs.BOM_UTF16_LE, "UTF-16"),
    (codecs.BOM_UTF16_BE, "UTF-16"),
)
_NOT_UTF8 = re.compile("[\udc80-\udcff]")
"""Bytes that are not UTF-8 survive decoding as these lone surrogates (`surrogateescape`)."""
_SAVE_AS = "save it as CSV UTF-8"
_STRIPPED = ("id", "kind", "source")
"""Cells holding ids: surrounding spaces are dropped (spreadsheets add them easily)."""
_CONTENT = {
    "basic": {"question": "the front", "answer": "the back"},
    "basic-reversed": {"question": "the front", "answer": "the back"},
    "typed": {"question": "the question", "answer": "the accepted answers, one per line"},
    "choice": {
        "question": "the question",
        "answer": "the correct choices, one per line",
        "choices": "every choice, one per line",
    },
    "truefalse": {"question": "the statement", "answer": "true or false"},
    "cloze": {"question": "the text with {{c1::...}} deletions"},
    "order": {"question": "the question", "answer": "the items in order, one per line"},
    SOURCE_KIND: {"question": "the source's title"},
}
"""What a required cell holds for each kind, for messages."""
_KINDS = tuple(REQUIRED)
_CSV_ERRORS = {
    "unexpected end of data": "a quoted cell is not closed before the end of the file",
}
"""The csv module's messages, in the words of someone editing a spreadsheet."""
_UNDEFINED_SOURCE = "is not defined in this deck"


def decode(data: bytes, path: str) -> str:
    """Return the text of UTF-8 bytes (a UTF-8 BOM is fine); bad bytes stay as surrogates."""
    for bom, name in _WIDE_BOMS:
        if data.startswith(bom):
            message = f"the file is {name} (it starts with a {name} byte order mark); {_SAVE_AS}"
            raise CsvImportError(path, [CsvProblem(0, "", message)])
    if b"\0" in data:
        message = f"the file holds NUL bytes (UTF-16 without a byte order mark?); {_SAVE_AS}"
        raise CsvImportError(path, [CsvProblem(0, "", message)])
    text = data.removeprefix(codecs.BOM_UTF8).decode("utf-8", "surrogateescape")
    if not text.strip():
        message = f"the file is empty; it needs a header row: {','.join(COLUMNS)}"
        raise CsvImportError(path, [CsvProblem(0, "", message)])
    return text


def parse_rows(text: str, path: str) -> list[list[str]]:
    """Return the records of CSV text, or raise naming the record that cannot be parsed."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[list[str]] = []
    start = 1
    try:
        for row in reader:
            rows.append(row)
            start = reader.line_num + 1
    except csv.Error as error:
        reason = _CSV_ERRORS.get(str(error), str(error))
        message = f"{reason} (the row starts on line {start} of the file)"
        raise CsvImportError(path, [CsvProblem(len(rows) + 1, "", message)]) from None
    return rows


def encoding_problem(cell: str) -> str:
    """Return why a cell is not UTF-8, or an empty string when it is."""
    bad = _NOT_UTF8.search(cell)
    if bad is None:
        return ""
    byte = ord(bad.group()) - 0xDC00
    shown = cell.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    start = max(0, shown.find(f"\\x{byte:02x}") - 30)
    context = shown[start : start + 60]
    return f"not UTF-8: byte 0x{byte:02X} in '{context}' (Latin-1 or Windows-1252?); {_SAVE_AS}"


def header_problems(header: list[str]) -> list[CsvProblem]:
    """Return the problems of the header row: encoding, separator, unknown or missing columns."""
    names = [name.strip().lower() for name in header]
    problems = [CsvProblem(1, "", bad) for bad in map(encoding_problem, header) if bad]
    if len(header) == 1 and (sep := next((s for s in ";\t" if s in header[0]), "")):
        found = "a tab" if sep == "\t" else f"'{sep}'"
        message = f"the columns are separated by {found}; studykit reads comma-separated files"
        return [*problems, CsvProblem(1, "", message)]
    expected = f"the columns are: {', '.join(COLUMNS)}"
    for position, name in enumerate(names):
        if name in names[:position]:
            problems.append(CsvProblem(1, name, "this column appears twice"))
        elif name not in COLUMNS and name:
            hint = suggestion(name, COLUMNS)
            problems.append(CsvProblem(1, name, f"unknown column{hint}; {expected}"))
    missing = [f"'{name}'" for name in COLUMNS if name not in names]
    if missing:
        problems.append(CsvProblem(1, "", f"missing columns {', '.join(missing)}; {expected}"))
    return problems


def _stray_cells(row: list[str], header: list[str], number: int) -> list[CsvProblem]:
    """Return a problem when a row has text outside the named columns (a stray comma?)."""
    named = {i for i, name in enumerate(header) if name.strip().lower() in COLUMNS}
    stray = [i for i, cell in enumerate(row) if i not in named and cell.strip()]
    if not stray:
        return []
    width = len(header)
    message = f"text in cell {stray[0] + 1}, outside the {width} named columns (a stray comma?)"
    return [CsvProblem(number, "", message)]


def row_cells(row: list[str], header: list[str]) -> dict[str, str]:
    """Return a row's cells by column name, unquoted, line breaks normalised, ids stripped."""
    padded = row + [""] * (len(header) - len(row))  # some tools drop trailing empty cells
    cells = {
        name.strip().lower(): normal_text(restored(cell))
        for name, cell in zip(header, padded, strict=False)
    }
    cells = {name: cells[name].strip() if name in _STRIPPED else cells[name] for name in COLUMNS}
    return cells | {"kind": cells["kind"].lower()}  # spreadsheets capitalise "Basic"


def _kind_problems(cells: dict[str, str], kind: str, number: int) -> list[CsvProblem]:
    """Return the problems of a row's content cells against its kind."""
    problems = []
    what = "a source row" if kind == SOURCE_KIND else f"a {kind} card"
    for column, content in _CONTENT[kind].items():
        if not cells[column].strip():
            problems.append(CsvProblem(number, column, f"empty, but {what} needs {content}"))
    for column in COLUMNS[2:]:
        if column not in REQUIRED[kind] + OPTIONAL[kind] and cells[column].strip():
            message = f"{what} does not use this column; leave it empty"
            problems.append(CsvProblem(number, column, message))
    answer = cells["answer"].strip()
    if kind == "truefalse" and answer and answer.lower() not in BOOLEANS:
        problems.append(CsvProblem(number, "answer", f"must be true or false, not {answer!r}"))
    return problems


def row_problems(cells: dict[str, str], number: int) -> list[CsvProblem]:
    """Return the problems of one row's cells."""
    bad = [CsvProblem(number, c, m) for c, v in cells.items() if (m := encoding_problem(v))]
    if bad:
        return bad  # the other cells cannot be trusted to read as written
    card_id, kind = cells["id"], cells["kind"]
    problems = []
    if not card_id:
        problems.append(CsvProblem(number, "id", "empty, but every row needs an id"))
    elif not SLUG.match(card_id):
        message = f"invalid id '{card_id}' (use lowercase letters, digits and hyphens)"
        problems.append(CsvProblem(number, "id", message))
    if kind not in REQUIRED:
        known = ", ".join(_KINDS)
        shown = f"unknown kind '{kind}'{suggestion(kind, _KINDS)}"
        shown = shown if kind else "empty, but every row needs a kind"
        return [*problems, CsvProblem(number, "kind", f"{shown} (one of: {known})")]
    return problems + _kind_problems(cells, kind, number)


@dataclass
class _Rows:
    """The sources and cards read so far, and the problems found."""

    path: str
    sources: list[Source] = field(default_factory=list)
    cards: list[Card] = field(default_factory=list)
    problems: list[CsvProblem] = field(default_factory=list)
    first: dict[tuple[str, str], int] = field(default_factory=dict)

    def claim(self, cells: dict[str, str], number: int) -> list[CsvProblem]:
        """Record the row that first uses an id; return a problem for any later row.

        Every row with a well-formed id claims it, whatever else is wrong with the row,
        so a duplicate is reported together with the other problems, not after them.
        """
        if not SLUG.match(cells["id"]):
            return []
        what = "source" if cells["kind"] == SOURCE_KIND else "card"
        key = (what, cells["id"])
        if key not in self.first:
            self.first[key] = number
            return []
        message = f"duplicate {what} id '{cells['id']}' (first at row {self.first[key]})"
        return [CsvProblem(number, "id", message)]

    def add(self, cells: dict[str, str], number: int) -> None:
        """Add the source or card of a checked row."""
        location = Location(self.path, number, 1)
        if cells["kind"] == SOURCE_KIND:
            self.sources.append(source_from_cells(cells, location))
        else:
            self.cards.append(card_from_cells(cells, location))


def _read_rows(header: list[str], body: list[list[str]], path: str) -> _Rows:
    """Check and read every data row; row 2 is the first after the header."""
    rows = _Rows(path)
    for number, row in enumerate(body, 2):
        if not any(cell.strip() for cell in row):
            continue
        cells = row_cells(row, header)
        found = _stray_cells(row, header, number)
        encoding = [
            CsvProblem(number, c, m) for c, v in cells.items() if (m := encoding_problem(v))
        ]
        found += encoding or rows.claim(cells, number) + row_problems(cells, number)
        rows.problems += found
        if not found:
            rows.add(cells, number)
    return rows


def _hint(message: str) -> str:
    """Add how to fix a deck problem in a CSV file, where sources are rows too."""
    if _UNDEFINED_SOURCE in message:
        return f"{message}; define it with a row of kind '{SOURCE_KIND}'"
    return message


def _deck(path: str, deck_id: str, title: str, cards: list[Card], sources: list[Source],
          problems: list[CsvProblem]) -> Deck:  # fmt: skip
    """Return the deck of the cards read, or raise CsvImportError with every problem."""
    deck = Deck(
        id=deck_id,
        title=title,
        sources=tuple(sources),
        cards=tuple(cards),
        location=Location(path, 1, 1),
    )
    problems = problems + [CsvProblem(i.line, "", _hint(i.message)) for i in check_deck(deck)]
    if not cards and not problems:
        problems.append(CsvProblem(0, "", "the file has no card rows; nothing to import"))
    if problems:
        raise CsvImportError(path, problems)
    return deck


def read_csv_deck(data: bytes, path: str, deck_id: str, title: str) -> Deck:
    """Return the deck a card file describes, or raise CsvImportError with every problem.

    The file is studykit's CSV layout, Anki's text export or plain front,back CSV
    (`csv_notes`), told apart by its first line.
    """
    text = decode(data, path)
    if is_anki_text(text):
        header, problems = read_header(text)
        cards, found = note_cards(anki_notes(text, header), header.html, path)
        return _deck(path, deck_id, title, cards, [], problems + found)
    table = parse_rows(text, path)
    if not _names_columns(table[0]) and is_plain(table):
        cards, found = note_cards(plain_notes(table), None, path)
        return _deck(path, deck_id, title, cards, [], found)
    problems = header_problems(table[0])
    if problems:
        raise CsvImportError(path, problems)  # rows cannot be read without their columns
    rows = _read_rows(table[0], table[1:], path)
    return _deck(path, deck_id, title, rows.cards, rows.sources, rows.problems)


def _names_columns(row: list[str]) -> bool:
    """Return whether a first row names studykit's own columns (then it is their header)."""
    own = set(COLUMNS) - set(PLAIN_COLUMNS)  # tags and explanation are front,back's too
    return any(cell.strip().lower() in own for cell in row)
