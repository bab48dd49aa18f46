"""Never a 500: every route, every verb, odd parameters and bodies, as users, guests and nobody.

Every answer must be a 4xx/2xx inside the OCS envelope (or the CSRF 412), and the server must log no
unhandled error. The server runs inside the test process (its log records reach caplog).
"""

from __future__ import annotations

import json
import logging

import pytest
import requests

from talk_refserver.routing import Router
from tests.test_refserver_support import OCS_HEADERS, Api, Users, create_room, new_session, unique

PARAM_NAMES = ["roomType", "invite", "roomName", "password", "newParticipant", "source", "participant", "sessionId",
               "state", "level", "displayName", "userid", "groupid", "key", "value", "email", "groups", "search",
               "limit", "offset"]
ODD_TEXT = ["", " ", "0", "-1", "99999999999999999999", "1e400", "abc", "\x00", "ä" * 300, "<&>'\"]]>", "%",
            "a" * 5000, "null", "\u202e\ufeff😀"]
ODD_JSON = [None, True, 1.5, 1e308, -(2 ** 70), [], {}, [1, 2], {"a": 1}, "😀"]
# Values that get a request past the first checks, so the odd values reach the later ones.
VALID = {"roomType": "3", "source": "users", "state": "1", "level": "2", "key": "displayname"}
RAW_BODIES = [
    ("application/json", b"{"), ("application/json", b"\xff\xfe"), ("application/json", b"[1,2]"),
    ("application/json", b'{"roomType": "\\ud800", "roomName": "\\udc00"}'), ("application/json", b"\x00" * 10),
    ("application/json", b'"just a string"'), ("application/json", b"[" * 5000 + b"]" * 5000),
    ("application/x-www-form-urlencoded", b"%%%&&=="), ("application/x-www-form-urlencoded", b"a[b]=1&roomName[]=2"),
    ("application/x-www-form-urlencoded", b"\xff=\xfe&roomType=\xfe"),
    ("multipart/form-data", b"--nope"), ("multipart/form-data; boundary=X", b"garbage"),
    ("multipart/form-data; boundary=X",
     b'--X\r\nContent-Disposition: form-data; name="roomName"; filename="a.txt"\r\n\r\nfile\r\n'
     b'--X\r\nContent-Disposition: form-data; name="roomType"\r\n\r\n2\r\n--X--\r\n'),
    ("text/plain", b"roomType=2"), ("application/octet-stream", bytes(range(256))),
]


def _path(template: str, token: str, uid: str, gid: str) -> list[str]:
    filled = template.replace("{token}", token).replace("{userid}", uid).replace("{groupid}", gid)
    odd = template.replace("{token}", "zz99notaroom").replace("{userid}", "n%C3%B6%00body").replace("{groupid}", "%25")
    return ["/ocs/v2.php" + filled, "/ocs/v1.php" + filled, "/ocs/v2.php" + odd]


def _check(reply: requests.Response, what: str) -> None:
    assert reply.status_code < 500, f"{what}: HTTP {reply.status_code} {reply.text[:300]}"
    if reply.status_code == 412:
        assert reply.json() == {"message": "CSRF check failed"}, what
        return
    body = reply.json()
    assert set(body["ocs"]) == {"meta", "data"}, what


def _requests(full: bool):
    """Every odd value in every parameter at once, alone and next to valid values; then odd bodies."""
    if full:
        for value in ODD_TEXT:
            yield {"data": {name: value for name in PARAM_NAMES}}
            yield {"data": {**{name: value for name in PARAM_NAMES}, **VALID}}
        for value in ODD_JSON:
            yield {"json": {name: value for name in PARAM_NAMES}}
            yield {"json": {**{name: value for name in PARAM_NAMES}, **VALID}}
        yield {"params": [(f"{name}[]", "x") for name in PARAM_NAMES]}
    for content_type, body in RAW_BODIES:
        yield {"data": body, "headers": {"Content-Type": content_type}}


def _server_errors(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name.startswith("talk_refserver") and r.levelno >= logging.ERROR]


