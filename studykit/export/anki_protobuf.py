"""Read the few protobuf messages of Anki packages from their wire format (pure).

Anki keeps a package's version (`PackageMetadata`), its media list (`MediaEntries`) and,
in collections of schema 18, each note type's and template's settings as protobuf
messages. studykit reads a handful of their fields, so it decodes the wire format
(varints and length-delimited fields; https://protobuf.dev/programming-guides/encoding/)
instead of depending on the protobuf runtime and Anki's generated classes.

Field numbers, from Anki's `proto/anki/*.proto`:
- `PackageMetadata`: 1 version (1, 2 legacy; 3 latest);
- `MediaEntries`: 1 entries; `MediaEntry`: 1 name, 2 size, 3 sha1, 255 legacy zip name;
- `Notetype.Config`: 1 kind (1 is cloze), 3 css, 9 original stock kind;
- `Notetype.Template.Config`: 1 question format, 2 answer format.
"""

from __future__ import annotations

from collections.abc import Iterator

from studykit.errors import StudykitError

_VARINT, _FIXED64, _BYTES, _FIXED32 = 0, 1, 2, 5


class ProtobufError(StudykitError):
    """Bytes that are not the protobuf message they should be."""


def _varint(data: bytes, position: int) -> tuple[int, int]:
    """Return the varint at a position and the position after it."""
    value = shift = 0
    while True:
        if position >= len(data) or shift > 63:
            raise ProtobufError("a protobuf varint is cut short or too long")
        byte = data[position]
        value |= (byte & 0x7F) << shift
        position, shift = position + 1, shift + 7
        if not byte & 0x80:
            return value, position


def fields(data: bytes) -> Iterator[tuple[int, int | bytes]]:
    """Yield (field number, value) of a message: ints for varints, bytes for the rest."""
    position = 0
    while position < len(data):
        key, position = _varint(data, position)
        number, wire = key >> 3, key & 7
        if wire == _VARINT:
            value, position = _varint(data, position)
            yield number, value
            continue
        size = {_FIXED64: 8, _FIXED32: 4}.get(wire)
        if wire == _BYTES:
            size, position = _varint(data, position)
        if size is None or position + size > len(data):
            raise ProtobufError(f"protobuf field {number} is cut short or of unknown type {wire}")
        yield number, data[position : position + size]
        position += size


def _last(data: bytes, number: int, default: int | bytes) -> int | bytes:
    """Return a field's value (the last one wins, as protobuf reads it), or a default."""
    found = default
    for field_number, value in fields(data):
        if field_number == number:
            found = value
    return found


def integer(data: bytes, number: int) -> int:
    """Return an integer field, 0 when absent."""
    value = _last(data, number, 0)
    if not isinstance(value, int):
        raise ProtobufError(f"protobuf field {number} should be a number")
    return value


def text(data: bytes, number: int) -> str:
    """Return a string field, empty when absent."""
    value = _last(data, number, b"")
    if not isinstance(value, bytes):
        raise ProtobufError(f"protobuf field {number} should be text")
    return value.decode("utf-8", "replace")


def messages(data: bytes, number: int) -> Iterator[bytes]:
    """Yield each embedded message of a repeated field."""
    for field_number, value in fields(data):
        if field_number == number and isinstance(value, bytes):
            yield value
