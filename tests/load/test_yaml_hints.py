"""Over-indented keys get a hint in studykit's words, at the key; other texts get none."""

from __future__ import annotations

import pytest

from studykit.load.yaml_hints import over_indented
from studykit.load.yaml_source import YamlProblem, parse_text


def test_an_over_indented_key_is_named_with_the_line_above() -> None:
    text = "id: demo\ntitle: Demo\ncards:\n  - id: a\n    kind: basic\n      front: Q\n"
    with pytest.raises(YamlProblem) as caught:
        parse_text(text)
    problem = caught.value
    assert (problem.line, problem.column) == (6, 7)
    assert "'front:' is indented 6 spaces, more than 'kind:' on line 5 (4)" in problem.message


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("cards:\n  - id: a\n", 1),  # a nested mapping under a key with no value
        ("text: >\n  folded\n   more\n", 2),  # a block of text
        ("a: b\n# note\nc: d\n", 2),  # not more indented
        ("a: b\n  plain words\n", 1),  # not a key
    ],
)
def test_no_hint_where_indentation_is_not_the_problem(text: str, line: int) -> None:
    assert over_indented(text, line) is None
