"""Participant endpoints (docs/participant.md; `lib/Controller/RoomController.php` and
`GuestController.php` at v7.0.0): who is in a room, joining and leaving it, moderators, guest names.
"""

from __future__ import annotations

import re

from talk_refserver import crypto, messages, roomview
from talk_refserver import membership as m
from talk_refserver.faults import fault
from talk_refserver.guards import LOBBY, LOGGED_IN, LOGGED_IN_MODERATOR, MODERATOR, PARTICIPANT, ROOM
from talk_refserver.ocs import OcsError
from talk_refserver.routing import SPREED, Ctx, op, route

PASSWORD_NOT_CHECKED = fault("password-not-checked",
                             "a public conversation's password is ignored on join (docs: 403 when wrong)")
PASSWORD_JOIN_REFUSED = fault("password-join-refused",
                              "joining a protected conversation with the right password answers 403 (docs: 200)")

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@op("listParticipants", guard=(PARTICIPANT, LOBBY))
def list_participants(ctx: Ctx):
    if ctx.me["participant_type"] == m.GUEST:
        raise OcsError(403)
    result = []
    for p in ctx.repo.participants.of_room(ctx.room["id"]):
        if p["user_id"]:
            name = messages.display_name(ctx, p["user_id"])
            display = name if name is not None else p["user_id"]
        else:
            display = messages.guest_name(ctx, crypto.sha1(p["session_id"])) if p["session_id"] != "0" else ""
        result.append({"userId": p["user_id"], "displayName": display, "participantType": p["participant_type"],
                       "lastPing": p["last_ping"], "sessionId": p["session_id"], "inCall": p["in_call"]})
    return result


@op("addParticipant", guard=(LOGGED_IN, LOGGED_IN_MODERATOR))
def add_participant(ctx: Ctx):
    room = ctx.room
    if room["type"] == m.ONE_TO_ONE:
        raise OcsError(400)
    new = ctx.params.str("newParticipant")
    # Before Talk 5.0 (invite-groups-and-mails) there is no `source`: everyone added is a user.
    source = ctx.params.str("source", "users") if ctx.since("5.0") else "users"
    if source != "users" and "invite-groups-and-mails" not in ctx.features:
        raise OcsError(400)
    if source == "users":
        if not ctx.repo.users.exists(new):
            raise OcsError(404)
        if ctx.repo.participants.user(room["id"], new) is None:
            m.add_user(ctx, room, new, m.USER)
        return None
    if source == "groups":
        if not ctx.repo.groups.exists(new):
            raise OcsError(404)
        for uid in ctx.repo.groups.members(new):
            if ctx.repo.participants.user(room["id"], uid) is None:
                m.add_user(ctx, room, uid, m.USER)
        return None
    if source == "emails":
        if not _EMAIL.match(new):
            raise OcsError(400)
        # The real server mails an invitation link; inviting by mail makes the room public.
        if room["type"] != m.PUBLIC:
            ctx.repo.rooms.set_type(room["id"], m.PUBLIC)
            messages.post_system(ctx, room, "guests_allowed")
            return {"type": m.PUBLIC}
        return None
    raise OcsError(400)


def _remove_self(ctx: Ctx, room: dict, me: dict) -> None:
    if room["type"] != m.ONE_TO_ONE:
        count = ctx.repo.participants.count
        invited = m.INVITED_TYPES
        others = count(room["id"], invited) - (1 if me["participant_type"] in invited else 0)
        # The last moderator may not leave other invited users behind without one (guests don't count).
        # (Talk 4.0 and later: the Talk 3.2 API docs give no 400 here.)
        if ctx.since("4.0") and me["participant_type"] in m.USER_MODERATOR_TYPES and others > 0 \
                and count(room["id"], m.USER_MODERATOR_TYPES) == 1:
            raise OcsError(400)
        if count(room["id"], m.USER_TYPES) == 1:
            ctx.repo.rooms.delete(room["id"])
            return
    m.remove_user(ctx, room, ctx.caller.user_id)


@op("removeSelf", guard=(LOGGED_IN, PARTICIPANT))
def remove_self(ctx: Ctx):
    _remove_self(ctx, ctx.room, ctx.me)


@route("DELETE", SPREED + "/room/{token}/participants", guard=PARTICIPANT)
def remove_participant(ctx: Ctx):
    room, me = ctx.room, ctx.me
    target = ctx.params.str("participant")
    if ctx.caller.is_user and target == ctx.caller.user_id:
        _remove_self(ctx, room, me)
        return None
    if me["participant_type"] not in m.MODERATOR_TYPES:
        raise OcsError(403)
    if room["type"] == m.ONE_TO_ONE:
        raise OcsError(400)
    other = ctx.repo.participants.user(room["id"], target) if target else None
    if other is None:
        raise OcsError(404)
    if other["participant_type"] == m.OWNER:
        raise OcsError(403)
    m.remove_user(ctx, room, target)
    return None


@route("DELETE", SPREED + "/room/{token}/participants/guests", guard=MODERATOR)
def remove_guest(ctx: Ctx):
    room, me = ctx.room, ctx.me
    target = m.participant_by_session(ctx, room, ctx.params.str("participant"))
    if target is None:
        raise OcsError(404)
    if target["participant_type"] not in m.GUEST_TYPES:
        raise OcsError(403)
    if target["id"] == me["id"]:
        raise OcsError(403)
    ctx.repo.participants.remove(target)
    return None


