"""The quiz without a terminal: one prompt per card, one line per prompt (see `quiz --help`).

What each line means is `studykit.study.quiz_protocol`'s to decide; this module prints
the card and the prompt, reads a line, hands it to the item's `Turn` and prints the
`Response`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import IO

from studykit.errors import StudykitError
from studykit.study.quiz_protocol import Response, Turn
from studykit.study.session import Session
from studykit.tui.quiz_lines import answer_line, card_lines, prompt, result_line


class LineQuiz:
    """Drive a session from lines of text; end of input quits after saving."""

    def __init__(
        self, session: Session, clock: Callable[[], datetime], out: IO[str], inp: IO[str]
    ) -> None:
        # Piped input is not echoed: end the prompt's line so every reply starts a line.
        self.newline = not inp.isatty()
        self.session = session
        self.clock = clock
        self.out = out
        self.inp = inp

    def say(self, *lines: str) -> None:
        """Write whole lines and flush, so a script reading them never waits."""
        self.out.write("".join(f"{line}\n" for line in lines))
        self.out.flush()

    def run(self) -> None:
        """Ask every card until the queue is empty, `:q` or end of input."""
        while (shown := self.session.next(self.clock())) is not None:
            self.say(*card_lines(shown))
            if not self._ask(Turn(self.session, shown, self.clock)):
                return

    def _ask(self, turn: Turn) -> bool:
        """Read lines until this card is done; return False to quit."""
        while True:
            self.out.write(prompt(turn.shown, turn.grading == "self"))
            self.out.flush()
            line = self.inp.readline()
            if self.newline or not line:
                self.say("")
            if not line:
                return False
            try:
                response = turn.line(line.rstrip("\n"))
            except StudykitError as error:  # the answer could not be stored: say so, ask again
                self.say(f"error: {error}")
                continue
            self._print(turn, response)
            if response.then in ("next", "quit"):
                return response.then == "next"

    def _print(self, turn: Turn, response: Response) -> None:
        """Print what a line did, one field per line."""
        act, shown = response.act, turn.shown
        if act == "answered" and response.outcome is not None:
            self.say(answer_line(shown), result_line(response.outcome, self.clock()))
        elif act == "rerated" and response.outcome is not None:
            self.say(result_line(response.outcome, self.clock()))
        elif act == "undone":
            self.say(f"undone: {response.key}")
        elif act == "suspended":
            self.say(f"suspended: {response.key}")
        elif act == "buried":
            self.say(f"buried: {response.key}")
        elif act == "edit":
            self.say(f"edit: {shown.item.card.location.path}:{shown.item.card.location.line}")
        elif act in ("invalid", "failed"):
            self.say(f"error: {response.message}")
