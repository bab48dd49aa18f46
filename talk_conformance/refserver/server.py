"""``talk-conformance serve``: open the database, bind a socket, announce the URL, run uvicorn."""

from __future__ import annotations

import logging
import socket
import sys

import uvicorn

from talk_conformance.refserver import store
from talk_conformance.refserver.app import create_app
from talk_conformance.refserver.capabilities import TALK_7_FEATURES
from talk_conformance.refserver.faults import Faults
from talk_conformance.refserver.provisioning import ensure_admin

READY_LINE = "talk-conformance reference server listening on "


def _instance_id() -> str:
    # Nextcloud's instanceid starts with "oc" and names the session cookie.
    return "oc" + store.new_cookie_value()[:10]


def serve(*, host: str = "127.0.0.1", port: int = 8080, db: str = "talk-reference.sqlite",
          admin: tuple[str, str] = ("admin", "admin"), capabilities: list[str] | None = None,
          faults: set[str] | frozenset[str] = frozenset()) -> None:
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr, format="%(levelname)s %(name)s: %(message)s")
    conn = store.connect(db)
    conn.execute("BEGIN IMMEDIATE")
    ensure_admin(conn, *admin)
    cookie_name = store.meta_value(conn, "instanceid", _instance_id)
    conn.execute("COMMIT")
    features = list(TALK_7_FEATURES if capabilities is None else dict.fromkeys(capabilities))
    app = create_app(conn, features, Faults(faults), cookie_name)

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    # Accepted connections inherit this: without it, keep-alive clients wait out delayed ACKs (~40 ms).
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    sock.bind((host, port))
    sock.listen(128)
    bound_port = sock.getsockname()[1]
    url_host = f"[{host}]" if family == socket.AF_INET6 else host

    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off")
    server = uvicorn.Server(config)
    # Announce only once the socket accepts connections: the backlog queues them until uvicorn runs.
    print(f"{READY_LINE}http://{url_host}:{bound_port}", flush=True)
    try:
        server.run(sockets=[sock])
    finally:
        conn.close()
