"""Probes of the system-message and user-deletion rules (features/chat/system-messages.feature,
features/participants/user-deletion.feature), asked of the default server (tests/test_refserver_faults.py):
each answers "is this rule broken?"."""

from __future__ import annotations

from tests.test_refserver_support import create_room


def _system(api, token: str) -> list[tuple[str, str, str]]:
    """(systemMessage, actorType, actorId) of the room's system messages, newest first."""
    reply = api.get(f"/chat/{token}", {"lookIntoFuture": 0, "setReadMarker": 0, "limit": 200})
    # Sorted here: the order of the history has a rule (and a fault) of its own.
    newest_first = sorted(reply.data if reply.status == 200 else [], key=lambda m: m["id"], reverse=True)
    return [(m["systemMessage"], m["actorType"], m["actorId"]) for m in newest_first if m["systemMessage"]]


def _keys(api, token: str) -> list[str]:
    return [key for key, _, _ in _system(api, token)]


def _lacks(api, token: str, *keys: str) -> bool:
    """The room's newest system messages are not ``keys`` (newest first), though the server writes system
    messages (conversation_created is there: without it, system-messages-missing is the rule broken)."""
    written = _keys(api, token)
    return "conversation_created" in written and written[:len(keys)] != list(keys)


def _field(w, token: str, key: str):
    return w.owner.get(f"/room/{token}").data.get(key)


def by_the_target(w) -> bool:
    token = w.group_room()  # the owner added the user
    return any(a != w.owner.uid for key, _, a in _system(w.owner, token) if key == "user_added")


def call_messages_missing(w) -> bool:
    token = w.group_room()
    assert w.owner.post(f"/room/{token}/participants/active").status == 200
    if w.owner.post(f"/call/{token}").status != 200:
        return False  # no call to speak of: another rule's
    in_call = w.owner.get(f"/room/{token}").data.get("participantInCall")
    written = _keys(w.owner, token)
    return bool(in_call) and "conversation_created" in written and "call_started" not in written


def user_added_in_one_to_one(w) -> bool:
    newcomer = w.users.user()
    token = create_room(w.owner, 1, invite=newcomer.uid)
    return "user_added" in _keys(w.owner, token)


def self_join_writes_user_added(w) -> bool:
    token = w.public_room()
    before = _keys(w.owner, token)
    assert w.stranger.post(f"/room/{token}/participants/active").status == 200
    return _keys(w.owner, token) != before


# Each change below is checked to have taken effect first: a change not saved is another rule's.

def guests_toggle_silent(w) -> bool:
    token = w.group_room()
    assert w.owner.post(f"/room/{token}/public").status == 200
    public = _field(w, token, "type") == 3
    assert w.owner.delete(f"/room/{token}/public").status == 200
    private = _field(w, token, "type") == 2
    return public and private and _lacks(w.owner, token, "guests_disallowed", "guests_allowed")


def read_only_silent(w) -> bool:
    token = w.group_room()
    assert w.owner.put(f"/room/{token}/read-only", {"state": 1}).status == 200
    locked = _field(w, token, "readOnly") == 1
    assert w.owner.put(f"/room/{token}/read-only", {"state": 0}).status == 200
    unlocked = _field(w, token, "readOnly") == 0
    return locked and unlocked and _lacks(w.owner, token, "read_only_off", "read_only")


def password_silent(w) -> bool:
    token = w.public_room()
    assert w.owner.put(f"/room/{token}/password", {"password": "correct horse battery staple"}).status == 200
    saved = _field(w, token, "hasPassword") is True
    assert w.owner.put(f"/room/{token}/password", {"password": ""}).status == 200
    removed = _field(w, token, "hasPassword") is False
    return saved and removed and _lacks(w.owner, token, "password_removed", "password_set")


def deleted_users_room_stays(w) -> bool:
    newcomer = w.users.user()
    token = create_room(newcomer, 3, "gone")
    assert w.users.admin.delete(f"/cloud/users/{newcomer.uid}").status == 200
    return w.stranger.post(f"/room/{token}/participants/active").status == 200  # joined what should be gone


SYSTEM_PROBES = {
    "system-message-by-the-target": by_the_target,
    "call-messages-missing": call_messages_missing,
    "user-added-in-one-to-one": user_added_in_one_to_one,
    "self-join-writes-user-added": self_join_writes_user_added,
    "guests-toggle-writes-no-system-message": guests_toggle_silent,
    "read-only-writes-no-system-message": read_only_silent,
    "password-writes-no-system-message": password_silent,
    "deleted-users-room-stays": deleted_users_room_stays,
}
