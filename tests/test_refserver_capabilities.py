"""--capabilities advertises exactly the given list and really removes what is missing."""

from __future__ import annotations

import pytest

from talk_refserver.capabilities import KNOWN_FEATURES, TALK_7_FEATURES
from talk_refserver.server import ServeError, serve
from tests.test_refserver_support import InProcess, Users, assert_envelope, create_room

FIELDS = {
    "read-only-rooms": ["readOnly"],
    "in-call-flags": ["participantFlags"],
    "start-call-flag": ["canStartCall"],
    "webinary-lobby": ["lobbyState", "lobbyTimer"],
    "chat-v2": ["unreadMessages"],
    "chat-read-marker": ["lastReadMessage"],
    "favorites": ["isFavorite"],
    "notification-levels": ["notificationLevel"],
    "mention-flag": ["unreadMention"],
    "last-room-activity": ["lastActivity"],
}
ALL_FIELDS = {name for names in FIELDS.values() for name in names}


@pytest.mark.parametrize("feature", sorted(FIELDS))
def test_missing_feature_removes_exactly_its_fields(feature, tmp_path):
    features = [f for f in TALK_7_FEATURES if f != feature]
    with InProcess(tmp_path / "db.sqlite", features=features) as server:
        users = Users(server)
        advertised = users.admin.get("/cloud/capabilities").data["capabilities"]["spreed"]["features"]
        assert advertised == features
        owner = users.user()
        token = create_room(owner, 3, "room")
        views = [owner.get(f"/room/{token}").data, owner.get("/room").data[0],
                 owner.post(f"/room/{token}/participants/active").data]
        for room in views:
            for name in FIELDS[feature]:
                assert name not in room, name
            for name in ALL_FIELDS - set(FIELDS[feature]):
                assert name in room, name


@pytest.fixture(scope="module")
def bare(tmp_path_factory):
    with InProcess(tmp_path_factory.mktemp("bare") / "db.sqlite", features=["audio", "video"]) as server:
        yield server


def test_exact_list_is_advertised(bare):
    users = Users(bare)
    assert users.admin.get("/cloud/capabilities").data["capabilities"]["spreed"]["features"] == ["audio", "video"]


def test_without_empty_group_room_a_group_room_needs_an_invite(bare):
    users = Users(bare)
    owner, member = users.user(), users.user()
    assert_envelope(owner.post("/room", {"roomType": 2, "roomName": "empty"}), 400)
    assert_envelope(owner.post("/room", {"roomType": 2, "invite": users.group(member)}), 201)


def test_without_feature_endpoints_are_unknown_routes(bare):
    users = Users(bare)
    owner = users.user()
    token = create_room(owner, 3, "room")
    for method, path, data in [("POST", f"/room/{token}/favorite", None), ("POST", f"/room/{token}/notify", {"level": 1}),
                               ("PUT", f"/room/{token}/read-only", {"state": 1}),
                               ("POST", f"/guest/{token}/name", {"displayName": "x"})]:
        reply = owner.call(method, path, data)
        assert reply.status == 404 and reply.meta["statuscode"] == 998, (path, reply.text)


def test_without_invite_groups_and_mails_only_users_can_be_added(bare):
    users = Users(bare)
    owner, member = users.user(), users.user()
    token = create_room(owner, 3, "room")
    gid = users.group(member)
    # A Talk 3.2 server (audio and video only) knows no `source`: the group id is taken for a user's.
    assert_envelope(owner.post(f"/room/{token}/participants", {"newParticipant": gid, "source": "groups"}), 404)
    assert_envelope(owner.post(f"/room/{token}/participants", {"newParticipant": member.uid}), 200)


def test_without_system_messages_there_is_no_last_message(bare):
    owner = Users(bare).user()
    token = create_room(owner, 3, "room")
    room = owner.get(f"/room/{token}").data
    assert "lastMessage" not in room, "a Talk 3.2 room has no lastMessage (Talk 4.0 added it)"


def test_conversation_v4_drops_the_v1_room_api(tmp_path):
    with InProcess(tmp_path / "db.sqlite", features=TALK_7_FEATURES + ["conversation-v4"]) as server:
        users = Users(server)
        owner = users.user()
        assert "conversation-v4" in users.admin.get("/cloud/capabilities").data["capabilities"]["spreed"]["features"]
        for method, path in [("GET", "/room"), ("POST", "/room"), ("GET", "/room/abcdefgh"),
                             ("POST", "/room/abcdefgh/participants/active"), ("DELETE", "/room/abcdefgh/public")]:
            for version in (1, 2):
                reply = owner.call(method, path, {"roomType": 2, "roomName": "x"} if method == "POST" else None,
                                   version=version)
                assert reply.meta["statuscode"] == 998, (method, path, version)
                assert reply.status == (404 if version == 2 else 200)
        assert_envelope(users.admin.get(f"/cloud/users/{owner.uid}"), 200)


def test_unknown_capability_is_refused_naming_the_known_ones(tmp_path):
    with pytest.raises(ServeError) as refused:
        serve(port=0, db=str(tmp_path / "x.sqlite"), capabilities=["audio", "telepathy"])
    message = str(refused.value)
    assert "\n" not in message and message.startswith("unknown capability telepathy (known: ")
    assert all(name in message for name in KNOWN_FEATURES)
    assert set(TALK_7_FEATURES) < set(KNOWN_FEATURES) and "conversation-v4" in KNOWN_FEATURES
