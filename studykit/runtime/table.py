"""Look up what a command does in a state, from the model's transition table."""

from __future__ import annotations

from studykit.model.runtime import ANY_COMMAND, SAME, Engine, Transition


def find_transition(
    engine: Engine, command: str, state: str, guards: frozenset[str] = frozenset()
) -> Transition | None:
    """Return the first transition for the command in that state whose guard holds."""
    for transition in engine.transitions:
        if transition.command not in (command, ANY_COMMAND) or state not in transition.sources:
            continue
        if transition.when and transition.when not in guards:
            continue
        return transition
    return None


def target_state(transition: Transition, state: str) -> str:
    """Return the state a transition leads to from `state`."""
    return state if transition.target == SAME else transition.target
