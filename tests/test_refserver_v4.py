"""The reference server as a v4 release (Talk 12, 17, 22): API v4 rooms and attendees under /api/v4, chat
under /api/v1, answering as ``openapi-v4.yaml`` documents (and, where it is silent, as a real Talk 22 did).

Every answer the tests get is validated against the v4 document's response schema for its operation and
status, with jsonschema and a ``referencing`` registry over ``openapi-v4.yaml`` and ``schemas/v4/``, built
here. The test does not use ``talk_conformance`` for this (tests/ could import both): a second, small
reading of the documents checks the server independently of the suite's contract code, so a bug shared by
the two cannot hide itself.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from talk_refserver import spec
from talk_refserver.capabilities import PROFILE_RELEASES, V4_PROFILES, profile_options
from tests.test_refserver_support import InProcess, Users

ROOT = Path(__file__).resolve().parent.parent
V4 = "/ocs/v2.php/apps/spreed/api/v4"
CHAT = "/ocs/v2.php/apps/spreed/api/v1"
BASE = (ROOT / "openapi-v4.yaml").as_uri()


# --- the documents, read here --------------------------------------------------------------------

@cache
def document() -> dict:
    return yaml.safe_load((ROOT / "openapi-v4.yaml").read_text(encoding="utf-8"))


@cache
def registry() -> Registry:
    resources = [(BASE, Resource.from_contents(document(), default_specification=DRAFT202012))]
    for path in sorted((ROOT / "schemas" / "v4").glob("*.json")):
        resources.append((path.as_uri(), Resource.from_contents(json.loads(path.read_text()),
                                                                default_specification=DRAFT202012)))
    return Registry().with_resources(resources)


def _pointer(*parts: str) -> str:
    return "/".join(p.replace("~", "~0").replace("/", "~1") for p in parts)


@cache
def operations() -> dict[str, tuple[str, str]]:
    found = {}
    for path, item in document()["paths"].items():
        for method, operation in item.items():
            if isinstance(operation, dict) and "operationId" in operation:
                found[operation["operationId"]] = (method, path)
    return found


def response_schema(operation_id: str, status: int) -> dict | None:
    method, path = operations()[operation_id]
    responses = document()["paths"][path][method]["responses"]
    response = responses.get(str(status))
    if response is None:
        return None
    where = ["paths", path, method, "responses", str(status)]
    if "$ref" in response:  # a shared response of components/responses
        where = response["$ref"].lstrip("#/").split("/")
        response = document()["components"]["responses"][where[-1]]
    if "application/json" not in (response.get("content") or {}):
        return {}
    return {"$ref": f"{BASE}#/{_pointer(*where, 'content', 'application/json', 'schema')}"}


def check(reply, operation_id: str, status: int, features=()):
    """The answer has ``status``, documented for the operation, and matches the document's schema."""
    assert reply.status == status, f"{operation_id}: HTTP {reply.status}, expected {status}: {reply.text[:400]}"
    schema = response_schema(operation_id, status)
    assert schema is not None, f"{operation_id} does not document {status}"
    if schema:
        errors = sorted(Draft202012Validator(schema, registry=registry()).iter_errors(reply.body), key=str)
        assert not errors, f"{operation_id} {status}: " + "; ".join(
            f"{'/'.join(map(str, e.absolute_path))}: {e.message[:200]}" for e in errors[:5])
        if status < 300 and isinstance(reply.data, dict) and "attendeeId" in reply.data:
            _capability_fields(reply.data, "room.json", features)
    return reply


def _capability_fields(data: dict, schema_file: str, features) -> None:
    """Fields the schema requires with a capability (``x-required-with-capability``) are present."""
    schema = json.loads((ROOT / "schemas" / "v4" / schema_file).read_text())
    required = schema["allOf"][1].get("x-required-with-capability", {})
    missing = [name for feature, names in required.items() if feature in features for name in names
               if name not in data]
    assert not missing, f"fields of advertised capabilities missing: {missing}"


