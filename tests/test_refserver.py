"""The reference server's behaviour: OCS conventions, auth, CSRF and the conversation API.

One in-process server for the module; every test provisions its own users so tests stay independent.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from tests.test_refserver_support import SPREED, Api, assert_envelope, create_room, new_session, unique

SESSION_ID = re.compile(r"^[A-Za-z0-9+/]{512}$")
TOKEN = re.compile(r"^[a-km-z2-9]{8}$")
INVALID_QUERY = ("Invalid query, please check the syntax. API specifications are here: "
                 "http://www.freedesktop.org/wiki/Specifications/open-collaboration-services.")
ROOM_FIELDS = {
    "token": str, "type": int, "name": str, "displayName": str, "participantType": int,
    "participantInCall": bool, "participantFlags": int, "readOnly": int, "count": int, "numGuests": int,
    "lastPing": int, "sessionId": str, "hasPassword": bool, "hasCall": bool, "canStartCall": bool,
    "lastActivity": int, "isFavorite": bool, "notificationLevel": int, "lobbyState": int, "lobbyTimer": int,
    "unreadMessages": int, "unreadMention": bool, "lastReadMessage": int, "objectType": str, "objectId": str,
    "id": int,
}
MESSAGE_KEYS = {"id", "actorType", "actorId", "actorDisplayName", "timestamp", "message", "messageParameters",
                "systemMessage", "messageType"}


@pytest.fixture
def trio(users):
    """An owner, a moderator and a plain user of one group room, and a stranger."""
    owner, moderator, user, stranger = (users.user() for _ in range(4))
    token = create_room(owner, 2, "team")
    for member in (moderator, user):
        assert owner.post(f"/room/{token}/participants", {"newParticipant": member.uid}).status == 200
    assert owner.post(f"/room/{token}/moderators", {"participant": moderator.uid}).status == 200
    return token, owner, moderator, user, stranger


# --- OCS conventions ----------------------------------------------------------------------

def test_envelope_status_equals_http_status(users):
    owner = users.user()
    assert_envelope(owner.get("/room"), 200)
    assert_envelope(owner.post("/room", {"roomType": 2, "roomName": "x"}), 201)
    assert_envelope(owner.post("/room", {"roomType": 9}), 400)
    assert_envelope(owner.get("/room/zz99notaroom"), 404)
    created = owner.post("/room", {"roomType": 2, "roomName": "x"})
    assert created.meta["message"] == "OK"
    assert owner.post("/room", {"roomType": 9}).meta["status"] == "failure"


def test_xml_is_the_default_and_format_json_wins(server):
    plain = new_session().get(server.url + "/ocs/v2.php/cloud/capabilities")
    assert plain.status_code == 200
    assert plain.headers["content-type"].startswith("application/xml")
    root = ET.fromstring(plain.content)
    assert root.tag == "ocs"
    assert root.findtext("meta/statuscode") == "200"
    features = [e.text for e in root.findall("data/capabilities/spreed/features/element")]
    assert features[:2] == ["audio", "video"] and len(features) == 20
    assert new_session().get(server.url + "/ocs/v2.php/cloud/capabilities?format=json").json()["ocs"]["meta"]["status"] == "ok"
    as_json = new_session().get(server.url + "/ocs/v2.php/cloud/capabilities", headers={"Accept": "application/json"})
    assert as_json.headers["content-type"].startswith("application/json")
    forced_xml = new_session().get(server.url + "/ocs/v2.php/cloud/capabilities?format=xml",
                              headers={"Accept": "application/json"})
    assert forced_xml.text.startswith("<?xml")


def test_xml_error_answers_are_well_formed(server, users):
    owner = users.user()
    reply = new_session().post(server.url + SPREED + "/room", data={"roomType": 1, "invite": "nobody\x01<&>"},
                          auth=owner.session.auth)
    root = ET.fromstring(reply.content)
    assert reply.status_code == 404 and root.findtext("meta/statuscode") == "404"


def test_xml_lists_use_element(server, users):
    owner = users.user()
    create_room(owner, 2, "listed")
    reply = new_session().get(server.url + SPREED + "/room", auth=owner.session.auth)
    root = ET.fromstring(reply.content)
    assert [e.findtext("name") for e in root.findall("data/element")] == ["listed"]


@pytest.mark.parametrize("path", [
    "/room/ab1", "/room/ABCDEFGH", "/room/" + "a" * 31, "/room/abc-defg", "/room/abcd/nothing", "/nothing",
    "/room/abcd%2Fefgh",
])
def test_bad_token_or_unknown_route_is_998(users, path):
    owner = users.user()
    reply = owner.get(path)
    assert reply.status == 404
    assert reply.meta["statuscode"] == 998
    assert reply.meta["message"] == INVALID_QUERY
    assert reply.data == []


def test_outside_ocs_is_998(server):
    reply = new_session().get(server.url + "/index.php/apps/spreed/", headers={"Accept": "application/json"})
    assert reply.status_code == 404 and reply.json()["ocs"]["meta"]["statuscode"] == 998


def test_token_pattern_boundaries_route(users):
    owner = users.user()
    # 4 and 30 characters are valid tokens (no such room: 404 from the controller, not 998).
    for token in ("abcd", "a" * 30):
        reply = owner.get(f"/room/{token}")
        assert reply.status == 404 and reply.meta["statuscode"] == 404


@pytest.mark.parametrize("method,path", [("PATCH", "/room"), ("POST", "/room/abcdefgh"), ("GET", "/room/abcdefgh/public"),
                                         ("PUT", "/cloud/capabilities"), ("DELETE", "/room/abcdefgh/password")])
def test_wrong_verb_is_405_in_the_envelope(users, method, path):
    reply = users.user().call(method, path)
    assert_envelope(reply, 405)


def test_head_is_answered_like_get(server):
    reply = new_session().head(server.url + "/ocs/v2.php/cloud/capabilities")
    assert reply.status_code == 200


# --- authentication and CSRF ----------------------------------------------------------------

def test_wrong_password_and_unknown_user_are_401(server, users):
    owner = users.user()
    for auth in [(owner.uid, "wrong"), ("nobody-here", "x"), (owner.uid, "")]:
        for method, path in (("GET", "/room"), ("GET", "/cloud/capabilities"),
                             ("POST", "/room/abcdefgh/participants/active")):
            reply = Api(server, auth).call(method, path)
            assert_envelope(reply, 401)


@pytest.mark.parametrize("header", ["Basic !!!notbase64", "Basic " + "dXNlcg==", "Bearer abc", "Basic", ""])
def test_malformed_authorization_is_401(server, header):
    reply = new_session().get(server.url + SPREED + "/room?format=json", headers={"Authorization": header,
                                                                              "OCS-APIRequest": "true"})
    assert reply.status_code == 401 and reply.json()["ocs"]["meta"]["statuscode"] == 401


def test_basic_auth_needs_no_ocs_header(server, users):
    owner = users.user()
    reply = new_session().get(server.url + SPREED + "/room?format=json", auth=owner.session.auth)
    assert reply.status_code == 200


def test_guest_gets_an_http_only_session_cookie(server):
    reply = new_session().get(server.url + "/ocs/v2.php/cloud/capabilities?format=json")
    cookie = reply.headers["set-cookie"]
    assert re.match(r"^oc[a-z0-9]{10}=[a-z0-9]{32}; ", cookie)
    assert "HttpOnly" in cookie and "path=/" in cookie.lower()


def test_csrf_cookie_without_ocs_header_is_412(server, users):
    owner = users.user()
    token = create_room(owner, 3, "open")
    guest = Api(server, headers={"Accept": "application/json"})
    first = guest.get(f"/room/{token}")  # no cookie yet: nothing to forge, so it passes and sets one
    assert first.status == 200
    second = guest.get(f"/room/{token}")
    assert second.status == 412
    assert second.body == {"message": "CSRF check failed"}
    guest.session.headers["OCS-APIRequest"] = "true"
    assert guest.get(f"/room/{token}").status == 200


def test_user_only_endpoint_says_401_before_csrf(server):
    guest = Api(server, headers={"Accept": "application/json"})
    guest.get("/cloud/capabilities")
    assert_envelope(guest.get("/room"), 401)
    assert_envelope(guest.post("/room", {"roomType": 2, "roomName": "x"}), 401)


def test_capabilities_are_public_and_complete(users, server):
    data = Api(server).get("/cloud/capabilities").data
    assert data["version"] == {"major": 17, "minor": 0, "micro": 0, "string": "17.0.0", "edition": ""}
    spreed = data["capabilities"]["spreed"]
    assert spreed["features"] == [
        "audio", "video", "chat-v2", "guest-signaling", "empty-group-room", "guest-display-names",
        "multi-room-users", "favorites", "last-room-activity", "no-ping", "system-messages", "mention-flag",
        "in-call-flags", "notification-levels", "invite-groups-and-mails", "locked-one-to-one-rooms",
        "read-only-rooms", "chat-read-marker", "webinary-lobby", "start-call-flag"]
    assert spreed["config"]["chat"]["max-length"] == 32000


# --- parameters -----------------------------------------------------------------------------

@pytest.mark.parametrize("value,status", [("2", 201), ("2abc", 201), (" 2", 201), ("abc", 400), ("", 400),
                                          ("2.9", 201), ("0x2", 400), ("-1", 400), ("99999999999999999999", 400)])
def test_int_params_cast_like_php(users, value, status):
    assert users.user().post("/room", {"roomType": value, "roomName": "cast"}).status == status


def test_json_body_and_query_string_are_params(users):
    owner = users.user()
    assert owner.post("/room", json={"roomType": 2, "roomName": "json"}).status == 201
    assert owner.post("/room", json={"roomType": True, "invite": users.user().uid}).status == 201  # true -> 1
    assert owner.call("POST", "/room", params={"roomType": 3, "roomName": "query"}).status == 201
    assert owner.post("/room", json={"roomType": 2, "roomName": ["list"]}).status == 400


def test_missing_required_param_is_400(users, trio):
    token, owner, *_ = trio
    assert_envelope(users.user().post("/room", {"roomName": "no type"}), 400)
    assert_envelope(owner.put(f"/room/{token}", {}), 400)
    assert_envelope(owner.post(f"/room/{token}/participants", {}), 400)
    assert_envelope(owner.post(f"/room/{token}/moderators", {}), 400)


def test_params_in_a_delete_body(users, trio):
    token, owner, moderator, *_ = trio
    assert owner.delete(f"/room/{token}/moderators", {"participant": moderator.uid}).status == 200
    assert owner.get(f"/room/{token}").data["participants"][moderator.uid]["type"] == 3


# --- creating ---------------------------------------------------------------------------------

def test_create_group_and_public_rooms(users):
    owner = users.user()
    for room_type in (2, 3):
        reply = owner.post("/room", {"roomType": room_type, "roomName": "  spaced  "})
        assert_envelope(reply, 201)
        assert TOKEN.match(reply.data["token"])
        assert reply.data["name"] == reply.data["displayName"] == "spaced"
        got = owner.get(f"/room/{reply.data['token']}").data
        assert (got["type"], got["participantType"], got["name"]) == (room_type, 1, "spaced")


@pytest.mark.parametrize("room_type", ["2", "3"])
@pytest.mark.parametrize("name", ["", "   ", None])
def test_empty_name_without_invite_is_400(users, room_type, name):
    fields = {"roomType": room_type} if name is None else {"roomType": room_type, "roomName": name}
    assert_envelope(users.user().post("/room", fields), 400)


@pytest.mark.parametrize("room_type", [0, 4, 5, -1, "abc"])
def test_invalid_room_type_is_400(users, room_type):
    assert_envelope(users.user().post("/room", {"roomType": room_type, "roomName": "x"}), 400)


def test_anonymous_cannot_create_or_list(server):
    guest = Api(server)
    assert_envelope(guest.post("/room", {"roomType": 2, "roomName": "x"}), 401)
    assert_envelope(guest.get("/room"), 401)


def test_create_for_group_adds_members(users):
    owner, a, b = users.user(), users.user(), users.user()
    gid = users.group(owner, a, b)
    reply = owner.post("/room", {"roomType": 2, "invite": gid})
    assert_envelope(reply, 201)
    assert reply.data["name"] == gid
    room = owner.get(f"/room/{reply.data['token']}").data
    assert {uid: p["type"] for uid, p in room["participants"].items()} == {owner.uid: 1, a.uid: 3, b.uid: 3}
    assert a.get(f"/room/{reply.data['token']}").data["participantType"] == 3


def test_create_with_unknown_invitee_is_404(users):
    owner = users.user()
    assert_envelope(owner.post("/room", {"roomType": 1, "invite": "nobody-" + unique("x")}), 404)
    assert_envelope(owner.post("/room", {"roomType": 2, "invite": "nogroup-" + unique("x")}), 404)
    assert_envelope(owner.post("/room", {"roomType": 1}), 404)


def test_one_to_one_with_yourself_is_403(users):
    owner = users.user()
    assert_envelope(owner.post("/room", {"roomType": 1, "invite": owner.uid}), 403)


def test_one_to_one_created_then_returned(users):
    alice, bob = users.user(display="Alice"), users.user(display="Bob")
    created = alice.post("/room", {"roomType": 1, "invite": bob.uid, "roomName": "ignored"})
    assert_envelope(created, 201)
    assert created.data["name"] == "" and created.data["displayName"] == "Bob"
    again = bob.post("/room", {"roomType": 1, "invite": alice.uid})
    assert_envelope(again, 200)
    assert again.data == {"token": created.data["token"], "name": "", "displayName": "Alice"}
    listed = [r for r in bob.get("/room").data if r["token"] == created.data["token"]]
    assert len(listed) == 1
    assert (listed[0]["name"], listed[0]["displayName"], listed[0]["participantType"]) == (alice.uid, "Alice", 1)


def test_left_one_to_one_is_refilled_on_request(users):
    alice, bob = users.user(), users.user()
    token = create_room(alice, 1, invite=bob.uid)
    assert alice.delete(f"/room/{token}/participants/self").status == 200
    assert_envelope(alice.get(f"/room/{token}"), 404)
    assert bob.get(f"/room/{token}").data["name"] == alice.uid
    again = alice.post("/room", {"roomType": 1, "invite": bob.uid})
    assert again.status == 200 and again.data["token"] == token
    assert alice.get(f"/room/{token}").data["participantType"] == 1
    assert bob.delete(f"/room/{token}/participants/self").status == 200
    assert alice.delete(f"/room/{token}/participants/self").status == 200
    assert_envelope(alice.get(f"/room/{token}"), 404)
    assert_envelope(bob.get(f"/room/{token}"), 404)


# --- the room object --------------------------------------------------------------------------

def test_room_object_fields_and_types(users, trio):
    token, owner, *_ = trio
    room = owner.get(f"/room/{token}").data
    for name, kind in ROOM_FIELDS.items():
        assert name in room, name
        assert type(room[name]) is kind, (name, room[name])
    assert room["participants"][owner.uid] == {"name": f"{owner.uid} display", "type": 1, "call": 0,
                                               "sessionId": "0"}
    assert set(room["lastMessage"]) == MESSAGE_KEYS
    assert "token" not in room["lastMessage"]
    assert room["lastActivity"] == room["lastMessage"]["timestamp"] > 0
    assert room["sessionId"] == "0" and room["notificationLevel"] == 2


def test_system_messages_follow_changes(users, trio):
    token, owner, moderator, user, _ = trio
    last = lambda: owner.get(f"/room/{token}").data["lastMessage"]  # noqa: E731
    assert (last()["systemMessage"], last()["message"]) == ("moderator_promoted", "You promoted {user} to moderator")
    assert user.get(f"/room/{token}").data["lastMessage"]["message"] == "{actor} promoted {user} to moderator"
    assert moderator.get(f"/room/{token}").data["lastMessage"]["message"] == "{actor} promoted you to moderator"
    owner.put(f"/room/{token}", {"roomName": "renamed"})
    assert last()["systemMessage"] == "conversation_renamed"
    assert last()["message"] == 'You renamed the conversation from "team" to "renamed"'
    owner.post(f"/room/{token}/public")
    assert last()["systemMessage"] == "guests_allowed"
    owner.put(f"/room/{token}/password", {"password": "secret pass"})
    assert last()["systemMessage"] == "password_set"
    owner.put(f"/room/{token}/password", {"password": ""})
    assert last()["systemMessage"] == "password_removed"
    owner.delete(f"/room/{token}/public")
    assert last()["systemMessage"] == "guests_disallowed"
    owner.delete(f"/room/{token}/moderators", {"participant": moderator.uid})
    assert last()["systemMessage"] == "moderator_demoted"
    owner.delete(f"/room/{token}/participants", {"participant": user.uid})
    assert (last()["systemMessage"], last()["messageParameters"]["user"]["id"]) == ("user_removed", user.uid)


def test_one_to_one_has_only_created_message(users):
    alice, bob = users.user(), users.user()
    token = create_room(alice, 1, invite=bob.uid)
    assert alice.get(f"/room/{token}").data["lastMessage"]["systemMessage"] == "conversation_created"
    assert alice.get(f"/room/{token}").data["notificationLevel"] == 1


def test_list_holds_only_own_rooms(users, trio):
    token, owner, moderator, user, stranger = trio
    assert token in [r["token"] for r in user.get("/room").data]
    assert token not in [r["token"] for r in stranger.get("/room").data]


# --- getting ----------------------------------------------------------------------------------

def test_get_rules(users, trio):
    token, owner, moderator, user, stranger = trio
    assert_envelope(user.get(f"/room/{token}"), 200)
    assert_envelope(stranger.get(f"/room/{token}"), 404)
    assert_envelope(users.guest().get(f"/room/{token}"), 404)
    assert_envelope(owner.get("/room/zz99notaroom"), 404)


def test_public_room_reduced_object_for_outsiders(users):
    owner, stranger = users.user(), users.user()
    token = create_room(owner, 3, "open")
    owner.put(f"/room/{token}/password", {"password": "pw"})
    for outsider in (stranger, users.guest()):
        reply = outsider.get(f"/room/{token}")
        assert_envelope(reply, 200)
        room = reply.data
        assert (room["participantType"], room["sessionId"], room["name"], room["displayName"]) == (4, "0", "", "")
        assert room["participants"] == [] and room["lastMessage"] == [] and room["canStartCall"] is False
        assert room["hasPassword"] is True
        # The docs promise the lobby fields with webinary-lobby (real Talk 7 leaves them out here).
        assert room["lobbyState"] == 0 and room["lobbyTimer"] == 0


# --- renaming ---------------------------------------------------------------------------------

def test_rename_rules(users, trio):
    token, owner, moderator, user, stranger = trio
    assert_envelope(owner.put(f"/room/{token}", {"roomName": "  by owner "}), 200)
    assert user.get(f"/room/{token}").data["name"] == "by owner"
    assert_envelope(moderator.put(f"/room/{token}", {"roomName": "by moderator"}), 200)
    assert owner.get(f"/room/{token}").data["name"] == "by moderator"
    assert_envelope(user.put(f"/room/{token}", {"roomName": "hijack"}), 403)
    assert_envelope(stranger.put(f"/room/{token}", {"roomName": "hijack"}), 404)
    assert_envelope(owner.put("/room/zz99notaroom", {"roomName": "x"}), 404)
    assert_envelope(owner.put(f"/room/{token}", {"roomName": ""}), 400)
    assert_envelope(owner.put(f"/room/{token}", {"roomName": "   "}), 400)
    assert_envelope(owner.put(f"/room/{token}", {"roomName": "ä" * 201}), 400)
    assert owner.get(f"/room/{token}").data["name"] == "by moderator"
    assert_envelope(owner.put(f"/room/{token}", {"roomName": "ä" * 200}), 200)  # characters, not bytes
    assert owner.get(f"/room/{token}").data["name"] == "ä" * 200


def test_rename_one_to_one_is_405(users):
    alice, bob = users.user(), users.user()
    token = create_room(alice, 1, invite=bob.uid)
    assert_envelope(alice.put(f"/room/{token}", {"roomName": "private"}), 405)


# --- deleting, public, password ---------------------------------------------------------------

def test_delete_rules(users, trio):
    token, owner, moderator, user, stranger = trio
    assert_envelope(user.delete(f"/room/{token}"), 403)
    assert_envelope(stranger.delete(f"/room/{token}"), 404)
    assert_envelope(moderator.delete(f"/room/{token}"), 200)
    assert_envelope(owner.get(f"/room/{token}"), 404)
    assert_envelope(owner.delete(f"/room/{token}"), 404)


def test_one_to_one_cannot_be_deleted_or_made_public(users):
    alice, bob = users.user(), users.user()
    token = create_room(alice, 1, invite=bob.uid)
    assert_envelope(alice.delete(f"/room/{token}"), 400)
    assert_envelope(alice.post(f"/room/{token}/public"), 400)
    assert_envelope(alice.delete(f"/room/{token}/public"), 400)
    assert_envelope(alice.post(f"/room/{token}/participants", {"newParticipant": users.user().uid}), 400)


def test_public_private_rules(users, trio):
    token, owner, moderator, user, stranger = trio
    assert_envelope(user.post(f"/room/{token}/public"), 403)
    assert_envelope(stranger.post(f"/room/{token}/public"), 404)
    assert_envelope(moderator.post(f"/room/{token}/public"), 200)
    assert user.get(f"/room/{token}").data["type"] == 3
    assert_envelope(owner.post(f"/room/{token}/public"), 200)  # already public
    assert_envelope(user.delete(f"/room/{token}/public"), 403)
    assert_envelope(stranger.delete(f"/room/{token}/public"), 404)
    guest = users.guest()
    assert guest.post(f"/room/{token}/participants/active").status == 200
    assert stranger.post(f"/room/{token}/participants/active").status == 200
    assert_envelope(owner.delete(f"/room/{token}/public"), 200)
    assert user.get(f"/room/{token}").data["type"] == 2
    # Guests and self-joined users were never invited: they are gone.
    assert_envelope(guest.get(f"/room/{token}"), 404)
    assert_envelope(stranger.get(f"/room/{token}"), 404)


def test_guests_may_not_make_public_or_private(users, trio):
    # The docs' 403 "not a moderator/owner" (real servers answer 401: known deviations make-*-guest-401).
    token, owner, *_ = trio
    owner.post(f"/room/{token}/public")
    guest = users.guest()
    guest.post(f"/room/{token}/participants/active")
    assert_envelope(guest.post(f"/room/{token}/public"), 403)
    assert_envelope(guest.delete(f"/room/{token}/public"), 403)
    assert_envelope(users.guest().delete(f"/room/{token}/public"), 404)  # a guest who has not joined


def test_password_rules(users, trio):
    token, owner, moderator, user, stranger = trio
    assert_envelope(owner.put(f"/room/{token}/password", {"password": "pw"}), 403)  # a group room
    assert owner.get(f"/room/{token}").data["hasPassword"] is False
    owner.post(f"/room/{token}/public")
    assert_envelope(user.put(f"/room/{token}/password", {"password": "pw"}), 403)
    assert_envelope(stranger.put(f"/room/{token}/password", {"password": "pw"}), 404)
    assert_envelope(moderator.put(f"/room/{token}/password", {"password": "pw"}), 200)
    assert user.get(f"/room/{token}").data["hasPassword"] is True
    assert_envelope(owner.put(f"/room/{token}/password", {"password": ""}), 200)
    assert user.get(f"/room/{token}").data["hasPassword"] is False
    assert_envelope(owner.put(f"/room/{token}/password", {}), 400)


# --- participants, join and leave -------------------------------------------------------------

def test_add_participant_rules(users, trio):
    token, owner, moderator, user, stranger = trio
    newcomer = users.user()
    assert_envelope(user.post(f"/room/{token}/participants", {"newParticipant": newcomer.uid}), 403)
    assert_envelope(stranger.post(f"/room/{token}/participants", {"newParticipant": newcomer.uid}), 404)
    assert_envelope(moderator.post(f"/room/{token}/participants", {"newParticipant": newcomer.uid}), 200)
    assert_envelope(owner.post(f"/room/{token}/participants", {"newParticipant": newcomer.uid}), 200)  # no-op
    assert_envelope(owner.post(f"/room/{token}/participants", {"newParticipant": "nobody-" + unique("x")}), 404)
    assert_envelope(owner.post(f"/room/{token}/participants", {"newParticipant": "x", "source": "groups"}), 404)
    assert_envelope(owner.post(f"/room/{token}/participants", {"newParticipant": "x", "source": "circles"}), 400)
    gid = users.group(stranger)
    assert_envelope(owner.post(f"/room/{token}/participants", {"newParticipant": gid, "source": "groups"}), 200)
    assert stranger.get(f"/room/{token}").data["participantType"] == 3
    mail = owner.post(f"/room/{token}/participants", {"newParticipant": "a@example.org", "source": "emails"})
    assert_envelope(mail, 200)
    assert mail.data == {"type": 3}


def test_participant_list(users, trio):
    token, owner, moderator, user, stranger = trio
    reply = user.get(f"/room/{token}/participants")
    assert_envelope(reply, 200)
    assert {p["userId"]: p["participantType"] for p in reply.data} == {owner.uid: 1, moderator.uid: 2, user.uid: 3}
    assert set(reply.data[0]) == {"userId", "displayName", "participantType", "lastPing", "sessionId", "inCall"}
    assert_envelope(stranger.get(f"/room/{token}/participants"), 404)


def test_join_gives_a_session_and_the_room(users, trio):
    token, owner, moderator, user, stranger = trio
    first = user.post(f"/room/{token}/participants/active")
    assert_envelope(first, 200)
    assert SESSION_ID.match(first.data["sessionId"])
    assert first.data["token"] == token and first.data["participantType"] == 3
    assert first.data["lastPing"] > 0 and first.data["count"] == 1
    second = user.post(f"/room/{token}/participants/active").data["sessionId"]
    assert SESSION_ID.match(second) and second != first.data["sessionId"]
    assert_envelope(stranger.post(f"/room/{token}/participants/active"), 404)
    assert_envelope(users.guest().post(f"/room/{token}/participants/active"), 404)
    assert_envelope(owner.post("/room/zz99notaroom/participants/active"), 404)
    assert_envelope(user.delete(f"/room/{token}/participants/active"), 200)
    assert user.get(f"/room/{token}").data["sessionId"] == "0"


def test_public_join_by_users_and_guests(users):
    owner, walker = users.user(), users.user()
    token = create_room(owner, 3, "open")
    owner.put(f"/room/{token}/password", {"password": "right"})
    guest = users.guest()
    assert_envelope(guest.post(f"/room/{token}/participants/active", {"password": "wrong"}), 403)
    assert_envelope(guest.post(f"/room/{token}/participants/active"), 403)
    joined = guest.post(f"/room/{token}/participants/active", {"password": "right"})
    assert_envelope(joined, 200)
    assert joined.data["participantType"] == 4 and SESSION_ID.match(joined.data["sessionId"])
    assert guest.get(f"/room/{token}").data["participantType"] == 4
    assert owner.get(f"/room/{token}").data["numGuests"] == 1
    assert_envelope(walker.post(f"/room/{token}/participants/active", {"password": "wrong"}), 403)
    assert walker.post(f"/room/{token}/participants/active", {"password": "right"}).data["participantType"] == 5
    # Invited participants never need the password.
    assert_envelope(owner.post(f"/room/{token}/participants/active"), 200)
    # Leaving removes guests and self-joined users.
    assert_envelope(guest.delete(f"/room/{token}/participants/active"), 200)
    assert guest.get(f"/room/{token}").data["participantType"] == 4  # the reduced view again
    assert guest.get(f"/room/{token}").data["sessionId"] == "0"
    assert_envelope(walker.delete(f"/room/{token}/participants/active"), 200)
    assert walker.uid not in owner.get(f"/room/{token}").data["participants"]


def test_leaving_a_room_one_is_not_in_is_404(users, trio):
    # The docs' 404 (real servers answer 200 whatever the room: known deviation leave-room-always-200).
    token, owner, moderator, user, stranger = trio
    assert_envelope(stranger.delete("/room/zz99notaroom/participants/active"), 404)
    assert_envelope(users.guest().delete("/room/zz99notaroom/participants/active"), 404)
    assert_envelope(stranger.delete(f"/room/{token}/participants/active"), 404)
    assert_envelope(user.delete(f"/room/{token}/participants/active"), 200)


def test_remove_self_rules(users, trio):
    token, owner, moderator, user, stranger = trio
    assert_envelope(stranger.delete(f"/room/{token}/participants/self"), 404)
    assert_envelope(users.guest().delete(f"/room/{token}/participants/self"), 404)
    assert_envelope(user.delete(f"/room/{token}/participants/self"), 200)
    assert_envelope(user.get(f"/room/{token}"), 404)
    owner.delete(f"/room/{token}/moderators", {"participant": moderator.uid})
    assert_envelope(owner.delete(f"/room/{token}/participants/self"), 400)  # the last moderator
    owner.post(f"/room/{token}/moderators", {"participant": moderator.uid})
    assert_envelope(owner.delete(f"/room/{token}/participants/self"), 200)
    assert_envelope(moderator.delete(f"/room/{token}/participants/self"), 200)  # the last one: room deleted
    assert_envelope(moderator.get(f"/room/{token}"), 404)


def test_moderator_rules(users, trio):
    token, owner, moderator, user, stranger = trio
    assert_envelope(user.post(f"/room/{token}/moderators", {"participant": user.uid}), 403)
    assert_envelope(stranger.post(f"/room/{token}/moderators", {"participant": user.uid}), 404)
    assert_envelope(moderator.post(f"/room/{token}/moderators", {"participant": moderator.uid}), 400)
    assert_envelope(moderator.post(f"/room/{token}/moderators", {"participant": owner.uid}), 403)
    assert_envelope(moderator.post(f"/room/{token}/moderators", {"participant": stranger.uid}), 404)
    assert_envelope(moderator.delete(f"/room/{token}/moderators", {"participant": moderator.uid}), 403)
    # The owner is not a moderator (type `2`): the docs' wrong type, 400 (the code of Talk 6.0 to 11 too)
    assert_envelope(moderator.delete(f"/room/{token}/moderators", {"participant": owner.uid}), 400)
    assert_envelope(moderator.delete(f"/room/{token}/moderators", {"participant": user.uid}), 400)
    assert_envelope(moderator.post(f"/room/{token}/moderators", {"participant": user.uid}), 200)
    assert user.get(f"/room/{token}").data["participantType"] == 2
    assert_envelope(moderator.delete(f"/room/{token}/moderators", {"participant": user.uid}), 200)
    assert user.get(f"/room/{token}").data["participantType"] == 3


def test_guest_moderators(users):
    owner, user = users.user(), users.user()
    token = create_room(owner, 3, "open")
    owner.post(f"/room/{token}/participants", {"newParticipant": user.uid})
    guest = users.guest()
    session = guest.post(f"/room/{token}/participants/active").data["sessionId"]
    assert_envelope(guest.put(f"/room/{token}", {"roomName": "guest"}), 403)
    assert_envelope(owner.delete(f"/room/{token}/moderators", {"sessionId": session}), 400)
    assert_envelope(owner.post(f"/room/{token}/moderators", {"sessionId": "x" * 512}), 404)
    assert_envelope(owner.post(f"/room/{token}/moderators", {"sessionId": session}), 200)
    assert guest.get(f"/room/{token}").data["participantType"] == 6
    assert_envelope(owner.post(f"/room/{token}/moderators", {"sessionId": session}), 400)
    # Guest moderators count as moderators for rename and password...
    assert_envelope(guest.put(f"/room/{token}", {"roomName": "by guest"}), 200)
    assert_envelope(guest.put(f"/room/{token}/password", {"password": "pw"}), 200)
    # ...but not for the logged-in-only endpoints.
    assert_envelope(guest.post(f"/room/{token}/participants", {"newParticipant": user.uid}), 403)
    assert_envelope(guest.delete(f"/room/{token}/moderators", {"sessionId": session}), 403)  # yourself
    assert_envelope(owner.delete(f"/room/{token}/moderators", {"sessionId": session}), 200)
    assert guest.get(f"/room/{token}").data["participantType"] == 4
    assert_envelope(guest.delete(f"/room/{token}"), 403)


def test_guest_names(users):
    owner = users.user()
    token = create_room(owner, 3, "open")
    guest = users.guest()
    assert_envelope(guest.post(f"/guest/{token}/name", {"displayName": "Visitor"}), 404)  # not joined
    guest.post(f"/room/{token}/participants/active")
    assert_envelope(guest.post(f"/guest/{token}/name", {"displayName": "Visitor"}), 200)
    names = {p["participantType"]: p["displayName"] for p in owner.get(f"/room/{token}/participants").data}
    assert names[4] == "Visitor"
    assert_envelope(owner.post(f"/guest/{token}/name", {"displayName": "x"}), 403)
    # The docs give every participant the list (real servers refuse plain guests: list-participants-guest-403).
    assert_envelope(guest.get(f"/room/{token}/participants"), 200)


def test_favorites_notify_read_only(users, trio):
    token, owner, moderator, user, stranger = trio
    assert_envelope(user.post(f"/room/{token}/favorite"), 200)
    assert user.get(f"/room/{token}").data["isFavorite"] is True
    assert owner.get(f"/room/{token}").data["isFavorite"] is False
    assert_envelope(user.delete(f"/room/{token}/favorite"), 200)
    assert user.get(f"/room/{token}").data["isFavorite"] is False
    assert_envelope(stranger.post(f"/room/{token}/favorite"), 404)
    assert_envelope(user.post(f"/room/{token}/notify", {"level": 3}), 200)
    assert user.get(f"/room/{token}").data["notificationLevel"] == 3
    assert_envelope(user.post(f"/room/{token}/notify", {"level": 0}), 400)
    assert_envelope(user.put(f"/room/{token}/read-only", {"state": 1}), 403)
    assert_envelope(owner.put(f"/room/{token}/read-only", {"state": 2}), 400)
    assert_envelope(owner.put(f"/room/{token}/read-only", {"state": 1}), 200)
    assert user.get(f"/room/{token}").data["readOnly"] == 1
