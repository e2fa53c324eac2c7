"""Generated exit-code and restart-policy cards: a lab script, its observed result, the rule."""

from __future__ import annotations

from dataclasses import dataclass

from studykit.model import Card, Location, TrueFalseCard, TypedCard
from studykit.model.runtime import RuntimeModel
from studykit.runtime.outcome import CommandOutcome
from studykit.runtime.scenarios import POLICIES, RESTART_CASES, SLEEPER, restarted, run_script

LOOP = "sh -c \"trap 'exit 0' TERM; while true; do sleep 1; done\""


def rule_explanation(
    model: RuntimeModel, rule_id: str, outcome: CommandOutcome | None = None
) -> str:
    """Return `Rule id: text`, then what the simulator noted while it ran the command."""
    text = f"Rule `{rule_id}`: {model.rule(rule_id).text}"
    details = [detail for _, detail in outcome.notes] if outcome else []
    return f"{text} In the lab: {'; '.join(details)}." if details else text


@dataclass(frozen=True)
class ExitCard:
    """A typed card: a script, and the exit code the CLI or the container `web` ends with."""

    id: str
    question: str
    engine: str
    lines: tuple[str, ...]
    rule: str
    of_container: bool = True


EXIT_CARDS = (
    ExitCard("docker-exit-stop-sleep", "`web` runs `sleep 1000` as PID 1. After `docker stop -t 1 web`, what is its exit code?", "docker", (f"docker run -d --name web {SLEEPER}", "docker stop -t 1 web"), "exit-signal"),
    ExitCard("docker-exit-stop-trap", f"`web` runs `{LOOP}`. After `docker stop web`, what is its exit code?", "docker", (f"docker run -d --name web busybox {LOOP}", "docker stop web"), "pid1-signals"),
    ExitCard("docker-exit-kill", "`web` runs `sleep 1000`. After `docker kill web` (no -s), what is its exit code?", "docker", (f"docker run -d --name web {SLEEPER}", "docker kill web"), "exit-signal"),
    ExitCard("docker-exit-oom", "`web` runs with `-m 8m` and its process allocates past the limit. What exit code does Docker record?", "docker", (f"docker run -d --name web -m 8m {SLEEPER}", "event oom web"), "oom-kill"),
    ExitCard("docker-exit-pids", "`web` runs a shell with `--pids-limit 5`, and the shell tries to fork 10 processes. What exit code does `web` end with?", "docker", (f"docker run -d --name web --pids-limit 5 busybox {LOOP}", "event fork web 10"), "pids-limit"),
    ExitCard("docker-exit-missing-command", "What exit code does `docker run --name web busybox nosuch` return (the image has no `nosuch`)?", "docker", ("docker run --name web busybox nosuch",), "exit-not-found", False),
    ExitCard("docker-exit-false", "What exit code does `docker run busybox false` return?", "docker", ("docker run busybox false",), "exit-own-code", False),
    ExitCard("docker-exit-sh-exit", "What exit code does `docker run busybox sh -c \"exit 3\"` return?", "docker", ('docker run busybox sh -c "exit 3"',), "exit-own-code", False),
    ExitCard("docker-exit-name-conflict", "A container named `web` exists. What exit code does `docker run -d --name web busybox sleep 1000` return?", "docker", (f"docker run -d --name web {SLEEPER}", f"docker run -d --name web {SLEEPER}"), "exit-daemon-error", False),
    ExitCard("docker-exit-exec-missing", "`web` is running. What exit code does `docker exec web nosuch` return with the Docker 20.10 client?", "docker", (f"docker run -d --name web {SLEEPER}", "docker exec web nosuch"), "exit-cannot-invoke", False),
    ExitCard("runc-exit-kill-created", "After `runc create web` and then `runc kill web TERM`, what exit code does `web` end with?", "runc", ("runc create web", "runc kill web TERM"), "exit-signal"),
    ExitCard("runc-exit-exec-stopped", "`web` is stopped. What exit code does `runc exec web true` return?", "runc", ("runc run -d web", "runc kill web KILL", "runc exec web true"), "runc-exec", False),
    ExitCard("docker-exit-oom-exec", "`web` runs `sleep 1000` with `-m 8m`. What exit code does `docker exec web tail /dev/zero` return?", "docker", (f"docker run -d --name web -m 8m {SLEEPER}", "docker exec web tail /dev/zero"), "oom-exec", False),
    ExitCard("docker-exit-min-memory", "What exit code does `docker run -m 4m busybox true` return?", "docker", ("docker run -m 4m busybox true",), "memory-minimum", False),
    ExitCard("docker-exit-directory", "What exit code does `docker run --name web busybox /tmp` return (/tmp is a directory)?", "docker", ("docker run --name web busybox /tmp",), "exit-cannot-invoke", False),
    ExitCard("docker-exit-init-stop", "`web` runs `sleep 1000` under `--init`. After `docker stop web`, what is its exit code?", "docker", ("docker run -d --name web --init busybox sleep 1000", "docker stop web"), "docker-init"),
    ExitCard("docker-exit-hup-trap", "`web` runs `sh -c 'trap \"exit 129\" HUP; while true; do sleep 1; done'`. After `docker kill -s HUP web`, what is its exit code?", "docker", ("docker run -d --name web busybox sh -c 'trap \"exit 129\" HUP; while true; do sleep 1; done'", "docker kill -s HUP web"), "pid1-signals"),
    ExitCard("runc-exit-exec-missing", "`web` is running. What exit code does `runc exec web nosuchcmd` return?", "runc", ("runc run -d web", "runc exec web nosuchcmd"), "runc-exec-failure", False),
)  # fmt: skip


