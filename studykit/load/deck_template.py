"""The starter deck written by `studykit new deck`: one valid example of every part."""

from __future__ import annotations

TEMPLATE = """\
# yaml-language-server: $schema={schema}
# A studykit deck. Check it with `studykit validate {filename}`;
# {preview}.
# Card ids key your progress: never rename them.
id: {deck_id}
title: {title}
description: What this deck teaches, in one or two sentences.
tags: [example]
# Ids of the decks a learner should take first; they set the course order (site, quiz).
prerequisites: []
sources:
  - id: oci-runtime-spec
    title: Open Container Initiative Runtime Specification
    url: https://github.com/opencontainers/runtime-spec/blob/main/runtime.md
cards:
  - id: what-is-a-container
    kind: basic
    front: What does a container share with its host, unlike a virtual machine?
    back: The host's kernel.
    source: oci-runtime-spec
  - id: runtime-name
    kind: typed
    question: Which OCI runtime does Docker use by default?
    answers: [runc]
    source: oci-runtime-spec
  - id: oci-states
    kind: choice
    question: Which of these is a state of the OCI runtime specification?
    choices: [created, restarting, dead, removing]
    answer: created
    explanation: The OCI spec defines creating, created, running and stopped.
    source: oci-runtime-spec
  - id: delete-running
    kind: truefalse
    statement: The OCI spec allows deleting a running container.
    answer: false
    explanation: Delete must fail unless the container is stopped.
    source: oci-runtime-spec
  - id: lifecycle
    kind: cloze
    text: "`create` leaves a container {{{{c1::created}}}}; `start` runs the {{{{c2::user-specified program}}}}."
    source: oci-runtime-spec
  - id: lifecycle-order
    kind: order
    question: Put the OCI lifecycle operations in order.
    items: [create, start, kill, delete]
    source: oci-runtime-spec
tables:
  - id: states
    title: OCI container states
    columns: [State, Meaning]
    rows:
      - [created, The runtime finished create; the program has not run]
      - [running, The program is running]
    quiz: true
    source: oci-runtime-spec
diagrams:
  - id: lifecycle
    title: OCI lifecycle
    source: oci-runtime-spec
    mermaid: |
      stateDiagram-v2
        [*] --> created: create
        created --> running: start
        running --> stopped: process exits
        stopped --> [*]: delete
"""


def starter_deck(deck_id: str, title: str, schema: str, filename: str, preview: str) -> str:
    """Return the YAML text of a valid starter deck; `preview` says how to see its site."""
    return TEMPLATE.format(
        deck_id=deck_id, title=title, schema=schema, filename=filename, preview=preview
    )