# --- joining and leaving ---------------------------------------------------------------------

def _password_ok(ctx: Ctx, room: dict, password: str) -> bool:
    if not room["password_hash"] or ctx.faults.active(PASSWORD_NOT_CHECKED):
        return True
    return crypto.verify_password(password, room["password_hash"]) and not ctx.faults.active(PASSWORD_JOIN_REFUSED)


@op("joinRoom", guard=ROOM)
def join(ctx: Ctx):
    room, me = ctx.room, ctx.me
    password = ctx.params.str("password", "")
    session_id = crypto.new_session_id()
    if ctx.caller.is_user:
        if me is None:
            if room["type"] != m.PUBLIC:
                raise OcsError(404)
            # Invited users never need the password; people following the link do.
            if not _password_ok(ctx, room, password):
                raise OcsError(403)
            me = m.add_user(ctx, room, ctx.caller.user_id, m.SELF_JOINED)
    else:
        if room["type"] != m.PUBLIC:
            raise OcsError(404)
        if not _password_ok(ctx, room, password):
            raise OcsError(403)
        if me is None:
            me = m.add_guest(ctx, room, session_id)
    ctx.repo.participants.set_session(me, session_id, ctx.now)
    if not ctx.since("4.0"):
        return {"sessionId": session_id}  # Talk 3.2 answers only the session (RoomController at v3.2.0)
    room = m.reload(ctx, room)
    return roomview.full(ctx, room, m.my_participant(ctx, room))


@op("leaveRoom")
def leave(ctx: Ctx):
    # Always 200, even for strangers and unknown rooms (`RoomController::leaveRoom` has no guard).
    room = ctx.repo.rooms.find(ctx.path["token"])
    me = m.my_participant(ctx, room) if room else None
    if me is None:
        return None
    if me["participant_type"] in m.GUEST_TYPES:
        ctx.repo.participants.remove(me)
    elif me["participant_type"] == m.SELF_JOINED:
        m.remove_user(ctx, room, me["user_id"])
    else:
        ctx.repo.participants.end_session(me)
    return None


# --- moderators --------------------------------------------------------------------------------

def _target(ctx: Ctx, room: dict) -> tuple[dict, bool]:
    """The participant named by ``participant`` (user id) or ``sessionId`` (guest); (row, is_guest)."""
    if ctx.params.has("participant"):
        uid = ctx.params.str("participant")
        target = ctx.repo.participants.user(room["id"], uid) if uid else None
        guest = False
    elif ctx.params.has("sessionId"):
        target = m.participant_by_session(ctx, room, ctx.params.str("sessionId"))
        guest = True
    else:
        raise OcsError(400, "missing parameter participant or sessionId")
    if target is None:
        raise OcsError(404)
    return target, guest


@op("promoteModerator", guard=MODERATOR)
def promote(ctx: Ctx):
    room = ctx.room
    target, guest = _target(ctx, room)
    if target["participant_type"] == m.OWNER:
        raise OcsError(403)
    wanted, new_type = (m.GUEST, m.GUEST_MODERATOR) if guest else (m.USER, m.MODERATOR)
    if target["participant_type"] != wanted:
        raise OcsError(_wrong_type(ctx))
    ctx.repo.participants.set_type(target, new_type)
    _announce(ctx, room, target, guest, "promoted")


@op("demoteModerator", guard=MODERATOR)
def demote(ctx: Ctx):
    room, me = ctx.room, ctx.me
    target, guest = _target(ctx, room)
    if target["id"] == me["id"]:
        raise OcsError(403)
    if target["participant_type"] == m.OWNER:
        raise OcsError(403)
    wanted, new_type = (m.GUEST_MODERATOR, m.GUEST) if guest else (m.MODERATOR, m.USER)
    if target["participant_type"] != wanted:
        raise OcsError(_wrong_type(ctx))
    ctx.repo.participants.set_type(target, new_type)
    _announce(ctx, room, target, guest, "demoted")


def _wrong_type(ctx: Ctx) -> int:
    # 412 Precondition Failed up to Talk 5.x, 400 Bad Request from Talk 6.0 (docs/api-v1.md and
    # lib/Controller/RoomController.php changed at v6.0.0).
    return 400 if ctx.since("6.0") else 412


def _announce(ctx: Ctx, room: dict, target: dict, guest: bool, what: str) -> None:
    if guest:
        messages.post_system(ctx, room, f"guest_moderator_{what}", session=crypto.sha1(target["session_id"]))
    else:
        messages.post_system(ctx, room, f"moderator_{what}", user=target["user_id"])


# --- guests ------------------------------------------------------------------------------------

@route("POST", SPREED + "/guest/{token}/name", feature="guest-display-names")
def set_guest_name(ctx: Ctx):
    # Users are refused before the room is looked up (`GuestController::setDisplayName`).
    if ctx.caller.is_user:
        raise OcsError(403)
    room = ctx.repo.rooms.find(ctx.path["token"])
    if room is None:
        raise OcsError(404)
    me = m.my_participant(ctx, room)
    if me is None or me["session_id"] == "0":
        raise OcsError(404)
    name = ctx.params.str("displayName")
    ctx.repo.guest_names.set(crypto.sha1(me["session_id"]), name)
    return None