def _exit_card(model: RuntimeModel, spec: ExitCard) -> Card | None:
    """Return the typed card of an exit-code script, or None if the model lacks its rule."""
    if not any(rule.id == spec.rule for rule in model.rules):
        return None
    session, outcome = run_script(model, spec.engine, spec.lines)
    code = session.containers()["web"]["exit_code"] if spec.of_container else outcome.exit_code
    return TypedCard(
        id=spec.id,
        question=spec.question,
        answers=(str(code),),
        explanation=rule_explanation(model, spec.rule, outcome),
        source=model.rule(spec.rule).source,
        tags=(spec.engine, "exit-codes"),
        location=model.location,
    )


def oom_card(model: RuntimeModel) -> Card:
    """Return the true/false card on the OOMKilled flag after an OOM kill."""
    session, outcome = run_script(
        model, "docker", (f"docker run -d --name web -m 8m {SLEEPER}", "event oom web")
    )
    return TrueFalseCard(
        id="docker-oom-killed-flag",
        statement="After its memory cgroup OOM-kills `web`, `docker inspect` shows State.OOMKilled as true.",
        answer=bool(session.containers()["web"]["oom_killed"]),
        explanation=rule_explanation(model, "oom-kill", outcome),
        source=model.rule("oom-kill").source,
        tags=("docker", "exit-codes"),
        location=model.location,
    )


def exit_cards(model: RuntimeModel) -> list[Card]:
    """Return the exit-code cards whose rules the model has, and the OOMKilled card."""
    cards = [card for spec in EXIT_CARDS if (card := _exit_card(model, spec)) is not None]
    return [*cards, oom_card(model)]


CASE_WORDING = {
    "process exits 0": ("when its process exits with 0", "restart-policy"),
    "process exits 1": ("when its process exits with 1", "restart-policy"),
    "after docker stop": ("a minute after `docker stop` (the daemon keeps running)", "restart-manual-stop"),
    "daemon restart after docker stop": ("when the daemon restarts after `docker stop web` (exit 137)", "restart-daemon"),
}  # fmt: skip
"""The restart cases that become cards: how the statement reads, and the rule behind it."""


def restart_cards(model: RuntimeModel) -> list[Card]:
    """Return a true/false card per (policy, case): whether the policy starts the container."""
    cards: list[Card] = []
    for policy in POLICIES:
        for case, lines in RESTART_CASES:
            if case not in CASE_WORDING:
                continue
            wording, rule = CASE_WORDING[case]
            slug = case.replace(" ", "-")
            cards.append(
                TrueFalseCard(
                    id=f"docker-restart-{policy}-{slug}",
                    statement=f"`web` runs `sleep 1000` with `--restart {policy}`; Docker starts it again {wording}.",
                    answer=restarted(model, policy, lines),
                    explanation=rule_explanation(model, rule),
                    source=model.rule(rule).source,
                    tags=("docker", "restart-policies"),
                    location=Location(model.location.path, 1, 1),
                )
            )
    return cards
