"""Conversation endpoints (docs/conversation.md, API-INVENTORY §2.1).

Guards run first, in the real server's order (not a participant 404, then not a moderator 403),
then the controller's own checks and parameters.
"""

from __future__ import annotations

from talk_conformance.refserver import membership as m
from talk_conformance.refserver import messages, roomview, store
from talk_conformance.refserver.ocs import OcsError, Result
from talk_conformance.refserver.routing import SPREED, Ctx, route

MAX_NAME_CHARACTERS = 200


def php_trim(text: str) -> str:
    # PHP's trim() strips only these, not every Unicode space.
    return text.strip(" \t\n\r\0\x0b")


def _user_exists(ctx: Ctx, uid: str) -> bool:
    return ctx.db.execute("SELECT 1 FROM users WHERE uid = ?", (uid,)).fetchone() is not None


def _group_members(ctx: Ctx, gid: str) -> list[str] | None:
    if ctx.db.execute("SELECT 1 FROM groups WHERE gid = ?", (gid,)).fetchone() is None:
        return None
    return [r["uid"] for r in ctx.db.execute("SELECT uid FROM group_members WHERE gid = ? ORDER BY uid", (gid,))]


def _created(ctx: Ctx, room: dict, code: int = 201) -> Result:
    me = m.my_participant(ctx, room) or roomview.outsider(ctx)
    name, display = roomview.names(ctx, room, m.participants(ctx, room), me)
    if room["type"] == m.ONE_TO_ONE:
        name = room["name"]  # "" at creation: the listing's uid overwrite is not applied here
    return Result(code, {"token": room["token"], "name": name, "displayName": display})


# --- create and list -------------------------------------------------------------------------

@route("POST", SPREED + "/room", auth="user", anonymous_fault="anonymous-create")
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
        if invite == "":
            if "empty-group-room" not in ctx.features or ctx.faults.active("empty-group-room-refused"):
                raise OcsError(400)
            return _create_named(ctx, m.GROUP, room_name)
        return _create_for_group(ctx, invite)
    if room_type == m.PUBLIC:
        return _create_named(ctx, m.GROUP if ctx.faults.active("create-wrong-type") else m.PUBLIC, room_name)
    if ctx.faults.active("create-invalid-type"):
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
    if invite == me:
        raise OcsError(403)
    if not _user_exists(ctx, invite):
        if ctx.faults.active("create-unknown-invitee"):
            room = m.create_room(ctx, m.ONE_TO_ONE, "")
            m.add_user(ctx, room, me, m.OWNER)
            return _created(ctx, room)
        raise OcsError(404)
    if not ctx.faults.active("one-to-one-duplicated"):
        existing = _one_to_one_of(ctx, me, invite)
        if existing is not None:
            _refill(ctx, existing, me, invite)
            return _created(ctx, m.reload(ctx, existing), 200)
    room = m.create_room(ctx, m.ONE_TO_ONE, "")
    m.add_user(ctx, room, me, m.OWNER)
    if ctx.faults.active("one-to-one-invitee-missing"):
        # Locked to the creator as if the invitee had left at once, so asking again still finds it.
        ctx.db.execute("UPDATE rooms SET name = ? WHERE id = ?", (invite, room["id"]))
    else:
        m.add_user(ctx, room, invite, m.OWNER)
    return _created(ctx, room)


def _one_to_one_of(ctx: Ctx, a: str, b: str) -> dict | None:
    """The pair's one-to-one, also when one of them left it (then its name is the leaver's uid)."""
    candidates = ctx.db.execute(
        "SELECT DISTINCT rooms.* FROM rooms LEFT JOIN participants ON participants.room_id = rooms.id "
        "WHERE rooms.type = 1 AND (participants.user_id IN (?, ?) OR rooms.name IN (?, ?)) ORDER BY rooms.id",
        (a, b, a, b))
    for row in candidates:
        room = dict(row)
        members = {p["user_id"] for p in m.participants(ctx, room) if p["user_id"]}
        if members | ({room["name"]} if room["name"] else set()) == {a, b}:
            return room
    return None


