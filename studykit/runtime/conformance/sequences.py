"""Lab scripts that `studykit lab verify` and tests/live run on the real engines too.

Every (state, command) pair: a setup that brings container c1 into the state, then the
command. Then scenarios: exit codes, limits, restart policies, signals and the rest.
The Docker `dead` and `removing` states cannot be reached on purpose (a removal that
fails part-way; a removal caught in flight), so they are checked only in the simulator.
"""

from __future__ import annotations

import random

DOCKER_SETUPS: dict[str, list[str]] = {
    "absent": [],
    "created": ["docker create --name c1 bb sleep 1000"],
    "running": ["docker run -d --name c1 bb sleep 1000"],
    "paused": ["docker run -d --name c1 bb sleep 1000", "docker pause c1"],
    "exited": ["docker run --name c1 bb sh -c 'exit 3'"],
    # Runs 0.3 s, exits 1, always restarted: the back-offs (0.1, 0.2, 0.4 ... 3.2 s) put
    # the sixth wait between 4.9 and 8.1 s. At 6 s the real engine, whose starts take
    # longer, is in it too; running at first, the setup's first step is not a race.
    "restarting": [
        "docker run -d --name c1 --restart always bb sh -c 'sleep 0.3; exit 1'",
        "sleep 6",
    ],
}
DOCKER_COMMANDS = [
    "docker start c1",
    "docker stop -t 1 c1",
    "docker kill c1",
    "docker kill -s TERM c1",
    "docker pause c1",
    "docker unpause c1",
    "docker restart -t 1 c1",
    "docker rm c1",
    "docker rm -f c1",
    "docker exec c1 true",
    "docker wait c1",
    "docker inspect c1",
    "docker create --name c1 bb true",
    "docker run --name c1 bb true",
    "docker logs c1",
    "docker rename c1 c9",
    "docker top c1",
    "docker stats --no-stream c1",
    "docker update --restart always c1",
    "docker update -m 64m --memory-swap 128m --cpus 0.5 c1",
    "docker port c1",
    "docker container prune -f",
    "kernel c1",
]
BLOCKING = {("running", "docker wait c1"), ("paused", "docker wait c1")}
"""docker wait on a container that never exits blocks for ever, on both sides."""

RUNC_SETUPS: dict[str, list[str]] = {
    "absent": [],
    "created": ["runc create c1"],
    "running": ["runc create c1", "runc start c1"],
    "paused": ["runc create c1", "runc start c1", "runc pause c1"],
    "paused-from-created": ["runc create c1", "runc pause c1"],
    "stopped": ["runc create c1", "runc start c1", "runc kill c1 KILL"],
}
RUNC_COMMANDS = [
    "runc create c1",
    "runc start c1",
    "runc kill c1",
    "runc kill c1 KILL",
    "runc pause c1",
    "runc resume c1",
    "runc delete c1",
    "runc delete --force c1",
    "runc state c1",
    "runc exec c1 true",
    "runc exec c1 nosuchcmd",
    "kernel c1",
]


def pairs(setups: dict[str, list[str]], commands: list[str]) -> dict[str, list[str]]:
    """Return one sequence per (state, command) pair, named `state: command`."""
    return {
        f"{state}: {command}": [*setup, command]
        for state, setup in setups.items()
        for command in commands
        if (state, command) not in BLOCKING
    }


