"""Conversation endpoints (docs/conversation.md; `lib/Controller/RoomController.php` at v7.0.0, and
where the docs of Talk 8.0 to 11.x changed a rule, that release's rule: ``ctx.since``).

The guards on each route run first, in the real server's order (not a participant 404, then not a
moderator 403); the handlers make the controller's own checks.
"""

from __future__ import annotations

from talk_refserver import crypto, messages, roomview
from talk_refserver import membership as m
from talk_refserver.faults import fault
from talk_refserver.guards import LOGGED_IN, LoggedIn, LoggedInModerator, Moderator, Room
from talk_refserver.ocs import OcsError, Result
from talk_refserver.routing import Ctx, op

MAX_NAME_CHARACTERS = 200

ANONYMOUS_CREATE = fault("anonymous-create", "POST /room without login answers 201 with a conversation (docs: 401)")
ANONYMOUS_ROOM_LIST = fault("anonymous-room-list", "GET /room without login answers 200 [] (docs: 401)")
EMPTY_GROUP_ROOM_REFUSED = fault(
    "empty-group-room-refused", "roomType 2 without invite is refused, 400, though empty-group-room is advertised")
CREATE_WRONG_TYPE = fault(
    "create-wrong-type", "POST /room with roomType 3 creates a group conversation, type 2 (docs: a public one)")
CREATE_INVALID_TYPE = fault("create-invalid-type", "a roomType outside 1-3 creates a conversation with 201 (docs: 400)")
CREATE_UNKNOWN_INVITEE = fault(
    "create-unknown-invitee", "inviting an unknown user or group creates a conversation with 201 (docs: 404)")
ONE_TO_ONE_DUPLICATED = fault(
    "one-to-one-duplicated",
    "asking for an existing one-to-one pair creates a new conversation, 201 (docs: 200 with the existing one)")
# v4: openapi.json of Talk 21.1 lists 403 (error `invite`) for creating; the v1 docs give no 403 at all.
ONE_TO_ONE_WITH_YOURSELF = fault(
    "v4-one-to-one-with-yourself", "a one-to-one conversation with yourself is created, 201 (the code: 403; no doc says)",
    api="v4")
ONE_TO_ONE_INVITEE_MISSING = fault(
    "one-to-one-invitee-missing", "a new one-to-one conversation holds only its creator, not the invited user")
GROUP_INVITE_ADDS_NOBODY = fault(
    "group-invite-adds-nobody", "a group conversation created for a group gets none of the group's members")
ROOM_LIST_LEAKS = fault("room-list-leaks", "GET /room also lists conversations the caller is not in")
ROOM_LIST_MISSING = fault(
    "room-list-missing", "GET /room lists only the conversations the caller owns, not those they were added to")
UNKNOWN_ROOM_200 = fault(
    "unknown-room-200",
    "an unknown token answers 200 with an empty object on GET/PUT/DELETE /room/{token} and its settings (docs: 404)")
GUEST_CANNOT_GET_ROOM = fault(
    "guest-cannot-get-room", "GET /room/{token} by a guest who joined the public conversation answers 404 (docs: 200)")
STRANGER_SEES_ROOM = fault(
    "stranger-sees-room",
    "GET /room/{token} of a non-public room by a non-participant answers 200 with the full room (docs: 404)")
RENAME_BY_NON_MODERATOR = fault("rename-by-non-moderator", "plain participants may rename (docs: 403)")
RENAME_ONE_TO_ONE_ALLOWED = fault(
    "rename-one-to-one-allowed", "renaming a one-to-one conversation answers 200 and renames it (docs: 405)")
RENAME_ONE_TO_ONE_400 = fault(
    "rename-one-to-one-400",
    "renaming a one-to-one conversation answers 400, as real Talk 4 to 7 servers do (docs: 405)")
RENAME_LENGTH_IN_BYTES = fault(
    "rename-length-in-bytes",
    "the 1-200 name limit counts UTF-8 bytes: 200 \"ä\" are refused, 400 (docs: characters)")
RENAME_LENGTH_UNCHECKED = fault("rename-length-unchecked", "empty or over-long names are accepted with 200 (docs: 400)")
RENAME_NOT_SAVED = fault("rename-not-saved", "a rename answers 200 but the name is not stored")
DELETE_BY_NON_MODERATOR = fault("delete-by-non-moderator", "plain participants may delete the conversation (docs: 403)")
DELETE_NOT_SAVED = fault("delete-not-saved", "DELETE /room/{token} answers 200 but the conversation stays")
PUBLIC_BY_NON_MODERATOR = fault("public-by-non-moderator", "plain participants may make a conversation public (docs: 403)")
PUBLIC_NOT_SAVED = fault(
    "public-not-saved", "POST /room/{token}/public answers 200 but the conversation stays a group conversation")
