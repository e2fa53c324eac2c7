"""The lab in a real pseudo-terminal: prompt, outputs, tab completion, explain, diagram, help."""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

import pexpect

from tests.cli.quiz_support import Terminal

PROMPT = r"lab\$ "


def _spawn(history: Path, *args: str, sigint_ignored: bool = False) -> Terminal:
    env = dict(os.environ, TERM="xterm", COLUMNS="100", STUDYKIT_LAB_HISTORY=str(history))
    env.pop("NO_COLOR", None)
    ignore = (lambda: signal.signal(signal.SIGINT, signal.SIG_IGN)) if sigint_ignored else None
    child = pexpect.spawn(
        sys.executable, ["-m", "studykit", "lab", *args], env=env, encoding="utf-8",
        dimensions=(40, 100), timeout=20, preexec_fn=ignore,
    )  # fmt: skip
    return Terminal(child)


def _command(term: Terminal, line: str) -> str:
    """Type a line at the prompt; return what it printed up to the next prompt."""
    term.send(line + "\r")
    shown = term.wait(PROMPT)
    return shown[shown.index(line) + len(line) : -len("lab$ ")]


def test_a_docker_session_in_a_terminal(tmp_path: Path) -> None:
    history = tmp_path / "history"
    term = _spawn(history)
    term.wait(r"studykit lab: docker, dialect docker-20.10\. Type help")
    term.wait(PROMPT)
    assert len(_command(term, "docker run -d --name web busybox sleep 1000").split()[0]) == 64
    assert _command(term, "docker run --name job busybox sh -c 'exit 3'").split() == ["[exit", "3]"]
    assert "Exited (3)" in _command(term, "docker ps -a")
    term.send("docker stop we\t")
    term.wait("docker stop web ")  # the name completed from the session's containers
    term.send("\r")
    assert term.wait(PROMPT).split() == ["web", "lab$"]
    explained = _command(term, "explain")
    assert "rule docker-stop: docker stop sends the stop signal (SIGTERM)" in explained
    assert "https://man7.org/linux/man-pages/man7/pid_namespaces.7.html" in explained
    _finish_session(term, history)


def _finish_session(term: Terminal, history: Path) -> None:
    diagram = _command(term, "diagram")
    assert "Docker engine: state machine" in diagram
    assert "│ paused     │ create  │" in diagram  # one group of rows per state
    assert "│ start   │                │ error 1: cannot start a paused" in diagram
    assert "docker-start-paused" in diagram
    helped = _command(term, "help")
    assert "docker stop [-t SECONDS] CONTAINER" in helped and "event daemon-restart" in helped
    assert "[exit 1]" in _command(term, "docker start nope")  # a terminal shows failures
    _command(term, "reset")
    assert "web" not in _command(term, "docker ps -a")
    term.send("docker half-typed")
    term.wait("half-typed")
    term.send("\x03")  # Ctrl-C drops the line
    term.wait(PROMPT)
    term.send("\x04")  # Ctrl-D leaves
    assert term.finish() == 0
    assert term.child.signalstatus is None
    assert "docker stop web" in history.read_text(encoding="utf-8")


def test_runc_completion_and_the_oci_deviation(tmp_path: Path) -> None:
    term = _spawn(tmp_path / "history", "--engine", "runc")
    term.wait(PROMPT)
    term.send("runc cr\t")
    term.wait("runc create ")
    term.send("c1\r")
    term.wait(PROMPT)
    _command(term, "runc delete c1")
    assert "OCI spec: The OCI spec requires delete to fail" in _command(term, "explain")
    term.send("quit\r")
    assert term.finish() == 0


def test_ctrl_c_drops_the_line_even_when_started_with_sigint_ignored(tmp_path: Path) -> None:
    # A shell without job control starts background commands with SIGINT ignored, and
    # Python then installs no KeyboardInterrupt handler: the lab must set its own.
    term = _spawn(tmp_path / "history", sigint_ignored=True)
    term.wait(PROMPT)
    term.send("docker half-typed")
    term.wait("half-typed")
    term.send("\x03")
    term.wait(PROMPT)
    assert "web" not in _command(term, "docker ps -a")
    term.send("\x04")
    assert term.finish() == 0