# --- servers --------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def talk22(tmp_path_factory):
    with InProcess(tmp_path_factory.mktemp("v4") / "talk22.sqlite", **profile_options("talk-22")) as server:
        yield server


@pytest.fixture(scope="module")
def users(talk22):
    return Users(talk22)


FEATURES_22 = profile_options("talk-22")["features"]


def v4(api, method: str, path: str, data=None, **kw):
    return api.call(method, V4 + path, data, **kw)


def chat(api, method: str, path: str, data=None, **kw):
    return api.call(method, CHAT + path, data, **kw)


def new_room(api, room_type: int = 2, name: str = "v4 room") -> dict:
    return check(v4(api, "POST", "/room", {"roomType": room_type, "roomName": name}), "createRoom", 201,
                 FEATURES_22).data


def attendee_of(owner, token: str, uid: str) -> int:
    listed = check(v4(owner, "GET", f"/room/{token}/participants"), "listParticipants", 200).data
    return next(p["attendeeId"] for p in listed if (p["actorType"], p["actorId"]) == ("users", uid))


# --- releases -------------------------------------------------------------------------------------

def test_v4_releases_are_kept_apart_from_the_v1_ones():
    assert set(V4_PROFILES) == {"talk-12", "talk-17", "talk-22"}
    assert not set(V4_PROFILES) & set(PROFILE_RELEASES)
    table = {r: f for r, f in spec.document(spec.V4_DOCUMENT).release_table()}
    for name, (release, nextcloud) in V4_PROFILES.items():
        assert release in table and nextcloud == spec.release_key(release)[0] + 10
        features = profile_options(name)["features"]
        assert "conversation-v4" in features and "conversation-v3" not in features
        assert set(table[release]) <= set(features)
        later = {f for r, fs in table.items() if spec.release_key(r) > spec.release_key(release) for f in fs}
        assert not later & set(features), f"{name} advertises later features: {later & set(features)}"


@pytest.mark.parametrize("name", list(V4_PROFILES))
def test_each_release_claims_its_nextcloud_and_has_its_features(name, tmp_path):
    release, nextcloud = V4_PROFILES[name]
    with InProcess(tmp_path / "db.sqlite", **profile_options(name)) as server:
        admin = Users(server).admin
        caps = check(admin.get("/cloud/capabilities"), "getCapabilities", 200).data
        assert caps["version"]["major"] == nextcloud
        assert caps["capabilities"]["spreed"]["features"] == profile_options(name)["features"]
        user = Users(server).user()
        rooms = check(v4(user, "GET", "/room"), "listRooms", 200).data
        types = sorted(r["type"] for r in rooms)
        note = v4(user, "GET", "/room/note-to-self")
        if name == "talk-12":  # note-to-self came with 18.0: the route is not there
            assert types == [4] and note.status == 404 and note.meta["statuscode"] == 998
        elif name == "talk-17":
            assert types == [4] and note.status == 404
        else:
            assert types == [2, 4, 6]
            assert check(note, "getNoteToSelf", 200, FEATURES_22).data["type"] == 6
        # The v1 room API is gone on every v4 release.
        old = user.call("GET", "/ocs/v2.php/apps/spreed/api/v1/room")
        assert (old.status, old.meta["statuscode"]) == (404, 998)


# --- conversations --------------------------------------------------------------------------------

def test_a_fresh_user_has_changelog_note_to_self_and_a_sample(users):
    user = users.user()
    rooms = check(v4(user, "GET", "/room"), "listRooms", 200).data
    by_type = {r["type"]: r for r in rooms}
    assert set(by_type) == {2, 4, 6}
    assert by_type[2]["objectType"] == "sample" and by_type[4]["readOnly"] == 1
    assert len(check(v4(user, "GET", "/room"), "listRooms", 200).data) == 3  # only once