PRIVATE_BY_NON_MODERATOR = fault(
    "private-by-non-moderator", "plain participants may make a conversation private (docs: 403)")
PRIVATE_NOT_SAVED = fault("private-not-saved", "DELETE /room/{token}/public answers 200 but the conversation stays public")
PASSWORD_BY_NON_MODERATOR = fault("password-by-non-moderator", "plain participants may set the password (docs: 403)")
PASSWORD_ON_NON_PUBLIC = fault(
    "password-on-non-public", "a password can be set on a group conversation, 200 (docs: 403)")
PASSWORD_NOT_SAVED = fault("password-not-saved", "setting a password answers 200 but no password is stored")
PASSWORD_NOT_REMOVED = fault(
    "password-not-removed", "removing the password (\"\") answers 200 but the old password stays")
GUESTS_TOGGLE_WRITES_NO_SYSTEM_MESSAGE = fault(
    "guests-toggle-writes-no-system-message", "making a conversation public or private writes no guests_allowed or "
    "guests_disallowed system message (docs/chat.md: System messages)")
READ_ONLY_WRITES_NO_SYSTEM_MESSAGE = fault(
    "read-only-writes-no-system-message", "locking or unlocking a conversation writes no read_only or read_only_off "
    "system message (docs/chat.md: System messages)")
PASSWORD_WRITES_NO_SYSTEM_MESSAGE = fault(
    "password-writes-no-system-message", "setting or removing the password writes no password_set or "
    "password_removed system message (docs/chat.md: System messages)")


READ_ONLY_BY_NON_MODERATOR = fault("read-only-by-non-moderator", "plain participants may set read-only (docs: 403)")
READ_ONLY_NOT_SAVED = fault("read-only-not-saved", "making a conversation read-only answers 200 but readOnly stays 0")
READ_ONLY_STUCK = fault(
    "read-only-stuck", "making a read-only conversation read-write answers 200 but it stays read-only")
READ_ONLY_ON_ONE_TO_ONE = fault(
    "read-only-on-one-to-one", "a one-to-one conversation can be made read-only, 200 (docs: 400, only group and public)")
# Rules of the docs of Talk 8.0 and later (docs/conversation.md at v8.0.0, v9.0.0, v10.0.0).
RENAME_ONE_TO_ONE_405 = fault(
    "rename-one-to-one-405",
    "renaming a one-to-one conversation answers 405, as the Talk 7.0 docs gave it (docs from 8.0: 400)", since="8.0")
DELETE_ONE_TO_ONE_ALLOWED = fault(
    "delete-one-to-one-allowed", "a one-to-one conversation can be deleted, 200 (docs from 8.0: 400)", since="8.0")
PUBLIC_ON_ONE_TO_ONE = fault(
    "public-on-one-to-one",
    "making a one-to-one conversation public or private answers 200 (docs from 8.0: 400, not a group/public"
    " conversation)", since="8.0")
CREATED_WITHOUT_ROOM = fault(
    "created-without-room",
    "POST /room answers only token, name and displayName (docs from 8.0: the conversation as GET /room gives it)",
    since="8.0")
CREATE_PUBLIC_WITHOUT_NAME = fault(
    "create-public-without-name", "a public conversation with an empty name is created, 201 (docs from 8.0: 400)",
    since="8.0")
CREATE_SOURCE_GROUPS_REFUSED = fault(
    "create-source-groups-refused",
    "POST /room with roomType 2, a group as invite and source \"groups\" answers 400 (docs from 9.0: a group"
    " conversation of the group's members)", since="9.0")


def php_trim(text: str) -> str:
    # PHP's trim() strips only these, not every Unicode space.
    return text.strip(" \t\n\r\0\x0b")


def _created(ctx: Ctx, room: dict, code: int = 201) -> Result:
    me = m.my_participant(ctx, room) or roomview.outsider(ctx)
    if ctx.since("8.0") and not ctx.faults.active(CREATED_WITHOUT_ROOM):
        # "Data: See array definition in `Get user´s conversations`" (docs/conversation.md of Talk 8.0).
        return Result(code, roomview.full(ctx, room, me))
    name, display = roomview.names(ctx, room, ctx.repo.participants.of_room(room["id"]), me)
    if room["type"] == m.ONE_TO_ONE:
        name = room["name"]  # "" at creation: the listing's uid overwrite is not applied here
    return Result(code, {"token": room["token"], "name": name, "displayName": display})


