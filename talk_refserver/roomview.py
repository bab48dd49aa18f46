"""The room object of GET /room, GET /room/{token} and join (docs: "Get user´s conversations").

Fields that belong to a capability are left out when the server does not advertise it, as a Talk of
that release would not know them.
"""

from __future__ import annotations

import secrets

from talk_refserver import messages
from talk_refserver.crypto import sha1
from talk_refserver.faults import fault
from talk_refserver.membership import GUEST_TYPES, ONE_TO_ONE, USER
from talk_refserver.ocs import Result
from talk_refserver.routing import Ctx

ROOM_SHAPE = fault("room-shape", "the room object sends lastPing as a string (docs: int)")
HAS_CALL_MISSING = fault("has-call-missing", "hasCall stays false while participants are in the call")
COUNT_STUCK = fault("count-stuck", "count and numGuests stay 0 whoever has joined")
PARTICIPANT_FLAGS_IN_CALL = fault(
    "participant-flags-in-call", "participantFlags says 1 (in call) for a participant who is not in the call")
OBJECT_TYPE_FILLED = fault(
    "object-type-filled", "a plain conversation has objectType \"file\" and an objectId (docs: empty)")
LOBBY_SHOWS_LAST_MESSAGE = fault(
    "lobby-shows-last-message",
    "a user the lobby holds is shown the conversation's last message (docs: only moderators read chat messages)")
LOBBY_HIDES_NOTHING = fault(
    "lobby-hides-nothing", "a user the lobby holds is told canStartCall true (docs: only moderators start a call)")
COUNT_NOT_ZERO = fault(
    "count-not-zero", "count is the number of active users (docs from 9.0, API v1: always 0)", since="9.0")
TALK_HASH_MISSING = fault(
    "talk-hash-missing", "GET /room and GET /room/{token} send no X-Nextcloud-Talk-Hash header (docs from 10.0)",
    since="10.0")
TALK_HASH_UNSTABLE = fault(
    "talk-hash-unstable",
    "X-Nextcloud-Talk-Hash is a new random value on every answer (docs from 10.0: a sha1 over the configuration)",
    since="10.0")
LAST_ACTIVITY_IN_MILLISECONDS = fault(
    "last-activity-in-milliseconds", "lastActivity is in milliseconds (docs: seconds)")
# Fields the Talk 3.2 room does not have: Talk 4.0 added them (`x-required-since` in schemas/room.json).
SINCE_4_0 = ("lastMessage", "objectType", "objectId")
SYSTEM_MESSAGES_COUNTED_UNREAD = fault(
    "system-messages-counted-unread", "unreadMessages counts system messages too (docs: unread chat messages)")

FEATURE_FIELDS = {
    "read-only-rooms": ("readOnly",),
    "in-call-flags": ("participantFlags",),
    "start-call-flag": ("canStartCall",),
    "webinary-lobby": ("lobbyState", "lobbyTimer"),
    "chat-v2": ("unreadMessages",),
    "chat-read-marker": ("lastReadMessage",),
    "favorites": ("isFavorite",),
    "notification-levels": ("notificationLevel",),
    "mention-flag": ("unreadMention",),
    "last-room-activity": ("lastActivity",),
}
ACTIVE_SECONDS = 30  # `count`: pinged within the last 30 s
GUEST_ACTIVE_SECONDS = 100  # `numGuests`: pinged within the last 100 s
IN_CALL = 1


def with_talk_hash(ctx: Ctx, data) -> Result:
    """GET /room and /room/{token} from Talk 9.0 (documented from 10.0): "X-Nextcloud-Talk-Hash", a sha1
    over the configuration a client caches (`lib/Controller/RoomController.php` at v9.0.0)."""
    if not ctx.since("9.0") or ctx.faults.active(TALK_HASH_MISSING):
        return Result(200, data)
    config = "unstable " + secrets.token_hex(8) if ctx.faults.active(TALK_HASH_UNSTABLE) else \
        f"{ctx.nextcloud} {' '.join(ctx.feature_list)}"
    return Result(200, data, headers={"X-Nextcloud-Talk-Hash": sha1(config)})