ROUTES = sorted((template, method) for template, entry in Router.standard().paths.items() for method in entry.methods)
PLAN = [("owner", "filled", True), ("guest", "filled", True), ("admin", "filled", False),
        ("anonymous", "filled", False), ("owner", "as_v1", False), ("owner", "odd", False)]


def test_the_plan_reaches_every_route_with_thousands_of_requests():
    assert len(ROUTES) > 30
    assert len(ROUTES) * sum(len(list(_requests(full))) for _, _, full in PLAN) > 3000


@pytest.mark.parametrize("template,method", ROUTES)
def test_no_route_answers_500(server, caplog, template, method):
    users = Users(server)
    owner = users.user()
    guest = Api(server)
    actors = {"owner": owner.session, "guest": guest.session, "admin": Api(server, server.admin).session,
              "anonymous": new_session()}
    actors["anonymous"].headers.update(OCS_HEADERS)
    token = create_room(owner, 3, "fuzz")
    assert guest.post(f"/room/{token}/participants/active").status == 200
    filled, as_v1, odd = _path(template, token, owner.uid, users.group(owner))
    paths = {"filled": filled, "as_v1": as_v1, "odd": odd}
    count = 0
    for actor, path_kind, full in PLAN:
        path = paths[path_kind]
        for kwargs in _requests(full):
            reply = actors[actor].request(method, server.url + path + "?format=json", **kwargs)
            _check(reply, f"{method} {path} {str(kwargs)[:200]}")
            count += 1
    assert count == sum(len(list(_requests(full))) for _, _, full in PLAN)
    assert _server_errors(caplog) == []


@pytest.mark.parametrize("path", [
    "/ocs/v2.php/apps/spreed/api/v1/room/%00", "/ocs/v2.php/apps/spreed/api/v1/r%C3%B6om", "/ocs/v2.php/" + "a/" * 2000,
    "/ocs/v2.php//apps//spreed", "/ocs/v3.php/cloud/capabilities", "/", "/ocs/v2.php", "/ocs/v2.php/cloud/users/%FF",
    "/ocs/v2.php/cloud/capabilities?format=%FF", "/ocs/v2.php/cloud/capabilities?format[]=json",
])
@pytest.mark.parametrize("method", ["GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD", "PROPFIND"])
def test_odd_paths_and_verbs(server, path, method, caplog):
    reply = new_session().request(method, server.url + path, headers={"Accept": "application/json"})
    assert reply.status_code < 500 and _server_errors(caplog) == []
    if method != "HEAD":
        assert "ocs" in reply.json()


# Bytes HTTP forbids in a header (DEL, NUL) never reach the app: uvicorn answers 400 itself.
@pytest.mark.parametrize("headers", [
    {"Authorization": "Basic " + "A" * 10000}, {"Authorization": "Basic w6TDtg=="}, {"Authorization": "Basic /w=="},
    {"Cookie": "garbage"}, {"Cookie": "oc" * 1000 + "=x"}, {"Accept": ";q=;;, */json;q=9"}, {"OCS-APIRequest": "TRUE"},
    {"Content-Type": "application/json; charset=latin-1"}, {"Content-Length": "0"},
])
def test_odd_headers(server, headers, caplog):
    for path in ("/ocs/v2.php/cloud/capabilities", "/ocs/v2.php/apps/spreed/api/v1/room"):
        reply = new_session().post(server.url + path + "?format=json", headers=headers)
        assert reply.status_code < 500 and _server_errors(caplog) == []
        assert "ocs" in reply.json() or reply.status_code == 412


def test_json_encoding_survives_every_stored_string(server):
    owner = Users(server).user()
    name = "\u2028\U0001f600</data>&\x7f"
    token = create_room(owner, 3, name)
    assert owner.get(f"/room/{token}").data["name"] == name
    xml = new_session().get(server.url + f"/ocs/v2.php/apps/spreed/api/v1/room/{token}", auth=owner.session.auth)
    assert xml.status_code == 200 and "&lt;/data&gt;&amp;" in xml.text
    assert json.loads(new_session().get(server.url + "/ocs/v2.php/cloud/capabilities?format=json").text)
    assert unique("x")
