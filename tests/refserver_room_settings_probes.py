"""Probes of the capability-matrix faults (read-only, lobby, favorites, notification levels, room
flags) for test_refserver_faults.py: each answers "is this rule broken?" on a fresh room."""

from __future__ import annotations

import time

from tests.test_refserver_support import create_room


def _lobby(w, token: str, **data):
    return w.owner.put(f"/room/{token}/webinary/lobby", {"state": 1, **data})


def _lobby_on(w, token: str, **data) -> bool:
    """Whether the lobby could be switched on (other lobby faults may keep it off: not this rule)."""
    return _lobby(w, token, **data).status == 200 and w.owner.get(f"/room/{token}").data["lobbyState"] == 1


def lobby_ignored(w) -> bool:
    token = w.group_room()
    return _lobby_on(w, token) and w.user.get(f"/room/{token}/participants").status == 200


def lobby_by_user(w) -> bool:
    return w.user.put(f"/room/{w.group_room()}/webinary/lobby", {"state": 1}).status == 200


def lobby_not_saved(w) -> bool:
    token = w.group_room()
    if _lobby(w, token).status != 200:
        return False
    return w.owner.get(f"/room/{token}").data["lobbyState"] != 1


def lobby_stuck(w) -> bool:
    token = w.group_room()
    if not _lobby_on(w, token):
        return False
    assert w.owner.put(f"/room/{token}/webinary/lobby", {"state": 0}).status == 200
    return w.owner.get(f"/room/{token}").data["lobbyState"] != 0


def read_only_stuck(w) -> bool:
    token = w.group_room()
    if w.owner.put(f"/room/{token}/read-only", {"state": 1}).status != 200 or \
            w.owner.get(f"/room/{token}").data["readOnly"] != 1:
        return False
    assert w.owner.put(f"/room/{token}/read-only", {"state": 0}).status == 200
    return w.owner.get(f"/room/{token}").data["readOnly"] != 0


def lobby_on_one_to_one(w) -> bool:
    token = create_room(w.owner, 1, invite=w.users.user().uid)
    return w.owner.put(f"/room/{token}/webinary/lobby", {"state": 1}).status == 200


def lobby_timer_ignored(w) -> bool:
    token = w.group_room()
    if _lobby(w, token, timer=int(time.time()) - 60).status != 200:
        return False
    room = w.user.get(f"/room/{token}").data
    return room["lobbyState"] == 1 and room["lobbyTimer"] != 0  # a stored timer that opened nothing


def lobby_timer_not_saved(w) -> bool:
    token = w.group_room()
    when = int(time.time()) + 3600
    if _lobby(w, token, timer=when).status != 200:
        return False
    return w.owner.get(f"/room/{token}").data["lobbyTimer"] != when


def lobby_endpoint_missing(w) -> bool:
    return _lobby(w, w.group_room()).status == 404


def lobby_hides_nothing(w) -> bool:
    token = w.group_room()
    return _lobby_on(w, token) and w.user.get(f"/room/{token}").data["canStartCall"] is True


def lobby_holds_moderators(w) -> bool:
    token = w.group_room()
    return _lobby_on(w, token) and w.owner.get(f"/room/{token}/participants").status != 200


def flags_in_call(w) -> bool:
    return w.owner.get(f"/room/{w.group_room()}").data["participantFlags"] != 0


def object_type_filled(w) -> bool:
    room = w.owner.get(f"/room/{w.group_room()}").data
    return (room["objectType"], room["objectId"]) != ("", "")


def last_activity_in_ms(w) -> bool:
    return w.owner.get(f"/room/{w.group_room()}").data["lastActivity"] > time.time() + 3600


def read_only_by_user(w) -> bool:
    return w.user.put(f"/room/{w.group_room()}/read-only", {"state": 1}).status == 200


def read_only_not_saved(w) -> bool:
    token = w.group_room()
    assert w.owner.put(f"/room/{token}/read-only", {"state": 1}).status == 200
    return w.owner.get(f"/room/{token}").data["readOnly"] != 1


def _read_only_room(w) -> str | None:
    token = w.group_room()
    locked = w.owner.put(f"/room/{token}/read-only", {"state": 1}).status == 200
    return token if locked and w.owner.get(f"/room/{token}").data["readOnly"] == 1 else None


