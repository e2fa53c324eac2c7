"""The files of a new course repository (`studykit new course`): decks, site, CI, README.

The texts live in `templates/course/`; `@@TITLE@@` (Markdown), `@@TITLE_YAML@@` (a quoted
YAML string) and `@@REQUIREMENT@@` are filled in (GitHub's workflow syntax uses `${{ }}`, so
no brace or dollar templating).

The course's `requirements.txt` names studykit the way it is installed here (pip's record of
the install, PEP 610): a Git checkout or a wheel on the web by its address, an install from
an index by its version. An install from a folder on this machine is no place CI can reach,
so the file then pins the version and says so (`requirement_note`).
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass
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


@dataclass(frozen=True)
class Requirement:
    """How a course's CI installs studykit: a requirements.txt line, and a note if in doubt."""

    line: str
    note: str | None = None


def course_files(
    title: str, schema_file: str, requirement: Requirement | None = None
) -> Iterator[tuple[str, str]]:
    """Yield (path in the course, text) of every file of a new course, its example deck first."""
    deck_path = f"{DECKS_FOLDER}/{EXAMPLE_DECK}.yaml"
    yield (
        deck_path,
        starter_deck(EXAMPLE_DECK, "Example deck", schema_file, deck_path, COURSE_PREVIEW),
    )
    folder = resources.files("studykit.export") / "templates" / "course"
    for path, template in _TEMPLATES:
        text = (folder / template).read_text(encoding="utf-8")
        for placeholder, value in _values(title, requirement or installed()).items():
            text = text.replace(placeholder, value)
        yield path, text


def _values(title: str, requirement: Requirement) -> dict[str, str]:
    """Return each placeholder's text; the title on one line, quoted for YAML."""
    line = " ".join(title.split())
    pinned = requirement.line
    if requirement.note:
        pinned = "".join(f"# {part}\n" for part in textwrap.wrap(requirement.note, 90)) + pinned
    # A JSON string is a YAML string; ensure_ascii keeps YAML from seeing odd line breaks.
    return {"@@TITLE_YAML@@": json.dumps(line), "@@TITLE@@": line, "@@REQUIREMENT@@": pinned}


def installed() -> Requirement:
    """Return the requirement of the studykit installed here."""
    name = (metadata.packages_distributions().get("studykit") or ["studykit"])[0]
    found = metadata.distribution(name)
    return requirement(name, found.version, found.read_text("direct_url.json"))


def requirement(name: str, version: str, direct_url: str | None) -> Requirement:
    """Return the requirement of a distribution from pip's record of its source (or None)."""
    try:
        source = json.loads(direct_url) if direct_url else {}
    except ValueError:
        source = {}
    url = source.get("url", "") if isinstance(source, dict) else ""
    vcs = source.get("vcs_info") if url else None
    if isinstance(vcs, dict) and vcs.get("vcs") and not url.startswith("file:"):
        commit = vcs.get("commit_id") or vcs.get("requested_revision")
        return Requirement(f"{name} @ {vcs['vcs']}+{url}" + (f"@{commit}" if commit else ""))
    if url.startswith(("https:", "http:")):
        return Requirement(f"{name} @ {url}")
    if url:
        note = (
            f"studykit was installed from {url.removeprefix('file://')}, which CI cannot reach;"
            f" unless {name} {version} is on PyPI, name a source it can instead"
            f" (`{name} @ git+https://...` or a wheel's address)."
        )
        return Requirement(f"{name}=={version}", note)
    return Requirement(f"{name}=={version}")
