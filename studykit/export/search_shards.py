"""The site's search index split into small files that a search fetches only as it needs them.

Material's search loads its whole index (`search/search_index.json`, 2.5 MB at 10,000 cards)
on every page view and builds a lunr index from it in a worker (about 1.3 s at 10,000 cards).
Instead, the studykit plugin rewrites that file into:

- `search/studykit/t/<hex>.json`: the terms starting with the same two characters (one for
  one-character terms), each with its postings `[entry, score, entry, score, ...]`, where
  the score is the term's BM25 weight in that entry without the term's rarity (which the
  worker computes from the number of postings);
- `search/studykit/d/<n>.json`: `ENTRIES_PER_FILE` entries each: location, title and the
  start of its text, as plain text;
- `search/studykit/pages.json`: the first entry of each page (a page's entries are
  consecutive), to group results by page before fetching any entry;

and leaves in `search/search_index.json` only the settings, with what the worker needs to
read a query (stop words, number of entries): a page view fetches no index at all. The
search worker (`assets/search-worker.js`) fetches the term files of the words typed and the
entry files of the best results. Pure: no MkDocs here.
"""

from __future__ import annotations

import html
import json
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import Any

FOLDER = "studykit"
"""The folder of the split index, inside the site's `search/` folder."""
ENTRIES_PER_FILE = 64
K1, B = 1.2, 0.75
"""BM25's term-frequency saturation and length normalisation."""
TEXT_CHARS = 240
"""How much of an entry's text its search result shows."""
TITLE_WEIGHT = 8
"""A word of an entry's title counts this many times a word of its text."""
STOP_WORDS = (
    # fmt: off
    "a",
    "an",
    "and",
    "are",
    "as",
    "at",
    "be",
    "but",
    "by",
    "for",
    "from",
    "has",
    "have",
    "if",
    "in",
    "into",
    "is",
    "it",
    "its",
    "of",
    "on",
    "or",
    "such",
    "that",
    "the",
    "their",
    "then",
    "there",
    "these",
    "they",
    "this",
    "to",
    "was",
    "were",
    "will",
    "with",
    # fmt: on
)
"""Common English words that find nothing (used when the search pipeline has stopWordFilter)."""
_TAG = re.compile(r"<[^>]*>")
_EDGES = re.compile(r"^[\W_]+|[\W_]+$")
"""What is not a letter or digit at either end of a term ("cgroup?" is "cgroup")."""


def plain(text: str) -> str:
    """Return HTML as plain text on one line."""
    return " ".join(html.unescape(_TAG.sub(" ", text)).split())


def terms(text: str, separator: re.Pattern[str], stop: frozenset[str]) -> list[str]:
    """Return the search terms of a text: split (case kept, for camel case), lower, trimmed."""
    found = (
        t if t[0].isalnum() and t[-1].isalnum() else _EDGES.sub("", t)
        for t in separator.split(text)
        if t
    )
    return [t for t in map(str.lower, found) if t and t not in stop]


def shard_key(term: str) -> str:
    """Return the name of the file holding a term: its first two characters, as hex."""
    return term[:2].encode("utf-8").hex()


def split_index(index: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """Yield (path under `search/`, JSON text) of the split index and the emptied index."""
    config = index.get("config", {})
    docs = [d for d in index.get("docs", []) if isinstance(d, dict) and "location" in d]
    separator = re.compile(str(config.get("separator", r"[\s\-]+")))
    stop = frozenset(STOP_WORDS) if "stopWordFilter" in config.get("pipeline", []) else frozenset()
    postings, lengths = _postings(docs, separator, stop)
    average = sum(lengths) / len(lengths) if lengths else 1.0
    shards: dict[str, dict[str, list[int]]] = defaultdict(dict)
    for term, posting in postings.items():
        scores = ((doc, _score(weight, lengths[doc], average)) for doc, weight in posting.items())
        shards[shard_key(term)][term] = [n for pair in sorted(scores) for n in pair]
    for key, shard in shards.items():
        yield f"{FOLDER}/t/{key}.json", _json(shard)
    for start in range(0, len(docs), ENTRIES_PER_FILE):
        chunk = docs[start : start + ENTRIES_PER_FILE]
        yield f"{FOLDER}/d/{start // ENTRIES_PER_FILE}.json", _json([_entry(d) for d in chunk])
    yield f"{FOLDER}/pages.json", _json(_page_starts(docs))
    settings = {"stop": sorted(stop), "count": len(docs), "perFile": ENTRIES_PER_FILE}
    yield "search_index.json", _json({"config": {**config, FOLDER: settings}, "docs": []})


def _score(weight: int, length: int, average: float) -> int:
    """Return BM25's weight of a term in an entry, times 100, without the term's rarity."""
    norm = 1 - B + B * length / (average or 1.0)
    return round(100 * weight * (K1 + 1) / (weight + K1 * norm))


def _page_starts(docs: list[dict[str, Any]]) -> list[int]:
    """Return the number of the first entry of each run of entries of one page."""
    starts, previous = [], None
    for number, doc in enumerate(docs):
        page = str(doc["location"]).split("#", 1)[0]
        if page != previous:
            starts.append(number)
            previous = page
    return starts


def _postings(
    docs: list[dict[str, Any]], separator: re.Pattern[str], stop: frozenset[str]
) -> tuple[dict[str, dict[int, int]], list[int]]:
    """Return each term's weight in each entry, and each entry's length in terms."""
    postings: dict[str, dict[int, int]] = defaultdict(dict)
    lengths = []
    for number, doc in enumerate(docs):
        title = terms(plain(str(doc.get("title", ""))), separator, stop)
        text = terms(plain(str(doc.get("text", ""))), separator, stop)
        for term, weight in _weights(title, text):
            postings[term][number] = weight
        lengths.append(len(title) + len(text))
    return postings, lengths


def _weights(title: Iterable[str], text: Iterable[str]) -> Iterator[tuple[str, int]]:
    """Yield each term with its weight: its count in the text plus TITLE_WEIGHT per title use."""
    counts: dict[str, int] = defaultdict(int)
    for term in title:
        counts[term] += TITLE_WEIGHT
    for term in text:
        counts[term] += 1
    yield from counts.items()


def _entry(doc: dict[str, Any]) -> list[str]:
    """Return an entry as the worker shows it: location, title, start of the text."""
    text = plain(str(doc.get("text", "")))
    if len(text) > TEXT_CHARS:
        text = text[:TEXT_CHARS].rsplit(" ", 1)[0] + " …"
    return [str(doc["location"]), plain(str(doc.get("title", ""))), text]


def _json(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))
