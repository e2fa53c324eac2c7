"""`studykit lab` without a terminal: scripts, piped lines, JSON records, explain, errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from studykit.cli.app import app
from studykit.runtime.lab.language import completions, help_rows
from studykit.runtime.lab.models import bundled_model
from studykit.runtime.lab.session import LabSession
from tests.conftest import ROOT

DOCKER_SCRIPT = """\
# a restart policy meets an OOM kill, then a manual stop
docker run -d --name web -m 16m --restart on-failure:2 busybox sleep 1000

event oom web
docker inspect -f "{{.State.Status}} {{.RestartCount}}" web
sleep 1
docker ps
docker rm web
docker stop web
docker rm web
docker run --name job busybox sh -c "exit 3"
"""


def _lab(runner: CliRunner, *args: str, script: str = "") -> tuple[int, str, str]:
    # Wide enough that no table cell wraps.
    result = runner.invoke(app, ["lab", *args], input=script, env={"COLUMNS": "200"})
    return result.exit_code, result.stdout, result.stderr


def _script(tmp_path: Path, text: str) -> str:
    path = tmp_path / "session.lab"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_a_docker_script_prints_what_docker_prints(runner: CliRunner, tmp_path: Path) -> None:
    code, out, err = _lab(runner, "--script", _script(tmp_path, DOCKER_SCRIPT))
    lines = out.splitlines()
    assert len(lines[0]) == 64  # the full id of `docker run -d`
    assert "restarting 1" in lines
    assert lines[3].split()[-1] == "web" and " Up " in lines[3]  # ps after the back-off
    assert lines[4:] == ["web", "web"]  # the stop, then the rm that works
    # The engine has no busybox yet: `docker run` pulls it first, on stderr.
    pulled, _, refused = err.partition("Status: Downloaded newer image for busybox:latest\n")
    assert pulled.startswith("Unable to find image 'busybox:latest' locally\n")
    assert refused.startswith("Error response from daemon: You cannot remove a running container")
    assert code == 3  # the foreground `docker run` returned the container's code


def test_a_runc_script_and_its_exit_codes(runner: CliRunner, tmp_path: Path) -> None:
    script = "runc create c1\nrunc start c1\nrunc start c1\nrunc kill c1 KILL\nrunc list\n"
    code, out, err = _lab(runner, "--engine", "runc", "--script", _script(tmp_path, script))
    assert err == "ERRO[0000] cannot start an already running container\n"
    assert out.splitlines()[-1].split() == ["c1", "0", "stopped"]
    assert code == 0
    code, _, err = _lab(runner, "--engine", "runc", script="runc start ghost\n")
    assert (code, err) == (1, "ERRO[0000] container does not exist\n")


def test_piped_lines_skip_comments_and_end_with_the_last_code(runner: CliRunner) -> None:
    code, out, err = _lab(runner, script="# nothing yet\n\ndocker start nope\n")
    assert out == ""
    assert err.splitlines() == [
        "Error response from daemon: No such container: nope",
        "Error: failed to start containers: nope",
    ]
    assert code == 1
    # help, explain and diagram show things; they do not change the script's exit code
    code, out, _ = _lab(runner, script="docker start nope\nhelp\nexplain\ndiagram\n")
    assert "docker stop [-t SECONDS] CONTAINER" in out
    assert code == 1


def test_quit_ends_a_script_early(runner: CliRunner) -> None:
    code, out, _ = _lab(runner, script="docker run busybox true\nquit\ndocker run busybox false\n")
    assert (code, out) == (0, "")


def test_json_records_one_line_per_command(runner: CliRunner, tmp_path: Path) -> None:
    script = "docker run -d --name w1 busybox sleep 5\n# a comment\nsleep 6\ndocker wait w1\n"
    code, out, _ = _lab(runner, "--json", "--script", _script(tmp_path, script))
    records = [json.loads(line) for line in out.splitlines()]
    assert [r["command"] for r in records] == [
        "docker run -d --name w1 busybox sleep 5",
        "sleep 6",
        "docker wait w1",
    ]
    assert set(records[0]) == {"command", "exit_code", "stdout", "stderr", "containers"}
    assert records[0]["containers"]["w1"] == {
        "status": "running", "exit_code": 0, "oom_killed": False, "restart_count": 0,
    }  # fmt: skip
    assert records[1]["containers"]["w1"]["status"] == "exited"
    assert records[2]["stdout"] == "0\n"
    assert code == 0


def test_json_records_a_lab_error_and_an_explanation(runner: CliRunner) -> None:
    _, out, _ = _lab(runner, "--json", script="docker frobnicate\nexplain\n")
    error, explanation = (json.loads(line) for line in out.splitlines())
    assert error["exit_code"] == 2 and error["stderr"].startswith("lab: ")
    assert explanation["command"] == "explain"
    assert "could not run this line" in explanation["stdout"]


def test_explain_names_the_rule_and_its_source(runner: CliRunner) -> None:
    script = "docker run -d --name web busybox sleep 1000\ndocker stop web\nexplain\n"
    code, out, _ = _lab(runner, script=script)
    model = bundled_model()
    text = " ".join(out.split())  # the panel wraps lines
    for rule_id in ("docker-stop", "pid1-signals", "exit-signal"):
        rule = model.rule(rule_id)
        source = model.source(rule.source)
        assert source is not None
        assert f"rule {rule_id}: {rule.text}" in text.replace("│ ", "")
        assert source.url in text
    assert code == 0


def test_explain_shows_where_runc_departs_from_the_oci_spec(runner: CliRunner) -> None:
    _, out, _ = _lab(runner, "--engine", "runc", script="runc create c1\nrunc delete c1\nexplain\n")
    text = " ".join(out.replace("│", " ").split())
    assert "OCI spec: The OCI spec requires delete to fail unless the container is stopped" in text
    assert "nothing to explain yet" in _lab(runner, script="explain\n")[1]


def test_diagram_lists_transitions_of_one_state(runner: CliRunner) -> None:
    _, out, _ = _lab(runner, "--engine", "runc", script="diagram stopped\n")
    rows = [line.replace("│", " ").split() for line in out.splitlines()]
    assert [
        "start",
        "error",
        "1:",
        "cannot",
        "start",
        "a",
        "container",
        "that",
        "has",
        "stopped",
        "runc-start-created",
    ] in rows
    assert ["delete", "→", "absent", "runc-delete"] in rows
    assert not any(row[0] == "running" for row in rows if row)  # only the asked state
    _, out, err = _lab(runner, script="diagram nowhere\n")
    assert (out, err) == ("", "lab: no state 'nowhere' in docker; `diagram` lists them all\n")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--dialect", "docker-30"], "dialect 'docker-30' is not one of docker-20.10, docker-29"),
        (
            ["--engine", "runc", "--dialect", "docker-29"],
            "dialect 'docker-29' is not one of runc-1.1",
        ),
        (["--engine", "lxc"], "unknown engine 'lxc'"),
        (["--script", "/no/such/file.lab"], "cannot read the script /no/such/file.lab"),
    ],
)
def test_bad_options_are_user_errors(runner: CliRunner, args: list[str], message: str) -> None:
    code, out, err = _lab(runner, *args, script="docker ps\n")
    assert err.startswith(f"studykit: error: {message}")
    assert (code, out) == (1, "")


def test_the_docker_29_dialect_speaks_current_wording(runner: CliRunner) -> None:
    script = "docker create --name c1 busybox sleep 9\ndocker kill c1\n"
    _, _, old = _lab(runner, script=script)
    _, _, new = _lab(runner, "--dialect", "docker-29", script=script)
    assert "Cannot kill container: c1: Container " in old
    assert "cannot kill container: c1: container " in new


def test_completion_offers_commands_events_and_names() -> None:
    docker = LabSession("docker")
    for name in ("web", "db", "web-2"):
        docker.step(f"docker create --name {name} busybox")
    assert completions(docker, "")[:2] == ["diagram ", "docker "]
    assert completions(docker, "docker st") == ["start ", "stats ", "stop "]
    assert completions(docker, "docker stop we") == ["web ", "web-2 "]
    assert completions(docker, "docker run ") == []  # an image, not a container
    assert completions(docker, "event ") == ["daemon-restart ", "exit ", "fork ", "oom "]
    assert completions(docker, "event oom d") == ["db "]
    assert completions(docker, "diagram ru") == ["running "]
    assert completions(docker, "kernel we") == ["web ", "web-2 "]
    runc = LabSession("runc")
    assert "bundle " in completions(runc, "b")
    assert completions(runc, "event ") == ["exit ", "fork ", "oom "]
    assert completions(docker, "b") == []
    assert completions(docker, "runc ") == []  # the other engine's words


def test_diagram_mermaid_prints_the_state_diagram(runner: CliRunner) -> None:
    code, out, _ = _lab(runner, "--engine", "runc", script="diagram --mermaid\n")
    assert out.startswith("stateDiagram-v2\n")
    assert "[*] --> created" in out  # brackets are not markup
    assert code == 0


def _folder_with_model(tmp_path: Path, old: str, new: str) -> Path:
    """Return a deck folder whose runtime model is the bundled one with one text changed."""
    text = (ROOT / "decks" / "models" / "container-runtime.yaml").read_text(encoding="utf-8")
    assert old in text
    (tmp_path / "models").mkdir()
    (tmp_path / "models" / "container-runtime.yaml").write_text(text.replace(old, new, 1))
    return tmp_path


def test_the_lab_runs_the_model_of_the_deck_folder(runner: CliRunner, tmp_path: Path) -> None:
    folder = _folder_with_model(
        tmp_path,
        "(SIGTERM unless the image sets one), wait, then SIGKILL.",
        "Edited by an instructor.",
    )
    _, out, _ = _lab(runner, "--decks", str(folder), script="help\n")
    assert "Edited by an instructor." in out
    result = runner.invoke(app, ["lab"], input="help\n", env={"STUDYKIT_DECKS": str(folder)})
    assert "Edited by an instructor." in result.stdout
    _, out, _ = _lab(runner, script="help\n")  # ./decks: the shipped model
    assert "(SIGTERM unless the image sets one), wait, then SIGKILL." in out and "Edited" not in out


def test_a_folder_without_a_model_runs_the_bundled_one(runner: CliRunner, tmp_path: Path) -> None:
    code, out, _ = _lab(runner, "--decks", str(tmp_path), script="help\n")
    assert code == 0 and "(SIGTERM unless the image sets one), wait, then SIGKILL." in out


def test_a_broken_model_in_the_deck_folder_is_reported_where_it_is_wrong(
    runner: CliRunner, tmp_path: Path
) -> None:
    folder = _folder_with_model(tmp_path, "initial: absent", "initial: nowhere")
    code, out, err = _lab(runner, "--decks", str(folder), script="help\n")
    assert (code, out) == (1, "")
    assert "container-runtime.yaml:" in err and "nowhere" in err


def test_the_site_documents_every_lab_word() -> None:
    page = (ROOT / "site" / "lab.md").read_text(encoding="utf-8")
    table = page[page.index("## Lab commands") : page.index("## Scripts")]
    for row in help_rows("docker") + help_rows("runc"):
        words = row.usage.replace(",", "").split()
        usage = " ".join(words[:2] if words[0] == "event" else words[:1])  # `event oom`, `quit`
        assert f"`{usage}" in table, f"site/lab.md does not document `{row.usage}`"
