"""Rooms and their participants in the database: look-ups, adding, removing, deleting.

Participant types (constants.md): 1 owner, 2 moderator, 3 user, 4 guest, 5 user who joined a
public room by its link, 6 guest moderator.
"""

from __future__ import annotations

from talk_conformance.refserver import messages, store
from talk_conformance.refserver.ocs import OcsError
from talk_conformance.refserver.routing import Ctx

ONE_TO_ONE, GROUP, PUBLIC, CHANGELOG = 1, 2, 3, 4
OWNER, MODERATOR, USER, GUEST, SELF_JOINED, GUEST_MODERATOR = 1, 2, 3, 4, 5, 6
GUEST_TYPES = (GUEST, GUEST_MODERATOR)
# "Moderator" for RequireModeratorParticipant includes guest moderators; the LoggedIn variant does not.
MODERATOR_TYPES = (OWNER, MODERATOR, GUEST_MODERATOR)
USER_MODERATOR_TYPES = (OWNER, MODERATOR)


def _row(row) -> dict | None:
    return dict(row) if row is not None else None


def find_room(ctx: Ctx, token: str) -> dict | None:
    return _row(ctx.db.execute("SELECT * FROM rooms WHERE token = ?", (token,)).fetchone())


def reload(ctx: Ctx, room: dict) -> dict:
    return find_room(ctx, room["token"]) or room


def user_participant(ctx: Ctx, room: dict, uid: str) -> dict | None:
    return _row(ctx.db.execute("SELECT * FROM participants WHERE room_id = ? AND user_id = ?",
                               (room["id"], uid)).fetchone())


def my_participant(ctx: Ctx, room: dict) -> dict | None:
    """The caller's row: a user by uid, a guest by their session cookie."""
    if ctx.caller.is_user:
        return user_participant(ctx, room, ctx.caller.user_id)
    return _row(ctx.db.execute("SELECT * FROM participants WHERE room_id = ? AND user_id = '' AND guest_cookie = ?",
                               (room["id"], ctx.caller.cookie)).fetchone())


def participant_by_session(ctx: Ctx, room: dict, session_id: str) -> dict | None:
    if not session_id or session_id == "0":
        return None
    return _row(ctx.db.execute("SELECT * FROM participants WHERE room_id = ? AND session_id = ?",
                               (room["id"], session_id)).fetchone())


def participants(ctx: Ctx, room: dict) -> list[dict]:
    return [dict(r) for r in ctx.db.execute(
        "SELECT * FROM participants WHERE room_id = ? ORDER BY last_ping DESC, id", (room["id"],))]


def count(ctx: Ctx, room: dict, types: tuple[int, ...]) -> int:
    marks = ",".join("?" * len(types))
    return ctx.db.execute(f"SELECT COUNT(*) FROM participants WHERE room_id = ? AND participant_type IN ({marks})",
                          (room["id"], *types)).fetchone()[0]


def require_room(ctx: Ctx) -> dict:
    room = find_room(ctx, ctx.path["token"])
    if room is None:
        raise OcsError(404)
    return room


def require_participant(ctx: Ctx, *, stranger_status: int = 404) -> tuple[dict, dict]:
    """RequireParticipant: an unknown room and a room the caller is not in are both 404."""
    room = require_room(ctx)
    me = my_participant(ctx, room)
    if me is None:
        raise OcsError(stranger_status)
    return room, me


def require_moderator(ctx: Ctx, *, logged_in: bool = False, fault: str | None = None) -> tuple[dict, dict]:
    room, me = require_participant(ctx, stranger_status=403 if ctx.faults.active("strangers-get-403") else 404)
    allowed = USER_MODERATOR_TYPES if logged_in else MODERATOR_TYPES
    if ctx.faults.active("moderators-are-plain-users"):
        allowed = tuple(t for t in allowed if t != MODERATOR)
    if me["participant_type"] not in allowed and not (fault and ctx.faults.active(fault)):
        raise OcsError(403)
    return room, me


def create_room(ctx: Ctx, room_type: int, name: str) -> dict:
    token = store.new_room_token(ctx.db)
    ctx.db.execute("INSERT INTO rooms (token, type, name) VALUES (?, ?, ?)", (token, room_type, name))
    room = find_room(ctx, token)
    messages.post_system(ctx, room, "conversation_created")
    return reload(ctx, room)


def add_user(ctx: Ctx, room: dict, uid: str, participant_type: int = USER, session_id: str = "0") -> dict:
    room = reload(ctx, room)
    # New participants start with everything so far read (BEHAVIOUR §6.3).
    ctx.db.execute(
        "INSERT INTO participants (room_id, user_id, participant_type, session_id, last_read_message) "
        "VALUES (?, ?, ?, ?, ?)", (room["id"], uid, participant_type, session_id, room["last_message_id"]))
    if room["type"] != ONE_TO_ONE and uid != ctx.caller.user_id:
        messages.post_system(ctx, room, "user_added", user=uid)
    return user_participant(ctx, room, uid)


def add_guest(ctx: Ctx, room: dict, session_id: str) -> dict:
    ctx.db.execute(
        "INSERT INTO participants (room_id, user_id, guest_cookie, participant_type, session_id, last_ping) "
        "VALUES (?, '', ?, ?, ?, ?)", (room["id"], ctx.caller.cookie, GUEST, session_id, ctx.now))
    return my_participant(ctx, room)


def remove_user(ctx: Ctx, room: dict, uid: str) -> None:
    """Kick, leave or deletion of a user. A one-to-one is locked to its remaining user, or deleted."""
    ctx.db.execute("DELETE FROM participants WHERE room_id = ? AND user_id = ?", (room["id"], uid))
    if room["type"] == ONE_TO_ONE:
        if count(ctx, room, (OWNER, MODERATOR, USER, SELF_JOINED)) == 0:
            delete_room(ctx, room)
        else:
            # The leaver's uid becomes the name: the "lock" that lets them be re-added (BEHAVIOUR §4).
            ctx.db.execute("UPDATE rooms SET name = ? WHERE id = ?", (uid, room["id"]))
        return
    messages.post_system(ctx, room, "user_removed", user=uid)


def remove_participant_row(ctx: Ctx, participant: dict) -> None:
    ctx.db.execute("DELETE FROM participants WHERE id = ?", (participant["id"],))


def delete_room(ctx: Ctx, room: dict) -> None:
    ctx.db.execute("DELETE FROM rooms WHERE id = ?", (room["id"],))


def user_deleted(ctx: Ctx, uid: str) -> None:
    """Nextcloud's user-deletion listener: the user leaves every room; a room left empty goes."""
    rooms = [dict(r) for r in ctx.db.execute(
        "SELECT rooms.* FROM rooms JOIN participants ON participants.room_id = rooms.id WHERE participants.user_id = ?",
        (uid,))]
    for room in rooms:
        if count(ctx, room, (OWNER, MODERATOR, USER, SELF_JOINED)) <= 1:
            delete_room(ctx, room)
        else:
            remove_user(ctx, room, uid)
    ctx.db.execute("UPDATE messages SET actor_type = 'deleted_users', actor_id = 'deleted_users' "
                   "WHERE actor_type = 'users' AND actor_id = ?", (uid,))