def test_create_get_rename_delete(users):
    owner = users.user()
    room = new_room(owner)
    assert room["type"] == 2 and room["participantType"] == 1 and room["actorId"] == owner.uid
    token = room["token"]
    assert check(v4(owner, "GET", f"/room/{token}"), "getRoom", 200, FEATURES_22).data["token"] == token
    renamed = check(v4(owner, "PUT", f"/room/{token}", {"roomName": "x" * 255}), "renameRoom", 200)
    assert renamed.data["name"] == "x" * 255  # setters answer the room
    empty = check(v4(owner, "PUT", f"/room/{token}", {"roomName": "  "}), "renameRoom", 400)
    assert empty.data == {"error": "value"}
    deleted = check(v4(owner, "DELETE", f"/room/{token}"), "deleteRoom", 200)
    assert deleted.data is None
    assert check(v4(owner, "GET", f"/room/{token}"), "getRoom", 404)


def test_creation_errors_carry_their_reason(users):
    owner = users.user()
    assert check(v4(owner, "POST", "/room", {"roomType": 5}), "createRoom", 400).data == {"error": "type"}
    assert check(v4(owner, "POST", "/room", {"roomType": 1, "invite": "nobody-here"}), "createRoom",
                 404).data == {"error": "invite"}
    unnamed = check(v4(owner, "POST", "/room", {"roomType": 2}), "createRoom", 201, FEATURES_22).data
    assert unnamed["name"] == "---"


def test_one_to_one_is_found_again(users):
    owner, other = users.user(), users.user()
    first = check(v4(owner, "POST", "/room", {"roomType": 1, "invite": other.uid}), "createRoom", 201).data
    again = check(v4(owner, "POST", "/room", {"roomType": 1, "invite": other.uid}), "createRoom", 200).data
    assert first["token"] == again["token"] and first["name"] == other.uid
    assert check(v4(owner, "PUT", f"/room/{first['token']}", {"roomName": "n"}), "renameRoom",
                 400).data == {"error": "type"}


def test_the_password_policy_refuses_common_passwords(users):
    owner = users.user()
    token = new_room(owner, 3, "public")["token"]
    refused = check(v4(owner, "PUT", f"/room/{token}/password", {"password": "password"}), "setPassword", 400)
    assert refused.data["error"] == "value" and refused.data["message"]
    ok = check(v4(owner, "PUT", f"/room/{token}/password", {"password": "a rather unusual one"}), "setPassword", 200)
    assert ok.data["hasPassword"] is True
    group = new_room(owner)["token"]
    # The docs: "403 Forbidden When the conversation is not a public conversation" (real servers answer 400:
    # known-deviations-v4.yaml, set-password-not-public-400).
    assert check(v4(owner, "PUT", f"/room/{group}/password", {"password": "a rather unusual one"}), "setPassword",
                 403).data == {"error": "type"}


def test_setters_answer_the_room(users):
    owner = users.user()
    token = new_room(owner)["token"]
    for method, path, data, operation, field, value in [
            ("POST", "/favorite", None, "addToFavorites", "isFavorite", True),
            ("PUT", "/read-only", {"state": 1}, "setReadOnly", "readOnly", 1),
            ("PUT", "/description", {"description": "about"}, "setDescription", "description", "about"),
            ("POST", "/public", None, "makePublic", "type", 3),
            ("DELETE", "/public", None, "makePrivate", "type", 2),
            ("POST", "/notify", {"level": 3}, "setNotificationLevel", "notificationLevel", 3),
            ("POST", "/archive", None, "archiveConversation", "isArchived", True),
            ("POST", "/important", None, "markConversationAsImportant", "isImportant", True),
            ("POST", "/sensitive", None, "markConversationAsSensitive", "isSensitive", True)]:
        reply = check(v4(owner, method, f"/room/{token}{path}", data), operation, 200, FEATURES_22)
        assert reply.data[field] == value, (operation, reply.data.get(field))
    assert check(v4(owner, "PUT", f"/room/{token}/read-only", {"state": 7}), "setReadOnly",
                 400).data == {"error": "value"}


# --- attendees ------------------------------------------------------------------------------------

