"""The lab: a session over one simulated world, and the language of its lines.

- `language.py`: every word a lab line may start with, in one table (`WORDS`): how it
  runs or what it shows, its `help` lines, and its tab completion. Add a word there.
- `events.py`: the table of `event` words (what a learner cannot type into a real CLI).
- `session.py`: `LabSession`: lines in, replies out, `--json` records.
- `models.py`: the runtime model of the deck folder in use (else the bundled one).
- `script.py`: lab scripts, read with bounds.

The simulated engines themselves are `studykit.runtime.docker_cli` and `runc_cli` over
`world` and `timeline`; terminal I/O is `studykit.cli.support.lab_io`.
"""
