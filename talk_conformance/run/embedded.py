"""Start and stop the reference server as a child process on a free loopback port.

A separate process, not a thread: the server then gets its own core and GIL, a fault switch stays
inside the server it breaks, and what is tested is exactly what `talk-conformance serve` runs.
"""

from __future__ import annotations

import collections
import os
import secrets
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path

READY_PREFIX = "talk-conformance reference server listening on "
START_TIMEOUT_S = 30


# What the embedded server is when a run names no --release: current Talk, as a newcomer's server is.
DEFAULT_RELEASE = "talk-22"
# `talk-conformance run` names here the release whose embedded server its pytest process boots first thing
# (talk_conformance.plugin.boot).
BOOT_ENV = "TALK_BOOT_EMBEDDED"


class ServerDidNotStart(RuntimeError):
    pass


def describe(release: str | None = None) -> str:
    """How every output names the embedded server (its URL is a random loopback port, which says nothing)."""
    return f"the embedded reference server (Talk {(release or DEFAULT_RELEASE).removeprefix('talk-')})"


@dataclass
class EmbeddedServer:
    url: str
    process: subprocess.Popen
    admin: tuple[str, str]
    release: str | None = None
    _tmpdir: tempfile.TemporaryDirectory | None = field(default=None, repr=False)
    # The server's last output lines, kept for diagnosis; draining the pipe also keeps the server
    # from blocking on a full pipe buffer.
    log: collections.deque = field(default_factory=lambda: collections.deque(maxlen=200), repr=False)
    _terminating: bool = field(default=False, repr=False)

    def __post_init__(self) -> None:
        threading.Thread(target=self._drain, daemon=True).start()

    def _drain(self) -> None:
        try:
            for line in self.process.stdout or ():
                self.log.append(line.rstrip())
        except (ValueError, OSError):
            pass

    @property
    def description(self) -> str:
        return describe(self.release)

    def terminate(self) -> None:
        """Ask the server to stop (it finishes what it is answering); :meth:`stop` waits for it. Once:
        uvicorn takes a second SIGTERM for "stop now"."""
        if self.process.poll() is None and not self._terminating:
            self._terminating = True
            self.process.terminate()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self._tmpdir is not None:
            self._tmpdir.cleanup()
            self._tmpdir = None

    def __enter__(self) -> EmbeddedServer:
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


@dataclass
class Launched:
    """A server process that is starting: :meth:`ready` waits for the line that names its URL."""
    process: subprocess.Popen
    admin: tuple[str, str]
    release: str | None
    tmpdir: tempfile.TemporaryDirectory | None

    def ready(self) -> EmbeddedServer:
        seen: list[str] = []
        # Block on the server's own ready line instead of polling with sleeps.
        for line in self.process.stdout or ():
            if line.startswith(READY_PREFIX):
                return EmbeddedServer(url=line[len(READY_PREFIX):].strip(), process=self.process, admin=self.admin,
                                      release=self.release, _tmpdir=self.tmpdir)
            seen.append(line.rstrip())
        self.process.wait(timeout=START_TIMEOUT_S)
        self.discard()
        raise ServerDidNotStart("the reference server exited before it was ready: " + " | ".join(seen[-5:]))

    def discard(self) -> None:
        """Stop a server nobody took (the run did not need it), and remove its database."""
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        if self.process.stdout is not None:
            self.process.stdout.close()
        if self.tmpdir is not None:
            self.tmpdir.cleanup()
            self.tmpdir = None


def start(**options) -> EmbeddedServer:
    """Start ``talk-conformance serve`` (see :func:`launch`) and wait until it is ready."""
    return launch(**options).ready()


def launch(
    *,
    db: str | Path | None = None,
    admin: tuple[str, str] | None = None,
    faults: list[str] | tuple[str, ...] = (),
    capabilities: list[str] | None = None,
    profile: str | None = None,
    latency_ms: int = 0,
    login_cost_ms: int = 0,
    throttle: int = 0,
    retry_after_s: int = 1,
) -> Launched:
    """Start ``talk-conformance serve`` on port 0, without waiting for it.

    Without ``profile`` (or ``capabilities``) it is :data:`DEFAULT_RELEASE`.
    Without ``db`` the server gets a fresh SQLite file in a temporary folder removed on stop;
    without ``admin``, an admin with a random password (which the report masks like any other).
    """
    if admin is None:
        admin = ("admin", secrets.token_urlsafe(18))
    tmpdir = None
    if db is None:
        tmpdir = tempfile.TemporaryDirectory(prefix="talk-conformance-")
        db = Path(tmpdir.name) / "reference.sqlite"
    cmd = [sys.executable, "-m", "talk_conformance", "serve", "--host", "127.0.0.1", "--port", "0",
           "--db", str(db)]
    for name in faults:
        cmd += ["--fault", name]
    if capabilities is not None:
        cmd += ["--capabilities", ",".join(capabilities)]
    if profile is None and capabilities is None:
        profile = DEFAULT_RELEASE
    if profile is not None:
        cmd += ["--release", profile]
    if latency_ms:
        cmd += ["--latency", str(latency_ms)]
    if login_cost_ms:
        cmd += ["--login-cost", str(login_cost_ms)]
    if throttle:
        cmd += ["--throttle", str(throttle), "--retry-after", str(retry_after_s)]
    # The password goes through the environment: a command line is visible to every process on the host.
    env = {**os.environ, "TALK_ADMIN": f"{admin[0]}:{admin[1]}"}
    env.pop(BOOT_ENV, None)
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, bufsize=1, env=env)
    return Launched(proc, admin, profile, tmpdir)
