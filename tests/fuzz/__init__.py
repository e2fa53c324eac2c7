"""Mutation fuzzing of the shipped decks (a seeded slice in the suite; `python -m tests.fuzz`)."""
