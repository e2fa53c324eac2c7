"""The conformance harness: the lab's model checked against the real runc and dockerd.

- `sequences.py`: the lab scripts run on both sides (every state and command, scenarios,
  random walks).
- `live.py`: the real engines (a private dockerd, a private runc root), driven by lab
  lines: the only module of `studykit.runtime` that touches the outside world.
- `compare.py`: both sides normalised and compared step by step (pure).
- `verify.py`: every sequence on a live engine and the model (`studykit lab verify`).

`tests/live` runs the same drivers with its own finer comparison (tests/live/harness.py).
"""
