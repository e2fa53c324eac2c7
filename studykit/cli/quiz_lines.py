"""The quiz without a terminal: one prompt per card, one line per prompt (see `quiz --help`)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import IO

from studykit.cli.quiz_answers import COMMANDS, OVERRIDES, answer
from studykit.errors import StudykitError
from studykit.study.card_state import Rating
from studykit.study.grading import AnswerFormatError
from studykit.study.session import Presented, Session
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
            if not self._ask(shown):
                return

    def _ask(self, shown: Presented) -> bool:
        """Read lines until this card is done; return False to quit."""
        exam = self.session.mode.value == "exam"
        while True:
            self.out.write(prompt(shown, exam))
            self.out.flush()
            line = self.inp.readline()
            if self.newline or not line:
                self.say("")
            if not line:
                return False
            done = self._handle(shown, line.rstrip("\n"))
            if done is not None:
                return done

    def _handle(self, shown: Presented, text: str) -> bool | None:
        """Act on one line: True next card, False quit, None ask this card again."""
        command = COMMANDS.get(text.strip())
        if command == "quit":
            return False
        try:
            if command is not None:
                return self._command(shown, command)
            if text.strip() in OVERRIDES:
                outcome = self.session.override(Rating(OVERRIDES[text.strip()]))
                self.say(result_line(outcome, self.clock()))
                return None
            outcome = answer(self.session, shown, text, self.clock())
        except (AnswerFormatError, StudykitError) as error:
            self.say(f"error: {error}")
            return None
        self.say(answer_line(shown), result_line(outcome, self.clock()))
        return True

    def _command(self, shown: Presented, command: str) -> bool | None:
        if command == "edit":
            self.say(f"edit: {shown.item.card.location.path}:{shown.item.card.location.line}")
            return None
        if command == "suspend":
            self.session.suspend()
            self.say(f"suspended: {shown.item.key}")
            return True
        if command == "bury":
            self.session.bury()
            self.say(f"buried: {shown.item.key}")
            return True
        if not self.session.can_undo():
            self.say("error: nothing to undo")
            return None
        self.say(f"undone: {self.session.undo()}")
        return True
