"""Rooms and their participants as Talk's Manager and Room classes change them: creating, adding,
removing, deleting, and what a user's deletion does.

Participant types (constants.md): 1 owner, 2 moderator, 3 user, 4 guest, 5 user who joined a
public room by its link, 6 guest moderator.
"""

from __future__ import annotations

from talk_refserver import crypto, messages
from talk_refserver.faults import fault
from talk_refserver.routing import Ctx

USER_ADDED_IN_ONE_TO_ONE = fault(
    "user-added-in-one-to-one", "a one-to-one conversation gets a user_added system message for the invited "
    "user (Talk's code writes none there; no doc says)")
SELF_JOIN_WRITES_USER_ADDED = fault(
    "self-join-writes-user-added", "a user added by themself (the creator, a self-join of a public "
    "conversation) gets a user_added system message (Talk's code writes none; no doc says)")
DELETED_USER_KEEPS_AUTHORSHIP = fault(
    "v4-deleted-user-keeps-authorship", "a deleted user's messages stay by users/<their id> (docs/constants.md of "
    "Talk 21.1: actor type and id deleted_users, an empty display name)", api="v4")
DELETED_USERS_ROOM_STAYS = fault(
    "deleted-users-room-stays", "a conversation whose last participant was deleted stays (Talk's code deletes "
    "it; no doc says)")

ONE_TO_ONE, GROUP, PUBLIC, CHANGELOG = 1, 2, 3, 4
OWNER, MODERATOR, USER, GUEST, SELF_JOINED, GUEST_MODERATOR = 1, 2, 3, 4, 5, 6
GUEST_TYPES = (GUEST, GUEST_MODERATOR)
# "Moderator" for RequireModeratorParticipant includes guest moderators; the LoggedIn variant does not.
MODERATOR_TYPES = (OWNER, MODERATOR, GUEST_MODERATOR)
USER_MODERATOR_TYPES = (OWNER, MODERATOR)
INVITED_TYPES = (OWNER, MODERATOR, USER)
USER_TYPES = (OWNER, MODERATOR, USER, SELF_JOINED)


def reload(ctx: Ctx, room: dict) -> dict:
    return ctx.repo.rooms.by_id(room["id"]) or room


def my_participant(ctx: Ctx, room: dict) -> dict | None:
    """The caller's row: a user by uid, a guest by their session cookie."""
    if ctx.caller.is_user:
        return ctx.repo.participants.user(room["id"], ctx.caller.user_id)
    return ctx.repo.participants.guest(room["id"], ctx.caller.cookie)


def participant_by_session(ctx: Ctx, room: dict, session_id: str) -> dict | None:
    if not session_id or session_id == "0":
        return None
    return ctx.repo.participants.by_session(room["id"], session_id)


def create_room(ctx: Ctx, room_type: int, name: str) -> dict:
    token = crypto.new_room_token()
    while ctx.repo.rooms.token_taken(token):
        token = crypto.new_room_token()
    room = ctx.repo.rooms.create(token, room_type, name)
    messages.post_system(ctx, room, "conversation_created")
    return reload(ctx, room)


ADDED_USER_READS_NOTHING = fault(
    "added-user-reads-nothing", "a participant added to a conversation starts with nothing read, lastReadMessage 0 "
    "(Talk's code: the last message so far; no doc says)")


def add_user(ctx: Ctx, room: dict, uid: str, participant_type: int = USER, session_id: str = "0") -> dict:
    room = reload(ctx, room)
    # New participants start with everything so far read (`lib/Room.php` at v7.0.0, addUsers).
    last_read = 0 if ctx.faults.active(ADDED_USER_READS_NOTHING) else room["last_message_id"]
    ctx.repo.participants.add_user(room["id"], uid, participant_type, session_id, last_read)
    if (room["type"] != ONE_TO_ONE or ctx.faults.active(USER_ADDED_IN_ONE_TO_ONE)) \
            and (uid != ctx.caller.user_id or ctx.faults.active(SELF_JOIN_WRITES_USER_ADDED)):
        messages.post_system(ctx, room, "user_added", user=uid)
    return ctx.repo.participants.user(room["id"], uid)


def add_guest(ctx: Ctx, room: dict, session_id: str) -> dict:
    ctx.repo.participants.add_guest(room["id"], ctx.caller.cookie, GUEST, session_id, ctx.now)
    return my_participant(ctx, room)


ONE_TO_ONE_LEAVE_DELETES = fault(
    "one-to-one-leave-deletes",
    "a member leaving a locked one-to-one conversation deletes it for the partner too (docs/capabilities.md, "
    "`locked-one-to-one-rooms`: the partner keeps it; their chat message or call re-adds who left)")


def remove_user(ctx: Ctx, room: dict, uid: str) -> None:
    """Kick, leave or deletion of a user. A one-to-one is locked to its remaining user, or deleted."""
    ctx.repo.participants.remove_user(room["id"], uid)
    if room["type"] == ONE_TO_ONE:
        # Before Talk 6.0 (`locked-one-to-one-rooms`) whoever leaves a one-to-one deletes it.
        if ctx.repo.participants.count(room["id"], USER_TYPES) == 0 or "locked-one-to-one-rooms" not in ctx.features \
                or ctx.faults.active(ONE_TO_ONE_LEAVE_DELETES):
            ctx.repo.rooms.delete(room["id"])
        else:
            # The leaver's uid becomes the name: the "lock" that lets them be re-added.
            ctx.repo.rooms.set_name(room["id"], uid)
        return
    messages.post_system(ctx, room, "user_removed", user=uid)


ONE_TO_ONE_LEFT_STAYS_OUT = fault(
    "one-to-one-left-stays-out",
    "a partner's chat message or call does not re-add the one-to-one member who left (docs/capabilities.md: re-added)")


def refill_one_to_one(ctx: Ctx, room: dict) -> None:
    """docs/capabilities.md (`locked-one-to-one-rooms`, Talk 6.0): "If the other participant posts a new chat
    message or starts a call, the left-participant will be re-added" (as an owner; the lock is lifted)."""
    if room["type"] != ONE_TO_ONE or not room["name"] or "locked-one-to-one-rooms" not in ctx.features \
            or ctx.faults.active(ONE_TO_ONE_LEFT_STAYS_OUT):
        return
    if ctx.repo.participants.user(room["id"], room["name"]) is None and ctx.repo.users.exists(room["name"]):
        add_user(ctx, room, room["name"], OWNER)
    ctx.repo.rooms.set_name(room["id"], "")


def user_deleted(ctx: Ctx, uid: str) -> None:
    """Nextcloud's user-deletion listener: the user leaves every room; a room left empty goes."""
    for room in ctx.repo.rooms.of_user(uid):
        if ctx.repo.participants.count(room["id"], USER_TYPES) <= 1 \
                and not ctx.faults.active(DELETED_USERS_ROOM_STAYS):
            ctx.repo.rooms.delete(room["id"])
        else:
            remove_user(ctx, room, uid)
    if not ctx.faults.active(DELETED_USER_KEEPS_AUTHORSHIP):
        ctx.repo.messages.anonymise_user(uid)