def _without_missing_features(ctx: Ctx, data: dict) -> dict:
    for feature, fields in FEATURE_FIELDS.items():
        if feature not in ctx.features:
            for name in fields:
                data.pop(name, None)
    if not ctx.since("4.0"):
        for name in SINCE_4_0:
            data.pop(name, None)
        if isinstance(data.get("participants"), dict):  # Talk 3.2: `call` is whether one is in the call
            for entry in data["participants"].values():
                entry["call"] = bool(entry["call"] & IN_CALL)
    if ctx.faults.active(ROOM_SHAPE):
        data["lastPing"] = str(data["lastPing"])
    return data


def _user_name(ctx: Ctx, uid: str) -> str:
    name = messages.display_name(ctx, uid)
    return name if name is not None else uid


def names(ctx: Ctx, room: dict, participants: list[dict], me: dict) -> tuple[str, str]:
    """(name, displayName) as the caller sees them."""
    if room["type"] == ONE_TO_ONE:
        others = [p["user_id"] for p in participants if p["user_id"] and p["user_id"] != me["user_id"]]
        # The other user, or the one who left (their uid is the locked room's name).
        other = others[0] if others else room["name"]
        if not other:
            return room["name"], ""
        display = messages.display_name(ctx, other)
        return other, display if display is not None else f"Deleted user ({other})"
    if room["name"]:
        return room["name"], room["name"]
    members = sorted(_user_name(ctx, p["user_id"]) for p in participants if p["user_id"])
    return room["name"], ", ".join(members)


def reduced(ctx: Ctx, room: dict) -> dict:
    """What a non-participant of a public room sees: no real state (`lib/Controller/RoomController.php`
    at v7.0.0, formatRoomV1 for a non-participant).

    Real Talk 7 leaves lobbyState and lobbyTimer out here; the docs promise them with webinary-lobby,
    so the reference server sends them."""
    data = {
        "id": room["id"], "token": room["token"], "type": room["type"], "name": "", "displayName": "",
        "objectType": "", "objectId": "", "participantType": 4, "participantInCall": False,
        "participantFlags": 0, "readOnly": 0, "count": 0, "hasPassword": bool(room["password_hash"]),
        "hasCall": False, "canStartCall": False, "lastActivity": 0, "lastReadMessage": 0, "unreadMessages": 0,
        "unreadMention": False, "isFavorite": False, "notificationLevel": 3, "lastPing": 0, "sessionId": "0",
        "participants": [], "numGuests": 0, "guestList": "", "lastMessage": [],
        "lobbyState": room["lobby_state"], "lobbyTimer": room["lobby_timer"],
    }
    return _without_missing_features(ctx, data)


