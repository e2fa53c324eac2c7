"""Draw Mermaid diagrams as SVG in this process: `python -m studykit.export.diagram_worker`.

The only mermaidx importer. mermaidx runs Mermaid's own JavaScript (the release it bundles)
in an embedded QuickJS interpreter, with no browser, Node.js or network. The site build runs
this module in a child process (`export.diagrams`), so a diagram that takes too long can be
stopped and a crash of the interpreter cannot take the build with it.

Reads a JSON list of Mermaid sources on stdin; writes one JSON line per source, in order:
`{"svg": TEXT}` or `{"error": MESSAGE}`.
"""

from __future__ import annotations

import json
import sys


def draw(source: str) -> str:
    """Return the SVG of one diagram in Mermaid's default (light) theme."""
    import mermaidx

    return str(mermaidx.render(source, theme="default").svg())


def main() -> None:
    """Draw every source read from stdin, one JSON line each."""
    sources = json.loads(sys.stdin.read())
    for source in sources:
        try:
            line = {"svg": draw(source)}
        except Exception as error:  # noqa: BLE001 - Mermaid's parse errors reach the author
            line = {"error": " ".join(str(error).split())[:300]}
        sys.stdout.write(json.dumps(line) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
