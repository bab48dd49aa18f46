"""Shared helpers for the reference server's own tests (no tests here), no mocks.

Tests about behaviour drive the real app inside the test process (:class:`InProcess`: uvicorn in a
thread, real HTTP over loopback, a real SQLite file, no interpreter to start); tests about the process
use a real one (``talk_conformance.run.embedded`` or ``python -m talk_conformance serve``). The helpers take
either: a server has ``url`` and ``admin``.
"""

from __future__ import annotations

import secrets
import socket
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import requests
import uvicorn
from requests.adapters import HTTPAdapter

from talk_conformance.run.client import ONE_MORE_TRY_IF_DROPPED
from talk_refserver.app import create_app

SPREED = "/ocs/v2.php/apps/spreed/api/v1"
OCS_HEADERS = {"OCS-APIRequest": "true", "Accept": "application/json"}


@dataclass
class Reply:
    status: int
    body: Any
    text: str
    headers: dict

    @property
    def meta(self) -> dict:
        return self.body["ocs"]["meta"]

    @property
    def data(self) -> Any:
        return self.body["ocs"]["data"]


def url_path(path: str, version: int = 2) -> str:
    if path.startswith("/ocs/") or path.startswith("http"):
        return path
    if path.startswith("/cloud/"):
        return f"/ocs/v{version}.php{path}"
    return f"/ocs/v{version}.php/apps/spreed/api/v1{path}"


class InProcess:
    """The reference server served by uvicorn in a thread of this process: the full ASGI stack over a
    loopback socket. About half the CPU per request of Starlette's TestClient (no thread hop and
    event-loop portal per call), which the fault probes' thousands of requests feel."""

    def __init__(self, db: str | Path, *, admin: tuple[str, str] | None = None, **options):
        self.admin = admin or ("admin", secrets.token_urlsafe(18))
        sock = socket.socket()
        # Accepted connections inherit it: without it keep-alive clients wait out delayed ACKs (~40 ms).
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        sock.bind(("127.0.0.1", 0))
        sock.listen(128)
        self.url = f"http://127.0.0.1:{sock.getsockname()[1]}"
        try:
            self.app = create_app(db, admin=self.admin, **options)
        except BaseException:
            sock.close()
            raise
        self.server = uvicorn.Server(uvicorn.Config(self.app, log_level="warning", access_log=False, lifespan="off"))
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [sock]}, daemon=True)
        self.thread.start()  # the socket already listens: requests queue until uvicorn accepts them

    def close(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=30)
        self.app.repo.close()

    def __enter__(self) -> InProcess:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def new_session() -> requests.Session:
    """A client with its own cookie jar, like one browser or app; the tests talk to loopback only.
    Like the suite's client, it sends a request once more if the server closed the kept-alive
    connection unanswered (uvicorn closes one idle for 5 s; a module's users idle that long)."""
    session = requests.Session()
    session.trust_env = False
    adapter = HTTPAdapter(max_retries=ONE_MORE_TRY_IF_DROPPED)
    session.mount("http://", adapter)
    return session


class Api:
    """One actor: Basic credentials (a user), or none (a guest keeping its cookie session)."""

    def __init__(self, server, auth: tuple[str, str] | None = None, headers: dict | None = None):
        self.base_url = server.url
        self.session = new_session()
        self.session.auth = auth
        self.session.headers.update(OCS_HEADERS if headers is None else headers)

    def call(self, method: str, path: str, data: Any = None, *, version: int = 2, **kwargs) -> Reply:
        url = self.base_url + url_path(path, version)
        if method == "GET" and data is not None:
            kwargs["params"] = data
            data = None
        kwargs.setdefault("timeout", 10)
        resp = self.session.request(method, url, data=data, **kwargs)
        try:
            body = resp.json()
        except ValueError:
            body = None
        return Reply(resp.status_code, body, resp.text, dict(resp.headers))

    def __getattr__(self, verb: str):
        if verb.upper() in ("GET", "POST", "PUT", "DELETE"):
            return lambda path, data=None, **kw: self.call(verb.upper(), path, data, **kw)
        raise AttributeError(verb)


def assert_envelope(reply: Reply, status: int) -> None:
    """The v2 rules: HTTP status as expected and equal to meta.statuscode, meta.status matching."""
    assert reply.status == status, f"HTTP {reply.status}, expected {status}: {reply.text[:500]}"
    assert isinstance(reply.body, dict) and "ocs" in reply.body, f"not an OCS envelope: {reply.text[:200]}"
    assert reply.meta["statuscode"] == status, reply.meta
    assert reply.meta["status"] == ("ok" if 200 <= status < 300 else "failure"), reply.meta


def unique(prefix: str) -> str:
    return f"{prefix}{secrets.token_hex(4)}"


class Users:
    """Provision users and groups on a server as its admin."""

    def __init__(self, server):
        self.server = server
        self.admin = Api(server, server.admin)

    def user(self, name: str | None = None, display: str | None = None) -> Api:
        uid = name or unique("u")
        password = secrets.token_urlsafe(12)
        reply = self.admin.post("/cloud/users", {"userid": uid, "password": password,
                                                 "displayName": display or f"{uid} display"})
        assert reply.status == 200, reply.text
        api = Api(self.server, (uid, password))
        api.uid = uid
        api.password = password
        return api

    def group(self, *members: Api) -> str:
        gid = unique("g")
        assert self.admin.post("/cloud/groups", {"groupid": gid}).status == 200
        for member in members:
            assert self.admin.post(f"/cloud/users/{member.uid}/groups", {"groupid": gid}).status == 200
        return gid

    def guest(self) -> Api:
        return Api(self.server)


def create_room(api: Api, room_type: int, name: str = "", invite: str = "") -> str:
    fields = {"roomType": room_type}
    if name:
        fields["roomName"] = name
    if invite:
        fields["invite"] = invite
    reply = api.post("/room", fields)
    assert reply.status in (200, 201), reply.text
    return reply.data["token"]
