"""One repr, equality and hash shared by the model's frozen dataclasses.

A dataclass compiles its own __repr__, __eq__ and __hash__ for every class; for the
model's classes that is ~2.5 ms of every quiz start (measured), spent on methods the quiz
hardly calls. These read the same fields, honouring `repr` and `compare` of each field.
"""

from __future__ import annotations

from dataclasses import fields


class Record:
    """Base of the model's dataclasses (declared with repr=False, eq=False)."""

    __slots__ = ()

    def _compared(self) -> tuple[object, ...]:
        return tuple(getattr(self, f.name) for f in fields(self) if f.compare)  # type: ignore[arg-type]

    def __repr__(self) -> str:
        shown = (f"{f.name}={getattr(self, f.name)!r}" for f in fields(self) if f.repr)  # type: ignore[arg-type]
        return f"{type(self).__qualname__}({', '.join(shown)})"

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        assert isinstance(other, Record)
        return self._compared() == other._compared()

    def __hash__(self) -> int:
        return hash(self._compared())
