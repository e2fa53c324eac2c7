"""Turn what the learner typed into an answer, shared by the terminal and the line protocol."""

from __future__ import annotations

from datetime import datetime

from studykit.study.grading import grade_item, parse_rating, self_graded
from studykit.study.session import Outcome, Presented, Session

COMMANDS = {":q": "quit", ":u": "undo", ":s": "suspend", ":b": "bury", ":e": "edit"}
OVERRIDES = {":1": 1, ":2": 2, ":3": 3, ":4": 4}


def answer(session: Session, shown: Presented, text: str, now: datetime) -> Outcome:
    """Grade or rate the text for the item on screen and record it (raise AnswerFormatError)."""
    item = shown.item
    exam = session.mode.value == "exam"
    if self_graded(item.card, item.cloze, exam):
        return session.answer(parse_rating(text), now)
    grade = grade_item(item.card, item.cloze, shown.options, text)
    return session.answer(grade.rating, now, grade)


def edit_command(path: str, line: int) -> list[str]:
    """Return the editor command that opens a file at a line ($VISUAL, $EDITOR, else vi)."""
    import os
    import shlex

    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    return [*shlex.split(editor), f"+{line}", path]
