"""Simulated `docker images`, `pull` and `rmi`, and the pull that `run` and `create` do."""

from __future__ import annotations

from typing import TYPE_CHECKING

from studykit.model.images import ImageDef
from studykit.model.runtime import RuntimeModel
from studykit.runtime.arguments import parse_arguments
from studykit.runtime.config import ContainerConfig
from studykit.runtime.images import (
    LocalImage,
    Reference,
    Registry,
    digest_of,
    find_local,
    image_id_of,
    layer_ids,
    parse_reference,
)
from studykit.runtime.outcome import CommandOutcome, LabError
from studykit.runtime.world import Container, World

if TYPE_CHECKING:
    from studykit.runtime.docker_cli import DockerCli

DAEMON = "Error response from daemon: "
_REGISTRIES: dict[int, tuple[RuntimeModel, Registry]] = {}


def registry(model: RuntimeModel) -> Registry:
    """Return the simulated registry of a model (built once per model)."""
    cached = _REGISTRIES.get(id(model))
    if cached is None or cached[0] is not model:
        cached = _REGISTRIES[id(model)] = (model, Registry(model))
    return cached[1]


def image_of(world: World, c: Container, model: RuntimeModel | None = None) -> ImageDef | None:
    """Return the catalogue image a container was created from."""
    for local in world.images.values():
        if local.id == c.config.image_id:
            image: ImageDef = local.image
            return image
    if model is not None:
        return next((i for i in model.images if image_id_of(i) == c.config.image_id), None)
    return None


def image_config(local: LocalImage) -> ContainerConfig:
    """Return the configuration an image gives a new container."""
    image = local.image
    return ContainerConfig(
        image_id=local.id,
        entrypoint=image.entrypoint,
        cmd=image.cmd,
        env=image.env,
        exposed=image.exposed_ports,
        stop_signal=image.stop_signal,
    )


def pull_failure(ref: Reference, why: str) -> str:
    """Return the daemon's message for an image the registry does not have."""
    if why == "repository":
        return (
            f"pull access denied for {ref.repository}, repository does not exist or may "
            "require 'docker login': denied: requested access to the resource is denied"
        )
    return f"manifest for {ref.shown} not found: manifest unknown: manifest unknown"


def pull_lines(image: ImageDef, ref: Reference, fresh: bool) -> list[str]:
    """Return the progress lines of a pull (without `Using default tag`)."""
    lines = [f"{ref.digest or ref.tag}: Pulling from {ref.path}"]
    if fresh:
        lines += [f"{layer}: Pull complete" for layer in layer_ids(image)]
    lines.append(f"Digest: {digest_of(image)}")
    status = "Downloaded newer image" if fresh else "Image is up to date"
    lines.append(f"Status: {status} for {ref.shown}")
    return lines


def fetch(
    cli: DockerCli, ref: Reference, out: CommandOutcome
) -> tuple[LocalImage | None, list[str]]:
    """Pull a reference into the engine; return the image and the progress lines, or the error."""
    image, why = registry(cli.model).find(ref)
    if image is None:
        out.note("docker-pull", f"the lab's registry has no {ref.shown}")
        if why == "repository":
            out.note("lab-registry", "the lab's registry holds only its catalogue")
        return None, [pull_failure(ref, why)]
    present = find_local(cli.world.images, ref)
    fresh = not any(i.id == image_id_of(image) for i in cli.world.images.values())
    tag = ref.tag if not ref.digest else "<none>"
    local = present or LocalImage(image, tag, digest_of(image), cli.world.clock)
    key = f"{image.id}:{tag}" if not ref.digest else f"{image.id}@{ref.digest}"
    if present is None:
        cli.world.images = {**cli.world.images, key: local}
    out.note(
        "docker-pull", f"{ref.shown} comes from the lab's registry ({len(layer_ids(image))} layers)"
    )
    return local, pull_lines(image, ref, fresh)


def _registry_note(model: RuntimeModel) -> str:
    names = ", ".join(registry(model).images)
    return f"lab note: the lab's registry holds only {names}"


def pull_for_run(cli: DockerCli, text: str, out: CommandOutcome, command: str) -> LocalImage | None:
    """Return the local image `run`/`create` uses, pulling it first when the engine lacks it."""
    ref = parse_reference(text)
    if ref is None:
        out.err("docker: invalid reference format: repository name must be lowercase.")
        out.err(f"See 'docker {command} --help'.")
        out.exit_code = 125
        return None
    local = find_local(cli.world.images, ref)
    if local is not None:
        return local
    out.note("docker-run-pull", f"the engine has no {ref.shown}: it pulls it first")
    out.err(f"Unable to find image '{ref.shown}' locally")
    local, lines = fetch(cli, ref, out)
    if local is None:
        cli.daemon_error(command, lines[0], out)
        if "pull access denied" in lines[0]:
            out.err(_registry_note(cli.model))
        return None
    out.stderr += lines
    return local


