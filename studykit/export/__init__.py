"""Decks to other formats: Markdown, the MkDocs plugin, Anki packages and CSV."""
