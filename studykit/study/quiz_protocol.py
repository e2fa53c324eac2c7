"""The quiz protocol: what every key or line means for the item on screen, in one place.

Both front-ends hand what the learner typed to a `Turn` and draw the `Response` they get
back; neither decides what input means (`studykit.cli.support.quiz_terminal` reads keys
and lines in a terminal, `quiz_piped` reads the line protocol of piped input).

- `grading` decides how an item is answered: the learner rates it (basic, table cells,
  cloze outside exams), one key answers it (true/false, one-answer choices), or a typed
  line does (typed, order, several-answer choices, cloze in exams).
- Keys (`Turn.key`): space or enter reveals a self-graded item, then 1-4 rate it (space,
  enter: Good); a letter, `t` or `f` answers; after an automatic grade, enter keeps it
  and 1-4 change it (exams: enter goes on). `q` quits, `u` undoes the last answer or
  suspension, `s` suspends the item, `e` asks to edit its deck file.
- Typed lines at the terminal (`Turn.typed`): `:q :u :s :e`, else the answer.
- The line protocol (`Turn.line`): `:q :u :s :e`, `:1`-`:4` re-rate the last answer,
  else the answer (a rating, `1`-`4` or `again`... for self-graded items).

A key the item does not take (an arrow key, a letter past the choices) is ignored.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from enum import StrEnum
from typing import NamedTuple

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


class Grading(StrEnum):
    """How an item is answered."""

    SELF = "self"
    """The learner reveals the answer, then rates their recall 1-4."""
    KEY = "key"
    """One key answers (true/false, a one-answer choice); graded automatically."""
    TYPED = "typed"
    """A typed line answers (typed, order, several-answer choice, cloze in exams)."""


def grading(item: StudyItem, mode: Mode) -> Grading:
    """Return how an item is answered in a session of this mode."""
    card = item.card
    if self_graded(card, item.cloze, mode is Mode.EXAM):
        return Grading.SELF
    if isinstance(card, TrueFalseCard) or (isinstance(card, ChoiceCard) and not card.multiple):
        return Grading.KEY
    return Grading.TYPED


class Command(StrEnum):
    """What the learner can do instead of answering."""

    QUIT = "quit"
    UNDO = "undo"
    SUSPEND = "suspend"
    EDIT = "edit"


KEY_COMMANDS = {"q": Command.QUIT, "u": Command.UNDO, "s": Command.SUSPEND, "e": Command.EDIT}
LINE_COMMANDS = {":q": Command.QUIT, ":u": Command.UNDO, ":s": Command.SUSPEND, ":e": Command.EDIT}
RATING_KEYS = {"1": Rating.AGAIN, "2": Rating.HARD, "3": Rating.GOOD, "4": Rating.EASY}
RERATE_LINES = {f":{key}": rating for key, rating in RATING_KEYS.items()}
CONFIRM = " \r\n"
"""Space or enter: reveal, rate Good, keep a grade, go on."""


class Act(StrEnum):
    """What an input did."""

    IGNORED = "ignored"
    """A key the item does not take now; nothing changed."""
    REVEALED = "revealed"
    ANSWERED = "answered"
    RERATED = "rerated"
    KEPT = "kept"
    """An automatic grade was kept (or, in an exam, seen)."""
    UNDONE = "undone"
    SUSPENDED = "suspended"
    EDIT = "edit"
    """The learner asked to edit the item's deck file; the front-end opens or names it."""
    QUIT = "quit"
    INVALID = "invalid"
    """The answer cannot be read (`message` says how to answer); nothing changed."""
    FAILED = "failed"
    """A command cannot apply now (`message` says why); nothing changed."""


class Then(StrEnum):
    """What the front-end does after drawing a response."""

    STAY = "stay"
    """Read more input for the same item."""
    AGAIN = "again"
    """Show the same item again (the line protocol prompts again)."""
    NEXT = "next"
    QUIT = "quit"


class Response(NamedTuple):
    """What an input did, and what comes next."""

    act: Act
    then: Then
    outcome: Outcome | None = None
    """The answer recorded or re-rated."""
    key: str = ""
    """The item undone or suspended."""
    message: str = ""
    intervals: dict[Rating, Schedule] | None = None
    """For the terminal's rating keys: the schedule each rating gives (None: no schedules)."""