def full(ctx: Ctx, room: dict, me: dict) -> dict:
    participants = ctx.repo.participants.of_room(room["id"])
    name, display = names(ctx, room, participants, me)
    is_guest = me["participant_type"] in GUEST_TYPES
    level = me["notification_level"]
    if is_guest:
        level = 3
    elif level == 0:
        level = 1 if room["type"] == ONE_TO_ONE else 2
    viewer = ("guests", _guest_hash(me)) if is_guest else ("users", me["user_id"])
    last = ctx.repo.messages.last(room["id"])
    if is_guest:
        last_read, unread, mentioned = 0, 0, False
    else:
        last_read = me["last_read_message"]
        unread = ctx.repo.messages.unread_comments(room["id"], last_read)
        if ctx.faults.active(SYSTEM_MESSAGES_COUNTED_UNREAD):
            unread = len(ctx.repo.messages.newer(room["id"], last_read, 1 << 20))
        mentioned = ctx.repo.messages.mentioned_after(room["id"], me["user_id"], last_read)
    user_map = {p["user_id"]: {"name": _user_name(ctx, p["user_id"]), "type": p["participant_type"],
                               "call": p["in_call"], "sessionId": p["session_id"]}
                for p in participants if p["user_id"]}
    # The lobby holds plain users: they see no participants and cannot start a call
    # (`lib/Controller/RoomController.php` at v7.0.0, formatRoomV1).
    held = lobby_holds(ctx, room, me)
    if held:
        user_map = {}
    data = {
        "id": room["id"],
        "token": room["token"],
        "type": room["type"],
        "name": name,
        "displayName": display,
        "objectType": "file" if ctx.faults.active(OBJECT_TYPE_FILLED) else room["object_type"],
        "objectId": "42" if ctx.faults.active(OBJECT_TYPE_FILLED) else room["object_id"],
        "participantType": me["participant_type"],
        "participantInCall": bool(me["in_call"] & IN_CALL),
        "participantFlags": me["in_call"] or (IN_CALL if ctx.faults.active(PARTICIPANT_FLAGS_IN_CALL) else 0),
        "readOnly": room["read_only"],
        # docs/conversation.md of Talk 9.0: "Deprecated: ~~Number of active users~~ - always returns 0" (v1).
        "count": 0 if ctx.faults.active(COUNT_STUCK) or (ctx.since("9.0") and not ctx.faults.active(COUNT_NOT_ZERO))
        else sum(1 for p in participants if p["last_ping"] > ctx.now - ACTIVE_SECONDS),
        "numGuests": 0 if ctx.faults.active(COUNT_STUCK) else
        sum(1 for p in participants if p["participant_type"] in GUEST_TYPES
            and p["last_ping"] > ctx.now - GUEST_ACTIVE_SECONDS),
        "lastPing": me["last_ping"],
        "sessionId": me["session_id"],
        "hasPassword": bool(room["password_hash"]),
        # From the first participant joining the call until the last one leaves it.
        "hasCall": any(p["in_call"] for p in participants) and not ctx.faults.active(HAS_CALL_MISSING),
        # start_calls is 0 (everyone) on a default install.
        "canStartCall": not held or ctx.faults.active(LOBBY_HIDES_NOTHING),
        "lastActivity": room["last_activity"] * (1000 if ctx.faults.active(LAST_ACTIVITY_IN_MILLISECONDS) else 1),
        "isFavorite": bool(me["favorite"]),
        "notificationLevel": level,
        "lobbyState": room["lobby_state"],
        "lobbyTimer": room["lobby_timer"],
        "unreadMessages": unread,
        "unreadMention": mentioned,
        "lastReadMessage": last_read,
        # "No participants and chat messages for users in the lobby" (Talk's RoomFormatter): no last message.
        "lastMessage": messages.render(ctx, last, viewer)
        if last and (not held or ctx.faults.active(LOBBY_SHOWS_LAST_MESSAGE)) else [],
        "participants": user_map or [],  # PHP's empty array
        "guestList": "",
    }
    return _without_missing_features(ctx, data)


def room(ctx: Ctx, room_row: dict, me: dict) -> dict:
    """The v1 room of an API version's views (``apis.ApiVersion.view``)."""
    return full(ctx, room_row, me)


def lobby_holds(ctx: Ctx, room: dict, me: dict) -> bool:
    from talk_refserver import lobby  # lobby registers a route whose guards import this module's callers

    return me.get("id", 0) != 0 and lobby.holds(ctx, room, me)


def _guest_hash(me: dict) -> str:
    return sha1(me["session_id"]) if me["session_id"] != "0" else ""


def outsider(ctx: Ctx) -> dict:
    """A participant row for someone who is not in the room (only the leak faults show rooms to them)."""
    return {"id": 0, "user_id": ctx.caller.user_id or "", "guest_cookie": "", "participant_type": USER,
            "session_id": "0", "in_call": 0, "last_ping": 0, "notification_level": 0, "favorite": 0,
            "last_read_message": 0}


def message(ctx: Ctx, rendered: dict) -> dict:
    """The v1 message is the one ``chat.render`` builds (API v4 adds fields: ``v4.views.message``)."""
    return rendered
