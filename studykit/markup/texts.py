"""Card texts rendered in advance (read from the deck index), any other rendered on demand."""

from __future__ import annotations

from collections.abc import Mapping

from studykit.markup.render import Rendered, render


class RenderedTexts:
    """Look up the rendered forms of card texts; a text not given is rendered when asked."""

    def __init__(self, known: Mapping[str, Rendered] | None = None) -> None:
        self._known = dict(known or {})

    def __call__(self, text: str) -> Rendered:
        """Return the rendered forms of a text."""
        found = self._known.get(text)
        if found is None:
            found = self._known[text] = render(text)
        return found

    def update(self, known: Mapping[str, Rendered]) -> None:
        """Add texts rendered in advance."""
        self._known.update(known)
