"""Spaced-repetition study: scheduling, the progress store, queues, grading and statistics."""
