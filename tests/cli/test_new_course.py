"""`studykit new course`: a course repository that validates, builds, serves and publishes."""

from __future__ import annotations

import html
import re
import shlex
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from studykit.cli.app import app
from studykit.export.course_files import Requirement, requirement
from tests.export.serve_support import mkdocs_serve, wait_for


@pytest.fixture
def course(runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Create a course in an empty folder and work inside it."""
    folder = tmp_path / "containers-101"
    folder.mkdir()
    result = runner.invoke(app, ["new", "course", str(folder)])
    assert result.exit_code == 0, result.output
    monkeypatch.chdir(folder)
    monkeypatch.delenv("STUDYKIT_DECKS", raising=False)
    return folder


def test_a_new_course_has_decks_site_settings_readme_workflow_and_gitignore(course: Path) -> None:
    files = {str(p.relative_to(course)) for p in course.rglob("*") if p.is_file()}
    assert files == {
        "decks/example-deck.yaml",
        "decks/deck.schema.json",
        "docs/index.md",
        "mkdocs.yml",
        "README.md",
        "requirements.txt",
        ".github/workflows/site.yml",
        ".gitignore",
    }
    assert "# Containers 101" in (course / "README.md").read_text(encoding="utf-8")
    assert "/site/" in (course / ".gitignore").read_text(encoding="utf-8").splitlines()


def test_validate_lint_and_export_work_in_a_new_course(runner: CliRunner, course: Path) -> None:
    assert runner.invoke(app, ["validate"]).exit_code == 0
    assert runner.invoke(app, ["lint", "--strict"]).exit_code == 0
    built = runner.invoke(app, ["export"])
    assert built.exit_code == 0, built.output
    home = (course / "site" / "index.html").read_text(encoding="utf-8")
    assert "Containers 101" in home and "decks/example-deck/" in home
    assert (course / "site" / "practice" / "example-deck" / "index.html").is_file()


def test_the_workflow_validates_lints_builds_and_publishes_to_pages(
    runner: CliRunner, course: Path
) -> None:
    workflow = yaml.safe_load((course / ".github/workflows/site.yml").read_text(encoding="utf-8"))
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    commands = [step["run"] for step in build["steps"] if "run" in step]
    assert commands == [
        "pip install -r requirements.txt",
        "studykit validate",
        "studykit lint --strict",
        "studykit export",
    ]
    # Each studykit step, run here as the workflow runs it, passes.
    for command in commands[1:]:
        result = runner.invoke(app, shlex.split(command)[1:])
        assert result.exit_code == 0, (command, result.output)
    upload = next(s for s in build["steps"] if "upload-pages-artifact" in s.get("uses", ""))
    site_dir = yaml.safe_load(
        re.sub(r"!ENV.*", "x", (course / "mkdocs.yml").read_text(encoding="utf-8"))
    )["site_dir"]
    assert upload["with"]["path"] == site_dir and (course / site_dir / "index.html").is_file()
    assert deploy["needs"] == "build" and deploy["permissions"]["pages"] == "write"
    assert any("deploy-pages" in step.get("uses", "") for step in deploy["steps"])
    assert "refs/heads/main" in deploy["if"]
    studykit = (course / "requirements.txt").read_text(encoding="utf-8").splitlines()[-1]
    assert re.fullmatch(r"studykit\S*==\S+", studykit)


def test_requirements_name_a_git_checkout_or_a_wheel_on_the_web_by_its_address() -> None:
    git = (
        '{"url": "https://github.com/o/studykit", "vcs_info": {"vcs": "git", "commit_id": "ab12"}}'
    )
    assert requirement("sk", "0.1.0", git) == Requirement(
        "sk @ git+https://github.com/o/studykit@ab12"
    )
    wheel = '{"url": "https://example.org/sk-0.1.0-py3-none-any.whl", "archive_info": {}}'
    assert (
        requirement("sk", "0.1.0", wheel).line
        == "sk @ https://example.org/sk-0.1.0-py3-none-any.whl"
    )
    assert requirement("sk", "0.1.0", None) == Requirement("sk==0.1.0")  # from an index


def test_requirements_of_an_install_from_a_local_folder_say_ci_cannot_reach_it(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    local = requirement("sk", "0.1.0", '{"url": "file:///home/me/studykit", "dir_info": {}}')
    assert local.line == "sk==0.1.0" and local.note and "/home/me/studykit" in local.note
    assert requirement("sk", "0.1.0", "{not json") == Requirement("sk==0.1.0")
    import studykit.export.course_files as course_files

    monkeypatch.setattr(course_files, "installed", lambda: local)
    result = runner.invoke(app, ["new", "course", str(tmp_path / "c")])
    assert result.exit_code == 0 and "/home/me/studykit" in result.stderr
    lines = (tmp_path / "c" / "requirements.txt").read_text(encoding="utf-8").splitlines()
    assert lines[-1] == "sk==0.1.0" and all(line.startswith("#") for line in lines[:-1])
    assert any("/home/me/studykit" in line for line in lines)


@pytest.mark.slow
def test_mkdocs_serve_works_in_a_new_course(course: Path) -> None:
    with mkdocs_serve(course) as site:
        page = f"{site}/decks/example-deck/"
        assert wait_for(page, "Example deck", 60), "mkdocs serve did not serve the deck page"


def test_the_preview_hint_of_a_deck_in_a_course_is_mkdocs_serve(
    runner: CliRunner, course: Path
) -> None:
    assert "`mkdocs serve`" in (course / "decks/example-deck.yaml").read_text(encoding="utf-8")
    added = runner.invoke(app, ["new", "deck", "networking", "--out", "decks/networking.yaml"])
    assert added.exit_code == 0, added.output
    text = (course / "decks/networking.yaml").read_text(encoding="utf-8")
    assert "`mkdocs serve`" in text and "studykit export" not in text
    assert runner.invoke(app, ["validate"]).exit_code == 0


def test_the_preview_hint_of_a_deck_elsewhere_is_a_command_that_builds_its_site(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert (
        runner.invoke(app, ["new", "deck", "storage", "--out", "my decks/storage.yaml"]).exit_code
        == 0
    )
    text = Path("my decks/storage.yaml").read_text(encoding="utf-8")
    assert "mkdocs serve`" not in text.split("\n", 3)[2]
    command = re.search(r"`(studykit export [^`]+)`", text)
    assert command is not None, text
    result = runner.invoke(app, [*shlex.split(command.group(1))[1:], "--out", "out"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "decks" / "storage" / "index.html").is_file()


def test_new_course_refuses_a_folder_that_is_not_empty(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    result = runner.invoke(app, ["new", "course", str(tmp_path)])
    assert result.exit_code == 1 and "not an empty folder" in result.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]
    a_file = runner.invoke(app, ["new", "course", str(tmp_path / "notes.txt")])
    assert a_file.exit_code == 1


def test_a_course_title_with_yaml_syntax_stays_the_title(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    title = 'Docker: "the" #1 course & more'
    folder = tmp_path / "c"
    assert runner.invoke(app, ["new", "course", str(folder), "--title", title]).exit_code == 0
    monkeypatch.chdir(folder)
    assert runner.invoke(app, ["export"]).exit_code == 0
    page = (folder / "site/index.html").read_text(encoding="utf-8")
    shown = re.search(r"<title>(.*?)</title>", page)
    assert shown is not None and html.unescape(shown.group(1)) == title
