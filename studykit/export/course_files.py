"""The files of a new course repository (`studykit new course`): decks, site, CI, README.

The texts live in `templates/course/`; `@@TITLE@@` (Markdown), `@@TITLE_YAML@@` (a quoted
YAML string) and `@@VERSION@@` are filled in (GitHub's workflow syntax uses `${{ }}`, so no
brace or dollar templating).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from importlib import metadata, resources

from studykit.load.deck_template import starter_deck

EXAMPLE_DECK = "example-deck"
"""The id of the example deck a new course starts with."""
DECKS_FOLDER = "decks"
COURSE_PREVIEW = "preview the site live with `mkdocs serve` next to mkdocs.yml"
"""The preview hint of a deck written inside a course."""

_TEMPLATES = (
    ("mkdocs.yml", "mkdocs.yml"),
    ("README.md", "README.md"),
    ("docs/index.md", "index.md"),
    (".github/workflows/site.yml", "site-workflow.yml"),
    (".gitignore", "gitignore"),
    ("requirements.txt", "requirements.txt"),
)
"""(path in the course, template file) of every file besides the decks."""


def course_files(title: str, schema_file: str) -> Iterator[tuple[str, str]]:
    """Yield (path in the course, text) of every file of a new course, its example deck first."""
    deck_path = f"{DECKS_FOLDER}/{EXAMPLE_DECK}.yaml"
    yield (
        deck_path,
        starter_deck(EXAMPLE_DECK, "Example deck", schema_file, deck_path, COURSE_PREVIEW),
    )
    folder = resources.files("studykit.export") / "templates" / "course"
    for path, template in _TEMPLATES:
        text = (folder / template).read_text(encoding="utf-8")
        for placeholder, value in _values(title).items():
            text = text.replace(placeholder, value)
        yield path, text


def _values(title: str) -> dict[str, str]:
    """Return each placeholder's text; the title on one line, quoted for YAML."""
    line = " ".join(title.split())
    # A JSON string is a YAML string; ensure_ascii keeps YAML from seeing odd line breaks.
    return {"@@TITLE_YAML@@": json.dumps(line), "@@TITLE@@": line, "@@VERSION@@": _version()}


def _version() -> str:
    """Return the installed studykit version, pinned by the course's requirements."""
    return metadata.version("studykit")
