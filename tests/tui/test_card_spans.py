"""Card text on the terminal: each mark of the spans is one style, under the base style."""

from __future__ import annotations

from studykit.model import BasicCard, ChoiceCard, StudyItem
from studykit.model.spans import ItemText
from studykit.tui.card_spans import item_text, options_text, render_card_text


def test_marks_become_styles_over_the_base_style() -> None:
    text = render_card_text((("a ", ""), ("b", "strong em"), ("c", "code answer")), style="dim")
    assert text.plain == "a bc"
    assert text.segments() == [
        ("a ", "dim"),
        ("b", "dim bold italic"),
        ("c", "dim bold cyan bold green"),
    ]


def test_text_controls_are_dropped_as_the_line_protocol_always_did() -> None:
    assert render_card_text((("bell\x07 and \x1b[31m", ""),)).plain == "bell and \x1b[31m"


def test_an_item_read_from_no_index_shows_its_text_as_written() -> None:
    item = StudyItem("d/b", "d", BasicCard(id="b", front="*Q*", back="A", explanation="E"))
    assert item_text(item) == ItemText((("*Q*", ""),), (("A", ""),), (("E", ""),), {})


def test_options_are_labelled_lines_of_card_text() -> None:
    card = ChoiceCard(id="c", question="Q", choices=("`x`", "y"), answers=("y",))
    text = ItemText((), (), (), {"`x`": (("x", "code"),)})
    shown = options_text(text, [("a) ", "`x`"), ("b) ", "y")])
    assert shown.plain == "a) x\nb) y"
    assert item_text(StudyItem("d/c", "d", card)).part("`x`") == (("`x`", ""),)
