"""Provisioning (users and groups) on v1 and v2, user deletion, and the --admin account."""

from __future__ import annotations

import pytest

from tests.test_refserver_support import Api, InProcess, assert_envelope, create_room, unique


@pytest.fixture
def admin(server):
    return Api(server, server.admin)


def test_create_get_edit_user_v2(admin, server):
    uid = unique("alice")
    assert_envelope(admin.post("/cloud/users", {"userid": uid, "password": "long password 1", "displayName": "Alice"}), 200)
    again = admin.post("/cloud/users", {"userid": uid, "password": "x"})
    assert again.status == 400 and again.meta["statuscode"] == 102 and again.meta["status"] == "failure"
    got = admin.get(f"/cloud/users/{uid}")
    assert_envelope(got, 200)
    assert (got.data["id"], got.data["displayname"], got.data["enabled"]) == (uid, "Alice", True)
    assert_envelope(admin.put(f"/cloud/users/{uid}", {"key": "displayname", "value": "Alice B"}), 200)
    assert admin.get(f"/cloud/users/{uid}").data["displayname"] == "Alice B"
    assert Api(server, (uid, "long password 1")).get("/room").status == 200
    assert_envelope(admin.get(f"/cloud/users/{unique('nobody')}"), 404)


@pytest.mark.parametrize("fields,code", [
    ({"password": "p"}, None),  # no userid: missing parameter
    ({"userid": "", "password": "p"}, 101),
    ({"userid": "bad/name", "password": "p"}, 101),
    ({"userid": " padded", "password": "p"}, 101),
    ({"userid": "fine-but-no-password"}, 108),
])
def test_create_user_errors(admin, fields, code):
    reply = admin.post("/cloud/users", fields)
    assert reply.status == 400
    if code:
        assert reply.meta["statuscode"] == code


def test_v1_semantics(admin, server):
    uid = unique("v1")
    ok = admin.post("/cloud/users", {"userid": uid, "password": "pw"}, version=1)
    assert ok.status == 200 and ok.meta["statuscode"] == 100 and ok.meta["status"] == "ok"
    assert ok.meta["totalitems"] == "" and ok.meta["itemsperpage"] == ""
    exists = admin.post("/cloud/users", {"userid": uid, "password": "pw"}, version=1)
    assert exists.status == 200 and exists.meta["statuscode"] == 102 and exists.meta["status"] == "failure"
    missing = admin.get(f"/cloud/users/{unique('nobody')}", version=1)
    assert missing.status == 200 and missing.meta["statuscode"] == 404
    plain = Api(server, (uid, "pw"))
    forbidden = plain.post("/cloud/groups", {"groupid": "x"}, version=1)
    assert forbidden.status == 200 and forbidden.meta["statuscode"] == 403
    unauthorised = Api(server, (uid, "wrong")).get("/cloud/capabilities", version=1)
    assert unauthorised.status == 401 and unauthorised.meta["statuscode"] == 997
    capabilities = Api(server).get("/cloud/capabilities", version=1)
    assert capabilities.status == 200 and capabilities.meta["statuscode"] == 100
    assert len(capabilities.data["capabilities"]["spreed"]["features"]) == 20
    # spreed answers on v1 too
    created = plain.post("/room", {"roomType": 2, "roomName": "v1"}, version=1)
    assert created.status == 200 and created.meta["statuscode"] == 100 and created.data["name"] == "v1"
    nothing = plain.get("/room/zz99notaroom", version=1)
    assert nothing.status == 200 and nothing.meta["statuscode"] == 404


def test_non_admin_is_403_on_both_versions(users, server):
    plain, other = users.user(), users.user()
    for version in (1, 2):
        for method, path, data in [("POST", "/cloud/users", {"userid": unique("x"), "password": "p"}),
                                   ("GET", f"/cloud/users/{other.uid}", None),
                                   ("DELETE", f"/cloud/users/{other.uid}", None),
                                   ("POST", "/cloud/groups", {"groupid": unique("g")}),
                                   ("GET", "/cloud/groups/admin", None),
                                   ("POST", f"/cloud/users/{plain.uid}/groups", {"groupid": "admin"})]:
            reply = plain.call(method, path, data, version=version)
            assert reply.meta["statuscode"] == 403, (version, method, path, reply.text)
            assert reply.status == (403 if version == 2 else 200)
    # Users may read their own record.
    assert_envelope(plain.get(f"/cloud/users/{plain.uid}"), 200)
    assert_envelope(Api(server).get(f"/cloud/users/{plain.uid}"), 401)


