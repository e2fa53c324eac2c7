"""The deck index: a start with unchanged decks parses nothing; a changed deck file is parsed
again alone; the checks between decks and the course order still hold for the whole folder."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from studykit.decks import open_deck_folder
from studykit.decks import reindex as reindex_module
from studykit.decks.index import CHECK_GRAIN_NS, index_path
from studykit.errors import DeckError
from studykit.study.store import ProgressStore, Selection
from tests.cli.quiz_support import QUIZ_DECKS, quiz_env

OLD_NS = 1_600_000_000 * 10**9
"""A modification time long before any index is built (the file has aged)."""


def _deck(deck_id: str, cards: int = 2, needs: tuple[str, ...] = (), word: str = "a") -> str:
    lines = [f"id: {deck_id}", f"title: Deck {deck_id}"]
    if needs:
        lines.append(f"prerequisites: [{', '.join(needs)}]")
    lines.append("cards:")
    for n in range(cards):
        lines += [f"  - id: c{n}", "    kind: basic", f"    front: Q {n} *{word}*?", "    back: A."]
    return "\n".join(lines) + "\n"


def _write(path: Path, text: str, mtime_ns: int | None = OLD_NS) -> None:
    path.write_text(text)
    if mtime_ns is not None:
        os.utime(path, ns=(mtime_ns, mtime_ns))


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    decks = tmp_path / "decks"
    decks.mkdir()
    _write(decks / "a.yaml", _deck("a"))
    _write(decks / "b.yaml", _deck("b", needs=("a",)))
    _write(decks / "c.yaml", _deck("c"))
    return decks


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record the name of every deck file the index parses."""
    found: list[str] = []
    real = reindex_module.load_deck_file

    def counting(path: Path, folder: Path | None = None) -> object:
        found.append(path.name)
        return real(path, folder)

    monkeypatch.setattr(reindex_module, "load_deck_file", counting)
    return found


def _open(folder: Path, cache: Path) -> list[str]:
    """Open the folder through its index; return its item keys in course order."""
    decks = open_deck_folder(folder, cache)
    try:
        return [entry.key for entry in decks.entries()]
    finally:
        decks.close()


def test_an_unchanged_folder_is_not_parsed_again(
    folder: Path, tmp_path: Path, parsed: list[str]
) -> None:
    first = _open(folder, tmp_path / "cache")
    assert sorted(parsed) == ["a.yaml", "b.yaml", "c.yaml"]
    parsed.clear()
    assert _open(folder, tmp_path / "cache") == first
    assert parsed == []


def test_editing_one_deck_parses_that_deck_alone(
    folder: Path, tmp_path: Path, parsed: list[str]
) -> None:
    _open(folder, tmp_path / "cache")
    parsed.clear()
    _write(folder / "c.yaml", _deck("c", cards=3), mtime_ns=None)
    keys = _open(folder, tmp_path / "cache")
    assert parsed == ["c.yaml"]
    assert keys == ["a/c0", "a/c1", "c/c0", "c/c1", "c/c2", "b/c0", "b/c1"]


