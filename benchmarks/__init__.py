"""Reproducible performance measurements of studykit, side by side with their baselines."""
