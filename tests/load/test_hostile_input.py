"""Hostile files end in one clear problem, fast, and never in an exception or a hang."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from studykit.decks import open_deck_folder
from studykit.errors import DeckError
from studykit.load import load_deck_file
from studykit.load.yaml_source import MAX_DEPTH, MAX_FILE_BYTES
from studykit.model import Issue


def test_a_file_over_the_size_limit_is_refused_unread(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_bytes(b"id: big\ntitle: Big\ndescription: " + b"x" * MAX_FILE_BYTES)
    deck, issues = load_deck_file(big)
    assert deck is None
    assert [i.message for i in issues] == ["file is larger than 5 MB"]


def _one_issue_fast(path: Path) -> Issue:
    start = time.perf_counter()
    deck, issues = load_deck_file(path)
    assert time.perf_counter() - start < 2
    assert deck is None and len(issues) == 1, issues
    return issues[0]


@pytest.mark.parametrize(("opening", "closing"), [("[", "]"), ("{", "}")])
def test_deep_flow_nesting_stops_early_and_fast(tmp_path: Path, opening: str, closing: str) -> None:
    # libyaml bundled with PyYAML >= 6.0.4 refuses 1,000 flow levels in its scanner, which
    # reads ahead of the events: the problem must still be studykit's, at the first bracket
    # past the limit, whichever check sees the nesting first.
    deep = tmp_path / "deep.yaml"
    deep.write_text("tags: " + opening * 200_000 + closing * 200_000)
    block = tmp_path / "block.yaml"
    block.write_text("tags:\n" + "".join(f"{'  ' * n}- \n" for n in range(200)))
    flow_issue, block_issue = _one_issue_fast(deep), _one_issue_fast(block)
    # Located where level MAX_DEPTH + 1 opens (the deck's own mapping is level 1).
    assert (flow_issue.line, flow_issue.column) == (1, len("tags: ") + MAX_DEPTH)
    assert (block_issue.line, block_issue.column) == (MAX_DEPTH + 1, 2 * MAX_DEPTH - 1)
    assert flow_issue.message == block_issue.message
    assert str(MAX_DEPTH) in flow_issue.message


def test_an_alias_bomb_is_not_expanded(tmp_path: Path) -> None:
    levels = "abcdefghij"
    lines = ["id: bomb", "title: Bomb", "x: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [
        f"{c}: &{c} [{', '.join([f'*{p}'] * 9)}]" for p, c in zip(levels, levels[1:], strict=False)
    ]
    lines.append("tags: *j")
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text("\n".join(lines))
    start = time.perf_counter()
    deck, issues = load_deck_file(bomb)
    assert time.perf_counter() - start < 1
    assert any("'tags' item 9 must be text, not a list" in i.message for i in issues)


def test_a_recursive_alias_does_not_hang(tmp_path: Path) -> None:
    loop = tmp_path / "loop.yaml"
    loop.write_text("id: loop\ntitle: Loop\ntags: &t [a, *t]\n")
    _, issues = load_deck_file(loop)
    assert [i.message for i in issues] == ["'tags' item 2 must be text, not a list"]


def _assert_only_issues(path: Path) -> None:
    deck, issues = load_deck_file(path)
    assert deck is not None or issues
    for issue in issues:
        assert issue.path and issue.line >= 1 and issue.column >= 1 and issue.message


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.binary(max_size=400))
def test_random_bytes_give_issues_never_exceptions(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "random.yaml"
    path.write_bytes(data)
    _assert_only_issues(path)


YAML_PIECES = st.sampled_from(
    [
        "id: ",
        "title: ",
        "cards:",
        "\n",
        "  - ",
        "kind: ",
        "basic",
        "choice",
        "cloze",
        "front: ",
        "answer: ",
        "[",
        "]",
        "{",
        "}",
        ",",
        "&a ",
        "*a",
        "!!python/object ",
        "'",
        '"',
        "{{c1::x}}",
        "yes",
        "~",
        "---",
        "\t",
        ": ",
        "#",
        "|",
        ">",
        "? ",
        "choices: [a, b]",
        "items:",
        "rows:",
    ]
)


@settings(
    max_examples=500, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(pieces=st.lists(YAML_PIECES, max_size=40))
def test_random_yaml_gives_issues_never_exceptions(tmp_path: Path, pieces: list[str]) -> None:
    path = tmp_path / "random.yaml"
    path.write_text("".join(pieces), encoding="utf-8")
    _assert_only_issues(path)


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.text(max_size=300))
def test_opening_a_folder_raises_only_the_deck_error(tmp_path: Path, text: str) -> None:
    folder = tmp_path / "decks"
    folder.mkdir(exist_ok=True)
    (folder / "deck.yaml").write_text(text, encoding="utf-8")
    try:
        open_deck_folder(folder)
    except DeckError as error:
        assert error.issues
    except Exception as error:  # noqa: BLE001 - the point is that nothing else escapes
        pytest.fail(f"{type(error).__name__} escaped the loader: {error}")


@pytest.mark.parametrize("character", ["\x07", "\x0c", "\x7f", "\ufffe"])
def test_a_character_yaml_forbids_is_one_problem_where_it_is(
    tmp_path: Path, character: str
) -> None:
    path = tmp_path / "bell.yaml"
    path.write_text(f"id: bell\ntitle: Été 😀 {character} here\n", encoding="utf-8")
    deck, issues = load_deck_file(path)
    assert deck is None and len(issues) == 1
    issue = issues[0]
    assert (issue.line, issue.column) == (2, len("title: Été 😀 ") + 1)
    assert "\n" not in issue.message and f"U+{ord(character):04X}" in issue.message


@pytest.mark.parametrize("end", [b"\n", b"\r\n", b"\r"])
@pytest.mark.parametrize(("bad", "what"), [(b"\x07", "U+0007"), (b"\xff", "UTF-8")])
def test_problems_count_lines_as_yaml_does(
    tmp_path: Path, end: bytes, bad: bytes, what: str
) -> None:
    path = tmp_path / "ends.yaml"
    path.write_bytes(end.join([b"id: ends", b"title: T", b"description: ab" + bad, b""]))
    _, issues = load_deck_file(path)
    assert [(i.line, i.column) for i in issues] == [(3, 16)]
    assert what in issues[0].message
