"""The quiz's own renderer: styles to SGR codes, word wrap by cell width, panels, plain output."""

from __future__ import annotations

import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from studykit.tui.ansi import (
    Box,
    Group,
    Padding,
    Renderable,
    Screen,
    Styled,
    cell_len,
    keys_hint,
    sgr,
)


def _plain(view: Renderable, width: int) -> list[str]:
    return ["".join(text for text, _ in line) for line in view.lines(width)]


def _printed(
    view: Renderable | str, width: int = 40, styled: bool | None = None, colour: bool | None = None
) -> str:
    out = io.StringIO()
    Screen(out, width, styled, colour).print(view)
    return out.getvalue()


@pytest.mark.parametrize(
    ("style", "codes"),
    [
        ("bold", "1"),
        ("dim", "2"),
        ("italic underline strike", "3;4;9"),
        ("red reverse", "7;31"),
        ("bold red strike", "1;9;31"),
        ("bold black on yellow", "1;30;43"),
        ("green", "32"),
        ("yellow", "33"),
        ("blue", "34"),
        ("magenta", "35"),
        ("cyan", "36"),
        ("red green", "32"),  # the later colour wins, as when styles are layered
        ("", ""),
    ],
)
def test_styles_give_their_sgr_codes(style: str, codes: str) -> None:
    assert sgr(style) == codes


def test_without_colour_only_attributes_remain() -> None:
    assert sgr("bold black on yellow", colour=False) == "1"
    assert sgr("red", colour=False) == ""


@pytest.mark.parametrize("style", ["bold purple", "on", "blink"])
def test_an_unknown_style_is_an_error(style: str) -> None:
    with pytest.raises(ValueError, match="unknown style"):
        sgr(style)


def test_a_terminal_gets_escape_codes_per_span() -> None:
    text = Styled("3 Good", style="green reverse").append(" 10m", style="dim")
    printed = _printed(text, width=40, styled=True, colour=True)
    assert printed == "\x1b[7;32m3 Good\x1b[0m\x1b[2;7;32m 10m\x1b[0m\n"


