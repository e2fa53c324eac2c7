"""The interactive quiz in a terminal: keyboard first, every answer saved when given."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from studykit.cli.keys import Keys
from studykit.cli.quiz_answers import COMMANDS, answer
from studykit.cli.quiz_edit import edit_card
from studykit.errors import StudykitError
from studykit.model import ChoiceCard, TrueFalseCard
from studykit.study.card_state import Rating, Schedule
from studykit.study.grading import AnswerFormatError, choice_letters, self_graded
from studykit.study.session import Outcome, Presented, Session
from studykit.tui.quiz_view import Screen, answer_view, card_view, hint, outcome_line, rating_bar

NEXT, QUIT, AGAIN = "next", "quit", "again"
KEY_COMMANDS = {"q": "quit", "u": "undo", "s": "suspend", "e": "edit"}
RATING_KEYS = {"1": Rating.AGAIN, "2": Rating.HARD, "3": Rating.GOOD, "4": Rating.EASY}


class TerminalQuiz:
    """Show each card, read keys or a typed answer, show the verdict and the next intervals."""

    def __init__(
        self, session: Session, clock: Callable[[], datetime], console: Screen, keys: Keys
    ) -> None:
        self.session = session
        self.clock = clock
        self.console = console
        self.keys = keys
        self.exam = session.mode.value == "exam"

    def run(self) -> None:
        """Study until the queue is empty or the learner quits."""
        while (shown := self.session.next(self.clock())) is not None:
            step = AGAIN
            while step == AGAIN:
                remaining = self.session.queue.remaining()
                self.console.print(card_view(shown, remaining, exam=self.exam))
                step = self._ask(shown)
            if step == QUIT:
                return

    def _ask(self, shown: Presented) -> str:
        item = shown.item
        if self_graded(item.card, item.cloze, self.exam):
            return self._self_graded(shown)
        if isinstance(item.card, TrueFalseCard) or (
            isinstance(item.card, ChoiceCard) and not item.card.multiple
        ):
            return self._one_key(shown)
        return self._typed(shown)

    def _command(self, shown: Presented, command: str) -> str:
        """Run u, s, e or q at the question; return what to do next."""
        if command == "quit":
            return QUIT
        try:
            if command == "undo":
                self.console.print(f"undone {self.session.undo()}", style="dim")
                return NEXT
            if command == "suspend":
                self.session.suspend()
                self.console.print(f"suspended {shown.item.key}", style="dim")
                return NEXT
        except StudykitError as error:
            self.console.print(str(error), style="red")
            return AGAIN
        self._edit(shown)
        return AGAIN

    def _edit(self, shown: Presented) -> None:
        where = shown.item.card.location
        edit_card(where.path, where.line, self.console, self.keys)

    def _key(self, allowed: str) -> str:
        """Return the next key among `allowed` or a command key (other keys are ignored)."""
        while True:
            key = self.keys.key().lower()
            if key in allowed or key in KEY_COMMANDS:
                return key

    def _intervals(self) -> dict[Rating, Schedule] | None:
        return self.session.intervals(self.clock()) if self.session.writes else None

    def _self_graded(self, shown: Presented) -> str:
        self.console.print(hint(shown.item.card.kind.value))
        key = self._key(" \r\n")
        if key in KEY_COMMANDS:
            return self._command(shown, KEY_COMMANDS[key])
        self.console.print(answer_view(shown))
        self.console.print(rating_bar(self._intervals(), self.clock()))
        self.console.print(hint("", revealed=True))
        key = self._key("1234 \r\n")
        if key in KEY_COMMANDS:
            return self._command(shown, KEY_COMMANDS[key])
        outcome = self.session.answer(RATING_KEYS.get(key, Rating.GOOD), self.clock())
        self.console.print(outcome_line(outcome, self.clock()))
        return NEXT

    def _one_key(self, shown: Presented) -> str:
        """Answer true/false or a one-answer choice with a single key (letters before commands)."""
        self.console.print(hint(shown.item.card.kind.value))
        single = isinstance(shown.item.card, TrueFalseCard)
        letters = "tf" if single else choice_letters(len(shown.options))
        key = self._key(letters)
        if key in letters:
            return self._graded(shown, key)
        return self._command(shown, KEY_COMMANDS[key])

    def _typed(self, shown: Presented) -> str:
        card = shown.item.card
        many = isinstance(card, ChoiceCard) and card.multiple
        self.console.print(hint(card.kind.value, multiple=many, typed=True))
        while True:
            text = self.keys.line("> ")
            if text is None:
                return QUIT
            command = COMMANDS.get(text.strip())
            if command is not None:
                return self._command(shown, command)
            try:
                return self._graded(shown, text)
            except AnswerFormatError as error:
                self.console.print(str(error), style="yellow")

    def _graded(self, shown: Presented, text: str) -> str:
        """Grade the answer, record it, show the verdict; let the learner re-rate it."""
        intervals = self._intervals()
        outcome = answer(self.session, shown, text, self.clock())
        self.console.print(answer_view(shown, outcome.grade))
        if self.exam:
            self.console.print("enter: next   q quit", style="dim")
            return QUIT if self._key(" \r\n") == "q" else NEXT
        self.console.print(outcome_line(outcome, self.clock()))
        self.console.print(rating_bar(intervals, self.clock(), outcome.rating))
        self.console.print(
            "enter: keep this rating   1-4 change it   u undo  e edit  q quit", style="dim"
        )
        return self._after(shown, outcome)

    def _after(self, shown: Presented, outcome: Outcome) -> str:
        key = self._key("1234 \r\n")
        if key in RATING_KEYS and RATING_KEYS[key] is not outcome.rating:
            changed = self.session.override(RATING_KEYS[key])
            self.console.print(outcome_line(changed, self.clock()))
            return NEXT
        if key == "e":
            self._edit(shown)
            return NEXT
        if key in KEY_COMMANDS and key != "s":
            return self._command(shown, KEY_COMMANDS[key])
        return NEXT