def pull(cli: DockerCli, words: list[str], out: CommandOutcome) -> None:
    """docker pull IMAGE[:TAG|@DIGEST]."""
    args = parse_arguments(words, {}, {"-q": "quiet", "--quiet": "quiet", "-a": "all"})
    if len(args.operands) != 1:
        raise LabError("docker pull requires exactly 1 argument (the image)")
    ref = parse_reference(args.operands[0])
    if ref is None:
        out.err("invalid reference format")
        out.exit_code = 1
        return
    if not ref.explicit_tag and not ref.digest:
        out.out("Using default tag: latest")
    local, lines = fetch(cli, ref, out)
    if local is None:
        out.err(DAEMON + lines[0])
        if "pull access denied" in lines[0]:
            out.err(_registry_note(cli.model))
        out.exit_code = 1
        return
    out.stdout += [] if args.has("quiet") else lines
    out.out(f"docker.io/{ref.path}{'@' + ref.digest if ref.digest else ':' + ref.tag}")


def images(cli: DockerCli, words: list[str], out: CommandOutcome) -> None:
    """docker images [-q] [--digests]: the engine's images, newest first."""
    from studykit.runtime.docker_listing import age, table

    args = parse_arguments(
        words, {"--format": "format", "--filter": "filter", "-f": "filter"},
        {"-q": "quiet", "--quiet": "quiet", "--digests": "digests", "-a": "all", "--all": "all"},
    )  # fmt: skip
    tagged = {(i.image.id, i.id) for i in cli.world.images.values() if i.tag != "<none>"}
    listed = sorted(
        (
            (key, i)
            for key, i in cli.world.images.items()
            if i.tag != "<none>" or (i.image.id, i.id) not in tagged
        ),
        key=lambda item: -_created(item[1], cli.world),
    )
    if args.operands:
        listed = [(k, i) for k, i in listed if i.image.id == args.operands[0]]
    out.note("image-store", f"{len(listed)} image reference(s) in the engine")
    if args.has("quiet"):
        out.stdout += list(dict.fromkeys(i.id[7:19] for _, i in listed))
        return
    header = ["REPOSITORY", "TAG", *(["DIGEST"] if args.has("digests") else []), "IMAGE ID"]
    rows = [header + ["CREATED", "SIZE"]]
    for _, local in listed:
        digest = [local.digest or "<none>"] if args.has("digests") else []
        ago = age(cli.world.clock - _created(local, cli.world)) + " ago"
        rows.append([local.image.id, local.tag, *digest, local.id[7:19], ago, local.image.size])
    out.stdout += table(rows)


def _created(local: LocalImage, world: World) -> float:
    """Return when an image was built, in lab seconds (negative: before the lab's epoch)."""
    from datetime import datetime

    from studykit.runtime.process_output import EPOCH

    if not local.image.created:
        return 0.0
    built = datetime.fromisoformat(local.image.created.replace("Z", "+00:00"))
    return (built - EPOCH).total_seconds()


def rmi(cli: DockerCli, words: list[str], out: CommandOutcome) -> None:
    """docker rmi [-f] IMAGE...: untag, and delete an image no container uses."""
    args = parse_arguments(words, {}, {"-f": "force", "--force": "force"})
    if not args.operands:
        raise LabError("docker rmi requires at least 1 argument")
    for text in args.operands:
        ref = parse_reference(text)
        local = find_local(cli.world.images, ref) if ref else None
        if ref is None or local is None:
            out.err(f"Error: No such image: {text}")
            out.exit_code = 1
            continue
        users = [c for c in cli.world.containers.values() if c.config.image_id == local.id]
        if users and not args.has("force"):
            out.note("image-store", f"{users[0].name} uses {text}")
            out.err(
                f'{DAEMON}conflict: unable to remove repository reference "{text}" (must force) '
                f"- container {users[0].id[:12]} is using its referenced image {local.id[7:19]}"
            )
            out.exit_code = 1
            continue
        _untag(cli, local, ref, out)


def _untag(cli: DockerCli, local: LocalImage, ref: Reference, out: CommandOutcome) -> None:
    """Remove a reference; delete the image when no reference is left."""
    keys = [k for k, v in cli.world.images.items() if v is local]
    cli.world.images = {k: v for k, v in cli.world.images.items() if k not in keys}
    out.note("image-store", f"{ref.shown} is untagged")
    out.out(f"Untagged: {ref.shown}")
    if local.digest:
        out.out(f"Untagged: {local.image.id}@{local.digest}")
    if not any(v.id == local.id for v in cli.world.images.values()):
        out.out(f"Deleted: {local.id}")


HANDLERS = {"images": images, "pull": pull, "rmi": rmi}