def _refill(ctx: Ctx, room: dict, *uids: str) -> None:
    # ensureOneToOneRoomIsFilled: whoever left is back as an owner and the lock is lifted.
    for uid in uids:
        if m.user_participant(ctx, room, uid) is None:
            m.add_user(ctx, room, uid, m.OWNER)
    ctx.db.execute("UPDATE rooms SET name = '' WHERE id = ?", (room["id"],))


def _create_for_group(ctx: Ctx, gid: str) -> Result:
    members = _group_members(ctx, gid)
    if members is None:
        if ctx.faults.active("create-unknown-invitee"):
            room = m.create_room(ctx, m.GROUP, gid)
            m.add_user(ctx, room, ctx.caller.user_id, m.OWNER)
            return _created(ctx, room)
        raise OcsError(404)
    room = m.create_room(ctx, m.GROUP, gid)
    m.add_user(ctx, room, ctx.caller.user_id, m.OWNER)
    for uid in members:
        if uid != ctx.caller.user_id and not ctx.faults.active("group-invite-adds-nobody"):
            m.add_user(ctx, room, uid, m.USER)
    return _created(ctx, room)


@route("GET", SPREED + "/room", auth="user", anonymous_fault="anonymous-room-list")
def list_rooms(ctx: Ctx):
    if not ctx.caller.is_user:  # only with the anonymous-room-list fault
        return []
    if ctx.faults.active("room-list-leaks"):
        rows = ctx.db.execute("SELECT * FROM rooms ORDER BY id")
    else:
        only_owned = " AND participants.participant_type = 1" if ctx.faults.active("room-list-missing") else ""
        rows = ctx.db.execute("SELECT rooms.* FROM rooms JOIN participants ON participants.room_id = rooms.id "
                              "WHERE participants.user_id = ?" + only_owned + " ORDER BY rooms.id",
                              (ctx.caller.user_id,))
    rooms = [dict(r) for r in rows]
    return [roomview.full(ctx, room, m.my_participant(ctx, room) or roomview.outsider(ctx)) for room in rooms]


# --- one conversation ------------------------------------------------------------------------

def _unknown_room(ctx: Ctx) -> Result | None:
    if m.find_room(ctx, ctx.path["token"]) is None and ctx.faults.active("unknown-room-200"):
        return Result(200, {})
    return None


@route("GET", SPREED + "/room/{token}", auth="public")
def get_room(ctx: Ctx):
    if (answer := _unknown_room(ctx)) is not None:
        return answer
    room = m.require_room(ctx)
    me = m.my_participant(ctx, room)
    if me is not None and not ctx.caller.is_user and ctx.faults.active("guest-cannot-get-room"):
        raise OcsError(404)
    if me is not None:
        return roomview.full(ctx, room, me)
    if room["type"] == m.PUBLIC:
        return roomview.reduced(ctx, room)
    if ctx.faults.active("stranger-sees-room"):
        return roomview.full(ctx, room, roomview.outsider(ctx))
    raise OcsError(404)


@route("PUT", SPREED + "/room/{token}", auth="public")
def rename_room(ctx: Ctx):
    if (answer := _unknown_room(ctx)) is not None:
        return answer
    room, _ = m.require_moderator(ctx, fault="rename-by-non-moderator")
    if room["type"] == m.ONE_TO_ONE and not ctx.faults.active("rename-one-to-one-allowed"):
        raise OcsError(400 if ctx.faults.active("rename-one-to-one-400") else 405)
    name = php_trim(ctx.params.str("roomName"))
    length = len(name.encode()) if ctx.faults.active("rename-length-in-bytes") else len(name)
    if (name == "" or length > MAX_NAME_CHARACTERS) and not ctx.faults.active("rename-length-unchecked"):
        raise OcsError(400)
    if name != room["name"] and not ctx.faults.active("rename-not-saved"):
        ctx.db.execute("UPDATE rooms SET name = ? WHERE id = ?", (name, room["id"]))
        if room["name"] != "" and name != "":
            messages.post_system(ctx, room, "conversation_renamed", oldName=room["name"], newName=name)
    return None