def read_only_accepts_chat(w) -> bool:
    token = _read_only_room(w)
    return token is not None and w.user.post(f"/chat/{token}", {"message": "still here"}).status == 201


def read_only_hides_chat(w) -> bool:
    token = _read_only_room(w)
    return token is not None and w.user.get(f"/chat/{token}", {"lookIntoFuture": 0}).status == 403


def read_only_accepts_calls(w) -> bool:
    token = _read_only_room(w)
    if token is None or w.user.post(f"/room/{token}/participants/active").status != 200:
        return False
    return w.user.post(f"/call/{token}").status == 200


def read_only_on_one_to_one(w) -> bool:
    token = create_room(w.owner, 1, invite=w.users.user().uid)
    return w.owner.put(f"/room/{token}/read-only", {"state": 1}).status == 200


def favorite_not_stored(w) -> bool:
    token = w.group_room()
    assert w.user.post(f"/room/{token}/favorite").status == 200
    return w.user.get(f"/room/{token}").data["isFavorite"] is not True


def favorite_for_everybody(w) -> bool:
    token = w.group_room()
    assert w.user.post(f"/room/{token}/favorite").status == 200
    return w.owner.get(f"/room/{token}").data["isFavorite"] is True


def unfavorite_not_stored(w) -> bool:
    token = w.group_room()
    assert w.user.post(f"/room/{token}/favorite").status == 200
    assert w.user.delete(f"/room/{token}/favorite").status == 200
    return w.user.get(f"/room/{token}").data["isFavorite"] is True


def settings_strangers_403(w) -> bool:
    token = w.group_room()
    return 403 in (w.stranger.post(f"/room/{token}/favorite").status,
                   w.stranger.post(f"/room/{token}/notify", {"level": 1}).status)


def settings_guests_401(w) -> bool:
    token = w.public_room()
    guest = w.users.guest()
    assert guest.post(f"/room/{token}/participants/active").status == 200
    return 401 in (guest.post(f"/room/{token}/favorite").status, guest.post(f"/room/{token}/notify", {"level": 1}).status)


def level_unchecked(w) -> bool:
    return w.user.post(f"/room/{w.group_room()}/notify", {"level": 4}).status == 200


def level_not_stored(w) -> bool:
    token = w.group_room()
    assert w.user.post(f"/room/{token}/notify", {"level": 3}).status == 200
    return w.user.get(f"/room/{token}").data["notificationLevel"] != 3


def level_for_everybody(w) -> bool:
    token = w.group_room()
    assert w.user.post(f"/room/{token}/notify", {"level": 3}).status == 200
    return w.owner.get(f"/room/{token}").data["notificationLevel"] == 3


MATRIX_PROBES = {
    "read-only-accepts-chat": read_only_accepts_chat,
    "read-only-accepts-calls": read_only_accepts_calls,
    "read-only-hides-chat": read_only_hides_chat,
    "lobby-ignored": lobby_ignored,
    "lobby-by-non-moderator": lobby_by_user,
    "lobby-not-saved": lobby_not_saved,
    "lobby-stuck": lobby_stuck,
    "read-only-stuck": read_only_stuck,
    "lobby-on-one-to-one": lobby_on_one_to_one,
    "lobby-timer-ignored": lobby_timer_ignored,
    "lobby-timer-not-saved": lobby_timer_not_saved,
    "lobby-endpoint-missing": lobby_endpoint_missing,
    "lobby-hides-nothing": lobby_hides_nothing,
    "lobby-holds-moderators": lobby_holds_moderators,
    "participant-flags-in-call": flags_in_call,
    "object-type-filled": object_type_filled,
    "last-activity-in-milliseconds": last_activity_in_ms,
    "read-only-by-non-moderator": read_only_by_user,
    "read-only-not-saved": read_only_not_saved,
    "read-only-on-one-to-one": read_only_on_one_to_one,
    "favorite-not-stored": favorite_not_stored,
    "favorite-for-everybody": favorite_for_everybody,
    "unfavorite-not-stored": unfavorite_not_stored,
    "settings-strangers-403": settings_strangers_403,
    "settings-guests-401": settings_guests_401,
    "notification-level-unchecked": level_unchecked,
    "notification-level-not-stored": level_not_stored,
    "notification-level-for-everybody": level_for_everybody,
}
