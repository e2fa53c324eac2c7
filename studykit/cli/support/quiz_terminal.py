"""The quiz in a terminal: read keys and lines, draw cards and verdicts.

What each key or line means is `studykit.study.quiz_protocol`'s to decide; this module
reads input, hands it to the item's `Turn` and draws the `Response`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from studykit.cli.support.keys import Keys
from studykit.cli.support.quiz_edit import edit_card
from studykit.model import ChoiceCard
from studykit.study.quiz_protocol import Response, Then, Turn
from studykit.study.session import Presented, Session
from studykit.tui.ansi import Screen, keys_hint
from studykit.tui.quiz_view import answer_view, card_view, hint, outcome_line, rating_bar

AFTER_GRADE = keys_hint("enter: keep this rating   1-4 change it   u undo  e edit  q quit")
AFTER_EXAM_GRADE = keys_hint("enter: next   q quit")


class TerminalQuiz:
    """Show each card, read keys or a typed answer, show the verdict and the next intervals."""

    def __init__(
        self, session: Session, clock: Callable[[], datetime], console: Screen, keys: Keys
    ) -> None:
        self.session = session
        self.clock = clock
        self.console = console
        self.keys = keys

    def run(self) -> None:
        """Study until the queue is empty or the learner quits."""
        while (shown := self.session.next(self.clock())) is not None:
            turn = Turn(self.session, shown, self.clock)
            then: Then = "again"
            while then == "again":
                remaining = self.session.queue.remaining()
                self.console.print(card_view(shown, remaining, exam=turn.exam))
                self._hint(turn)
                then = self._ask(turn)
            if then == "quit":
                return

    def _hint(self, turn: Turn) -> None:
        card = turn.shown.item.card
        if turn.grading == "typed":
            many = isinstance(card, ChoiceCard) and card.multiple
            self.console.print(hint(card.kind.value, multiple=many, typed=True))
        else:
            self.console.print(hint(card.kind.value))

    def _ask(self, turn: Turn) -> Then:
        """Read input for the item until it is done; return what comes next."""
        while True:
            if turn.reads_line:
                text = self.keys.line("> ")
                if text is None:
                    return "quit"
                response = turn.typed(text)
            else:
                response = turn.key(self.keys.key())
            self._draw(turn, response)
            if response.then != "stay":
                return response.then

    def _draw(self, turn: Turn, response: Response) -> None:
        """Show what an input did."""
        shown, act, now = turn.shown, response.act, self.clock()
        if act == "revealed":
            self.console.print(answer_view(shown))
            self.console.print(rating_bar(response.intervals, now))
            self.console.print(hint("", revealed=True))
        elif act == "answered" and response.outcome is not None:
            self._answered(turn, response)
        elif act == "rerated" and response.outcome is not None:
            self.console.print(outcome_line(response.outcome, now))
        elif act == "undone":
            self.console.print(f"undone {response.key}", style="dim")
        elif act == "suspended":
            self.console.print(f"suspended {response.key}", style="dim")
        elif act == "buried":
            self.console.print(f"buried {response.key} until tomorrow", style="dim")
        elif act == "edit":
            self._edit(shown)
        elif act == "invalid":
            self.console.print(response.message, style="yellow")
        elif act == "failed":
            self.console.print(response.message, style="red")

    def _answered(self, turn: Turn, response: Response) -> None:
        """Show the verdict; after an automatic grade, the keys that keep or change it."""
        outcome, now = response.outcome, self.clock()
        assert outcome is not None
        if outcome.grade is None:
            self.console.print(outcome_line(outcome, now))
            return
        self.console.print(answer_view(turn.shown, outcome.grade))
        if turn.exam:
            self.console.print(AFTER_EXAM_GRADE, style="dim")
            return
        self.console.print(outcome_line(outcome, now))
        self.console.print(rating_bar(response.intervals, now, outcome.rating))
        self.console.print(AFTER_GRADE, style="dim")

    def _edit(self, shown: Presented) -> None:
        where = shown.item.card.location
        edit_card(where.path, where.line, self.console, self.keys)
