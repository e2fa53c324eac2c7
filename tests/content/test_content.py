"""The shipped study content: sources, coverage of the seed notes and of the fact-check.

The seed notes and the fact-check live outside the repository (`../shared/`); copies are
kept next to this file so the tests run anywhere, and `test_fixtures_match_shared` notices
when the shared originals change.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest

from studykit.load.folder import load_deck_file
from studykit.model import Deck

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
DECK_DIR = ROOT / "decks"
COVERAGE = ROOT / "site" / "coverage.md"
SEEDS = HERE / "seeds"
FACT_CHECK = HERE / "seed-fact-check.md"
SHARED = ROOT.parent / "shared"

CONTENT_DECKS = (
    "virtualization",
    "hypervisors",
    "containers-vs-vms",
    "containers-and-images",
    "namespaces",
    "cgroups",
    "oci-images",
    "dockerfile-practice",
    "compose",
    "kubernetes",
    "sandboxed-runtimes",
    "isolation-history",
    "docker-architecture",
    "docker-workflow",
    "container-security",
    "container-networking",
    "container-storage",
    "pid1-and-init",
    "cgroup-v2",
    "runtimes-landscape",
    "orchestration",
    "cpu-virtualization",
    "memory-virtualization",
    "io-virtualization",
    "kvm-qemu",
    "live-migration",
    "virtualization-forms",
)
"""The topic decks this test owns (not the starter deck, not the runtime models)."""

MODELINE = "# yaml-language-server: $schema=../studykit/schema/deck.schema.json"
VERDICTS = {"✅": "correct", "⚠️": "imprecise", "❌": "wrong"}
_HEADING = re.compile(r"^(#{1,6} .+|\*\*[^*].*\*\*)\s*$")
_CLAIM = re.compile(r"^(\d+)\. \*\*Claim[^\n]*", re.MULTILINE)
_REF = re.compile(r"`([a-z0-9]+(?:-[a-z0-9]+)*)/([a-z0-9.#-]+)`")
_WORD = re.compile(r"[a-z0-9]+")


# ---------------------------------------------------------------- parsing helpers


def normal(text: str) -> str:
    """Return the ASCII words of a heading, lowercased (emoji, markup and mojibake dropped)."""
    return " ".join(_WORD.findall(text.lower()))


def seed_headings(text: str) -> list[str]:
    """Return the section headings of a note: Markdown headings and lines that are only bold."""
    return [line.strip() for line in text.splitlines() if _HEADING.match(line.strip())]


def claim_verdicts(text: str) -> dict[int, str]:
    """Return each claim number of the fact-check with the first verdict on its line."""
    found = {}
    for match in _CLAIM.finditer(text):
        line = match.group(0)
        marks = [(line.find(mark), word) for mark, word in VERDICTS.items() if mark in line]
        found[int(match.group(1))] = min(marks)[1] if marks else ""
    return found


def table_rows(markdown: str, heading: str) -> list[list[str]]:
    """Return the body rows (as cells) of the tables under `heading`, up to the next heading."""
    rows: list[list[str]] = []
    inside = False
    for line in markdown.splitlines():
        if line.startswith("#"):
            inside = line.strip() == heading or (
                heading.endswith("*") and line.startswith(heading[:-1])
            )
            continue
        if inside and line.startswith("|") and not re.match(r"^\|[\s|:-]+\|$", line):
            cells = [c.strip() for c in re.split(r"(?<!\\)\|", line.strip())[1:-1]]
            rows.append(cells)
    return [row for row in rows if row and row[0] not in ("#", "Section", "Topic", "Deck")]


def coverage_sections(markdown: str, seed_name: str) -> set[str]:
    """Return the normalized section names the coverage page lists for one seed file."""
    rows = table_rows(markdown, f"### `{seed_name}`*")
    return {normal(row[0].strip("`").replace("\\|", "|")) for row in rows}


def missing_sections(note: str, covered: set[str]) -> list[str]:
    """Return the headings of a note that the coverage page does not list."""
    return [h for h in seed_headings(note) if normal(h) not in covered]


def refs_in(text: str) -> Iterator[tuple[str, str]]:
    """Yield every `deck/item` reference written in backticks."""
    for match in _REF.finditer(text):
        yield match.group(1), match.group(2)


def item_ids(deck: Deck) -> set[str]:
    """Return the ids a coverage reference may name: cards, tables and diagrams."""
    return {c.id for c in deck.cards} | {t.id for t in deck.tables} | {d.id for d in deck.diagrams}


def unknown_refs(refs: Iterable[tuple[str, str]], decks: dict[str, Deck]) -> list[str]:
    """Return the references that name no deck, or no card, table or diagram of it."""
    return [
        f"{deck}/{item}"
        for deck, item in refs
        if deck not in decks or item not in item_ids(decks[deck])
    ]


def source_problems(deck: Deck) -> list[str]:
    """Return every missing, undefined or unused source of a deck."""
    defined = {s.id for s in deck.sources}
    users = [("card", c.id, c.source) for c in deck.cards]
    users += [("table", t.id, t.source) for t in deck.tables]
    users += [("diagram", d.id, d.source) for d in deck.diagrams]
    problems = [f"{what} '{i}' has no source" for what, i, src in users if not src]
    problems += [
        f"{what} '{i}' cites undefined source '{src}'"
        for what, i, src in users
        if src and src not in defined
    ]
    used = {src for _, _, src in users}
    problems += [f"source '{s}' is used by nothing" for s in sorted(defined - used)]
    problems += [
        f"source '{s.id}' has no https URL"
        for s in deck.sources
        if not s.url.startswith("https://")
    ]
    return problems


# ---------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def decks() -> dict[str, Deck]:
    """Load the content decks with the project's own loader; any problem fails."""
    loaded: dict[str, Deck] = {}
    for deck_id in CONTENT_DECKS:
        path = DECK_DIR / f"{deck_id}.yaml"
        assert path.is_file(), f"missing deck file {path}"
        deck, issues = load_deck_file(path)
        errors = [str(i) for i in issues if i.severity.name == "ERROR"]
        assert deck is not None and not errors, errors
        loaded[deck_id] = deck
    return loaded


