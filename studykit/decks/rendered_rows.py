"""The rendered forms of a deck's texts as JSON: what `show`, the site and Anki read."""

from __future__ import annotations

from studykit.decks.rows import Json, spans_from, spans_json
from studykit.markup.render import Rendered


def rendered_json(rendered: Rendered) -> Json:
    """Return a text's rendered forms as JSON.

    [spans, html], and the inline HTML when it is not the HTML's one paragraph.
    """
    data = [spans_json(rendered.spans), rendered.html]
    if f"<p>{rendered.inline}</p>" != rendered.html:
        data.append(rendered.inline)
    return data


def rendered_from(data: Json) -> Rendered:
    """Return a text's rendered forms from their JSON."""
    html = data[1]
    inline = data[2] if len(data) > 2 else html.removeprefix("<p>").removesuffix("</p>")
    return Rendered(spans_from(data[0]), html, inline)
