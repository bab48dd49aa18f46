"""Probes of the rules the docs of Talk 8.0 and later give the conversation endpoints, asked of a server
of the newest release (tests/test_refserver_faults.py): each answers "is this rule broken?"."""

from __future__ import annotations

TALK_HASH = "x-nextcloud-talk-hash"


def _one_to_one(w) -> str:
    from tests.test_refserver_support import create_room

    return create_room(w.owner, 1, invite=w.users.user().uid)


def _talk_hash(reply) -> str | None:
    return next((v for k, v in reply.headers.items() if k.lower() == TALK_HASH), None)


def rename_one_to_one_405(w) -> bool:
    return w.owner.put(f"/room/{_one_to_one(w)}", {"roomName": "private"}).status == 405


def delete_one_to_one(w) -> bool:
    return w.owner.delete(f"/room/{_one_to_one(w)}").status == 200


def public_on_one_to_one(w) -> bool:
    token = _one_to_one(w)
    return w.owner.post(f"/room/{token}/public").status == 200 or w.owner.delete(f"/room/{token}/public").status == 200


def created_without_room(w) -> bool:
    return "participantType" not in w.owner.post("/room", {"roomType": 3, "roomName": "open"}).data


def public_without_name(w) -> bool:
    return w.owner.post("/room", {"roomType": 3, "roomName": ""}).status == 201


def source_groups_refused(w) -> bool:
    group = w.users.group(w.users.user())
    return w.owner.post("/room", {"roomType": 2, "invite": group, "source": "groups"}).status != 201


def talk_hash_missing(w) -> bool:
    return _talk_hash(w.owner.get(f"/room/{w.group_room()}")) is None or _talk_hash(w.owner.get("/room")) is None


def talk_hash_unstable(w) -> bool:
    return _talk_hash(w.owner.get("/room")) != _talk_hash(w.owner.get("/room"))


def count_not_zero(w) -> bool:
    token = w.group_room()
    assert w.user.post(f"/room/{token}/participants/active").status == 200
    return w.user.get(f"/room/{token}").data["count"] != 0


def settings_guests_404(w) -> bool:
    token = w.public_room()
    guest = w.users.guest()
    assert guest.post(f"/room/{token}/participants/active").status == 200
    return guest.post(f"/room/{token}/favorite").status == 404 or guest.post(f"/room/{token}/notify", {"level": 1}).status == 404


def lobby_timer_unchecked(w) -> bool:
    return w.owner.put(f"/room/{w.public_room()}/webinary/lobby", {"state": 1, "timer": "tomorrow"}).status == 200


def notification_level_default_refused(w) -> bool:
    return w.user.post(f"/room/{w.group_room()}/notify", {"level": 0}).status == 400


LATER_PROBES = {
    "rename-one-to-one-405": rename_one_to_one_405,
    "delete-one-to-one-allowed": delete_one_to_one,
    "public-on-one-to-one": public_on_one_to_one,
    "created-without-room": created_without_room,
    "create-public-without-name": public_without_name,
    "create-source-groups-refused": source_groups_refused,
    "talk-hash-missing": talk_hash_missing,
    "talk-hash-unstable": talk_hash_unstable,
    "count-not-zero": count_not_zero,
    "settings-guests-404": settings_guests_404,
    "lobby-timer-unchecked": lobby_timer_unchecked,
    "notification-level-default-refused": notification_level_default_refused,
}