def test_attendees_are_added_listed_and_removed_by_attendee_id(users):
    owner, member = users.user(), users.user()
    token = new_room(owner)["token"]
    assert check(v4(owner, "POST", f"/room/{token}/participants", {"newParticipant": member.uid}),
                 "addParticipant", 200)
    assert check(v4(owner, "POST", f"/room/{token}/participants", {"newParticipant": "nobody-here"}),
                 "addParticipant", 404).data == {"error": "new-participant"}
    attendee = attendee_of(owner, token, member.uid)
    assert check(v4(owner, "POST", f"/room/{token}/moderators", {"attendeeId": attendee}), "promoteAttendee",
                 200).data is None
    assert check(v4(owner, "DELETE", f"/room/{token}/moderators", {"attendeeId": attendee}), "demoteAttendee",
                 200).data is None
    assert check(v4(member, "DELETE", f"/room/{token}/attendees", {"attendeeId": attendee}), "removeAttendee", 403)
    assert check(v4(owner, "DELETE", f"/room/{token}/attendees", {"attendeeId": 999999}), "removeAttendee",
                 404).data == {"error": "participant"}
    assert check(v4(owner, "DELETE", f"/room/{token}/attendees", {"attendeeId": attendee}), "removeAttendee",
                 200).data is None
    listed = check(v4(owner, "GET", f"/room/{token}/participants"), "listParticipants", 200).data
    assert [p["actorId"] for p in listed] == [owner.uid]


def test_join_gives_a_255_character_session_and_guests_keep_their_id(users, talk22):
    owner = users.user()
    token = new_room(owner, 3, "open")["token"]
    joined = check(v4(owner, "POST", f"/room/{token}/participants/active"), "joinRoom", 200, FEATURES_22).data
    assert len(joined["sessionId"]) == 255
    guest = users.guest()
    first = check(v4(guest, "POST", f"/room/{token}/participants/active"), "joinRoom", 200).data
    assert first["actorType"] == "guests"
    assert re.fullmatch(r"[0-9a-f]{40}", first["actorId"])
    assert check(v4(guest, "DELETE", f"/room/{token}/participants/active"), "leaveRoom", 200).data is None
    listed = check(v4(owner, "GET", f"/room/{token}/participants"), "listParticipants", 200).data
    assert "guests" not in {p["actorType"] for p in listed}  # no live session: not listed
    again = check(v4(guest, "POST", f"/room/{token}/participants/active"), "joinRoom", 200).data
    assert again["actorId"] == first["actorId"] and again["sessionId"] != first["sessionId"]
    sent = check(chat(guest, "POST", f"/chat/{token}", {"message": "me again"}), "sendMessage", 201).data
    assert (sent["actorType"], sent["actorId"]) == ("guests", first["actorId"])
    assert check(v4(owner, "DELETE", f"/room/{token}/participants/active"), "leaveRoom", 200).data is None


def test_removing_yourself_answers_null(users):
    owner, member = users.user(), users.user()
    token = new_room(owner)["token"]
    v4(owner, "POST", f"/room/{token}/participants", {"newParticipant": member.uid})
    assert check(v4(owner, "DELETE", f"/room/{token}/participants/self"), "removeSelf",
                 400).data == {"error": "last-moderator"}
    assert check(v4(member, "DELETE", f"/room/{token}/participants/self"), "removeSelf", 200).data is None


# --- chat under /api/v1 ---------------------------------------------------------------------------

def test_chat_stays_under_v1_with_v4_messages(users):
    owner = users.user()
    token = new_room(owner)["token"]
    sent = check(chat(owner, "POST", f"/chat/{token}", {"message": "hello"}), "sendMessage", 201).data
    assert sent["message"] == "hello" and sent["messageType"] == "comment"
    got = check(chat(owner, "GET", f"/chat/{token}", {"lookIntoFuture": 0}), "receiveMessages", 200).data
    assert got[0]["id"] == sent["id"]
    marker = check(chat(owner, "POST", f"/chat/{token}/read", {"lastReadMessage": sent["id"]}), "setReadMarker", 200)
    assert marker.data["lastReadMessage"] == sent["id"]  # the room (v1: [])