# --- create and list -------------------------------------------------------------------------

@op("createRoom", guard=LoggedIn(unless=ANONYMOUS_CREATE))
def create_room(ctx: Ctx):
    if not ctx.caller.is_user:  # only with the anonymous-create fault: an ownerless room
        room_type = ctx.params.int("roomType", 2)
        name = php_trim(ctx.params.str("roomName", "")) or "anonymous"
        return _created(ctx, m.create_room(ctx, room_type if room_type in (m.GROUP, m.PUBLIC) else m.GROUP, name))
    room_type = ctx.params.int("roomType")
    invite = ctx.params.str("invite", "")
    room_name = ctx.params.str("roomName", "")
    if room_type == m.ONE_TO_ONE:
        return _create_one_to_one(ctx, invite)
    if room_type == m.GROUP:
        source = ctx.params.str("source", "")
        if source == "circles" or (source == "groups" and ctx.faults.active(CREATE_SOURCE_GROUPS_REFUSED)):
            raise OcsError(400)  # no Circles app here, as on a server without it
        if invite == "":
            if "empty-group-room" not in ctx.features or ctx.faults.active(EMPTY_GROUP_ROOM_REFUSED):
                raise OcsError(400)
            return _create_named(ctx, m.GROUP, room_name)
        return _create_for_group(ctx, invite)
    if room_type == m.PUBLIC:
        if php_trim(room_name) == "" and ctx.faults.active(CREATE_PUBLIC_WITHOUT_NAME):
            return _create_named(ctx, m.PUBLIC, "public")
        return _create_named(ctx, m.GROUP if ctx.faults.active(CREATE_WRONG_TYPE) else m.PUBLIC, room_name)
    if ctx.faults.active(CREATE_INVALID_TYPE):
        return _create_named(ctx, m.GROUP, room_name or "invalid")
    raise OcsError(400)


def _create_named(ctx: Ctx, room_type: int, room_name: str) -> Result:
    name = php_trim(room_name)
    # The docs give names 1-200 characters (rename); creation keeps to the same rule.
    if name == "" or len(name) > MAX_NAME_CHARACTERS:
        raise OcsError(400)
    room = m.create_room(ctx, room_type, name)
    m.add_user(ctx, room, ctx.caller.user_id, m.OWNER)
    return _created(ctx, room)


def _create_one_to_one(ctx: Ctx, invite: str) -> Result:
    me = ctx.caller.user_id
    if invite == me and not ctx.faults.active(ONE_TO_ONE_WITH_YOURSELF):
        raise OcsError(403)  # RoomController::createOneToOneRoom (no doc says)
    if invite == me:
        room = m.create_room(ctx, m.ONE_TO_ONE, "")
        m.add_user(ctx, room, me, m.OWNER)
        return _created(ctx, room)
    if not ctx.repo.users.exists(invite):
        if ctx.faults.active(CREATE_UNKNOWN_INVITEE):
            room = m.create_room(ctx, m.ONE_TO_ONE, "")
            m.add_user(ctx, room, me, m.OWNER)
            return _created(ctx, room)
        raise OcsError(404)
    if not ctx.faults.active(ONE_TO_ONE_DUPLICATED):
        existing = one_to_one_of(ctx, me, invite)
        if existing is not None:
            _refill(ctx, existing, me, invite)
            return _created(ctx, m.reload(ctx, existing), 200)
    room = m.create_room(ctx, m.ONE_TO_ONE, "")
    m.add_user(ctx, room, me, m.OWNER)
    if ctx.faults.active(ONE_TO_ONE_INVITEE_MISSING):
        # Locked to the creator as if the invitee had left at once, so asking again still finds it.
        ctx.repo.rooms.set_name(room["id"], invite)
    else:
        m.add_user(ctx, room, invite, m.OWNER)
    return _created(ctx, room)


def one_to_one_of(ctx: Ctx, a: str, b: str) -> dict | None:
    """The pair's one-to-one, also when one of them left it (then its name is the leaver's uid)."""
    for room in ctx.repo.rooms.one_to_one_candidates(a, b):
        members = {p["user_id"] for p in ctx.repo.participants.of_room(room["id"]) if p["user_id"]}
        if members | ({room["name"]} if room["name"] else set()) == {a, b}:
            return room
    return None


