"""The reference server's call and guest endpoints, and the participant rules of the Talk 3.2 release,
driven in-process (one server per module, every test with its own users)."""

from __future__ import annotations

import pytest

from tests.refserver_probes_participants import TALK_3_2
from tests.test_refserver_support import InProcess, Users, assert_envelope, create_room


@pytest.fixture(scope="module")
def old_users(tmp_path_factory):
    with InProcess(tmp_path_factory.mktemp("old") / "old.sqlite", features=TALK_3_2) as server:
        yield Users(server)


def _team(users):
    owner, user, stranger = users.user(), users.user(), users.user()
    token = create_room(owner, 2, "team")
    assert owner.post(f"/room/{token}/participants", {"newParticipant": user.uid}).status == 200
    return token, owner, user, stranger


def test_joining_and_leaving_a_call(users):
    token, owner, user, stranger = _team(users)
    assert_envelope(user.post(f"/call/{token}"), 404)  # not joined to the room yet: no session
    session = user.post(f"/room/{token}/participants/active").data["sessionId"]
    assert_envelope(user.post(f"/call/{token}"), 200)
    room = user.get(f"/room/{token}").data
    assert room["participantInCall"] is True and room["participantFlags"] == 7 and room["hasCall"] is True
    assert owner.get(f"/room/{token}").data["hasCall"] is True
    peers = owner.get(f"/call/{token}")
    assert_envelope(peers, 200)
    assert [p["sessionId"] for p in peers.data] == [session]
    assert set(peers.data[0]) == {"userId", "token", "lastPing", "sessionId"}
    assert_envelope(user.delete(f"/call/{token}"), 200)
    room = user.get(f"/room/{token}").data
    assert room["participantInCall"] is False and room["hasCall"] is False and room["sessionId"] == session
    assert owner.get(f"/call/{token}").data == []


def test_call_flags_and_leaving_the_room_ends_the_call(users):
    token, owner, user, stranger = _team(users)
    user.post(f"/room/{token}/participants/active")
    assert_envelope(user.post(f"/call/{token}", {"flags": 3}), 200)
    assert user.get(f"/room/{token}").data["participantFlags"] == 3
    user.delete(f"/room/{token}/participants/active")
    assert user.get(f"/room/{token}").data["participantInCall"] is False


def test_call_endpoints_are_404_for_strangers_and_unknown_rooms(users):
    token, owner, user, stranger = _team(users)
    for method in ("GET", "POST", "DELETE"):
        assert_envelope(stranger.call(method, f"/call/{token}"), 404)
        assert_envelope(owner.call(method, "/call/zz99notaroom"), 404)


def test_guests_take_part_in_calls_of_public_rooms(users):
    owner = users.user()
    token = create_room(owner, 3, "open")
    guest = users.guest()
    session = guest.post(f"/room/{token}/participants/active").data["sessionId"]
    assert_envelope(guest.post(f"/call/{token}"), 200)
    assert [p["userId"] for p in owner.get(f"/call/{token}").data if p["sessionId"] == session] == [""]


def test_ping_exists_only_without_no_ping(users, old_users):
    token, owner, user, stranger = _team(users)
    user.post(f"/room/{token}/participants/active")
    assert user.post(f"/call/{token}/ping").status == 404  # Talk 7 advertises no-ping: no such route
    token, owner, user, stranger = _team(old_users)
    assert_envelope(user.post(f"/call/{token}/ping"), 404)  # not joined
    user.post(f"/room/{token}/participants/active")
    assert_envelope(user.post(f"/call/{token}/ping"), 200)
    assert_envelope(stranger.post(f"/call/{token}/ping"), 404)
    assert_envelope(owner.post("/call/zz99notaroom/ping"), 404)


def test_talk_3_2_in_call_is_a_boolean(old_users):
    token, owner, user, stranger = _team(old_users)
    user.post(f"/room/{token}/participants/active")
    user.post(f"/call/{token}", {"flags": 7})
    listed = {p["userId"]: p["inCall"] for p in owner.get(f"/room/{token}/participants").data}
    assert listed[user.uid] is True and listed[owner.uid] is False


def test_a_third_user_makes_a_talk_3_2_one_to_one_a_group(old_users):
    owner, other, third = old_users.user(), old_users.user(), old_users.user()
    token = create_room(owner, 1, invite=other.uid)
    reply = owner.post(f"/room/{token}/participants", {"newParticipant": third.uid})
    assert_envelope(reply, 200)
    assert reply.data == {"type": "2"}  # a string, as the Talk 3.2 docs type it
    assert third.get(f"/room/{token}").data["type"] == 2


def test_talk_7_one_to_one_is_locked(users):
    owner, other, third = users.user(), users.user(), users.user()
    token = create_room(owner, 1, invite=other.uid)
    assert_envelope(owner.post(f"/room/{token}/participants", {"newParticipant": third.uid}), 400)
    assert_envelope(third.get(f"/room/{token}"), 404)


def test_talk_3_2_lets_the_last_moderator_leave(old_users):
    token, owner, user, stranger = _team(old_users)
    assert_envelope(owner.delete(f"/room/{token}/participants/self"), 200)  # the 400 came with Talk 4.0


def test_removing_guests(users):
    owner, user = users.user(), users.user()
    token = create_room(owner, 3, "open")
    owner.post(f"/room/{token}/participants", {"newParticipant": user.uid})
    guest = users.guest()
    session = guest.post(f"/room/{token}/participants/active").data["sessionId"]
    assert_envelope(user.delete(f"/room/{token}/participants/guests", {"participant": session}), 403)
    user_session = user.post(f"/room/{token}/participants/active").data["sessionId"]
    assert_envelope(owner.delete(f"/room/{token}/participants/guests", {"participant": user_session}), 403)
    assert_envelope(owner.delete(f"/room/{token}/participants/guests", {"participant": "A" * 255}), 404)
    assert_envelope(users.user().delete(f"/room/{token}/participants/guests", {"participant": session}), 404)
    assert_envelope(owner.delete(f"/room/{token}/participants/guests", {"participant": session}), 200)
    assert session not in [p["sessionId"] for p in owner.get(f"/room/{token}/participants").data]
    assert guest.get(f"/room/{token}").data["sessionId"] == "0"  # the reduced view: no longer a participant


def test_guest_names_need_a_guest_session(users):
    owner = users.user()
    token = create_room(owner, 3, "open")
    guest = users.guest()
    assert_envelope(guest.post("/guest/zz99notaroom/name", {"displayName": "x"}), 404)
    assert_envelope(guest.post(f"/guest/{token}/name", {"displayName": "x"}), 404)
    guest.post(f"/room/{token}/participants/active")
    assert_envelope(guest.post(f"/guest/{token}/name", {"displayName": "Visitor"}), 200)
    assert_envelope(owner.post("/guest/zz99notaroom/name", {"displayName": "x"}), 403)  # users first


def test_guests_may_not_moderate(users):
    owner = users.user()
    token = create_room(owner, 3, "open")
    guest = users.guest()
    guest.post(f"/room/{token}/participants/active")
    for method, path, data in (("PUT", "", {"roomName": "x"}), ("DELETE", "", None),
                               ("PUT", "/password", {"password": "pw"}), ("DELETE", "/public", None)):
        assert_envelope(guest.call(method, f"/room/{token}{path}", data), 403)
    assert owner.get(f"/room/{token}").data["type"] == 3