# --- capabilities current clients rely on ---------------------------------------------------------

def _with_member(users, room_type=2):
    owner, member = users.user(), users.user()
    token = new_room(owner, room_type)["token"]
    check(v4(owner, "POST", f"/room/{token}/participants", {"newParticipant": member.uid}), "addParticipant", 200)
    return owner, member, token


def test_conversation_permissions_refuse_chat_without_permission_128(users):
    owner, member, token = _with_member(users)
    attendee = attendee_of(owner, token, member.uid)
    check(v4(owner, "PUT", f"/room/{token}/attendees/permissions",
             {"attendeeId": attendee, "method": "remove", "permissions": 128}), "setAttendeePermissions", 200)
    assert check(chat(member, "POST", f"/chat/{token}", {"message": "hi"}), "sendMessage", 403)
    room = check(v4(owner, "PUT", f"/room/{token}/permissions/default", {"permissions": 128}),
                 "setConversationPermissions", 200, FEATURES_22).data
    assert room["defaultPermissions"] == 129  # custom + chat
    check(v4(owner, "PUT", f"/room/{token}/attendees/permissions",
             {"attendeeId": attendee, "method": "set", "permissions": 0}), "setAttendeePermissions", 200)
    check(chat(member, "POST", f"/chat/{token}", {"message": "hi"}), "sendMessage", 201)
    assert check(v4(member, "PUT", f"/room/{token}/permissions/default", {"permissions": 0}),
                 "setConversationPermissions", 403)
    assert check(v4(owner, "PUT", f"/room/{token}/permissions/default", {"permissions": 999}),
                 "setConversationPermissions", 400).data == {"error": "permissions"}


def test_read_status_and_unread(users):
    owner, member, token = _with_member(users)
    first = chat(owner, "POST", f"/chat/{token}", {"message": "one"}).data
    second = check(chat(owner, "POST", f"/chat/{token}", {"message": "two"}), "sendMessage", 201)
    assert "X-Chat-Last-Common-Read" in second.headers or "x-chat-last-common-read" in second.headers
    room = check(chat(owner, "DELETE", f"/chat/{token}/read"), "markUnread", 200, FEATURES_22).data
    assert room["lastReadMessage"] == first["id"] and room["unreadMessages"] == 1
    assert "lastCommonReadMessage" in room


def test_edit_and_delete_messages(users):
    owner, member, token = _with_member(users)
    sent = chat(member, "POST", f"/chat/{token}", {"message": "typo"}).data
    edited = check(chat(member, "PUT", f"/chat/{token}/{sent['id']}", {"message": "fixed"}), "editMessage", 200).data
    assert edited["systemMessage"] == "message_edited" and edited["parent"]["message"] == "fixed"
    assert edited["parent"]["lastEditActorId"] == member.uid
    mine = chat(owner, "POST", f"/chat/{token}", {"message": "owner's"}).data
    assert check(chat(member, "PUT", f"/chat/{token}/{mine['id']}", {"message": "x"}), "editMessage", 403)
    assert check(chat(member, "PUT", f"/chat/{token}/{sent['id']}", {"message": " "}), "editMessage", 400)
    assert check(chat(member, "PUT", f"/chat/{token}/999999", {"message": "x"}), "editMessage", 404)
    deleted = check(chat(member, "DELETE", f"/chat/{token}/{sent['id']}"), "deleteMessage", 200).data
    assert deleted["systemMessage"] == "message_deleted"


