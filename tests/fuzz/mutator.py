"""Mutate deck files the ways a deck can go wrong: each mutant is reproducible from its seed.

The mutations are line edits (delete, duplicate, swap, re-indent), scalars replaced by
every YAML type and tag, duplicate and changed ids, hostile cloze markup, hostile text that
stays valid YAML (markup, control characters, lone surrogates, 100,000 characters), aliases
and merge keys, changed kinds, a card repeated thousands of times, lines spliced from
another deck, other encodings and line ends, random bytes and truncation. A mutant applies one to three of them to one shipped deck
(or, now and then, the runtime model).
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tests.conftest import DECKS

_KEY_VALUE = re.compile(r"^(?P<head>\s*(?:- )?[A-Za-z_][\w-]*:)(?P<gap>\s+)(?P<value>\S.*)$")
_ITEM = re.compile(r"^(?P<head>\s*-)(?P<gap>\s+)(?P<value>[^\s#].*)$")
_ID = re.compile(r"^(?P<head>\s*(?:- )?id:\s+)(?P<value>\S+)\s*$")

SCALARS = (
    "~", "null", "Null", "", "''", '""', "true", "false", "yes", "No", "on", "OFF",
    "0", "-1", "+7", "0x1F", "0o17", "017", "1_000", "123456789012345678901234567890",
    "1.5", "-.inf", ".NaN", "1e400", "6.02e+23", "2024-01-01", "2001-12-14t21:59:43.10-05:00",
    "'single'", '"double \\u0000 \\x1b[31m \\U0001F600"', '"\\ud800"', "'it''s'",
    "|\n{indent}block\n{indent}text", ">-\n{indent}folded", "|+\n\n", "[]", "{}", "[a, [b, [c]]]",
    "{a: 1, b: [2]}", "[a, b", "{a: 1", "!!str 1", "!!str", "!!int x", "!!int 12", "!!int ''",
    "!!float x", "!!float 1", "!!float .inf", "!!bool maybe", "!!bool yes", "!!null x",
    "!!null ''", "!!binary aGVsbG8=", "!!timestamp 2001-12-14", "!!set {a, b}", "!!omap [a: 1]",
    "!!pairs [a: 1]", "!!seq [a]", "!!map {a: b}", "!!seq x", "!!map x",
    "!!python/object/apply:os.system ['true']", "!!python/name:os.system ''", "!local x",
    "!<tag:yaml.org,2002:str> x", "!<tag:example.com,2000:app/foo> x", "!!str &a x", "&a x",
    "*a", "*undefined", "? complex key", "- dangling", "x: y: z", "@reserved", "`backtick",
    "%directive", "'{{c1::x}}'", "<script>alert(1)</script>", '"javascript:alert(1)"',
    "é😀\u202e\u200b", "\t", "x" * 300_000, "[" + "x, " * 20_000 + "x]", "ÿ\u0085line",
)  # fmt: skip
"""What a scalar may be replaced with: every YAML type, tag, indicator and size."""

CLOZES = (
    "{{c1::}}", "{{c0::x}}", "{{c-1::x}}", "{{C1::x}}", "{{c1::x", "x}}", "{{c1::a::b::c}}",
    "{{c1::{{c2::x}}}}", "{{c" + "9" * 5000 + "::x}}", "{{c99999999999999999999::x}}",
    "{{c1::x::}}", "{{c1::\\n}}", "{{c1::x}}" * 5000, "{{c2::only two}}", "{{c1:: }}",
    "{{c1::[...]}}", "{{c1::<b onclick=alert(1)>x</b>}}", "{{c1::x}" + "}" * 100,
    "{" * 10_000, "{{c1::" * 3000 + "x" + "}}" * 3000,
)  # fmt: skip
"""Cloze deletions written wrong, nested, empty, numbered absurdly, or by the thousand."""

TEXTS = (
    "<script>window.x=1</script>", "<img src=x onerror=alert(1)>", "[link](javascript:alert(1))",
    "**bold** `code` _em_ ~~del~~", "| a | b |\n|---|---|\n| 1 | 2 |", "```mermaid\nclick A call x()\n```",
    "\u0000 NUL", "\ud800 lone surrogate", "\ue000\U0010FFFF", "\u202e right-to-left", "😀" * 500,
    "x" * 100_000, "\n" * 50, "   ", "{{c1::not a cloze here}}", "&amp; &lt; &#0; &#x110000;",
    "%%{init: {'securityLevel': 'loose'}}%%", "---\nfront: matter", "# heading\n\n- list",
    "'", '\\"', "\\", "\t\ttabs", "=HYPERLINK(\"http://x\")", "+1", "-1", "@SUM(1)",
    "é" * 3, "\u0085 next line \u2028 separator", "0", "true", "null",
)  # fmt: skip
"""Text a field may hold (written double-quoted, so it stays text): markup, controls, size."""
SLUGS = ("a", "0", "a-b-c", "x" * 64, "runtime-behaviour", "cgroups", "id", "-", "a--b")

Lines = list[str]


def _pick_line(rng: random.Random, lines: Lines, pattern: re.Pattern[str]) -> int | None:
    found = [n for n, line in enumerate(lines) if pattern.match(line)]
    return rng.choice(found) if found else None


def delete_line(rng: random.Random, lines: Lines) -> str:
    """Delete a line."""
    if lines:
        del lines[rng.randrange(len(lines))]
    return "delete a line"


def duplicate_line(rng: random.Random, lines: Lines) -> str:
    """Duplicate a line in place."""
    if lines:
        number = rng.randrange(len(lines))
        lines.insert(number, lines[number])
    return "duplicate a line"


def swap_lines(rng: random.Random, lines: Lines) -> str:
    """Swap two lines (near ones more often)."""
    if len(lines) > 1:
        first = rng.randrange(len(lines))
        spread = rng.choice((1, 2, 5, len(lines)))
        second = min(len(lines) - 1, max(0, first + rng.randint(-spread, spread)))
        lines[first], lines[second] = lines[second], lines[first]
    return "swap two lines"


def indent_line(rng: random.Random, lines: Lines) -> str:
    """Indent a line more or less (spaces, or a tab)."""
    if lines:
        number = rng.randrange(len(lines))
        change = rng.choice(("  ", " ", "\t", "    ", "-2", "-1", "-all"))
        line = lines[number]
        if change == "-all":
            lines[number] = line.lstrip(" ")
        elif change.startswith("-"):
            cut = int(change[1:])
            lines[number] = line[cut:] if line[:cut].strip() == "" else line
        else:
            lines[number] = change + line
    return "re-indent a line"


def replace_scalar(rng: random.Random, lines: Lines) -> str:
    """Replace a scalar value (of a key or a list item) with another type, tag or size."""
    number = _pick_line(rng, lines, rng.choice((_KEY_VALUE, _ITEM)))
    if number is None:
        return "replace a scalar (none found)"
    match = _KEY_VALUE.match(lines[number]) or _ITEM.match(lines[number])
    assert match is not None
    indent = " " * (len(match.group("head")) - len(match.group("head").lstrip()) + 2)
    value = rng.choice(SCALARS).replace("{indent}", indent)
    lines[number] = f"{match.group('head')} {value}"
    return f"replace a scalar with {value[:30]!r}"


def duplicate_id(rng: random.Random, lines: Lines) -> str:
    """Give an item the id of another one."""
    ids = [n for n, line in enumerate(lines) if _ID.match(line)]
    if len(ids) < 2:
        return "duplicate an id (too few)"
    target, source = rng.sample(ids, 2)
    value = _ID.match(lines[source]).group("value")  # type: ignore[union-attr]
    head = _ID.match(lines[target]).group("head")  # type: ignore[union-attr]
    lines[target] = f"{head}{value}"
    return f"duplicate the id {value!r}"


def hostile_cloze(rng: random.Random, lines: Lines) -> str:
    """Write hostile cloze markup into a text field (a cloze card's, or any)."""
    texts = [n for n, line in enumerate(lines) if re.match(r"\s*text:\s", line)]
    number = rng.choice(texts) if texts else _pick_line(rng, lines, _KEY_VALUE)
    if number is None:
        return "hostile cloze (no text)"
    head = lines[number].split(":", 1)[0]
    markup = rng.choice(CLOZES)
    escaped = markup.replace("\\", "\\\\").replace('"', '\\"')
    lines[number] = f'{head}: "Some {escaped} text {{{{c1::kept}}}}"'
    return f"hostile cloze {markup[:30]!r}"


def alias_and_merge(rng: random.Random, lines: Lines) -> str:
    """Anchor a value and refer to it elsewhere, or merge it (`<<: *a`) into a mapping."""
    values = [n for n, line in enumerate(lines) if _KEY_VALUE.match(line)]
    if len(values) < 2:
        return "alias (too few values)"
    first, second = sorted(rng.sample(values, 2))
    anchor = _KEY_VALUE.match(lines[first])
    assert anchor is not None
    lines[first] = f"{anchor.group('head')} &a {anchor.group('value')}"
    target = _KEY_VALUE.match(lines[second])
    assert target is not None
    how = rng.choice(("alias", "merge", "self", "seq"))
    if how == "alias":
        lines[second] = f"{target.group('head')} *a"
    elif how == "merge":
        indent = re.match(r"\s*(?:- )?", lines[second]).group().replace("-", " ")  # type: ignore[union-attr]
        lines.insert(second, f"{indent}<<: *a")
    elif how == "self":
        lines[first] = f"{anchor.group('head')} &a [x, *a]"
    else:
        lines[second] = f"{target.group('head')} [*a, *a, *a, *a, *a, *a, *a, *a]"
    return f"alias ({how})"


def hostile_text(rng: random.Random, lines: Lines) -> str:
    """Replace a text value (of a key or a list item) with hostile text that is still text."""
    number = _pick_line(rng, lines, rng.choice((_KEY_VALUE, _ITEM)))
    if number is None or _ID.match(lines[number]):
        return "hostile text (no text value)"
    match = _KEY_VALUE.match(lines[number]) or _ITEM.match(lines[number])
    assert match is not None
    text = rng.choice(TEXTS)
    lines[number] = f'{match.group("head")} "{text}"'
    return f"hostile text {text[:30]!r}"


def change_id(rng: random.Random, lines: Lines) -> str:
    """Give an item another id: one of the longest allowed, a digit, a taken one, a bad one."""
    number = _pick_line(rng, lines, _ID)
    if number is None:
        return "change an id (none)"
    value = rng.choice(SLUGS)
    lines[number] = f"{_ID.match(lines[number]).group('head')}{value}"  # type: ignore[union-attr]
    return f"change an id to {value[:20]!r}"


def change_kind(rng: random.Random, lines: Lines) -> str:
    """Turn a card into another kind, keeping its fields."""
    number = _pick_line(rng, lines, re.compile(r"\s*kind:\s"))
    if number is None:
        return "change a kind (none)"
    kind = rng.choice(("basic", "typed", "choice", "truefalse", "cloze", "order", "Basic"))
    lines[number] = f"{lines[number].split(':', 1)[0]}: {kind}"
    return f"change a kind to {kind}"


def repeat_card(rng: random.Random, lines: Lines) -> str:
    """Repeat a card many times under new ids (a deck of thousands of cards)."""
    starts = [n for n, line in enumerate(lines) if re.match(r"  - id: ", line)]
    if not starts:
        return "repeat a card (none)"
    first = rng.choice(starts)
    end = next((n for n in range(first + 1, len(lines)) if not lines[n].startswith("    ")), first)
    block, count = lines[first:end], rng.choice((10, 500, 3000))
    copies = [
        [f"  - id: copy-{n}", *block[1:]] if block else [] for n in range(count)
    ]  # fmt: skip
    lines[end:end] = [line for copy in copies for line in copy]
    return f"repeat a card {count} times"


def splice(rng: random.Random, lines: Lines) -> str:
    """Copy a run of lines from another shipped deck into this one."""
    other = rng.choice(sorted(DECKS.glob("*.yaml"))).read_text(encoding="utf-8").split("\n")
    start = rng.randrange(len(other))
    piece = other[start : start + rng.randint(1, 12)]
    at = rng.randrange(len(lines) + 1)
    lines[at:at] = piece
    return f"splice {len(piece)} lines of another deck"


MUTATIONS: tuple[Callable[[random.Random, Lines], str], ...] = (
    delete_line, duplicate_line, swap_lines, indent_line, replace_scalar, replace_scalar,
    duplicate_id, hostile_cloze, alias_and_merge, hostile_text, hostile_text, change_id,
    change_kind, repeat_card, splice,
)  # fmt: skip
"""Line-level mutations, drawn with these weights (scalars and text twice as often)."""


def _random_bytes(rng: random.Random, data: bytes) -> tuple[bytes, str]:
    at = rng.randrange(len(data) + 1)
    noise = bytes(rng.randrange(256) for _ in range(rng.randint(1, 8)))
    if rng.random() < 0.5:
        return data[:at] + noise + data[at:], "insert random bytes"
    return data[:at] + noise + data[at + len(noise) :], "overwrite with random bytes"


def _encoding(rng: random.Random, data: bytes) -> tuple[bytes, str]:
    """Return the text with other line ends, a byte order mark, or in UTF-16 or Latin-1."""
    how = rng.choice(("crlf", "cr", "bom", "utf-16", "latin-1"))
    if how == "crlf":
        return data.replace(b"\n", b"\r\n"), "CRLF line ends"
    if how == "cr":
        return data.replace(b"\n", b"\r"), "CR line ends"
    if how == "bom":
        return b"\xef\xbb\xbf" + data, "a UTF-8 byte order mark"
    text = data.decode("utf-8", "replace")
    return text.encode(how, "replace"), f"encoded as {how}"


def _truncate(rng: random.Random, data: bytes) -> tuple[bytes, str]:
    return data[: rng.randrange(len(data) + 1)], "truncate"


@dataclass(frozen=True)
class Mutant:
    """One mutated deck file: its name, bytes, whether it is a model, and what was done."""

    number: int
    source: str
    data: bytes
    is_model: bool
    mutations: tuple[str, ...]


def sources() -> list[Path]:
    """Return the shipped deck files and the runtime model, in a stable order."""
    return sorted(DECKS.glob("*.yaml")) + sorted((DECKS / "models").glob("*.yaml"))


def make_mutant(seed: int, number: int, files: list[Path]) -> Mutant:
    """Return mutant `number` of a seeded corpus (the same seed and number, the same bytes)."""
    rng = random.Random(f"{seed}:{number}")
    decks = [p for p in files if p.parent.name != "models"]
    path = rng.choice(files) if rng.random() < 0.1 else rng.choice(decks)
    lines = path.read_text(encoding="utf-8").split("\n")
    done = [rng.choice(MUTATIONS)(rng, lines) for _ in range(rng.choice((1, 1, 2, 3)))]
    data = "\n".join(lines).encode("utf-8", "surrogatepass")
    if rng.random() < 0.05:
        data, what = _encoding(rng, data)
        done.append(what)
    if rng.random() < 0.1:
        data, what = _random_bytes(rng, data)
        done.append(what)
    if rng.random() < 0.05:
        data, what = _truncate(rng, data)
        done.append(what)
    return Mutant(number, path.name, data, path.parent.name == "models", tuple(done))
