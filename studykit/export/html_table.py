"""Tables as HTML that a phone can read: stacked rows with their headings, no empty columns.

A Markdown table cannot carry attributes, so the generated pages write their tables as HTML:
each cell names its column (`data-label`), which the site's stylesheet shows before the cell
when a narrow screen stacks each row into a block, and explicit ARIA roles keep the table's
meaning for screen readers when the stylesheet changes how it is displayed. A column empty in
every row is left out (the runtime model's "When" column mostly is).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence

_TAG = re.compile(r"<[^>]*>")


def _label(heading: str) -> str:
    """Return a heading's HTML as plain text for an attribute."""
    return html.escape(" ".join(html.unescape(_TAG.sub("", heading)).split()), quote=True)


def html_table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """Return an HTML table of safe HTML cells, without the columns that are empty in every row."""
    body = [list(row) + [""] * (len(header) - len(row)) for row in rows]
    keep = [n for n in range(len(header)) if any(row[n].strip() for row in body)] or list(
        range(len(header))
    )
    head = "".join(f'<th role="columnheader" scope="col">{header[n]}</th>' for n in keep)
    lines = [
        '<table role="table" data-stack>',
        f'<thead><tr role="row">{head}</tr></thead>',
        "<tbody>",
    ]
    for row in body:
        cells = "".join(
            f'<td role="cell" data-label="{_label(header[n])}">{row[n]}</td>' for n in keep
        )
        lines.append(f'<tr role="row">{cells}</tr>')
    lines.append("</tbody>\n</table>")
    return "\n".join(lines) + "\n"