DOCKER_SCENARIOS: dict[str, list[str]] = {
    "foreground exit codes": [
        "docker run --name c1 bb true",
        "docker run --name c2 bb false",
        "docker run --name c3 bb sh -c 'exit 42'",
        "docker run --rm bb sh -c 'echo hi; exit 5'",
    ],
    "command not found stays created": [
        "docker run --name c1 bb nosuch",
        "docker start c1",
        "docker rm c1",
    ],
    "exec exit codes": [
        "docker run -d --name c1 bb sleep 1000",
        "docker exec c1 sh -c 'exit 4'",
        "docker exec c1 nosuch",
        "docker exec c1 echo hello",
    ],
    "stop escalates to SIGKILL": [
        "docker run -d --name c1 bb sleep 1000",
        "docker stop -t 1 c1",
        "docker start c1",
        "docker kill -s TERM c1",
        "docker kill -s KILL c1",
    ],
    "a SIGTERM handler exits with its code": [
        "docker run -d --name c1 bb sh -c 'trap \"exit 7\" TERM; while true; do sleep 1; done'",
        "docker stop -t 5 c1",
        "docker start c1",
        "docker kill -s TERM c1",
    ],
    "stopping a paused container": [
        "docker run -d --name c1 bb sleep 1000",
        "docker pause c1",
        "docker stop -t 1 c1",
    ],
    "restarting a paused container": [
        "docker run -d --name c1 bb sleep 1000",
        "docker pause c1",
        "docker restart -t 1 c1",
    ],
    "OOM kill": [
        "docker run --name c1 -m 16m bb sh -c 'x=a; while true; do x=$x$x; done'",
        "docker start c1",
        "sleep 2",
    ],
    "pids limit": [
        "docker run --name c1 --pids-limit 3 bb sh -c 'sleep 1 & sleep 1 & sleep 1 & sleep 1 & wait'",
    ],
    "on-failure gives up after N restarts": [
        # Each run lasts 0.3 s, so the first snapshot (running) is not a race.
        "docker run -d --name c1 --restart on-failure:3 bb sh -c 'sleep 0.3; exit 1'",
        "sleep 3",
    ],
    "on-failure does not restart a clean exit": [
        "docker run -d --name c1 --restart on-failure bb true",
        "sleep 1",
    ],
    "a manual stop cancels always": [
        "docker run -d --name c1 --restart always bb sleep 1000",
        "docker stop -t 1 c1",
        "sleep 1",
    ],
    "a kill cancels unless-stopped": [
        "docker run -d --name c1 --restart unless-stopped bb sleep 1000",
        "docker kill c1",
        "sleep 1",
    ],
    "names and conflicts": [
        "docker create --name c1 bb true",
        "docker create --name c1 bb true",
        "docker run --name c1 bb true",
        "docker run --rm --restart always bb true",
        "docker create --name x bb true",
    ],
    "several containers at once": [
        "docker create --name c1 bb sleep 1000",
        "docker create --name c2 bb sleep 1000",
        "docker start c1 c2 c3",
        "docker stop -t 1 c1 c2",
        "docker rm c1 c2 c3",
    ],
    "bad signal": [
        "docker run -d --name c1 bb sleep 1000",
        "docker kill -s NOPE c1",
        "docker kill -s NOPE c2",
    ],
    "restart policies when the daemon restarts": [
        "docker run -d --name c1 --restart always bb sleep 1000",
        "docker run -d --name c2 --restart unless-stopped bb sleep 1000",
        "docker stop -t 1 c2",
        "docker run -d --name c3 --restart on-failure bb sleep 1000",
        "docker run -d --name c4 bb sleep 1000",
        "docker run -d --name c5 --restart unless-stopped bb sleep 1000",
        "docker run -d --name c6 --restart always bb sleep 1000",
        "docker kill c6",
        "event daemon-restart",
    ],
    "a program that exits later": [
        "docker run -d --name c1 bb sleep 2",
        "sleep 3",
        "docker wait c1",
    ],
}

