"""The study site's pages written as plain Markdown files, for a plain `mkdocs build`.

The baseline of `studykit export`: the same pages, assets, theme and Markdown extensions,
with no studykit plugin (so no deck loading and no page generation at build time).
"""

from __future__ import annotations

import shutil
from importlib import resources
from pathlib import Path

from studykit.decks import open_deck_folder
from studykit.export.page_paths import PRACTICE_FOLDER, PRACTICE_INDEX
from studykit.export.site_files import ASSETS, site_files

# The plugin adds these to the packaged configuration; plain MkDocs must list them.
EXTRA = f"""
extra_css: [{ASSETS}/studykit.css]
extra_javascript: [{ASSETS}/practice.js]
docs_dir: docs
site_dir: site
# The plugin keeps the practice pages out of the navigation, all but their index.
not_in_nav: |
  /{PRACTICE_FOLDER}/*.md
  !/{PRACTICE_INDEX}
"""


def _config_text() -> str:
    """Return the packaged mkdocs.yml of `studykit export` without the studykit plugin."""
    template = resources.files("studykit.export") / "templates" / "mkdocs.yml"
    lines = template.read_text(encoding="utf-8").splitlines()
    kept = [line for line in lines if line.strip() != "- studykit"]
    if len(kept) != len(lines) - 1:
        raise ValueError("the packaged mkdocs.yml no longer lists '- studykit' on its own line")
    return "\n".join(kept) + "\n" + EXTRA


def write_plain_site(decks_folder: Path, target: Path) -> Path:
    """Write mkdocs.yml and docs/ (every generated page and asset) into `target`."""
    docs = target / "docs"
    shutil.rmtree(docs, ignore_errors=True)
    for src_uri, content in site_files(open_deck_folder(decks_folder).decks(), with_home=True):
        page = docs / src_uri
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(content, encoding="utf-8")
    (docs / ASSETS).mkdir(parents=True, exist_ok=True)
    for name in ("studykit.css", "practice.js"):
        source = resources.files("studykit.export") / "assets" / name
        (docs / ASSETS / name).write_bytes(source.read_bytes())
    (target / "mkdocs.yml").write_text(_config_text(), encoding="utf-8")
    return target
