"""The one renderer of card text: terminal spans and HTML from one CommonMark parse."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from studykit.markup.cloze import answer_spans, masked_spans
from studykit.markup.item_text import item_text
from studykit.markup.render import parsed, render
from studykit.model import ChoiceCard, ClozeCard, OrderCard, StudyItem
from studykit.model.spans import plain_text


def test_inline_marks_become_marked_spans() -> None:
    rendered = render("Use `runc` to **start** it; *see* ~~never~~ [the spec](https://x.org).")
    assert rendered.spans == (
        ("Use ", ""),
        ("runc", "code"),
        (" to ", ""),
        ("start", "strong"),
        (" it; ", ""),
        ("see", "em"),
        (" ", ""),
        ("never", "strike"),
        (" ", ""),
        ("the spec", "link"),
        (".", ""),
    )
    assert "<em>see</em>" in rendered.html and "<s>never</s>" in rendered.html
    assert rendered.inline == rendered.html.removeprefix("<p>").removesuffix("</p>")


def test_nested_marks_add_up() -> None:
    assert render("**bold *and em* `code`**").spans == (
        ("bold ", "strong"),
        ("and em", "strong em"),
        (" ", "strong"),
        ("code", "strong code"),
    )


def test_blocks_are_laid_out_as_text() -> None:
    text = "Intro\nsecond line\n\n- one\n- two **2**\n\n1. first\n   more\n2. second\n\n> quoted\n> text"
    assert plain_text(render(text).spans) == (
        "Intro\nsecond line\n\n- one\n- two 2\n\n1. first\n   more\n2. second\n\n> quoted\n> text"
    )


def test_code_blocks_keep_their_lines_and_tables_their_cells() -> None:
    assert render("```sh\nrunc run\n\n  -d web\n```").spans == (
        ("runc run", "pre"),
        ("\n\n", ""),
        ("  -d web", "pre"),
    )
    table = render("| a | b |\n|---|---|\n| 1 | `2` |").spans
    assert table == (("a", "strong"), (" | ", ""), ("b", "strong"), ("\n1 | ", ""), ("2", "code"))
    assert render("# Title\ntext").spans == (("Title", "heading"), ("\n\ntext", ""))


def test_raw_html_is_text_in_every_form() -> None:
    rendered = render("a <b>bold</b> <script>x()</script>")
    assert plain_text(rendered.spans) == "a <b>bold</b> <script>x()</script>"
    assert "<b>" not in rendered.html and "&lt;script&gt;" in rendered.html


def test_unsafe_links_are_not_links() -> None:
    rendered = render("[click](javascript:alert(1))")
    assert "href" not in rendered.html
    assert ("[click](javascript:alert(1))", "") in rendered.spans


@settings(max_examples=400, deadline=None)
@given(
    st.text(alphabet=" \t\n\r\xa0", max_size=4),
    st.text(alphabet="aZ09 ,;:'\"?()/.%@$=+-[]{}*_`#>!|&<\\~", min_size=1, max_size=30),
    st.text(alphabet=" \t\n\r\xa0", max_size=4),
)
def test_the_plain_text_shortcut_renders_as_the_parser_does(
    before: str, words: str, after: str
) -> None:
    text = before + words + after
    assert render(text) == parsed(text) or not text.strip()


def test_a_cloze_gap_is_never_read_as_markdown() -> None:
    card = ClozeCard(id="c", text="Run `{{c1::runc}} run` then {{c1::x::hint}}(link) and {{c2::b}}")
    assert masked_spans(card, 1) == (
        ("Run ", ""),
        ("[...] run", "code"),
        (" then [hint](link) and b", ""),
    )


def test_a_cloze_answer_is_marked_in_its_whole_text() -> None:
    card = ClozeCard(id="c", text="A {{c1::**bold**}} `{{c1::code}}` and {{c2::other}}.")
    assert answer_spans(card, 1) == (
        ("A ", ""),
        ("bold", "strong answer"),
        (" ", ""),
        ("code", "code answer"),
        (" and other.", ""),
    )
    plain = ClozeCard(id="p", text="Item 3: a {{c1::hypervisor}} runs {{c2::guests}}.")
    assert answer_spans(plain, 2) == (
        ("Item 3: a hypervisor runs ", ""),
        ("guests", "answer"),
        (".", ""),
    )
    assert masked_spans(plain, 2) == (("Item 3: a hypervisor runs [...].", ""),)


def test_the_quiz_text_of_an_item_holds_its_rendered_options() -> None:
    choice = ChoiceCard(id="c", question="Pick *one*", choices=("`a`", "b"), answers=("b",))
    text = item_text(StudyItem("d/c", "d", choice))
    assert text.prompt == (("Pick ", ""), ("one", "em"))
    assert text.part("`a`") == (("a", "code"),)
    assert "b" not in text.parts and text.part("b") == (("b", ""),)  # plain: not stored
    order = OrderCard(id="o", question="Order", items=("**x**", "y"))
    assert item_text(StudyItem("d/o", "d", order)).part("**x**") == (("x", "strong"),)