def _refill(ctx: Ctx, room: dict, *uids: str) -> None:
    # ensureOneToOneRoomIsFilled: whoever left is back as an owner and the lock is lifted.
    for uid in uids:
        if ctx.repo.participants.user(room["id"], uid) is None:
            m.add_user(ctx, room, uid, m.OWNER)
    ctx.repo.rooms.set_name(room["id"], "")


def _create_for_group(ctx: Ctx, gid: str) -> Result:
    if not ctx.repo.groups.exists(gid):
        if ctx.faults.active(CREATE_UNKNOWN_INVITEE):
            room = m.create_room(ctx, m.GROUP, gid)
            m.add_user(ctx, room, ctx.caller.user_id, m.OWNER)
            return _created(ctx, room)
        raise OcsError(404)
    members = ctx.repo.groups.members(gid)
    room = m.create_room(ctx, m.GROUP, gid)
    m.add_user(ctx, room, ctx.caller.user_id, m.OWNER)
    for uid in members:
        if uid != ctx.caller.user_id and not ctx.faults.active(GROUP_INVITE_ADDS_NOBODY):
            m.add_user(ctx, room, uid, m.USER)
    return _created(ctx, room)


@op("listRooms", guard=LoggedIn(unless=ANONYMOUS_ROOM_LIST))
def list_rooms(ctx: Ctx):
    if not ctx.caller.is_user:  # only with the anonymous-room-list fault
        return []
    if ctx.faults.active(ROOM_LIST_LEAKS):
        rooms = ctx.repo.rooms.all()
    else:
        rooms = ctx.repo.rooms.of_user(ctx.caller.user_id,
                                       only_type=m.OWNER if ctx.faults.active(ROOM_LIST_MISSING) else None)
    if "webinary-lobby" in ctx.features:  # a passed lobby timer opens the lobby when the room is read
        from talk_refserver import lobby  # (lobby's route borrows this module's unknown-room fault)

        rooms = [lobby.current(ctx, room) for room in rooms]
    return roomview.with_talk_hash(ctx, [roomview.full(ctx, room, m.my_participant(ctx, room) or roomview.outsider(ctx))
                                 for room in rooms])


# --- one conversation ------------------------------------------------------------------------

@op("getRoom", guard=Room(missing_answers_200=UNKNOWN_ROOM_200))
def get_room(ctx: Ctx):
    room, me = ctx.room, ctx.me
    if me is not None and not ctx.caller.is_user and ctx.faults.active(GUEST_CANNOT_GET_ROOM):
        raise OcsError(404)
    if me is not None:
        return roomview.with_talk_hash(ctx, roomview.full(ctx, room, me))
    if room["type"] == m.PUBLIC:
        return roomview.with_talk_hash(ctx, roomview.reduced(ctx, room))
    if ctx.faults.active(STRANGER_SEES_ROOM):
        return roomview.full(ctx, room, roomview.outsider(ctx))
    raise OcsError(404)


@op("renameRoom", guard=Moderator(unless=RENAME_BY_NON_MODERATOR, missing_answers_200=UNKNOWN_ROOM_200))
def rename_room(ctx: Ctx):
    room = ctx.room
    if room["type"] == m.ONE_TO_ONE and not ctx.faults.active(RENAME_ONE_TO_ONE_ALLOWED):
        if ctx.since("8.0"):  # "400 Bad Request When the conversation is a one to one conversation"
            raise OcsError(405 if ctx.faults.active(RENAME_ONE_TO_ONE_405) else 400)
        raise OcsError(400 if ctx.faults.active(RENAME_ONE_TO_ONE_400) else 405)
    name = php_trim(ctx.params.str("roomName"))
    length = len(name.encode()) if ctx.faults.active(RENAME_LENGTH_IN_BYTES) else len(name)
    if (name == "" or length > MAX_NAME_CHARACTERS) and not ctx.faults.active(RENAME_LENGTH_UNCHECKED):
        raise OcsError(400)
    if name != room["name"] and not ctx.faults.active(RENAME_NOT_SAVED):
        ctx.repo.rooms.set_name(room["id"], name)
        if room["name"] != "" and name != "":
            messages.post_system(ctx, room, "conversation_renamed", oldName=room["name"], newName=name)
    return None