def test_groups(admin, users):
    gid = unique("grp")
    member = users.user()
    assert_envelope(admin.post("/cloud/groups", {"groupid": gid}), 200)
    exists = admin.post("/cloud/groups", {"groupid": gid})
    assert exists.status == 400 and exists.meta["statuscode"] == 102
    assert admin.post("/cloud/groups", {"groupid": ""}).meta["statuscode"] == 101
    assert_envelope(admin.post(f"/cloud/users/{member.uid}/groups", {"groupid": gid}), 200)
    assert admin.post(f"/cloud/users/{member.uid}/groups", {"groupid": unique("no")}).meta["statuscode"] == 102
    assert admin.post(f"/cloud/users/{unique('no')}/groups", {"groupid": gid}).meta["statuscode"] == 103
    assert admin.post(f"/cloud/users/{member.uid}/groups", {}).meta["statuscode"] == 101
    assert admin.get(f"/cloud/groups/{gid}").data == {"users": [member.uid]}
    assert admin.get(f"/cloud/users/{member.uid}/groups").data == {"groups": [gid]}
    assert gid in admin.get("/cloud/groups", {"search": gid}).data["groups"]
    assert_envelope(admin.delete(f"/cloud/users/{member.uid}/groups", {"groupid": gid}), 200)
    assert admin.get(f"/cloud/groups/{gid}").data == {"users": []}
    assert_envelope(admin.delete(f"/cloud/groups/{gid}"), 200)
    assert_envelope(admin.get(f"/cloud/groups/{gid}"), 404)
    assert admin.delete(f"/cloud/groups/{gid}").meta["statuscode"] == 101
    assert admin.delete("/cloud/groups/admin").meta["statuscode"] == 102


def test_delete_user(admin, server):
    uid = unique("gone")
    admin.post("/cloud/users", {"userid": uid, "password": "pw"})
    assert admin.delete(f"/cloud/users/{unique('nobody')}").meta["statuscode"] == 101
    assert admin.delete(f"/cloud/users/{server.admin[0]}").meta["statuscode"] == 101  # yourself
    assert_envelope(admin.delete(f"/cloud/users/{uid}"), 200)
    assert_envelope(Api(server, (uid, "pw")).get("/room"), 401)
    assert_envelope(admin.get(f"/cloud/users/{uid}"), 404)


def test_deleting_a_user_cleans_rooms(users, admin):
    owner, other, third = users.user(), users.user(), users.user()
    alone = create_room(owner, 2, "alone")
    shared = create_room(owner, 2, "shared")
    owner.post(f"/room/{shared}/participants", {"newParticipant": other.uid})
    one_to_one = create_room(owner, 1, invite=third.uid)
    assert_envelope(admin.delete(f"/cloud/users/{owner.uid}"), 200)
    room = other.get(f"/room/{shared}").data
    assert owner.uid not in room["participants"]
    assert room["lastMessage"]["systemMessage"] == "user_removed"
    assert third.get(f"/room/{one_to_one}").data["displayName"] == f"Deleted user ({owner.uid})"
    # The room nobody else was in is gone.
    assert_envelope(admin.post(f"/room/{alone}/participants/active"), 404)
    assert_envelope(third.delete(f"/room/{one_to_one}/participants/self"), 200)
    assert_envelope(third.get(f"/room/{one_to_one}"), 404)


def test_admin_password_follows_the_flag(tmp_path):
    db = tmp_path / "admin.sqlite"
    with InProcess(db, admin=("boss", "one")):
        pass
    with InProcess(db, admin=("boss", "two")) as srv:
        assert Api(srv, ("boss", "two")).get("/cloud/users/boss").status == 200
        assert Api(srv, ("boss", "one")).get("/cloud/users/boss").status == 401