def test_no_color_drops_the_colours_and_keeps_the_layout(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    counts = Styled().append("3", style="red").append(" learn  ").append("9", style="blue")
    printed = _printed(Box(counts, title="t"), width=20, styled=True)
    assert "\x1b" not in printed
    assert printed.splitlines()[1] == "│ 3 learn  9       │"
    # Like rich, NO_COLOR keeps attributes: the suggested rating stays marked.
    assert (
        _printed(Styled("3 Good", style="green reverse"), styled=True) == "\x1b[7m3 Good\x1b[0m\n"
    )


def test_a_file_or_a_dumb_terminal_gets_no_escape_codes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    assert _printed(Styled("wrong", style="bold red"), width=20) == "wrong\n"  # not a terminal
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert _printed(Styled("wrong", style="bold red"), width=20) == "\x1b[1;31mwrong\x1b[0m\n"
    monkeypatch.setenv("TERM", "dumb")
    assert _printed(Styled("wrong", style="bold red"), width=20) == "wrong\n"


def test_width_comes_from_columns_and_a_dumb_terminal_is_80(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("COLUMNS", "33")
    monkeypatch.setenv("TERM", "xterm")
    assert Screen(io.StringIO()).width == 33
    monkeypatch.setenv("TERM", "dumb")
    assert Screen(io.StringIO()).width == 80


def test_a_string_is_printed_in_one_style_and_never_read_as_markup() -> None:
    out = io.StringIO()
    Screen(out, width=40, styled=True).print("[red]undone[/] x", style="dim")
    assert out.getvalue() == "\x1b[2m[red]undone[/] x\x1b[0m\n"


def test_text_wraps_at_spaces_to_the_width() -> None:
    text = Styled("the quick brown fox jumps over the lazy dog")
    assert _plain(text, 10) == ["the quick", "brown fox", "jumps over", "the lazy", "dog"]
    assert _plain(text, 80) == ["the quick brown fox jumps over the lazy dog"]


def test_newlines_start_lines_and_indentation_is_kept() -> None:
    assert _plain(Styled("a) one\n\n  b) two"), 20) == ["a) one", "", "  b) two"]
    assert _plain(Styled(""), 20) == [""]


def test_wide_characters_take_two_cells() -> None:
    assert cell_len("日本語") == 6
    assert cell_len("e\u0301") == 1  # a combining accent takes no cell
    assert _plain(Styled("日本語 テキスト ok"), 8) == ["日本語", "テキスト", "ok"]
    assert _plain(Styled("ab日本語"), 5) == ["ab日", "本語"]  # 5 cells hold ab日, not ab日本


def test_a_word_longer_than_the_width_is_broken() -> None:
    text = Styled("see supercalifragilistic now")
    assert _plain(text, 8) == ["see", "supercal", "ifragili", "stic now"]


def test_tabs_reach_the_next_stop_of_eight() -> None:
    assert _plain(Styled("a\tb\n\tc"), 40) == ["a       b", "        c"]


def test_control_characters_from_a_deck_never_reach_the_screen() -> None:
    assert _printed(Styled("a\x1b[2Jb\x07c\rd"), width=20) == "a[2Jbcd\n"
    assert Styled("a\rb\x07").plain == "ab"  # as rich's Styled: the line protocol is unchanged


def test_styles_layer_base_under_spans() -> None:
    text = Styled("1  ", style="bold").append("oci/x", style="dim")
    other = Styled(style="dim").append_text(Styled("code", style="cyan")).append("!")
    assert text.segments() == [("1  ", "bold"), ("oci/x", "bold dim")]
    assert other.segments() == [("code", "dim cyan"), ("!", "dim")]


def test_rstrip_removes_trailing_spans_of_spaces() -> None:
    bar = Styled().append("1 Again", style="red").append("  ").append(" ", style="dim")
    bar.rstrip()
    assert bar.plain == "1 Again"


def test_panel_has_title_left_and_subtitle_right_on_its_borders() -> None:
    title = Styled("7  ", style="bold").append("oci/x", style="dim")
    counts = Styled().append("5", style="red").append(" learn")
    panel = Box(Group(Styled("Put them in order."), Styled("1. kill")), title, counts)
    assert _plain(panel, 30) == [
        "╭─ 7  oci/x ─────────────────╮",
        "│ Put them in order.         │",
        "│ 1. kill                    │",
        "╰────────────────── 5 learn ─╯",
    ]
    top = panel.lines(30)[0]
    assert ("oci/x", "bold dim") in top
    assert ("5", "red") in panel.lines(30)[-1]


def test_panel_body_wraps_inside_and_plain_bottom_without_subtitle() -> None:
    panel = Box(Styled("cards 9 correct 89%"), title="review session")
    assert _plain(panel, 14) == [
        "╭────────────╮",
        "│ review     │",
        "│ session    │",
        "│ cards 9    │",
        "│ correct    │",
        "│ 89%        │",
        "╰────────────╯",
    ]


def test_a_card_key_too_long_for_the_border_stays_whole_inside() -> None:
    title = Styled("12  ", style="bold").append("container-networking/bridge-nat#c2", style="dim")
    counts = Styled("0 learn  3 review  0 new")
    assert _plain(Box(Styled("What does the bridge do?"), title, counts), 40) == [
        "╭──────────────────────────────────────╮",
        "│ 12                                   │",
        "│ container-networking/bridge-nat#c2   │",
        "│ What does the bridge do?             │",
        "╰─────────── 0 learn  3 review  0 new ─╯",
    ]
    wide = _plain(Box(Styled("What does the bridge do?"), title, counts), 60)
    assert wide[0].startswith("╭─ 12  container-networking/bridge-nat#c2 ─")


def test_panel_falls_back_to_ascii_where_box_characters_cannot_be_encoded() -> None:
    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding="ascii")
    Screen(stream, width=12).print(Box(Styled("é"), title="t"))
    stream.flush()
    assert raw.getvalue().decode().splitlines() == ["+- t ------+", "| ?        |", "+----------+"]


def test_padding_indents_and_narrows() -> None:
    padded = Padding(Group(Styled("wrong", style="bold red"), Styled("aaa bbb")), left=1, right=1)
    assert _plain(padded, 7) == [" wrong", " aaa", " bbb"]


@given(
    st.text(alphabet=st.sampled_from(list("ab cd\n日本é") + ["\u0301"]), max_size=80),
    st.integers(min_value=2, max_value=30),
)
def test_wrapped_lines_fit_and_keep_every_word(text: str, width: int) -> None:
    lines = _plain(Styled(text), width)
    assert all(cell_len(line) <= width for line in lines)
    assert "".join("".join(lines).split()) == "".join(text.split())


def test_a_key_hint_wraps_between_keys_never_inside_one() -> None:
    hint = keys_hint("enter: keep this rating   1-4 change it   u undo  e edit  q quit")
    lines = [line.replace("\xa0", " ") for line in _plain(Styled(hint), 60)]
    assert lines == ["enter: keep this rating   1-4 change it   u undo  e edit", "q quit"]
    assert _printed(Styled(keys_hint("u undo  q quit")), width=6).splitlines() == [
        "u undo",
        "q quit",
    ]
