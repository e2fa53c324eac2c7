"""Machinery of the commands, kept apart from them (`studykit.cli` holds the commands).

Options shared by commands, user folders, opening the study data, reading keys, the
error-to-exit-code table, the quiz and lab front-ends (they read input and draw; what
input means is decided in `studykit.study.quiz_protocol` and `studykit.runtime.lab`),
and the MkDocs hook that writes the CLI reference page.
"""