def test_a_file_touched_but_unchanged_is_not_parsed(
    folder: Path, tmp_path: Path, parsed: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from studykit.decks import index as index_module

    _open(folder, tmp_path / "cache")
    parsed.clear()
    os.utime(folder / "a.yaml", ns=(OLD_NS, OLD_NS + 10**9))  # content unchanged
    hashed: list[Path] = []
    real_digest = index_module.digest
    monkeypatch.setattr(index_module, "digest", lambda p: hashed.append(p) or real_digest(p))
    _open(folder, tmp_path / "cache")
    assert hashed == [folder / "a.yaml"]  # compared by digest once, then re-stamped
    _open(folder, tmp_path / "cache")
    assert parsed == [] and hashed == [folder / "a.yaml"]


def test_a_touched_file_is_re_stamped_without_the_loader(folder: Path, tmp_path: Path) -> None:
    """Saving a deck again without a change costs a digest, not the YAML loader's import."""
    import subprocess
    import sys

    _open(folder, tmp_path / "cache")
    os.utime(folder / "b.yaml", ns=(OLD_NS, OLD_NS + 10**9))
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from studykit.decks import open_deck_folder\n"
        f"open_deck_folder(Path({str(folder)!r}), Path({str(tmp_path / 'cache')!r}))\n"
        "print(sorted(m for m in sys.modules if m.startswith(('yaml', 'studykit.load.folder'))))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "[]"


def test_a_change_that_keeps_size_and_time_is_found_by_digest_while_recent(
    tmp_path: Path, parsed: list[str]
) -> None:
    """A coarse file-system clock can give an edit the time of the version indexed before."""
    folder = tmp_path / "decks"
    folder.mkdir()
    stamp = 1_900_000_000 * 10**9  # "now" for the clock of this file system
    _write(folder / "a.yaml", _deck("a", word="x"), stamp)
    _open(folder, tmp_path / "cache")
    _write(folder / "a.yaml", _deck("a", word="y"), stamp)  # same size, same time
    parsed.clear()
    decks = open_deck_folder(folder, tmp_path / "cache")
    assert parsed == ["a.yaml"]
    item = decks.item("a/c0")
    assert item is not None and item.prompt == "Q 0 *y*?"


def test_an_aged_unchanged_file_is_not_even_read(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from studykit.decks import index as index_module

    _open(folder, tmp_path / "cache")
    read: list[Path] = []
    monkeypatch.setattr(index_module, "digest", lambda path: read.append(path) or "")
    _open(folder, tmp_path / "cache")
    assert read == []
    assert (OLD_NS + CHECK_GRAIN_NS) < 1_700_000_000 * 10**9  # the files had aged


def test_course_order_follows_a_changed_prerequisite(folder: Path, tmp_path: Path) -> None:
    assert _open(folder, tmp_path / "cache")[:4] == ["a/c0", "a/c1", "c/c0", "c/c1"]
    _write(folder / "c.yaml", _deck("c", needs=("b",)), mtime_ns=None)
    assert _open(folder, tmp_path / "cache") == ["a/c0", "a/c1", "b/c0", "b/c1", "c/c0", "c/c1"]
    _write(folder / "c.yaml", _deck("c"), mtime_ns=None)
    assert _open(folder, tmp_path / "cache")[2:4] == ["c/c0", "c/c1"]


def test_new_items_follow_the_course_after_decks_move(folder: Path, tmp_path: Path) -> None:
    """The day's new items come from the index's positions: they move with the decks."""
    _open(folder, tmp_path / "cache")
    _write(folder / "a.yaml", _deck("a", needs=("c",)), mtime_ns=None)
    decks = open_deck_folder(folder, tmp_path / "cache")
    store = ProgressStore(tmp_path / "progress.sqlite3")
    decks.attach_progress(store.path)
    new = [key for key, _ in decks.index.new(Selection())]
    assert new == ["c/c0", "c/c1", "a/c0", "a/c1", "b/c0", "b/c1"]
    store.close()


def test_added_and_removed_decks(folder: Path, tmp_path: Path) -> None:
    _open(folder, tmp_path / "cache")
    (folder / "c.yaml").unlink()
    _write(folder / "d.yaml", _deck("d", cards=1), mtime_ns=None)
    assert _open(folder, tmp_path / "cache") == ["a/c0", "a/c1", "d/c0", "b/c0", "b/c1"]


def test_removing_a_prerequisite_keeps_its_dependants_in_course(
    folder: Path, tmp_path: Path
) -> None:
    """An unknown prerequisite is a lint warning: the course order ignores it."""
    _open(folder, tmp_path / "cache")
    (folder / "a.yaml").unlink()
    assert _open(folder, tmp_path / "cache") == ["b/c0", "b/c1", "c/c0", "c/c1"]


def test_a_prerequisite_cycle_is_reported_and_changes_nothing(folder: Path, tmp_path: Path) -> None:
    before = _open(folder, tmp_path / "cache")
    _write(folder / "a.yaml", _deck("a", needs=("b",)), mtime_ns=None)
    with pytest.raises(DeckError, match=r"prerequisites form a cycle"):
        _open(folder, tmp_path / "cache")
    _write(folder / "a.yaml", _deck("a"), mtime_ns=None)
    assert _open(folder, tmp_path / "cache") == before


def test_an_invalid_edit_is_reported_and_the_fix_is_read(folder: Path, tmp_path: Path) -> None:
    _open(folder, tmp_path / "cache")
    _write(folder / "c.yaml", "id: c\ntitle: C\ncards:\n  - id: x\n    kind: basic\n", None)
    with pytest.raises(DeckError, match=r"c\.yaml:4:5: card 'x': 'back' is required"):
        _open(folder, tmp_path / "cache")
    _write(folder / "c.yaml", _deck("c", cards=1), mtime_ns=None)
    assert "c/c0" in _open(folder, tmp_path / "cache")


def test_a_duplicate_deck_id_across_files_is_reported(folder: Path, tmp_path: Path) -> None:
    _open(folder, tmp_path / "cache")
    _write(folder / "z.yaml", _deck("a"), mtime_ns=None)
    with pytest.raises(DeckError, match=r"z\.yaml:1:1: deck id 'a' is already used by"):
        _open(folder, tmp_path / "cache")


def test_a_damaged_or_older_index_is_rebuilt(folder: Path, tmp_path: Path) -> None:
    keys = _open(folder, tmp_path / "cache")
    path = index_path(folder, tmp_path / "cache")
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    path.write_bytes(b"\x00garbage" * 100)
    assert _open(folder, tmp_path / "cache") == keys
    with sqlite3.connect(path) as db:
        db.execute("UPDATE meta SET version = 'an older studykit'")
    db.close()
    assert _open(folder, tmp_path / "cache") == keys


def test_an_unwritable_cache_folder_costs_only_speed(folder: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "cache"
    blocker.write_text("a file where the cache folder should be")
    assert _open(folder, blocker) == _open(folder, tmp_path / "elsewhere")


def test_a_missing_deck_folder_is_reported_by_the_loader(tmp_path: Path) -> None:
    with pytest.raises(DeckError, match="no such file or folder"):
        open_deck_folder(tmp_path / "missing", tmp_path / "cache")
    assert not (tmp_path / "cache").exists()


def test_locations_are_shown_from_where_the_command_runs(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An index built from one working folder shows paths relative to the next one's."""
    monkeypatch.chdir(folder)
    open_deck_folder(folder, tmp_path / "cache").close()
    monkeypatch.chdir(tmp_path)
    decks = open_deck_folder(folder, tmp_path / "cache")
    item = decks.item("b/c1")
    assert item is not None and item.card.location.path == os.path.join("decks", "b.yaml")
    assert decks.deck("b").prerequisite_locations[0].path == os.path.join("decks", "b.yaml")


def test_another_process_updating_first_wins(folder: Path, tmp_path: Path) -> None:
    """Two starts re-index the same edit: the second sees the first's update and keeps it."""
    _open(folder, tmp_path / "cache")
    _write(folder / "c.yaml", _deck("c", cards=3), mtime_ns=None)
    from studykit.decks.index import scan, stale
    from studykit.decks.reindex import update_for
    from studykit.decks.rows import INDEX_VERSION
    from studykit.study.store import DeckIndex

    mine = DeckIndex.open(index_path(folder, tmp_path / "cache"), INDEX_VERSION)
    assert mine is not None
    seen = mine.files()
    found = scan(folder)
    change = update_for(folder, mine, found, stale(folder, seen, found))
    assert _open(folder, tmp_path / "cache")[-5:-2] == ["c/c0", "c/c1", "c/c2"]  # the other
    assert mine.update(change, seen) is False
    mine.close()


def _imported_by_a_cached_start(tmp_path: Path, command: list[str]) -> list[str]:
    """Run a command twice (the first builds the index); return what the second imported."""
    script = (
        "import json, sys\n"
        "from studykit.cli.app import main\n"
        "try:\n"
        f"    sys.argv = ['studykit', *{command!r}, '--decks', {str(QUIZ_DECKS)!r}]\n"
        "    main()\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(json.dumps(sorted(sys.modules)), file=sys.stderr)\n"
    )
    env = quiz_env(tmp_path / "progress.sqlite3")
    run = [sys.executable, "-c", script]
    subprocess.run(run, env=env, capture_output=True, text=True, timeout=60, check=True, input="")
    second = subprocess.run(
        run, env=env, capture_output=True, text=True, timeout=60, check=True, input=":q\n"
    )
    loaded: list[str] = json.loads(second.stderr.splitlines()[-1])
    return loaded


@pytest.mark.parametrize("command", [["due"], ["quiz"]])
def test_a_cached_start_imports_no_yaml_loader_markdown_parser_or_rich(
    tmp_path: Path, command: list[str]
) -> None:
    """The walk of the deck folder is shared with the loader, but the index needs only it."""
    loaded = _imported_by_a_cached_start(tmp_path, command)
    assert "studykit.load.deck_tree" in loaded
    heavy = ("yaml", "markdown_it", "rich")
    unwanted = [m for m in loaded if m.split(".")[0] in heavy or m == "studykit.load.folder"]
    assert unwanted == []


def test_the_lab_reads_the_runtime_models_of_the_folder_in_use(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from studykit.decks import runtime_models
    from tests.conftest import DECKS, FIXTURES

    own = tmp_path / "decks"
    (own / "models").mkdir(parents=True)
    (own / "models" / "mine.yaml").write_bytes((FIXTURES / "minimal-model.yaml").read_bytes())
    monkeypatch.setenv("STUDYKIT_DECKS", str(own))
    assert [m.location.path for m in runtime_models(None)] == [str(own / "models" / "mine.yaml")]
    assert [m.id for m in runtime_models(DECKS)] == ["container-runtime"]
    (own / "models" / "broken.yaml").write_text("id: [\n")
    with pytest.raises(DeckError, match=r"broken\.yaml:\d+:\d+: "):
        runtime_models(None)


def test_a_quiz_quit_at_its_first_card_loads_nothing_of_the_review_log(tmp_path: Path) -> None:
    """Export, import and fitting stay off the first card's path (issue 14)."""
    loaded = _imported_by_a_cached_start(tmp_path, ["quiz"])
    assert "studykit.study.store.progress" in loaded
    log = ("studykit.study.store.review_sync", "studykit.study.review_log", "studykit.study.replay")
    assert [name for name in loaded if name in log] == []