def test_reactions(users):
    owner, member, token = _with_member(users)
    sent = chat(owner, "POST", f"/chat/{token}", {"message": "react"}).data
    path = f"/reaction/{token}/{sent['id']}"
    added = check(chat(member, "POST", path, {"reaction": "👍"}), "addReaction", 201).data
    assert [r["actorId"] for r in added["👍"]] == [member.uid]
    assert check(chat(member, "POST", path, {"reaction": "👍"}), "addReaction", 200).data == added
    got = check(chat(owner, "GET", f"/chat/{token}", {"lookIntoFuture": 0}), "receiveMessages", 200).data
    assert next(m for m in got if m["id"] == sent["id"])["reactions"] == {"👍": 1}
    assert check(chat(member, "POST", path, {"reaction": ""}), "addReaction", 400)
    assert check(chat(member, "DELETE", path, {"reaction": "👍"}), "deleteReaction", 200).data == []
    assert check(chat(member, "DELETE", path, {"reaction": "👍"}), "deleteReaction", 404)
    assert check(chat(member, "GET", f"/reaction/{token}/999999"), "getReactions", 404)


def test_silent_send_and_clear_history(users):
    owner, member, token = _with_member(users)
    quiet = check(chat(owner, "POST", f"/chat/{token}", {"message": "shh", "silent": "true"}), "sendMessage", 201)
    assert quiet.data["silent"] is True
    assert check(chat(member, "DELETE", f"/chat/{token}"), "clearHistory", 403)
    cleared = check(chat(owner, "DELETE", f"/chat/{token}"), "clearHistory", 200).data
    assert cleared["systemMessage"] == "history_cleared"
    left = chat(owner, "GET", f"/chat/{token}", {"lookIntoFuture": 0}).data
    assert [m["systemMessage"] for m in left] == ["history_cleared"]


def test_listable_rooms_are_found_by_others(users):
    owner = users.user()
    stranger = users.user()
    name = f"listed {owner.uid}"
    token = new_room(owner, 2, name)["token"]
    assert check(v4(owner, "PUT", f"/room/{token}/listable", {"scope": 5}), "setListable", 400).data == \
        {"error": "value"}
    assert check(v4(owner, "PUT", f"/room/{token}/listable", {"scope": 1}), "setListable", 200,
                 FEATURES_22).data["listable"] == 1
    found = check(v4(stranger, "GET", "/listed-room", {"searchTerm": owner.uid}), "listListedRooms", 200).data
    assert [r["token"] for r in found] == [token]
    assert check(v4(owner, "GET", "/listed-room", {"searchTerm": owner.uid}), "listListedRooms", 200).data == []


def test_mention_permissions(users):
    owner, member, token = _with_member(users)
    room = check(v4(owner, "PUT", f"/room/{token}/mention-permissions", {"mentionPermissions": 1}),
                 "setMentionPermissions", 200, FEATURES_22).data
    assert room["mentionPermissions"] == 1
    assert check(v4(owner, "PUT", f"/room/{token}/mention-permissions", {"mentionPermissions": 7}),
                 "setMentionPermissions", 400).data == {"error": "value"}
    assert check(v4(member, "PUT", f"/room/{token}/mention-permissions", {"mentionPermissions": 0}),
                 "setMentionPermissions", 403)


def test_bans(users):
    owner, member, token = _with_member(users, 3)
    ban = check(chat(owner, "POST", f"/ban/{token}", {"actorType": "users", "actorId": member.uid,
                                                      "internalNote": "spam"}), "banActor", 200).data
    assert ban["bannedActorId"] == member.uid and ban["internalNote"] == "spam"
    assert check(v4(member, "POST", f"/room/{token}/participants/active"), "joinRoom", 403).data == {"error": "ban"}
    assert check(chat(owner, "POST", f"/ban/{token}", {"actorType": "users", "actorId": owner.uid}), "banActor",
                 400).data == {"error": "self"}
    listed = check(chat(owner, "GET", f"/ban/{token}"), "listBans", 200).data
    assert [b["id"] for b in listed] == [ban["id"]]
    assert check(chat(owner, "DELETE", f"/ban/{token}/{ban['id']}"), "unbanActor", 200).data is None
    check(v4(member, "POST", f"/room/{token}/participants/active"), "joinRoom", 200)


