"""Shared helpers for the reference server's own tests (no tests here): real HTTP, no mocks."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

import requests

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


class Api:
    """One actor: Basic credentials (a user), or none (a guest keeping its cookie session)."""

    def __init__(self, base_url: str, auth: tuple[str, str] | None = None, headers: dict | None = None):
        self.base_url = base_url
        self.session = requests.Session()
        self.session.auth = auth
        self.session.headers.update(OCS_HEADERS if headers is None else headers)

    def call(self, method: str, path: str, data: Any = None, *, version: int = 2, **kwargs) -> Reply:
        url = self.base_url + url_path(path, version)
        if method == "GET" and data is not None:
            kwargs["params"] = data
            data = None
        resp = self.session.request(method, url, data=data, timeout=10, **kwargs)
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
        self.url = server.url
        self.admin = Api(server.url, server.admin)

    def user(self, name: str | None = None, display: str | None = None) -> Api:
        uid = name or unique("u")
        password = secrets.token_urlsafe(12)
        reply = self.admin.post("/cloud/users", {"userid": uid, "password": password,
                                                 "displayName": display or f"{uid} display"})
        assert reply.status == 200, reply.text
        api = Api(self.url, (uid, password))
        api.uid = uid
        return api

    def group(self, *members: Api) -> str:
        gid = unique("g")
        assert self.admin.post("/cloud/groups", {"groupid": gid}).status == 200
        for member in members:
            assert self.admin.post(f"/cloud/users/{member.uid}/groups", {"groupid": gid}).status == 200
        return gid

    def guest(self) -> Api:
        return Api(self.url)


def create_room(api: Api, room_type: int, name: str = "", invite: str = "") -> str:
    fields = {"roomType": room_type}
    if name:
        fields["roomName"] = name
    if invite:
        fields["invite"] = invite
    reply = api.post("/room", fields)
    assert reply.status in (200, 201), reply.text
    return reply.data["token"]
