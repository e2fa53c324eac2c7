"""The review log: its JSON Lines format, merging by review id, and replay through FSRS."""

from __future__ import annotations

import json
import random
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from studykit.study.card_state import NEW, Rating
from studykit.study.config import Settings
from studykit.study.replay import merge, replay
from studykit.study.review_log import (
    LogReview,
    ReviewLogError,
    SchedulerSpec,
    dump_log,
    parse_log,
)
from studykit.study.scheduler import DEFAULT_PARAMETERS, Scheduler

START = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)
SPEC = SchedulerSpec(DEFAULT_PARAMETERS, Settings())
KEYS = ("oci/runc", "oci/shim", "ns/pid#c1", "ns/pid#c2", "cg/table-row-1")


def _review(rng: random.Random, n: int) -> LogReview:
    at = START + timedelta(milliseconds=rng.randrange(200 * 86_400_000))
    return LogReview(
        f"{rng.getrandbits(128):032x}", rng.choice(KEYS), at, Rating(rng.randint(1, 4)),
        rng.choice((None, rng.randrange(60_000))), rng.choice(("terminal", "browser")),
    )  # fmt: skip


def _reviews(seed: int, count: int) -> list[LogReview]:
    rng = random.Random(seed)
    return [_review(rng, n) for n in range(count)]


reviews_strategy = st.builds(_reviews, st.integers(0, 2**32), st.integers(0, 40))


def _text(reviews: list[LogReview]) -> bytes:
    return "".join(dump_log(reviews, SPEC, "terminal", START)).encode()


def _schedules(reviews: tuple[LogReview, ...]) -> dict[str, object]:
    history = replay(reviews, Scheduler(Settings()))
    return {key: steps[-1].after for key, steps in history.items()}


@settings(max_examples=40, deadline=None)
@given(reviews_strategy)
def test_a_log_reads_back_as_written(reviews: list[LogReview]) -> None:
    parsed = parse_log(_text(reviews), "log.jsonl")
    assert parsed.reviews == tuple(reviews)
    assert parsed.scheduler == SPEC
    assert (parsed.origin, parsed.exported_at) == ("terminal", START)


@settings(max_examples=40, deadline=None)
@given(reviews_strategy, reviews_strategy, reviews_strategy)
def test_merging_is_idempotent_and_order_free(
    base: list[LogReview], a: list[LogReview], b: list[LogReview]
) -> None:
    shared = a[: len(a) // 2]  # B also holds some of A's reviews, as two synced machines do
    b = b + shared
    ab = merge(merge(base, a).reviews, b)
    ba = merge(merge(base, b).reviews, a)
    assert ab.reviews == ba.reviews
    assert merge(ab.reviews, a).added == merge(ab.reviews, b).added == ()
    assert merge(ab.reviews, ab.reviews).reviews == ab.reviews
    assert _schedules(ab.reviews) == _schedules(ba.reviews)


@settings(max_examples=20, deadline=None)
@given(reviews_strategy)
def test_replay_gives_what_answering_gave(reviews: list[LogReview]) -> None:
    scheduler = Scheduler(Settings())
    live = {}
    for review in sorted(reviews, key=lambda r: (r.at, r.id)):
        live[review.key] = scheduler.review(
            live.get(review.key, NEW), review.rating, review.at, review.key
        )
    assert _schedules(merge([], reviews).reviews) == live


def test_an_id_with_other_content_refuses_the_import() -> None:
    review = _review(random.Random(1), 0)
    changed = review._replace(rating=Rating(review.rating % 4 + 1))
    with pytest.raises(ReviewLogError, match=f"review {review.id} is already known"):
        merge([review], [changed])
    with pytest.raises(ReviewLogError, match="already known"):
        merge([], [review, changed])


def _line(**fields: object) -> str:
    base: dict[str, object] = {"id": "0" * 32, "key": "oci/runc", "time": "2026-11-30T09:15:02.118Z",
                               "rating": 3, "duration_ms": 4200, "origin": "browser"}  # fmt: skip
    base.update(fields)
    return json.dumps(base)


HEADER = "".join(dump_log([], SPEC, "terminal", START)).strip()
BAD = [
    ("", "log.jsonl:1: empty"),
    ("key,rating\noci/runc,3\n", "log.jsonl:1: not a studykit review log"),
    ('{"format": "anki"}\n', "log.jsonl:1: not a studykit review log"),
    (HEADER.replace('"version":1', '"version":2'), "log.jsonl:1: review log version 2 is newer"),
    (HEADER.replace('"fuzz":true', '"fuzz":"yes"'), "log.jsonl:1: 'fuzz' has the wrong type"),
    (HEADER.replace('"parameters":[0.212', '"parameters":[900'), "log.jsonl:1: .*out of bounds"),
    (
        HEADER.replace('"desired_retention":0.9', '"desired_retention":1.5'),
        "log.jsonl:1: .*desired_retention",
    ),
    (HEADER + "\n[1, 2]", "log.jsonl:2: not a JSON object"),
    (HEADER + "\n" + _line(id="xyz"), "log.jsonl:2: 'id' must be 32"),
    (HEADER + "\n" + _line(rating=5), "log.jsonl:2: 'rating' must be"),
    (HEADER + "\n" + _line(rating=True), "log.jsonl:2: 'rating' must be"),
    (HEADER + "\n" + _line(time="2026-11-30 09:15"), "log.jsonl:2: 'time' must be a UTC time"),
    (
        HEADER + "\n" + _line(time="2026-02-30T09:15:02.118Z"),
        "log.jsonl:2: 'time' is not a real date",
    ),
    (HEADER + "\n" + _line(key="nodeck"), "log.jsonl:2: 'key' must be deck/card"),
    (HEADER + "\n" + _line(duration_ms=-1), "log.jsonl:2: 'duration_ms' must be"),
    (HEADER + "\n" + _line() + "\n" + _line(origin=""), "log.jsonl:3: 'origin' must be text"),
]


@pytest.mark.parametrize(("text", "message"), BAD)
def test_a_malformed_or_foreign_file_is_refused_at_its_line(text: str, message: str) -> None:
    with pytest.raises(ReviewLogError, match=message) as raised:
        parse_log(text.encode(), "log.jsonl")
    assert str(raised.value).endswith("nothing imported")


def test_a_binary_file_is_refused() -> None:
    with pytest.raises(ReviewLogError, match="log.jsonl: not UTF-8 text"):
        parse_log(b"\xff\xfe\x00bin", "log.jsonl")
