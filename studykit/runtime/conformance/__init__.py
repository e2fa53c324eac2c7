"""The conformance harness: the lab's model checked against the real runc and dockerd.

- `sequences.py`: the lab scripts run on both sides (every state and command, scenarios,
  random walks).
- `live.py`: the real engines (a private dockerd, a private runc root), driven by lab
  lines: with `live_images.py` (the catalogue's images as stand-ins built in that dockerd)
  and `live_kernel.py` (a live container's kernel view from /proc and the cgroup files),
  the only modules of `studykit.runtime` that touch the outside world.
- `compare.py`: both sides normalised and compared step by step (pure); `views.py` the
  output reductions and what is documented only; `kernel_compare.py` the kernel view's.
- `verify.py`: every sequence on a live engine and the model (`studykit lab verify`).

`tests/live` runs the same drivers with its own finer comparison (tests/live/harness.py).
"""
