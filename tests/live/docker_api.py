"""Read container states from the private dockerd's API socket instead of the docker CLI.

A snapshot through the CLI is two processes (`docker ps -aq`, `docker inspect`), about
150 ms; the same GETs on the unix socket take a few ms. The harness samples the states
after every step, often several times, so this is most of the suite's overhead.
"""

from __future__ import annotations

import http.client
import json
import socket
from typing import Any

from studykit.runtime.conformance.compare import ContainerView
from studykit.runtime.conformance.live import LiveDocker

API = "/v1.41"
"""Docker Engine 20.10's API version."""


class UnixConnection(http.client.HTTPConnection):
    """An HTTP connection over a unix socket (loopback only, like the CLI's)."""

    def __init__(self, path: str) -> None:
        super().__init__("localhost", timeout=30)
        self.socket_path = path

    def connect(self) -> None:
        """Connect to the socket file."""
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(30)
        sock.connect(self.socket_path)
        self.sock = sock


class ApiDocker(LiveDocker):
    """The private dockerd of studykit.runtime.conformance.live, with snapshots read from its API."""

    def get(self, path: str) -> tuple[int, Any]:
        """Return the status and the decoded JSON body of a GET."""
        connection = UnixConnection(str(self.socket))
        try:
            connection.request("GET", API + path)
            response = connection.getresponse()
            return response.status, json.loads(response.read() or b"null")
        finally:
            connection.close()

    def snapshot(self) -> tuple[tuple[str, ContainerView], ...]:
        """Return every container's name, status, ExitCode, OOMKilled and RestartCount."""
        _, listed = self.get("/containers/json?all=1")
        found = []
        for item in listed or []:
            status, data = self.get(f"/containers/{item['Id']}/json")
            if status != 200:
                continue  # removed between the list and the inspect, as the CLI would skip it
            state = data["State"]
            view = ContainerView(
                state["Status"], state["ExitCode"], state["OOMKilled"], data["RestartCount"]
            )
            found.append((data["Name"].lstrip("/"), view))
        return tuple(sorted(found))