@route("DELETE", SPREED + "/room/{token}", auth="public")
def delete_room(ctx: Ctx):
    if (answer := _unknown_room(ctx)) is not None:
        return answer
    room, _ = m.require_moderator(ctx, fault="delete-by-non-moderator")
    if room["type"] == m.ONE_TO_ONE:
        raise OcsError(400)  # a one-to-one is left (DELETE …/participants/self), not deleted
    if not ctx.faults.active("delete-not-saved"):
        m.delete_room(ctx, room)
    return None


@route("POST", SPREED + "/room/{token}/public", auth="user")
def make_public(ctx: Ctx):
    room, _ = m.require_moderator(ctx, logged_in=True, fault="public-by-non-moderator")
    if room["type"] == m.ONE_TO_ONE:
        raise OcsError(400)
    if room["type"] != m.PUBLIC and not ctx.faults.active("public-not-saved"):
        ctx.db.execute("UPDATE rooms SET type = ? WHERE id = ?", (m.PUBLIC, room["id"]))
        messages.post_system(ctx, room, "guests_allowed")
    return None


@route("DELETE", SPREED + "/room/{token}/public", auth="user")
def make_private(ctx: Ctx):
    room, _ = m.require_moderator(ctx, logged_in=True, fault="private-by-non-moderator")
    if room["type"] == m.ONE_TO_ONE:
        raise OcsError(400)
    if room["type"] == m.PUBLIC and not ctx.faults.active("private-not-saved"):
        ctx.db.execute("UPDATE rooms SET type = ? WHERE id = ?", (m.GROUP, room["id"]))
        # Guests and users who only followed the link were never invited: they go (BEHAVIOUR C9).
        ctx.db.execute("DELETE FROM participants WHERE room_id = ? AND participant_type IN (?, ?, ?)",
                       (room["id"], m.GUEST, m.GUEST_MODERATOR, m.SELF_JOINED))
        messages.post_system(ctx, room, "guests_disallowed")
    return None


@route("PUT", SPREED + "/room/{token}/password", auth="public")
def set_password(ctx: Ctx):
    room, _ = m.require_moderator(ctx, fault="password-by-non-moderator")
    if room["type"] != m.PUBLIC and not ctx.faults.active("password-on-non-public"):
        raise OcsError(403)
    password = ctx.params.str("password")
    if password != "" and ctx.faults.active("password-not-saved"):
        return None
    if password == "" and ctx.faults.active("password-not-removed"):
        return None
    ctx.db.execute("UPDATE rooms SET password_hash = ? WHERE id = ?",
                   (store.hash_password(password) if password != "" else "", room["id"]))
    messages.post_system(ctx, room, "password_set" if password != "" else "password_removed")
    return None


@route("PUT", SPREED + "/room/{token}/read-only", auth="user", feature="read-only-rooms")
def set_read_only(ctx: Ctx):
    room, _ = m.require_moderator(ctx)
    state = ctx.params.int("state")
    if state not in (0, 1):
        raise OcsError(400)
    if state == room["read_only"]:
        return None
    if room["type"] not in (m.GROUP, m.PUBLIC, m.CHANGELOG):
        raise OcsError(400)
    ctx.db.execute("UPDATE rooms SET read_only = ? WHERE id = ?", (state, room["id"]))
    messages.post_system(ctx, room, "read_only" if state else "read_only_off")
    return None


@route("POST", SPREED + "/room/{token}/favorite", auth="user", feature="favorites")
def add_favorite(ctx: Ctx):
    _, me = m.require_participant(ctx)
    ctx.db.execute("UPDATE participants SET favorite = 1 WHERE id = ?", (me["id"],))


@route("DELETE", SPREED + "/room/{token}/favorite", auth="user", feature="favorites")
def remove_favorite(ctx: Ctx):
    _, me = m.require_participant(ctx)
    ctx.db.execute("UPDATE participants SET favorite = 0 WHERE id = ?", (me["id"],))


@route("POST", SPREED + "/room/{token}/notify", auth="user", feature="notification-levels")
def set_notification_level(ctx: Ctx):
    _, me = m.require_participant(ctx)
    level = ctx.params.int("level")
    if level not in (1, 2, 3):
        raise OcsError(400)
    ctx.db.execute("UPDATE participants SET notification_level = ? WHERE id = ?", (level, me["id"]))
