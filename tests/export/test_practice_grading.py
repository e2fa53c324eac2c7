"""The practice page's grader (grading.js, under Node) follows the terminal's rule, case by case."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from studykit.study.grading import grade_typed, normalize
from tests.study.typed_answer_cases import Case, typed_answer_cases

GRADING_JS = Path(__file__).parents[2] / "studykit" / "export" / "assets" / "grading.js"
RUN = """
const grading = require(process.argv[1]);
const pairs = JSON.parse(require("fs").readFileSync(0, "utf8"));
const out = pairs.map(([given, accepted]) =>
  [grading.gradeTyped(given, accepted).verdict, grading.normalize(given)]);
process.stdout.write(JSON.stringify(out));
"""


def _node(pairs: list[tuple[str, tuple[str, ...]]]) -> list[tuple[str, str]]:
    """Return grading.js's verdict and normalized answer for each (given, accepted) pair."""
    node = shutil.which("node")
    if node is None:
        pytest.fail("Node.js is missing: apt-get install nodejs (or run .ci/install-browser.sh)")
    done = subprocess.run(
        [node, "-e", RUN, str(GRADING_JS)],
        input=json.dumps(pairs), capture_output=True, text=True, check=True, timeout=60,
    )  # fmt: skip
    return [(verdict, folded) for verdict, folded in json.loads(done.stdout)]


def _python(given: str, accepted: tuple[str, ...]) -> str:
    grade = grade_typed(given, accepted)
    return "typo" if grade.typo else "correct" if grade.correct else "wrong"


def test_the_browser_follows_the_typed_answer_table() -> None:
    cases = typed_answer_cases()
    verdicts = _node([(c.given, c.accepted) for c in cases])
    wrong = [(c.given, c.accepted, c.verdict, v) for c, (v, _) in zip(cases, verdicts, strict=True)]
    assert [w for w in wrong if w[2] != w[3]] == []


def test_the_table_covers_every_verdict_and_the_issue_cases() -> None:
    cases = {(c.given, c.accepted): c for c in typed_answer_cases()}
    assert {c.verdict for c in cases.values()} == {"correct", "typo", "wrong"}
    for typed, answer in [
        ("20 seconds", "10 seconds"),
        ("containerd-shim-runc-v1", "containerd-shim-runc-v2"),
        ("v1.3", "v1.2"),
    ]:
        case: Case = cases[(typed, (answer,))]
        assert case.verdict == "wrong"


# Letters that fold differently in naive implementations: sharp s, sigmas, dotted and dotless
# i, a ligature, full-width and accented letters, spaces JavaScript and Python disagree on
# (\x1c, \x85, \ufeff), wide spaces, circled and Arabic digits.
ALPHABET = "abcnrsu19 .-\tAßẞΣσςİıﬁｒé\u0301\u00a0\u3000\u2460\u0663\x1c\x85\ufeff"
WORDS = st.text(alphabet=ALPHABET, max_size=14)


@st.composite
def _pairs(draw: st.DrawFn) -> tuple[str, tuple[str, ...]]:
    """Return an answer near one of a few accepted answers (so typos and digits both occur)."""
    accepted = tuple(draw(st.lists(WORDS, min_size=1, max_size=3)))
    base = list(draw(st.sampled_from(accepted)))
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.integers(0, len(base)))
        base[at : at + draw(st.integers(0, 1))] = draw(st.text(alphabet=ALPHABET, max_size=1))
    return "".join(base), accepted


@settings(max_examples=12, deadline=None)
@given(pairs=st.lists(_pairs(), min_size=50, max_size=200))
def test_both_graders_agree_on_random_answers(pairs: list[tuple[str, tuple[str, ...]]]) -> None:
    browser = _node(pairs)
    terminal = [(_python(g, a), normalize(g)) for g, a in pairs]
    assert [(p, b, t) for p, b, t in zip(pairs, browser, terminal, strict=True) if b != t] == []
