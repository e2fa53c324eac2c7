"""Split a simulated CLI's arguments into flags and operands, the way its parser would."""

from __future__ import annotations

from dataclasses import dataclass, field

from studykit.runtime.outcome import LabError


@dataclass
class Arguments:
    """Flags (by canonical name) and positional operands of one command."""

    flags: dict[str, str] = field(default_factory=dict)
    operands: list[str] = field(default_factory=list)
    lists: dict[str, list[str]] = field(default_factory=dict)
    """Every value of a repeatable flag (-e, -p, -v...), in order."""

    def has(self, name: str) -> bool:
        """Return whether a flag was given."""
        return name in self.flags

    def all(self, name: str) -> list[str]:
        """Return every value given to a repeatable flag."""
        return self.lists.get(name, [])


def parse_arguments(
    words: list[str],
    values: dict[str, str],
    switches: dict[str, str],
    stop_at_operand: int = 0,
    repeated: frozenset[str] = frozenset(),
) -> Arguments:
    """Parse words; `values`/`switches` map each spelling to a canonical flag name.

    With `stop_at_operand` N, everything after the N-th operand is an operand too
    (`docker run IMAGE COMMAND...` passes the command's own flags through). Flags named
    in `repeated` keep every value (`Arguments.all`); the last one is in `flags` too.
    """
    parsed = Arguments()
    index = 0
    while index < len(words):
        word = words[index]
        if stop_at_operand and len(parsed.operands) >= stop_at_operand:
            parsed.operands += words[index:]
            break
        flag, eq, inline = word.partition("=")
        if flag in values:
            if not eq:
                index += 1
                if index >= len(words):
                    raise LabError(f"flag needs an argument: {word}")
                inline = words[index]
            parsed.flags[values[flag]] = inline
            if values[flag] in repeated:
                parsed.lists.setdefault(values[flag], []).append(inline)
        elif word in switches:
            parsed.flags[switches[word]] = "true"
        elif _bundled(word, switches):  # -aq is -a -q
            parsed.flags |= {switches[f"-{letter}"]: "true" for letter in word[1:]}
        elif _attached(word, values):  # -p8080:80, -eA=1
            parsed.flags[values[word[:2]]] = word[2:]
            if values[word[:2]] in repeated:
                parsed.lists.setdefault(values[word[:2]], []).append(word[2:])
        elif word.startswith("-") and word != "-":
            raise LabError(f"unknown flag: {word}")
        else:
            parsed.operands.append(word)
        index += 1
    return parsed


def parse_size(text: str) -> int:
    """Return bytes from a Docker size such as 16m, 512k or 1g."""
    units = {"b": 1, "k": 2**10, "m": 2**20, "g": 2**30}
    text = text.strip().lower()
    unit = units.get(text[-1:], 0)
    number = text[:-1] if unit else text
    if not number.isdigit():
        raise LabError(f"invalid size: '{text}'")
    return int(number) * (unit or 1)


def _bundled(word: str, switches: dict[str, str]) -> bool:
    """Return whether a word is several one-letter switches written together."""
    letters = word[1:]
    return (
        word.startswith("-")
        and not word.startswith("--")
        and len(letters) > 1
        and all(f"-{letter}" in switches for letter in letters)
    )


def _attached(word: str, values: dict[str, str]) -> bool:
    """Return whether a word is a one-letter flag with its value attached (`-eA=1`)."""
    return len(word) > 2 and word[0] == "-" and word[1] != "-" and word[:2] in values
