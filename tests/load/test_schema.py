"""The shipped JSON Schema is current, accepts every shipped deck and rejects invalid ones."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from studykit.load import deck_files
from studykit.load.schema import schema_text
from tests.conftest import DECKS, FIXTURES, ROOT

SHIPPED = ROOT / "studykit" / "schema" / "deck.schema.json"
INVALID = FIXTURES / "invalid"
# Rules that relate two fields or two items; JSON Schema cannot state them, `validate` does.
BEYOND_JSON_SCHEMA = {
    "02-duplicate-key": "YAML parsers keep the last duplicate key",
    "12-duplicate-card-id": "uniqueness of a field across list items",
    "15-choice-answer-not-a-choice": "an answer must equal one of the choices",
    "17-undefined-source": "a reference to a source defined elsewhere in the file",
    "18-table-row-width": "row length must equal the number of columns",
}


def _validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(SHIPPED.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


REGENERATE = (
    "python -c 'from studykit.load.schema import schema_text; print(schema_text(), end=\"\")'"
    " > studykit/schema/deck.schema.json"
)


def test_the_shipped_schema_file_is_current() -> None:
    assert SHIPPED.read_text(encoding="utf-8") == schema_text(), f"regenerate it: {REGENERATE}"


def test_the_schema_accepts_every_shipped_deck() -> None:
    files = deck_files([DECKS])
    assert files, "no shipped decks found"
    for path in files:
        errors = list(_validator().iter_errors(yaml.safe_load(path.read_text(encoding="utf-8"))))
        assert not errors, f"{path}: {errors[0].message}"


def _parsable_invalid_fixtures() -> list[Path]:
    found = []
    for path in sorted(INVALID.glob("*.yaml")):
        try:
            yaml.safe_load(path.read_text(encoding="utf-8"))
        except (yaml.YAMLError, UnicodeDecodeError):
            continue  # not YAML at all: no schema applies
        found.append(path)
    return found


@pytest.mark.parametrize("path", _parsable_invalid_fixtures(), ids=lambda p: p.stem)
def test_the_schema_rejects_invalid_fixtures(path: Path) -> None:
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    rejected = any(True for _ in _validator().iter_errors(document))
    assert rejected is (path.stem not in BEYOND_JSON_SCHEMA)


def test_the_schema_rejects_a_starter_deck_with_a_typo() -> None:
    from studykit.load.deck_template import starter_deck

    document = yaml.safe_load(starter_deck("x", "X", "s.json", "x.yaml", "preview"))
    assert not list(_validator().iter_errors(document))
    document["cards"][0]["fornt"] = document["cards"][0].pop("front")
    assert list(_validator().iter_errors(document))
