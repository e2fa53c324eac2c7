"""The quiz protocol: what every key or line means for the item on screen, in one place.

Both front-ends hand what the learner typed to a `Turn` and draw the `Response` they get
back; neither decides what input means (`studykit.cli.support.quiz_terminal` reads keys
and lines in a terminal, `quiz_piped` reads the line protocol of piped input).

- `grading` decides how an item is answered: the learner rates it (basic, table cells,
  cloze outside exams), one key answers it (true/false, one-answer choices), or a typed
  line does (typed, order, several-answer choices, cloze in exams).
- Keys (`Turn.key`): space or enter reveals a self-graded item, then 1-4 rate it (space,
  enter: Good); a letter, `t` or `f` answers; after an automatic grade, enter keeps it
  and 1-4 change it (exams: enter goes on). `q` quits, `u` undoes the last answer,
  suspension or bury, `s` suspends the item, `b` (or `-`, Anki's key, which also works
  where `b` picks a choice) buries it and its siblings until the next study day, `e` asks
  to edit its deck file.
- Typed lines at the terminal (`Turn.typed`): `:q :u :s :b :e`, else the answer.
- The line protocol (`Turn.line`): `:q :u :s :b :e`, `:1`-`:4` re-rate the last answer,
  else the answer (a rating, `1`-`4` or `again`... for self-graded items).

A key the item does not take (an arrow key, a letter past the choices) is ignored.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Literal

from studykit.errors import StudykitError
from studykit.model import ChoiceCard, StudyItem, TrueFalseCard
from studykit.study.card_state import Rating, Schedule
from studykit.study.grading import (
    AnswerFormatError,
    choice_letters,
    grade_item,
    parse_rating,
    self_graded,
)
from studykit.study.mode import Mode
from studykit.study.session import Outcome, Presented, Session

Grading = Literal["self", "key", "typed"]
"""How an item is answered: `self`, the learner reveals the answer and rates their recall
1-4; `key`, one key answers (true/false, a one-answer choice); `typed`, a typed line
answers (typed, order, several-answer choice, cloze in exams). Both of these are graded
automatically. (Literal strings, checked by mypy: enums cost the first card time.)"""


def grading(item: StudyItem, mode: Mode) -> Grading:
    """Return how an item is answered in a session of this mode."""
    card = item.card
    if self_graded(card, item.cloze, mode is Mode.EXAM):
        return "self"
    if isinstance(card, TrueFalseCard) or (isinstance(card, ChoiceCard) and not card.multiple):
        return "key"
    return "typed"


Command = Literal["quit", "undo", "suspend", "bury", "edit"]
"""What the learner can do instead of answering."""

KEY_COMMANDS: dict[str, Command] = {
    "q": "quit", "u": "undo", "s": "suspend", "b": "bury", "-": "bury", "e": "edit"
}  # fmt: skip
LINE_COMMANDS: dict[str, Command] = {
    ":q": "quit", ":u": "undo", ":s": "suspend", ":b": "bury", ":e": "edit"
}  # fmt: skip
RATING_KEYS = {"1": Rating.AGAIN, "2": Rating.HARD, "3": Rating.GOOD, "4": Rating.EASY}
RERATE_LINES = {f":{key}": rating for key, rating in RATING_KEYS.items()}
CONFIRM = " \r\n"
"""Space or enter: reveal, rate Good, keep a grade, go on."""


Act = Literal[
    "ignored",
    "revealed",
    "answered",
    "rerated",
    "kept",
    "undone",
    "suspended",
    "buried",
    "edit",
    "quit",
    "invalid",
    "failed",
]
"""What an input did: `ignored` (a key the item does not take now), `revealed`, `answered`,
`rerated`, `kept` (an automatic grade kept, or in an exam seen), `undone`, `suspended`, `buried`,
`edit` (the learner asked to edit the item's deck file; the front-end opens or names it),
`quit`, `invalid` (the answer cannot be read; `message` says how to answer) or `failed`
(a command cannot apply now; `message` says why). Nothing changes on `ignored`,
`invalid` or `failed`."""
Then = Literal["stay", "again", "next", "quit"]
"""What the front-end does after drawing a response: `stay` (read more input for the same
item), `again` (show the same item again; the line protocol prompts again), `next`, `quit`."""
Stage = Literal["asked", "revealed", "graded"]
"""Where a turn is: asked, its answer revealed, or graded and waiting for a key."""


class Response:
    """What an input did, and what comes next.

    A plain class: defining a NamedTuple (collections.namedtuple compiles its code) cost
    the quiz's first card about 1 ms.
    """

    __slots__ = ("act", "then", "outcome", "key", "message", "intervals")

    def __init__(
        self,
        act: Act,
        then: Then,
        outcome: Outcome | None = None,
        key: str = "",
        message: str = "",
        intervals: dict[Rating, Schedule] | None = None,
    ) -> None:
        self.act = act
        self.then = then
        self.outcome = outcome
        """The answer recorded or re-rated."""
        self.key = key
        """The item undone or suspended."""
        self.message = message
        self.intervals = intervals
        """For the terminal's rating keys: the schedule each rating gives (None: none)."""

    def __repr__(self) -> str:
        return f"Response({self.act!r}, {self.then!r}, key={self.key!r}, message={self.message!r})"


class Turn:
    """One item on screen: what each key or line does to it and to the session."""

    def __init__(self, session: Session, shown: Presented, clock: Callable[[], datetime]) -> None:
        self.session = session
        self.shown = shown
        self.clock = clock
        self.grading: Grading = grading(shown.item, session.mode)
        self.exam = session.mode is Mode.EXAM
        self.stage: Stage = "asked"
        self.graded: Outcome | None = None

    @property
    def reads_line(self) -> bool:
        """Return whether the terminal reads a typed line now rather than a key."""
        return self.grading == "typed" and self.stage == "asked"

    def accepted_keys(self) -> str:
        """Return the keys that mean something now; every other key is ignored."""
        if self.stage == "asked" and self.grading == "key":
            return self._letters() + "".join(KEY_COMMANDS)
        rating = "" if self.stage == "asked" or self.exam and self.graded else "1234"
        return rating + CONFIRM + "".join(KEY_COMMANDS)

    def key(self, key: str) -> Response:
        """Act on one key, case-blind; one that `accepted_keys` does not list is ignored."""
        key = key.lower()
        if not key or key not in self.accepted_keys():
            return Response("ignored", "stay")
        if self.stage == "graded":
            return self._after_grade(key)
        if self.grading == "key" and key in self._letters():
            return self._graded(key, wait=True)
        if key in KEY_COMMANDS:
            return self._command(KEY_COMMANDS[key])
        if self.stage == "asked":
            self.stage = "revealed"
            return Response("revealed", "stay", intervals=self._intervals())
        outcome = self.session.answer(RATING_KEYS.get(key, Rating.GOOD), self.clock())
        return Response("answered", "next", outcome)

    def typed(self, text: str) -> Response:
        """Act on a line typed at the terminal's answer prompt: a `:` command or the answer."""
        command = LINE_COMMANDS.get(text.strip())
        if command is not None:
            return self._command(command)
        return self._graded(text, wait=True)

    def line(self, text: str) -> Response:
        """Act on one line of the line protocol: a command, a re-rating, or the answer."""
        word = text.strip()
        if word in LINE_COMMANDS:
            return self._command(LINE_COMMANDS[word])
        if word in RERATE_LINES:
            try:
                outcome = self.session.override(RERATE_LINES[word])
            except StudykitError as error:
                return Response("failed", "stay", message=str(error))
            return Response("rerated", "stay", outcome)
        if self.grading != "self":
            return self._graded(text, wait=False)
        try:
            rating = parse_rating(text)
        except AnswerFormatError as error:
            return Response("invalid", "stay", message=str(error))
        return Response("answered", "next", self.session.answer(rating, self.clock()))

    def _letters(self) -> str:
        if isinstance(self.shown.item.card, TrueFalseCard):
            return "tf"
        return choice_letters(len(self.shown.options))

    def _intervals(self) -> dict[Rating, Schedule] | None:
        return self.session.intervals(self.clock()) if self.session.writes else None

    def _graded(self, text: str, wait: bool) -> Response:
        """Grade and record an answer; at the terminal (`wait`), wait for a key after it."""
        item = self.shown.item
        intervals = self._intervals() if wait else None
        try:
            grade = grade_item(item.card, item.cloze, self.shown.options, text)
        except AnswerFormatError as error:
            return Response("invalid", "stay", message=str(error))
        self.graded = self.session.answer(grade.rating, self.clock(), grade)
        if wait:
            self.stage = "graded"
        then: Then = "stay" if wait else "next"
        return Response("answered", then, self.graded, intervals=intervals)

    def _after_grade(self, key: str) -> Response:
        """Act on the key after an automatic grade: keep it, change it, or a command."""
        assert self.graded is not None
        if key == "q":
            return Response("quit", "quit")
        if self.exam:
            return Response("kept", "next")
        if key in RATING_KEYS and RATING_KEYS[key] is not self.graded.rating:
            return Response("rerated", "next", self.session.override(RATING_KEYS[key]))
        if key == "e":
            return Response("edit", "next")
        if key == "u":
            return self._command("undo")
        return Response("kept", "next")

    def _command(self, command: Command) -> Response:
        """Quit, undo, suspend, bury or ask to edit; one that cannot apply changes nothing."""
        if command == "quit":
            return Response("quit", "quit")
        if command == "edit":
            return self._again(Response("edit", "again"))
        try:
            if command == "undo":
                return Response("undone", "next", key=self.session.undo())
            key = self.shown.item.key
            if command == "bury":
                self.session.bury()
                return Response("buried", "next", key=key)
            self.session.suspend()
        except StudykitError as error:
            return self._again(Response("failed", "again", message=str(error)))
        return Response("suspended", "next", key=key)

    def _again(self, response: Response) -> Response:
        """Ask the item again from the start (it is shown again)."""
        self.stage, self.graded = "asked", None
        return response
