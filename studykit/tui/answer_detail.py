"""What a wrong choice or order answer got wrong: the options missed and picked, the places."""

from __future__ import annotations

from studykit.model.spans import ItemText
from studykit.study.grading import Grade, choice_letters
from studykit.study.session import Presented
from studykit.tui.ansi import Renderable, Styled
from studykit.tui.card_spans import render_card_text


def choice_detail(shown: Presented, grade: Grade | None, text: ItemText) -> list[Renderable]:
    """Return the right options the learner missed and the ones picked wrongly."""
    if grade is None or grade.correct:
        return []
    letters = choice_letters(len(shown.options))
    parts: list[Renderable] = []
    for heading, places, style in (("you missed", grade.missed, "yellow"),
                                   ("picked wrongly", grade.extra, "red")):  # fmt: skip
        if places:
            line = Styled(f"{heading}  ", style=f"bold {style}")
            for number, place in enumerate(places):
                line.append(("   " if number else "") + f"{letters[place]}) ", style=style)
                part = render_card_text(text.part(shown.options[place]))
                line.append_text(Styled(style=style).append_text(part))
            parts.append(line)
    return parts


def order_detail(shown: Presented, grade: Grade | None, text: ItemText) -> list[Renderable]:
    """Return the learner's order, its wrong places marked, and which places they are."""
    if grade is None or grade.correct or not grade.given:
        return []
    numbers = grade.given.split() if " " in grade.given else list(grade.given)
    out = Styled("your order  ")
    for place, number in enumerate(numbers):
        style = "bold red underline" if place in grade.misplaced else "green"
        item = render_card_text(text.part(shown.options[int(number) - 1]))
        out.append(" -> " if place else "").append_text(Styled(style=style).append_text(item))
    wrong = ", ".join(str(place + 1) for place in grade.misplaced)
    out.append(f"   (wrong at {wrong})", style="dim")
    return [out]
