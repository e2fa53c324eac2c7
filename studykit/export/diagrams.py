"""Diagrams drawn at build time: every Mermaid diagram of the site becomes an SVG file.

Why SVG at build time (not Mermaid's script in the browser): a page shows its diagrams with
no network and no script at all (Material otherwise loads Mermaid from a CDN, and a bundled
copy would be 3.5 MB of JavaScript to run on every phone that opens a diagram); the same
files serve the plain-Markdown export, whatever generator builds it; and an `<img>` cannot
run anything a deck puts in a label. The drawing is Mermaid's own (see `diagram_worker`).

Each drawing is kept in a cache folder keyed by its source and the drawing software, so a
rebuild (`mkdocs serve`) draws only what changed: `$STUDYKIT_CACHE_DIR`, else the user cache
folder (`~/.cache/studykit/diagrams` on Linux). A diagram Mermaid cannot draw (a syntax
error, a label it refuses) or that takes longer than `DRAW_SECONDS` is shown as its source,
with a build warning naming it.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import queue
import subprocess
import sys
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from studykit.export.mermaid import safe_mermaid
from studykit.export.svg_clean import UnsafeSvg, clean_svg

DIAGRAMS_FOLDER = "assets/studykit/diagrams"
"""Where the drawn diagrams are served from, relative to the site root."""
DRAW_SECONDS = 30.0
"""The longest one diagram may take to draw."""
MAX_SOURCE = 20_000
"""The longest Mermaid source drawn, in characters (a deck diagram is a few hundred)."""
_FORMAT = "1"
"""Bump when the drawing options change, so cached drawings are redrawn (cleaning is not cached)."""


def diagram_path(source: str) -> str:
    """Return the site path of a diagram's SVG: a hash of its published (safe) source."""
    digest = hashlib.sha256(safe_mermaid(source).encode()).hexdigest()[:20]
    return f"{DIAGRAMS_FOLDER}/{digest}.svg"


@dataclass
class Drawings:
    """The drawn diagrams of a site: SVG text by path, and why the others were not drawn."""

    svgs: dict[str, str] = field(default_factory=dict)
    failed: dict[str, str] = field(default_factory=dict)
    """Problem by safe source."""

    def failed_sources(self) -> frozenset[str]:
        """Return the safe sources that were not drawn."""
        return frozenset(self.failed)


def draw_diagrams(sources: Iterable[str]) -> Drawings:
    """Draw every diagram (cached ones from the cache); never raises for a bad diagram."""
    drawings = Drawings()
    pending: list[str] = []
    for source in dict.fromkeys(safe_mermaid(s) for s in sources):
        if len(source) > MAX_SOURCE:
            drawings.failed[source] = f"longer than {MAX_SOURCE} characters"
        elif (cached := _cached(source)) is not None:
            _record(drawings, source, cached)
        else:
            pending.append(source)
    for source, outcome in _draw_in_children(pending):
        _record(drawings, source, outcome)
        if "error" not in outcome or outcome.get("final"):
            _store(source, outcome)
    return drawings


def _draw_in_children(sources: list[str]) -> list[tuple[str, dict[str, str]]]:
    """Return (source, outcome) of each source, drawn by one child process per core."""
    count = min(len(sources), os.cpu_count() or 1, 4)
    if count <= 1:
        return list(_draw_in_child(sources))
    results: list[list[tuple[str, dict[str, str]]]] = [[] for _ in range(count)]
    threads = [
        threading.Thread(target=lambda n=n: results[n].extend(_draw_in_child(sources[n::count])))
        for n in range(count)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return [pair for part in results for pair in part]


def _record(drawings: Drawings, source: str, outcome: dict[str, str]) -> None:
    """Add one outcome (Mermaid's `svg`, cleaned here, or an `error`) to the drawings."""
    try:
        if "svg" in outcome:
            drawings.svgs[diagram_path(source)] = clean_svg(outcome["svg"])
            return
    except UnsafeSvg as error:
        outcome = {"error": str(error)}
    drawings.failed[source] = outcome["error"]


def _draw_in_child(sources: list[str]) -> Iterable[tuple[str, dict[str, str]]]:
    """Yield (source, outcome) of each source, drawn by child processes with a time limit."""
    while sources:
        child = subprocess.Popen(
            [sys.executable, "-m", "studykit.export.diagram_worker"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            encoding="utf-8",
        )
        lines = _lines(child, sources)
        done = 0
        try:
            for source in sources:
                yield source, _outcome(lines.get(timeout=DRAW_SECONDS))
                done += 1
        except queue.Empty:
            yield sources[done], {"error": f"not drawn within {DRAW_SECONDS:.0f} seconds"}
            done += 1
        finally:
            child.kill()
            child.wait()
        sources = sources[done:]


def _lines(child: subprocess.Popen[str], sources: list[str]) -> queue.Queue[str]:
    """Send the sources to a child and return a queue of its output lines (empty at its end)."""
    assert child.stdin is not None and child.stdout is not None
    lines: queue.Queue[str] = queue.Queue()
    stdout = child.stdout

    def read() -> None:
        with stdout:  # closed by its reader once the child has ended
            for line in stdout:
                lines.put(line)
        lines.put("")  # the child ended: every later source fails at once

    threading.Thread(target=read, daemon=True).start()
    try:
        child.stdin.write(json.dumps(sources))
    except OSError:
        pass  # the child died at start; its end of output says so
    finally:
        with contextlib.suppress(OSError):
            child.stdin.close()
    return lines


def _outcome(line: str) -> dict[str, str]:
    """Return the outcome of one output line: Mermaid's SVG, or its problem (final: cached)."""
    if not line:
        return {"error": "the diagram renderer stopped (is mermaidx installed?)"}
    found = json.loads(line)
    if "svg" in found:
        return {"svg": str(found["svg"])}
    return {"error": str(found.get("error", "unknown error")), "final": "yes"}


def _cache_file(source: str) -> Path | None:
    """Return the cache file of a source's drawing, or None without a cache folder."""
    folder = os.environ.get("STUDYKIT_CACHE_DIR")
    if not folder:
        import platformdirs  # only a build that draws needs it

        folder = platformdirs.user_cache_dir("studykit")
    try:
        version = metadata.version("mermaidx")
    except metadata.PackageNotFoundError:
        return None
    key = hashlib.sha256(f"{_FORMAT}\0{version}\0{source}".encode()).hexdigest()
    return Path(folder) / "diagrams" / f"{key}.json"


def _cached(source: str) -> dict[str, str] | None:
    """Return the cached outcome of a source, if any."""
    file = _cache_file(source)
    try:
        found = json.loads(file.read_text(encoding="utf-8")) if file else None
    except (OSError, ValueError):
        return None
    return found if isinstance(found, dict) and ("svg" in found or "error" in found) else None


def _store(source: str, outcome: dict[str, str]) -> None:
    """Keep an outcome in the cache; a cache that cannot be written is only slower."""
    file = _cache_file(source)
    if file is None:
        return
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        temporary = file.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_text(json.dumps(outcome), encoding="utf-8")
        temporary.replace(file)
    except OSError:
        pass
