"""The objects of API v4 (docs/conversation.md, docs/participant.md, docs/chat.md of Talk 21.1): a room,
an attendee, a message. Built from the same rows as the v1 views; fields of a capability the server
does not advertise are left out, as its release would not know them.
"""

from __future__ import annotations

from talk_refserver import membership as m
from talk_refserver import messages, roomview
from talk_refserver.crypto import sha1
from talk_refserver.faults import fault
from talk_refserver.routing import Ctx

NOTE_TO_SELF, FORMER_ONE_TO_ONE = 6, 5
# docs/constants.md of Talk 21.1, "Attendee permissions".
DEFAULT, CUSTOM, START_CALL, JOIN_CALL, IGNORE_LOBBY, AUDIO, VIDEO, SCREEN, CHAT = 0, 1, 2, 4, 8, 16, 32, 64, 128
EVERYTHING = START_CALL | JOIN_CALL | IGNORE_LOBBY | AUDIO | VIDEO | SCREEN | CHAT  # a moderator's: 254
PARTICIPANT_DEFAULT = EVERYTHING & ~IGNORE_LOBBY  # 246

V4_PERMISSIONS_RESTRICT_MODERATORS = fault(
    "v4-permissions-restrict-moderators", "the default permissions restrict moderators too (docs: moderators have all)",
    api="v4")
V4_ROOM_IN_V1_SHAPE = fault(
    "v4-room-in-v1-shape", "the v4 room object lacks attendeeId, actorType and actorId (docs: every conversation has them)",
    api="v4")

FEATURE_FIELDS = {
    "room-description": ("description",), "listable-rooms": ("listable",),
    "archived-conversations-v2": ("isArchived",), "important-conversations": ("isImportant",),
    "sensitive-conversations": ("isSensitive",), "mention-permissions": ("mentionPermissions",),
    "chat-read-status": ("lastCommonReadMessage",), "direct-mention-flag": ("unreadMentionDirect",),
    "notification-calls": ("notificationCalls",), "conversation-call-flags": ("callFlag",),
    "message-expiration": ("messageExpiration",), "breakout-rooms-v1": ("breakoutRoomMode", "breakoutRoomStatus"),
    "avatar": ("avatarVersion", "isCustomAvatar"), "recording-v1": ("callStartTime", "callRecording"),
    "recording-consent": ("recordingConsent",),
}


def actor(row: dict) -> tuple[str, str]:
    """(actorType, actorId) of an attendee: a user by uid, a guest by the sha1 of its first session id."""
    if row["user_id"]:
        return "users", row["user_id"]
    return "guests", sha1(row.get("first_session") or row["session_id"])


def permissions(ctx: Ctx, room: dict, row: dict) -> int:
    """The attendee's effective permissions: its own, else the conversation's default, else by role."""
    if row.get("participant_type") in m.MODERATOR_TYPES and not ctx.faults.active(V4_PERMISSIONS_RESTRICT_MODERATORS):
        return EVERYTHING
    return row.get("permissions") or room.get("default_permissions") or PARTICIPANT_DEFAULT


def room(ctx: Ctx, room_row: dict, me: dict) -> dict:
    """The conversation as the caller (attendee row ``me``, or an outsider's) sees it."""
    v1 = roomview.full(ctx, room_row, me) if me.get("id") else roomview.reduced(ctx, room_row)
    for name in ("participantInCall", "count", "numGuests", "participants", "guestList"):
        v1.pop(name, None)  # "Removed with API v2"
    actor_type, actor_id = actor(me) if me.get("id") else ("users", ctx.caller.user_id or "")
    moderator = me.get("participant_type") in m.MODERATOR_TYPES
    data = {
        **v1,
        "description": room_row.get("description", ""),
        "attendeeId": me.get("id", 0),
        "actorType": actor_type,
        "actorId": actor_id,
        "permissions": permissions(ctx, room_row, me),
        "attendeePermissions": me.get("permissions", 0),
        "callPermissions": 0,
        "defaultPermissions": room_row.get("default_permissions", 0),
        "canDeleteConversation": moderator and room_row["type"] != m.ONE_TO_ONE,
        "canLeaveConversation": room_row["type"] != NOTE_TO_SELF,
        "sipEnabled": 0,
        "canEnableSIP": 0,
        "listable": room_row.get("listable", 0),
        "isArchived": bool(me.get("archived", 0)),
        "isImportant": bool(me.get("important", 0)),
        "isSensitive": bool(me.get("sensitive", 0)),
        "mentionPermissions": room_row.get("mention_permissions", 0),
        "lastCommonReadMessage": 0,
        "unreadMentionDirect": False,
        "notificationCalls": me.get("notification_calls", 1),
        "callFlag": 0,
        "messageExpiration": room_row.get("message_expiration", 0),
        # docs/conversation.md of Talk 21.1 types the breakout fields as strings (real servers: int).
        "breakoutRoomMode": "0",
        "breakoutRoomStatus": "0",
        "avatarVersion": sha1(f"{room_row['token']} {room_row['name']}")[:8],
        "isCustomAvatar": False,
        "callStartTime": 0,
        "callRecording": 0,
        "recordingConsent": room_row.get("recording_consent", 0),
    }
    if isinstance(data.get("lastMessage"), dict):
        data["lastMessage"] = {**message(ctx, data["lastMessage"]), "token": room_row["token"]}
    for feature, fields in FEATURE_FIELDS.items():
        if feature not in ctx.features:
            for name in fields:
                data.pop(name, None)
    if ctx.faults.active(V4_ROOM_IN_V1_SHAPE):
        for name in ("attendeeId", "actorType", "actorId"):
            data.pop(name)
    return data


def participant(ctx: Ctx, room_row: dict, row: dict) -> dict:
    actor_type, actor_id = actor(row)
    if actor_type == "users":
        name = messages.display_name(ctx, actor_id) or actor_id
    else:
        name = messages.guest_name(ctx, actor_id)
    return {
        "roomToken": room_row["token"],
        "attendeeId": row["id"],
        "actorType": actor_type,
        "actorId": actor_id,
        "displayName": name,
        "participantType": row["participant_type"],
        "lastPing": row["last_ping"],
        "inCall": row["in_call"],
        "permissions": permissions(ctx, room_row, row),
        "attendeePermissions": row.get("permissions", 0),
        "sessionIds": [row["session_id"]] if row["session_id"] not in ("", "0") else [],
    }


def message(ctx: Ctx, rendered: dict) -> dict:
    """A v1-rendered message with what API v4's chat adds (docs/chat.md of Talk 21.1)."""
    data = dict(rendered)
    data.setdefault("messageType", "comment")
    data.setdefault("systemMessage", "")
    data.setdefault("isReplyable", data["messageType"] == "comment")
    data.setdefault("referenceId", "")
    data.setdefault("expirationTimestamp", 0)
    data.setdefault("reactions", [])
    data.setdefault("markdown", data["messageType"] == "comment")
    if "reactions" in ctx.features:
        counts: dict[str, int] = {}
        mine = []
        viewer = messages.current_actor(ctx, ctx.room) if ctx.room is not None else None
        for r in ctx.repo.reactions.of_message(data["id"]):
            counts[r["reaction"]] = counts.get(r["reaction"], 0) + 1
            if (r["actor_type"], r["actor_id"]) == viewer:
                mine.append(r["reaction"])
        data["reactions"] = counts or []
        if mine:
            data["reactionsSelf"] = mine
    return data