@pytest.fixture(scope="module")
def coverage() -> str:
    """Return the coverage page."""
    assert COVERAGE.is_file(), f"missing {COVERAGE}"
    return COVERAGE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def verdicts() -> dict[int, str]:
    """Return the fact-check's claim numbers and verdicts."""
    return claim_verdicts(FACT_CHECK.read_text(encoding="utf-8"))


# ---------------------------------------------------------------- decks


@pytest.mark.parametrize("deck_id", CONTENT_DECKS)
def test_deck_starts_with_schema_modeline(deck_id: str) -> None:
    first = (DECK_DIR / f"{deck_id}.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first == MODELINE


@pytest.mark.parametrize("deck_id", CONTENT_DECKS)
def test_every_item_cites_a_defined_source_and_every_source_is_used(
    decks: dict[str, Deck], deck_id: str
) -> None:
    assert source_problems(decks[deck_id]) == []


def test_deck_file_names_match_deck_ids(decks: dict[str, Deck]) -> None:
    assert {d.id for d in decks.values()} == set(CONTENT_DECKS)


def test_no_prompt_is_asked_twice_across_decks(decks: dict[str, Deck]) -> None:
    seen: dict[str, str] = {}
    repeated = []
    for deck in decks.values():
        for card in deck.cards:
            key = f"{card.kind}:{normal(card.prompt)}"
            if key in seen:
                repeated.append(f"{deck.id}/{card.id} repeats {seen[key]}")
            seen[key] = f"{deck.id}/{card.id}"
    assert repeated == []


def test_true_false_cards_explain_themselves(decks: dict[str, Deck]) -> None:
    bare = [
        f"{d.id}/{c.id}"
        for d in decks.values()
        for c in d.cards
        if c.kind == "truefalse" and not c.explanation
    ]
    assert bare == []


def test_every_card_kind_is_used(decks: dict[str, Deck]) -> None:
    kinds = {str(c.kind) for d in decks.values() for c in d.cards}
    assert kinds == {"basic", "typed", "choice", "truefalse", "cloze", "order"}


def test_well_over_two_hundred_cards(decks: dict[str, Deck]) -> None:
    assert sum(len(d.cards) for d in decks.values()) >= 250


def test_required_tables_and_diagrams_exist(decks: dict[str, Deck]) -> None:
    tables = {f"{d.id}/{t.id}": t for d in decks.values() for t in d.tables}
    diagrams = {f"{d.id}/{g.id}" for d in decks.values() for g in d.diagrams}
    vs = tables["containers-vs-vms/containers-vs-vms"]
    rows = {normal(r[0]) for r in vs.rows}
    wanted = {"definition", "overhead", "startup", "isolation", "performance"}
    wanted |= {"portability", "weight", "examples"}
    assert all(any(w in r for r in rows) for w in wanted), rows
    assert vs.quiz and tables["hypervisors/type1-vs-type2"].quiz
    assert {
        "hypervisors/type1-stack",
        "hypervisors/type2-stack",
        "containers-vs-vms/container-vs-vm-architecture",
        "docker-architecture/docker-architecture",
        "docker-workflow/build-run-workflow",
    } <= diagrams
    order_cards = {f"{d.id}/{c.id}" for d in decks.values() for c in d.cards if c.kind == "order"}
    assert "docker-workflow/build-run-workflow" in order_cards


# ---------------------------------------------------------------- coverage page


@pytest.mark.parametrize("seed", sorted(p.name for p in SEEDS.glob("*.txt")))
def test_every_seed_section_is_in_the_coverage_map(coverage: str, seed: str) -> None:
    note = (SEEDS / seed).read_text(encoding="utf-8")
    covered = coverage_sections(coverage, seed)
    assert covered, f"the coverage page has no table for {seed}"
    assert missing_sections(note, covered) == []


def test_every_coverage_reference_exists(coverage: str, decks: dict[str, Deck]) -> None:
    table_lines = "\n".join(line for line in coverage.splitlines() if line.startswith("|"))
    refs = list(refs_in(table_lines))
    assert len(refs) > 200
    assert unknown_refs(refs, decks) == []


def test_every_fact_check_claim_is_taught(coverage: str, verdicts: dict[int, str]) -> None:
    assert len(verdicts) == 97 and sorted(verdicts) == list(range(1, 98))
    rows = {int(r[0]): r for r in table_rows(coverage, "## Claims of the fact-check")}
    missing = [n for n in verdicts if n not in rows or not list(refs_in(rows[n][-1]))]
    assert missing == []
    wrong_verdict = [n for n, v in verdicts.items() if rows[n][2] != v]
    assert wrong_verdict == []


def test_every_correction_is_listed_with_a_source(coverage: str, verdicts: dict[int, str]) -> None:
    rows = {int(r[0]): r for r in table_rows(coverage, "## Corrections")}
    needed = [n for n, v in verdicts.items() if v in ("imprecise", "wrong")]
    assert len(needed) == 30
    missing = [n for n in needed if n not in rows]
    assert missing == []
    for n in needed:
        claim, verdict, corrected, source = rows[n][1:5]
        assert verdict == verdicts[n], n
        assert claim and len(corrected) > 20, n
        assert re.search(r"\]\(https?://", source), n


# ---------------------------------------------------------------- the checks can fail


def test_a_missing_section_is_reported() -> None:
    note = "# Intro\n\n## Docker Conatiner\n\n**Bold heading:**\ntext **not a heading** here\n"
    assert missing_sections(note, {"intro", "bold heading"}) == ["## Docker Conatiner"]


def test_an_unknown_reference_is_reported(decks: dict[str, Deck]) -> None:
    refs = [("hypervisors", "hyperkit-type1"), ("hypervisors", "nope"), ("nodeck", "x")]
    assert unknown_refs(refs, decks) == ["hypervisors/nope", "nodeck/x"]


def test_an_unused_or_undefined_source_is_reported(decks: dict[str, Deck]) -> None:
    from dataclasses import replace

    from studykit.model import Source

    deck = decks["cgroups"]
    extra = Source(id="unused", title="Unused", url="http://example.org")
    broken = replace(deck, sources=(*deck.sources, extra))
    broken = replace(broken, cards=(replace(deck.cards[0], source="nowhere"), *deck.cards[1:]))
    problems = source_problems(broken)
    assert f"card '{deck.cards[0].id}' cites undefined source 'nowhere'" in problems
    assert "source 'unused' is used by nothing" in problems
    assert "source 'unused' has no https URL" in problems


def test_verdicts_are_read_from_the_claim_line() -> None:
    text = "1. **Claim:** a ✅ x\n   - ⚠️ detail\n2. **Claim:** b ❌ for c\n"
    assert claim_verdicts(text) == {1: "correct", 2: "wrong"}


def test_fixtures_match_shared() -> None:
    if not SHARED.is_dir():
        pytest.skip(f"{SHARED} is not present; the copies in {HERE} are the reference")
    pairs = [(SEEDS / p.name, p) for p in (SHARED / "seeds").glob("*.txt")]
    pairs.append((FACT_CHECK, SHARED / "research" / "seed-fact-check.md"))
    stale = [str(ours) for ours, theirs in pairs if ours.read_bytes() != theirs.read_bytes()]
    assert stale == [], "copy the changed files from ../shared and update the decks"