@op("deleteRoom", guard=Moderator(unless=DELETE_BY_NON_MODERATOR, missing_answers_200=UNKNOWN_ROOM_200))
def delete_room(ctx: Ctx):
    if ctx.room["type"] == m.ONE_TO_ONE and not ctx.faults.active(DELETE_ONE_TO_ONE_ALLOWED):
        raise OcsError(400)  # a one-to-one is left (DELETE …/participants/self), not deleted
    if not ctx.faults.active(DELETE_NOT_SAVED):
        ctx.repo.rooms.delete(ctx.room["id"])
    return None


# Guests are not moderators: 403 as the docs give it (real servers answer 401: the endpoints are for
# logged-in users only).
@op("makePublic", guard=LoggedInModerator(unless=PUBLIC_BY_NON_MODERATOR))
def make_public(ctx: Ctx):
    room = ctx.room
    if room["type"] == m.ONE_TO_ONE:
        if ctx.faults.active(PUBLIC_ON_ONE_TO_ONE):
            return None
        raise OcsError(400)
    if room["type"] != m.PUBLIC and not ctx.faults.active(PUBLIC_NOT_SAVED):
        ctx.repo.rooms.set_type(room["id"], m.PUBLIC)
        post_guests_message(ctx, room, "guests_allowed")
    return None


@op("makePrivate", guard=LoggedInModerator(unless=PRIVATE_BY_NON_MODERATOR))
def make_private(ctx: Ctx):
    room = ctx.room
    if room["type"] == m.ONE_TO_ONE:
        if ctx.faults.active(PUBLIC_ON_ONE_TO_ONE):
            return None
        raise OcsError(400)
    if room["type"] == m.PUBLIC and not ctx.faults.active(PRIVATE_NOT_SAVED):
        ctx.repo.rooms.set_type(room["id"], m.GROUP)
        # Guests and users who only followed the link were never invited: they go.
        ctx.repo.participants.remove_types(room["id"], (m.GUEST, m.GUEST_MODERATOR, m.SELF_JOINED))
        post_guests_message(ctx, room, "guests_disallowed")
    return None


@op("setPassword", guard=Moderator(unless=PASSWORD_BY_NON_MODERATOR))
def set_password(ctx: Ctx):
    room = ctx.room
    if room["type"] != m.PUBLIC and not ctx.faults.active(PASSWORD_ON_NON_PUBLIC):
        raise OcsError(403)
    password = ctx.params.str("password")
    if password != "" and ctx.faults.active(PASSWORD_NOT_SAVED):
        return None
    if password == "" and ctx.faults.active(PASSWORD_NOT_REMOVED):
        return None
    ctx.repo.rooms.set_password_hash(room["id"], crypto.hash_password(password) if password != "" else "")
    post_password_message(ctx, room, password)
    return None


def post_guests_message(ctx: Ctx, room, key: str) -> None:
    if not ctx.faults.active(GUESTS_TOGGLE_WRITES_NO_SYSTEM_MESSAGE):
        messages.post_system(ctx, room, key)


def post_read_only_message(ctx: Ctx, room, state: int) -> None:
    if not ctx.faults.active(READ_ONLY_WRITES_NO_SYSTEM_MESSAGE):
        messages.post_system(ctx, room, "read_only" if state else "read_only_off")


def post_password_message(ctx: Ctx, room, password: str) -> None:
    if not ctx.faults.active(PASSWORD_WRITES_NO_SYSTEM_MESSAGE):
        messages.post_system(ctx, room, "password_set" if password != "" else "password_removed")


@op("setReadOnly", guard=(LOGGED_IN, Moderator(unless=READ_ONLY_BY_NON_MODERATOR, missing_answers_200=UNKNOWN_ROOM_200)),
    feature="read-only-rooms")
def set_read_only(ctx: Ctx):
    room = ctx.room
    state = ctx.params.int("state")
    if state not in (0, 1):
        raise OcsError(400)
    if state == room["read_only"]:
        return None
    if room["type"] not in (m.GROUP, m.PUBLIC, m.CHANGELOG) and not ctx.faults.active(READ_ONLY_ON_ONE_TO_ONE):
        raise OcsError(400)
    if ctx.faults.active(READ_ONLY_NOT_SAVED if state == 1 else READ_ONLY_STUCK):
        return None
    ctx.repo.rooms.set_read_only(room["id"], state)
    post_read_only_message(ctx, room, state)
    return None
