"""The problems of a card file being imported, each naming its row, and the error that lists them."""

from __future__ import annotations

from dataclasses import dataclass

from studykit.errors import StudykitError


@dataclass(frozen=True)
class CsvProblem:
    """One problem of a CSV file; row 1 is the header, row 0 the whole file."""

    row: int
    column: str
    message: str

    def __str__(self) -> str:
        if not self.row:
            return self.message
        where = f"row {self.row}, column '{self.column}'" if self.column else f"row {self.row}"
        return f"{where}: {self.message}"


class CsvImportError(StudykitError):
    """A CSV file cannot be imported; `problems` holds every problem found."""

    def __init__(self, path: str, problems: list[CsvProblem]) -> None:
        self.path, self.problems = path, sorted(problems, key=lambda p: p.row)
        lines = [f"{path}: {problem}" for problem in self.problems]
        count = f"{len(lines)} problems" if len(lines) > 1 else "1 problem"
        super().__init__(f"{count}; nothing was imported:\n  " + "\n  ".join(lines))
