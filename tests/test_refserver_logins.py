"""What a login costs: Basic with the login password pays once per session cookie; app passwords
are tokens, cheap on every request, handed out and revoked as Nextcloud does it."""

from __future__ import annotations

import re
import sqlite3
import time

import pytest

from tests.test_refserver_support import Api, InProcess, Users, assert_envelope

COST_S = 0.4
APP_PASSWORD = re.compile(r"^[A-Za-z0-9]{72}$")


@pytest.fixture(scope="module")
def costly(tmp_path_factory):
    with InProcess(tmp_path_factory.mktemp("costly") / "db.sqlite", login_cost_ms=int(COST_S * 1000)) as server:
        yield server


def timed(call):
    start = time.monotonic()
    reply = call()
    return reply, time.monotonic() - start


def test_a_session_cookie_skips_the_login_cost(costly):
    alice = Users(costly).user()
    first, slow = timed(lambda: alice.get("/room"))
    assert_envelope(first, 200)
    assert slow >= COST_S
    name, value = costly.app.cookie_name, alice.session.cookies.get(costly.app.cookie_name)
    assert re.match(r"^[a-z0-9]{32}$", value or ""), first.headers
    assert first.headers["set-cookie"].startswith(f"{name}={value}; ") and "HttpOnly" in first.headers["set-cookie"]
    again, fast = timed(lambda: alice.get("/room"))
    assert_envelope(again, 200)
    assert fast < COST_S / 2
    # Without the cookie, the check and its cost are back.
    alice.session.cookies.clear()
    _, slow_again = timed(lambda: alice.get("/room"))
    assert slow_again >= COST_S


def test_the_cookie_is_bound_to_its_user_and_password(costly):
    users = Users(costly)
    alice, bob = users.user(), users.user()
    assert_envelope(alice.get("/room"), 200)
    cookie = dict(alice.session.cookies)
    # A wrong password is refused even with a valid session cookie.
    wrong = Api(costly, (alice.uid, "not the password"))
    wrong.session.cookies.update(cookie)
    refused, slow = timed(lambda: wrong.get("/room"))
    assert_envelope(refused, 401)
    assert slow >= COST_S
    # Another user's credentials with alice's cookie are checked in full, and are bob's.
    bob.session.cookies.update(cookie)
    reply, slow = timed(lambda: bob.get(f"/cloud/users/{bob.uid}"))
    assert reply.data["id"] == bob.uid and slow >= COST_S
    # A password change ends the session: the old password no longer passes on the old cookie.
    assert_envelope(alice.put(f"/cloud/users/{alice.uid}", {"key": "password", "value": "changed"}), 200)
    old = Api(costly, (alice.uid, alice.password))
    old.session.cookies.update(cookie)
    assert_envelope(old.get("/room"), 401)


def test_the_cookie_alone_is_a_session_under_the_csrf_check(costly):
    alice = Users(costly).user()
    assert_envelope(alice.get("/room"), 200)
    alice.session.auth = None
    assert_envelope(alice.get(f"/cloud/users/{alice.uid}"), 200)
    alice.session.headers.pop("OCS-APIRequest")
    forged = alice.get(f"/cloud/users/{alice.uid}")
    assert forged.status == 412 and forged.body == {"message": "CSRF check failed"}


def test_app_passwords(costly):
    users = Users(costly)
    alice = users.user()
    issued = alice.get("/ocs/v2.php/core/getapppassword")
    assert_envelope(issued, 200)
    token = issued.data["apppassword"]
    assert APP_PASSWORD.match(token)
    app = Api(costly, (alice.uid, token))
    reply, fast = timed(lambda: app.get("/room"))
    assert_envelope(reply, 200)
    assert fast < COST_S / 2 and "set-cookie" not in reply.headers  # no session needed, none made
    assert_envelope(app.get("/ocs/v2.php/core/getapppassword"), 403)  # not with an app password
    assert_envelope(alice.delete("/ocs/v2.php/core/apppassword"), 403)  # not with the login password
    assert_envelope(Api(costly, (users.user().uid, token)).get("/room"), 401)  # only its own user's
    assert_envelope(app.delete("/ocs/v2.php/core/apppassword"), 200)
    assert_envelope(app.get("/room"), 401)
    assert_envelope(users.guest().get("/ocs/v2.php/core/getapppassword"), 401)


def test_app_passwords_on_v1(costly):
    alice = Users(costly).user()
    issued = alice.get("/ocs/v1.php/core/getapppassword")
    assert issued.status == 200 and issued.meta["statuscode"] == 100
    app = Api(costly, (alice.uid, issued.data["apppassword"]))
    refused = app.get("/ocs/v1.php/core/getapppassword")
    assert refused.status == 200 and refused.meta["statuscode"] == 403 and refused.meta["status"] == "failure"
    revoked = app.delete("/ocs/v1.php/core/apppassword")
    assert revoked.status == 200 and revoked.meta["statuscode"] == 100
    gone = app.get("/ocs/v1.php/cloud/capabilities")
    assert gone.status == 401 and gone.meta["statuscode"] == 997


def test_only_a_hash_is_stored_and_it_goes_with_its_user(tmp_path):
    db = tmp_path / "db.sqlite"
    with InProcess(db) as server:
        users = Users(server)
        alice = users.user()
        token = alice.get("/ocs/v2.php/core/getapppassword").data["apppassword"]
        with sqlite3.connect(db) as conn:
            rows = conn.execute("SELECT * FROM app_passwords").fetchall()
        assert len(rows) == 1 and token not in repr(rows) and alice.uid in rows[0]
        assert_envelope(users.admin.delete(f"/cloud/users/{alice.uid}"), 200)
        with sqlite3.connect(db) as conn:
            assert conn.execute("SELECT COUNT(*) FROM app_passwords").fetchone()[0] == 0
        # A new account of the same name does not inherit the old token.
        assert_envelope(users.admin.post("/cloud/users", {"userid": alice.uid, "password": "new one"}), 200)
        assert_envelope(Api(server, (alice.uid, token)).get("/room"), 401)


def test_latency_delays_every_answer(tmp_path):
    with InProcess(tmp_path / "db.sqlite", latency_ms=300) as server:
        guest = Api(server)
        for path in ("/cloud/capabilities", "/nothing-here"):
            _, took = timed(lambda path=path: guest.get(path))
            assert took >= 0.3
    with InProcess(tmp_path / "db.sqlite") as server:
        _, took = timed(lambda: Api(server).get("/cloud/capabilities"))
        assert took < 0.3