class Stage(StrEnum):
    """Where a turn is: asked, answer revealed, or graded and waiting for a key."""

    ASKED = "asked"
    REVEALED = "revealed"
    GRADED = "graded"


class Turn:
    """One item on screen: what each key or line does to it and to the session."""

    def __init__(self, session: Session, shown: Presented, clock: Callable[[], datetime]) -> None:
        self.session = session
        self.shown = shown
        self.clock = clock
        self.grading = grading(shown.item, session.mode)
        self.exam = session.mode is Mode.EXAM
        self.stage = Stage.ASKED
        self.graded: Outcome | None = None

    @property
    def reads_line(self) -> bool:
        """Return whether the terminal reads a typed line now rather than a key."""
        return self.grading is Grading.TYPED and self.stage is Stage.ASKED

    def accepted_keys(self) -> str:
        """Return the keys that mean something now; every other key is ignored."""
        if self.stage is Stage.ASKED and self.grading is Grading.KEY:
            return self._letters() + "".join(KEY_COMMANDS)
        rating = "" if self.stage is Stage.ASKED or self.exam and self.graded else "1234"
        return rating + CONFIRM + "".join(KEY_COMMANDS)

    def key(self, key: str) -> Response:
        """Act on one key, case-blind; one that `accepted_keys` does not list is ignored."""
        key = key.lower()
        if not key or key not in self.accepted_keys():
            return Response(Act.IGNORED, Then.STAY)
        if self.stage is Stage.GRADED:
            return self._after_grade(key)
        if self.grading is Grading.KEY and key in self._letters():
            return self._graded(key, wait=True)
        if key in KEY_COMMANDS:
            return self._command(KEY_COMMANDS[key])
        if self.stage is Stage.ASKED:
            self.stage = Stage.REVEALED
            return Response(Act.REVEALED, Then.STAY, intervals=self._intervals())
        outcome = self.session.answer(RATING_KEYS.get(key, Rating.GOOD), self.clock())
        return Response(Act.ANSWERED, Then.NEXT, outcome)

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
                return Response(Act.FAILED, Then.STAY, message=str(error))
            return Response(Act.RERATED, Then.STAY, outcome)
        if self.grading is not Grading.SELF:
            return self._graded(text, wait=False)
        try:
            rating = parse_rating(text)
        except AnswerFormatError as error:
            return Response(Act.INVALID, Then.STAY, message=str(error))
        return Response(Act.ANSWERED, Then.NEXT, self.session.answer(rating, self.clock()))

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
            return Response(Act.INVALID, Then.STAY, message=str(error))
        self.graded = self.session.answer(grade.rating, self.clock(), grade)
        if wait:
            self.stage = Stage.GRADED
        then = Then.STAY if wait else Then.NEXT
        return Response(Act.ANSWERED, then, self.graded, intervals=intervals)

    def _after_grade(self, key: str) -> Response:
        """Act on the key after an automatic grade: keep it, change it, or a command."""
        assert self.graded is not None
        if key == "q":
            return Response(Act.QUIT, Then.QUIT)
        if self.exam:
            return Response(Act.KEPT, Then.NEXT)
        if key in RATING_KEYS and RATING_KEYS[key] is not self.graded.rating:
            return Response(Act.RERATED, Then.NEXT, self.session.override(RATING_KEYS[key]))
        if key == "e":
            return Response(Act.EDIT, Then.NEXT)
        if key == "u":
            return self._command(Command.UNDO)
        return Response(Act.KEPT, Then.NEXT)

    def _command(self, command: Command) -> Response:
        """Quit, undo, suspend or ask to edit; a command that cannot apply changes nothing."""
        if command is Command.QUIT:
            return Response(Act.QUIT, Then.QUIT)
        if command is Command.EDIT:
            return self._again(Response(Act.EDIT, Then.AGAIN))
        try:
            if command is Command.UNDO:
                return Response(Act.UNDONE, Then.NEXT, key=self.session.undo())
            key = self.shown.item.key
            self.session.suspend()
        except StudykitError as error:
            return self._again(Response(Act.FAILED, Then.AGAIN, message=str(error)))
        return Response(Act.SUSPENDED, Then.NEXT, key=key)

    def _again(self, response: Response) -> Response:
        """Ask the item again from the start (it is shown again)."""
        self.stage, self.graded = Stage.ASKED, None
        return response
