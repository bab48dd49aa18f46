"""Serve the reference server: check the options, open the database, bind a socket, run uvicorn.

The caller says what "ready" looks like (``on_ready(url)``); the server prints nothing of its own, and
no access log.
"""

from __future__ import annotations

import errno
import logging
import socket
import sqlite3
import sys
from collections.abc import Callable

import uvicorn

from talk_refserver.app import create_app
from talk_refserver.capabilities import KNOWN_FEATURES, PROFILES, V4_PROFILES, profile_options
from talk_refserver.faults import UnknownFault


class ServeError(Exception):
    """The server cannot start; the message is one line, fit for a command line."""


def _bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        # Accepted connections inherit this: without it, keep-alive clients wait out delayed ACKs (~40 ms).
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        sock.bind((host, port))
        sock.listen(128)
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            raise ServeError(f"port {port} on {host} is in use") from None
        raise ServeError(f"cannot listen on {host} port {port}: {exc.strerror or exc}") from None
    return sock


# What `talk-conformance serve` is without --release or --capabilities: current Talk, as a newcomer's
# server is (create_app's own default, for the project's tests, stays Talk 7).
DEFAULT_RELEASE = "talk-22"


def serve(*, host: str = "127.0.0.1", port: int = 8080, db: str = "talk-reference.sqlite",
          admin: tuple[str, str] = ("admin", "admin"), capabilities: list[str] | None = None,
          profile: str | None = None, faults=frozenset(), latency_ms: int = 0, login_cost_ms: int = 0,
          throttle: int = 0, retry_after_s: int = 1, on_ready: Callable[[str], None] | None = None) -> None:
    """Serve until interrupted; ``on_ready(url)`` once the socket accepts connections.

    ``profile`` names a release (``talk-5``): its features, advertised and implemented; without it
    (and without ``capabilities``), current Talk."""
    if profile is None and capabilities is None:
        profile = DEFAULT_RELEASE
    if profile is not None:
        if capabilities is not None:
            raise ServeError("give --profile or --capabilities, not both")
        if profile not in PROFILES and profile not in V4_PROFILES:
            raise ServeError(f"unknown profile {profile} (known: {', '.join([*PROFILES, *V4_PROFILES])})")
        chosen = profile_options(profile)
        capabilities, nextcloud = chosen["features"], chosen["nextcloud"]
    else:
        nextcloud = None
    if capabilities is not None:
        unknown = [name for name in dict.fromkeys(capabilities) if name not in KNOWN_FEATURES]
        if unknown:
            raise ServeError(f"unknown capability {', '.join(unknown)} (known: {', '.join(KNOWN_FEATURES)})")
    if latency_ms < 0 or login_cost_ms < 0 or throttle < 0 or retry_after_s < 0:
        raise ServeError("latency, login cost, throttling and Retry-After cannot be negative")
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr, format="%(levelname)s %(name)s: %(message)s")
    sock = _bind(host, port)
    try:
        try:
            app = create_app(db, features=capabilities, faults=faults, latency_ms=latency_ms,
                             login_cost_ms=login_cost_ms, admin=admin, nextcloud=nextcloud,
                             throttle=throttle, retry_after_s=retry_after_s)
        except UnknownFault as exc:
            raise ServeError(str(exc)) from None
        except sqlite3.Error as exc:
            raise ServeError(f"cannot use the database {db}: {exc}") from None
        bound_port = sock.getsockname()[1]
        url_host = f"[{host}]" if sock.family == socket.AF_INET6 else host
        server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off"))
        # The backlog queues connections until uvicorn runs, so "ready" can be said before it does.
        if on_ready is not None:
            on_ready(f"http://{url_host}:{bound_port}")
        try:
            server.run(sockets=[sock])
        finally:
            app.repo.close()
    finally:
        sock.close()
