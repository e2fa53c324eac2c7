"""The split search index: nothing but settings on a page view, terms and entries on demand."""

from __future__ import annotations

import json
import re

from studykit.export.search_shards import ENTRIES_PER_FILE, shard_key, split_index, terms

SEPARATOR = r'[\s\-,:!=\[\]()"/]+|(?!\b)(?=[A-Z][a-z])|\.(?!\d)|&[lg]t;'
CONFIG = {"separator": SEPARATOR, "pipeline": ["stopWordFilter"], "lang": ["en"]}
DOCS = [
    {"location": "decks/cgroups/", "title": "Control groups", "text": "<p>Limits.</p>"},
    {"location": "decks/cgroups/#a", "title": "What is a cgroup?", "text": "A <b>group</b>"},
    {"location": "decks/cgroups/#b", "title": "Memory", "text": "cgroup memory.max &amp; OOM"},
    {"location": "decks/ns/", "title": "Namespaces", "text": ""},
    {"location": "decks/ns/#c", "title": "PID namespace", "text": "Hides the cgroup tree? No."},
]


def _split(docs: list[dict[str, str]]) -> dict[str, object]:
    return {path: json.loads(text) for path, text in split_index({"config": CONFIG, "docs": docs})}


def test_the_page_index_keeps_the_settings_and_no_entry() -> None:
    stub = _split(DOCS)["search_index.json"]
    assert isinstance(stub, dict) and stub["docs"] == []
    assert stub["config"]["separator"] == CONFIG["separator"]
    assert stub["config"]["studykit"]["count"] == len(DOCS)
    assert "the" in stub["config"]["studykit"]["stop"]


def test_each_term_is_in_the_file_of_its_first_two_characters() -> None:
    files = _split(DOCS)
    shard = files[f"studykit/t/{shard_key('cgroup')}.json"]
    assert isinstance(shard, dict)
    assert shard["cgroup"][::2] == [1, 2, 4]  # title and text, HTML and entities read as text
    scores = dict(zip(shard["cgroup"][::2], shard["cgroup"][1::2], strict=True))
    assert scores[1] > scores[4]  # a title word weighs more than one in the text
    assert all(shard_key(t) == shard_key("cgroup") for t in shard)
    indexed = {t for path, f in files.items() if "/t/" in path and isinstance(f, dict) for t in f}
    assert {"what", "hides", "memory", "max", "oom"} <= indexed
    assert not {"is", "a", "the"} & indexed  # stop words find nothing, so they are not kept


def test_entries_are_plain_text_in_files_of_a_fixed_size_and_pages_start_runs() -> None:
    many = [{"location": f"p{n // 10}/#s{n}", "title": f"T{n}", "text": "x"} for n in range(150)]
    files = _split(many)
    chunks = [files[f"studykit/d/{n}.json"] for n in range(3)]
    assert [len(c) for c in chunks] == [
        ENTRIES_PER_FILE,
        ENTRIES_PER_FILE,
        150 - 2 * ENTRIES_PER_FILE,
    ]
    assert files["studykit/pages.json"] == list(range(0, 150, 10))
    memory = _split(DOCS)["studykit/d/0.json"][2]
    assert memory == ["decks/cgroups/#b", "Memory", "cgroup memory.max & OOM"]


def test_terms_split_like_the_configured_separator_and_drop_stop_words() -> None:
    separator = re.compile(SEPARATOR)
    found = terms("The (cgroups). memory.max: OOMKilled v1.2", separator, frozenset({"the"}))
    assert found == ["cgroups", "memory", "max", "oom", "killed", "v1.2"]