RUNC_SCENARIOS: dict[str, list[str]] = {
    "the live trace of section 6": [
        "runc create c1",
        "runc state c1",
        "runc start c1",
        "runc start c1",
        "runc pause c1",
        "runc pause c1",
        "runc start c1",
        "runc exec c1 true",
        "runc delete c1",
        "runc resume c1",
        "runc resume c1",
        "runc delete c1",
        "runc kill c1 TERM",
        "sleep 1",
        "runc kill c1 SIGKILL",
        "runc kill c1 SIGKILL",
        "runc start c1",
        "runc pause c1",
        "runc resume c1",
        "runc exec c1 true",
        "runc delete c1",
        "runc delete c1",
        "runc state c1",
        "runc delete --force c1",
    ],
    "ids": [
        "runc create c2",
        "runc create c2",
        "runc create bad/id",
        "runc kill c2 NOSUCHSIG",
        "runc delete --force c2",
    ],
    "paused from created resumes to created": [
        "runc create c4",
        "runc pause c4",
        "runc start c4",
        "runc resume c4",
        "runc start c4",
        "runc pause c4",
        "runc kill c4 SIGKILL",
    ],
    "a handled SIGTERM while paused lands on resume": [
        "bundle sh -c 'trap \"exit 7\" TERM; while true; do sleep 1; done'",
        "runc create c5",
        "runc start c5",
        "runc pause c5",
        "runc kill c5 TERM",
        "runc resume c5",
    ],
    "run in the foreground returns the exit status": [
        "bundle sh -c 'exit 3'",
        "runc run c6",
        "runc delete c6",
        "bundle true",
        "runc run c6",
    ],
    "a program that exits later": [
        "bundle sleep 1",
        "runc create c7",
        "runc start c7",
        "sleep 2",
        "runc start c7",
        "runc delete c7",
    ],
}

WALK_NAMES = ("w1", "w2")
"""Not hex: docker matches an id prefix of any length, and `c1` can begin another's id."""
DOCKER_WALK = (
    "docker create --name {name} bb sleep 1000",
    "docker run -d --name {name} bb sleep 1000",
    "docker run -d --name {name} bb sh -c 'exit 3'",
    "docker start {name}",
    "docker stop -t 1 {name}",
    "docker kill {name}",
    "docker kill -s TERM {name}",
    "docker pause {name}",
    "docker unpause {name}",
    "docker restart -t 1 {name}",
    "docker rm {name}",
    "docker rm -f {name}",
    "docker exec {name} true",
    "docker inspect {name}",
    "docker run -d --name {name} --init -p 8080:80 bb sleep 1000",
    "docker run -d --name {name} -m 16m --pids-limit 9 --cpus 0.5 bb sleep 1000",
    "docker logs {name}",
    "docker top {name}",
    "docker stats --no-stream {name}",
    "docker update --restart always {name}",
    "docker port {name}",
    "docker exec {name} hostname",
    "docker rename {name} w3",
    "docker container prune -f",
    "kernel {name}",
)
"""Steps of random walks on the Docker engine (never `wait`: it can block for ever)."""
RUNC_WALK = (
    "runc create {name}",
    "runc start {name}",
    "runc kill {name}",
    "runc kill {name} KILL",
    "runc pause {name}",
    "runc resume {name}",
    "runc delete {name}",
    "runc delete --force {name}",
    "runc state {name}",
    "runc exec {name} true",
    "runc exec {name} echo hi",
    "runc exec {name} nosuchcmd",
    "kernel {name}",
)
"""Steps of random walks on runc."""


def walk_steps(engine: str) -> list[str]:
    """Return every step a random walk on the engine may take, for each container name."""
    steps = DOCKER_WALK if engine == "docker" else RUNC_WALK
    return [step.format(name=name) for step in steps for name in WALK_NAMES]


def sequences(engine: str) -> dict[str, list[str]]:
    """Return every named sequence for an engine: the (state, command) pairs, then scenarios."""
    if engine == "docker":
        return {**pairs(DOCKER_SETUPS, DOCKER_COMMANDS), **DOCKER_SCENARIOS}
    return {**pairs(RUNC_SETUPS, RUNC_COMMANDS), **RUNC_SCENARIOS}


def random_walks(engine: str, count: int, seed: int) -> dict[str, list[str]]:
    """Return `count` random walks of 3 to 8 steps, the same ones for the same seed."""
    rng = random.Random(seed)
    steps = walk_steps(engine)
    walks = {}
    for number in range(1, count + 1):
        walks[f"random walk {number} (seed {seed})"] = [
            rng.choice(steps) for _ in range(rng.randint(3, 8))
        ]
    return walks