# --- bad input is a 4xx in the envelope -----------------------------------------------------------

def test_bad_input_never_answers_500(users, talk22):
    from talk_refserver.apis import V4 as API_V4
    from talk_refserver.routing import Router

    owner, member, token = _with_member(users, 3)
    message = chat(owner, "POST", f"/chat/{token}", {"message": "m"}).data["id"]
    junk = {"roomType": "x", "roomName": "\x00" * 300, "invite": ["a", "b"], "attendeeId": "NaN",
            "permissions": "-1", "method": "sideways", "state": "2", "scope": "z", "level": "q", "message": "",
            "reaction": "🙂" * 20, "actorType": "robots", "actorId": "", "password": "1", "lastReadMessage": "x",
            "mentionPermissions": "", "description": "d" * 3000, "flags": "x", "timer": "soon", "newParticipant": ""}
    failures = []
    for template, entry in Router.standard(API_V4).paths.items():
        path = (template.replace("{token}", token).replace("{messageId}", str(message))
                .replace("{mode}", "default").replace("{banId}", "1"))
        for method in entry.methods:
            for caller in (owner, member, users.guest()):
                reply = caller.call(method, "/ocs/v2.php" + path, junk)
                if reply.status >= 500 or not isinstance(reply.body, dict) and reply.status not in (204, 304):
                    failures.append(f"{method} {template} as {getattr(caller, 'uid', 'guest')}: {reply.status}")
    assert not failures, failures


# --- calls and the lobby under /api/v4 ------------------------------------------------------------

def test_calls_answer_null_and_list_peers_by_actor(users):
    owner, member, token = _with_member(users)
    assert check(v4(owner, "POST", f"/call/{token}"), "joinCall", 404).status == 404  # no session yet
    check(v4(owner, "POST", f"/room/{token}/participants/active"), "joinRoom", 200)
    assert check(v4(owner, "POST", f"/call/{token}", {"flags": 3}), "joinCall", 200).data is None
    peers = check(v4(owner, "GET", f"/call/{token}"), "listCallPeers", 200).data
    assert [(p["actorType"], p["actorId"]) for p in peers] == [("users", owner.uid)]
    assert check(v4(owner, "PUT", f"/call/{token}", {"flags": 1}), "updateCallFlags", 200).data is None
    assert check(v4(owner, "PUT", f"/call/{token}", {"flags": 2}), "updateCallFlags", 400)
    assert check(v4(owner, "DELETE", f"/call/{token}"), "leaveCall", 200).data is None
    assert check(v4(owner, "PUT", f"/call/{token}", {"flags": 1}), "updateCallFlags", 400)


def test_starting_a_call_needs_the_permission(users):
    owner, member, token = _with_member(users)
    attendee = attendee_of(owner, token, member.uid)
    v4(owner, "PUT", f"/room/{token}/attendees/permissions", {"attendeeId": attendee, "method": "remove",
                                                              "permissions": 2})
    check(v4(member, "POST", f"/room/{token}/participants/active"), "joinRoom", 200)
    assert check(v4(member, "POST", f"/call/{token}"), "joinCall", 403)


def test_the_lobby_answers_the_room_and_holds_plain_users(users):
    owner, member, token = _with_member(users)
    room = check(v4(owner, "PUT", f"/room/{token}/webinar/lobby", {"state": 1}), "setLobby", 200, FEATURES_22).data
    assert room["lobbyState"] == 1 and "attendeeId" in room
    assert check(chat(member, "GET", f"/chat/{token}", {"lookIntoFuture": 0}), "receiveMessages", 412)
    assert check(v4(owner, "PUT", f"/room/{token}/webinar/lobby", {"state": 3}), "setLobby",
                 400).data == {"error": "value"}
    assert check(v4(member, "PUT", f"/room/{token}/webinar/lobby", {"state": 0}), "setLobby", 403)


def test_every_v4_operation_has_a_handler():
    from talk_refserver import app  # noqa: F401  (loads every handler)
    from talk_refserver.routing import handled_operations

    assert handled_operations("v4") == set(spec.document(spec.V4_DOCUMENT).operations)


