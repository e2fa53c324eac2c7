"""The shipped decks, installed with the package as studykit.bundled_decks."""
