"""The practice page's review log (progress_log.js, under Node) reads, merges and replays as studykit."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from studykit.study.config import Settings
from studykit.study.replay import merge, replay
from studykit.study.review_log import ReviewLogError, parse_log
from studykit.study.scheduler import Scheduler
from studykit.study.store import to_ms
from tests.study.test_review_log import BAD, _reviews, _text

PROGRESS_JS = Path(__file__).parents[2] / "studykit" / "export" / "assets" / "progress_log.js"
RUN = """
const log = require(process.argv[1]);
const input = JSON.parse(require("fs").readFileSync(0, "utf8"));
const attempt = (text) => { try { return log.parseLog(text, "log.jsonl"); } catch (e) { return {error: e.message}; } };
const parsed = input.files.map(attempt);
const a = log.parseLog(input.a, "a").reviews, b = log.parseLog(input.b, "b").reviews;
const ab = log.merge(log.merge([], a).reviews, b).reviews;
const ba = log.merge(log.merge([], b).reviews, a).reviews;
const settings = log.parseLog(input.a, "a").settings;
process.stdout.write(JSON.stringify({parsed, ab: ab.map((r) => r.id), ba: ba.map((r) => r.id),
  schedules: log.replay(ab, settings, null)}));
"""


def _node(payload: dict[str, Any]) -> dict[str, Any]:
    node = shutil.which("node")
    if node is None:
        pytest.fail("Node.js is missing: apt-get install nodejs (or run .ci/install-browser.sh)")
    done = subprocess.run(
        [node, "-e", RUN, str(PROGRESS_JS)], input=json.dumps(payload),
        capture_output=True, text=True, check=True, timeout=60,
    )  # fmt: skip
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def test_the_page_reads_merges_and_replays_as_the_terminal() -> None:
    a, b = _reviews(1, 60), _reviews(2, 60)
    b += a[:20]  # reviews both sides already share
    files = [_text(a).decode()] + [text for text, _ in BAD]
    result = _node({"files": files, "a": files[0], "b": _text(b).decode()})

    first = result["parsed"][0]
    assert [
        (r["id"], r["key"], r["time"], r["rating"], r["duration"], r["origin"])
        for r in first["reviews"]
    ] == [(r.id, r.key, to_ms(r.at), int(r.rating), r.duration_ms, r.origin) for r in a]
    for (text, _), got in zip(BAD, result["parsed"][1:], strict=True):
        with pytest.raises(ReviewLogError) as raised:
            parse_log(text.encode(), "log.jsonl")
        where = str(raised.value).split(": ")[0]  # the file and line both sides refuse at
        assert got.get("error", "").split(": ")[0] == where, (text, got)

    merged = merge(merge([], a).reviews, b).reviews
    assert result["ab"] == result["ba"] == [r.id for r in merged]
    history = replay(merged, Scheduler(Settings()))
    expected = {key: to_ms(steps[-1].after.due) for key, steps in history.items()}
    assert {key: s["due"] for key, s in result["schedules"].items()} == expected


def test_review_ids_made_in_the_browser_are_fresh_hex() -> None:
    node = shutil.which("node")
    assert node is not None
    script = (
        "const log = require(process.argv[1]); global.localStorage = {getItem: () => null, setItem() {}};"
        "const p = new log.Progress(null); const ids = [];"
        "for (let i = 0; i < 200; i++) ids.push(p.answer('d/a', 3, 1770000000000 + i * 60000, 10).id);"
        "process.stdout.write(JSON.stringify(ids));"
    )
    done = subprocess.run([node, "-e", script, str(PROGRESS_JS)], capture_output=True, text=True,
                          check=True, timeout=60)  # fmt: skip
    ids = json.loads(done.stdout)
    assert len(set(ids)) == 200
    assert all(len(i) == 32 and int(i, 16) >= 0 for i in ids)