def test_the_remaining_room_settings(users):
    owner, member, token = _with_member(users)
    for method, path, data, operation, field, value in [
            ("POST", "/notify-calls", {"level": 0}, "setCallNotificationLevel", "notificationCalls", 0),
            ("POST", "/message-expiration", {"seconds": 3600}, "setMessageExpiration", "messageExpiration", 3600),
            ("PUT", "/recording-consent", {"recordingConsent": 1}, "setRecordingConsent", "recordingConsent", 1)]:
        reply = check(v4(owner, method, f"/room/{token}{path}", data), operation, 200, FEATURES_22)
        assert reply.data[field] == value, operation
    assert check(v4(owner, "POST", f"/room/{token}/notify-calls", {"level": 4}), "setCallNotificationLevel",
                 400).data == {"error": "level"}
    check(v4(owner, "POST", f"/room/{token}/participants/active"), "joinRoom", 200)
    check(v4(owner, "PUT", f"/room/{token}/participants/state", {"state": 0}), "setSessionState", 200, FEATURES_22)
    assert check(v4(owner, "PUT", f"/room/{token}/participants/state", {"state": 9}), "setSessionState", 400)
    ids = [chat(owner, "POST", f"/chat/{token}", {"message": str(i)}).data["id"] for i in range(5)]
    context = check(chat(owner, "GET", f"/chat/{token}/{ids[2]}/context", {"limit": 1}), "getMessageContext", 200).data
    assert [m["id"] for m in context] == [ids[3], ids[2], ids[1]]


@pytest.mark.parametrize("name", ["talk-12", "talk-17"])
def test_an_older_release_lacks_the_later_features(name, tmp_path):
    """Routes and room fields of features a release lacks are really gone (an unknown route, 998)."""
    features = profile_options(name)["features"]
    with InProcess(tmp_path / "db.sqlite", **profile_options(name)) as server:
        owner = Users(server).user()
        room = check(v4(owner, "POST", "/room", {"roomType": 2, "roomName": "old"}), "createRoom", 201, features).data
        token = room["token"]
        sent = chat(owner, "POST", f"/chat/{token}", {"message": "m"}).data
        probes = {"reactions": ("POST", f"{CHAT}/reaction/{token}/{sent['id']}", {"reaction": "👍"}),
                  "edit-messages": ("PUT", f"{CHAT}/chat/{token}/{sent['id']}", {"message": "x"}),
                  "ban-v1": ("GET", f"{CHAT}/ban/{token}", None),
                  "mention-permissions": ("PUT", f"{V4}/room/{token}/mention-permissions", {"mentionPermissions": 1}),
                  "conversation-permissions": ("PUT", f"{V4}/room/{token}/permissions/default", {"permissions": 0})}
        for feature, (method, path, data) in probes.items():
            reply = owner.call(method, path, data)
            if feature in features:
                assert reply.status in (200, 201), (feature, reply.status)
            elif feature == "edit-messages":  # the path is deleteMessage's: a wrong verb
                assert reply.status == 405
            else:
                assert (reply.status, reply.meta["statuscode"]) == (404, 998), (feature, reply.status)
        assert ("isArchived" in room) is ("archived-conversations-v2" in features) is False
        assert ("mentionPermissions" in room) is False


def test_mention_suggestions_carry_their_mention_id_with_federation(users):
    """docs/chat.md of Talk 21.1: ``mentionId`` "Only available with `federation-v1` capability"; the v4
    schema requires it then (``x-required-with-capability``), and a local user is mentioned by their id."""
    assert "federation-v1" in FEATURES_22
    owner, member, token = _with_member(users)
    found = check(chat(owner, "GET", f"/chat/{token}/mentions", {"search": member.uid}),
                  "getMentionSuggestions", 200).data
    assert [(s["id"], s.get("mentionId")) for s in found] == [(member.uid, member.uid)], found
