"""Participant endpoints (docs/participant.md, API-INVENTORY §2.2): who is in a room, joining and
leaving it, moderators, and guest names.
"""

from __future__ import annotations

import re

from talk_conformance.refserver import membership as m
from talk_conformance.refserver import messages, roomview, store
from talk_conformance.refserver.ocs import OcsError
from talk_conformance.refserver.routing import SPREED, Ctx, route

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@route("GET", SPREED + "/room/{token}/participants", auth="public")
def list_participants(ctx: Ctx):
    room, me = m.require_participant(ctx)
    if me["participant_type"] == m.GUEST:
        raise OcsError(403)
    result = []
    for p in m.participants(ctx, room):
        if p["user_id"]:
            name = messages.display_name(ctx, p["user_id"])
            display = name if name is not None else p["user_id"]
        else:
            display = messages.guest_name(ctx, store.sha1(p["session_id"])) if p["session_id"] != "0" else ""
        result.append({"userId": p["user_id"], "displayName": display, "participantType": p["participant_type"],
                       "lastPing": p["last_ping"], "sessionId": p["session_id"], "inCall": p["in_call"]})
    return result


@route("POST", SPREED + "/room/{token}/participants", auth="user")
def add_participant(ctx: Ctx):
    room, _ = m.require_moderator(ctx, logged_in=True)
    if room["type"] == m.ONE_TO_ONE:
        raise OcsError(400)
    new = ctx.params.str("newParticipant")
    source = ctx.params.str("source", "users")
    if source != "users" and "invite-groups-and-mails" not in ctx.features:
        raise OcsError(400)
    if source == "users":
        if ctx.db.execute("SELECT 1 FROM users WHERE uid = ?", (new,)).fetchone() is None:
            raise OcsError(404)
        if m.user_participant(ctx, room, new) is None:
            m.add_user(ctx, room, new, m.USER)
        return None
    if source == "groups":
        if ctx.db.execute("SELECT 1 FROM groups WHERE gid = ?", (new,)).fetchone() is None:
            raise OcsError(404)
        for row in ctx.db.execute("SELECT uid FROM group_members WHERE gid = ? ORDER BY uid", (new,)).fetchall():
            if m.user_participant(ctx, room, row["uid"]) is None:
                m.add_user(ctx, room, row["uid"], m.USER)
        return None
    if source == "emails":
        if not _EMAIL.match(new):
            raise OcsError(400)
        # The real server mails an invitation link; inviting by mail makes the room public.
        if room["type"] != m.PUBLIC:
            ctx.db.execute("UPDATE rooms SET type = ? WHERE id = ?", (m.PUBLIC, room["id"]))
            messages.post_system(ctx, room, "guests_allowed")
            return {"type": m.PUBLIC}
        return None
    raise OcsError(400)


def _remove_self(ctx: Ctx, room: dict, me: dict) -> None:
    if room["type"] != m.ONE_TO_ONE:
        invited = (m.OWNER, m.MODERATOR, m.USER)
        others = m.count(ctx, room, invited) - (1 if me["participant_type"] in invited else 0)
        # The last moderator may not leave other invited users behind without one (guests don't count).
        if me["participant_type"] in m.USER_MODERATOR_TYPES and others > 0 \
                and m.count(ctx, room, m.USER_MODERATOR_TYPES) == 1:
            raise OcsError(400)
        if m.count(ctx, room, (*invited, m.SELF_JOINED)) == 1:
            m.delete_room(ctx, room)
            return
    m.remove_user(ctx, room, ctx.caller.user_id)


@route("DELETE", SPREED + "/room/{token}/participants/self", auth="user")
def remove_self(ctx: Ctx):
    room, me = m.require_participant(ctx)
    _remove_self(ctx, room, me)


@route("DELETE", SPREED + "/room/{token}/participants", auth="public")
def remove_participant(ctx: Ctx):
    room, me = m.require_participant(ctx)
    target = ctx.params.str("participant")
    if ctx.caller.is_user and target == ctx.caller.user_id:
        _remove_self(ctx, room, me)
        return None
    if me["participant_type"] not in m.MODERATOR_TYPES:
        raise OcsError(403)
    if room["type"] == m.ONE_TO_ONE:
        raise OcsError(400)
    other = m.user_participant(ctx, room, target) if target else None
    if other is None:
        raise OcsError(404)
    if other["participant_type"] == m.OWNER:
        raise OcsError(403)
    m.remove_user(ctx, room, target)
    return None


@route("DELETE", SPREED + "/room/{token}/participants/guests", auth="public")
def remove_guest(ctx: Ctx):
    room, me = m.require_moderator(ctx)
    target = m.participant_by_session(ctx, room, ctx.params.str("participant"))
    if target is None:
        raise OcsError(404)
    if target["participant_type"] not in m.GUEST_TYPES:
        raise OcsError(403)
    if target["id"] == me["id"]:
        raise OcsError(403)
    m.remove_participant_row(ctx, target)
    return None


# --- joining and leaving ---------------------------------------------------------------------

def _password_ok(ctx: Ctx, room: dict, password: str) -> bool:
    if not room["password_hash"] or ctx.faults.active("password-not-checked"):
        return True
    return store.verify_password(password, room["password_hash"]) and not ctx.faults.active("password-join-refused")


@route("POST", SPREED + "/room/{token}/participants/active", auth="public")
def join(ctx: Ctx):
    room = m.require_room(ctx)
    password = ctx.params.str("password", "")
    session_id = store.new_session_id()
    me = m.my_participant(ctx, room)
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
    ctx.db.execute("UPDATE participants SET session_id = ?, last_ping = ? WHERE id = ?",
                   (session_id, ctx.now, me["id"]))
    room = m.reload(ctx, room)
    return roomview.full(ctx, room, m.my_participant(ctx, room))


@route("DELETE", SPREED + "/room/{token}/participants/active", auth="public")
def leave(ctx: Ctx):
    # Always 200, even for strangers and unknown rooms (API-INVENTORY P7).
    room = m.find_room(ctx, ctx.path["token"])
    me = m.my_participant(ctx, room) if room else None
    if me is None:
        return None
    if me["participant_type"] in m.GUEST_TYPES:
        m.remove_participant_row(ctx, me)
    elif me["participant_type"] == m.SELF_JOINED:
        m.remove_user(ctx, room, me["user_id"])
    else:
        ctx.db.execute("UPDATE participants SET session_id = '0', in_call = 0 WHERE id = ?", (me["id"],))
    return None


# --- moderators --------------------------------------------------------------------------------

def _target(ctx: Ctx, room: dict) -> tuple[dict, bool]:
    """The participant named by ``participant`` (user id) or ``sessionId`` (guest); (row, is_guest)."""
    if ctx.params.has("participant"):
        uid = ctx.params.str("participant")
        target = m.user_participant(ctx, room, uid) if uid else None
        guest = False
    elif ctx.params.has("sessionId"):
        target = m.participant_by_session(ctx, room, ctx.params.str("sessionId"))
        guest = True
    else:
        raise OcsError(400, "missing parameter participant or sessionId")
    if target is None:
        raise OcsError(404)
    return target, guest


@route("POST", SPREED + "/room/{token}/moderators", auth="public")
def promote(ctx: Ctx):
    room, _ = m.require_moderator(ctx)
    target, guest = _target(ctx, room)
    if target["participant_type"] == m.OWNER:
        raise OcsError(403)
    wanted, new_type = (m.GUEST, m.GUEST_MODERATOR) if guest else (m.USER, m.MODERATOR)
    if target["participant_type"] != wanted:
        raise OcsError(400)
    ctx.db.execute("UPDATE participants SET participant_type = ? WHERE id = ?", (new_type, target["id"]))
    _announce(ctx, room, target, guest, "promoted")


@route("DELETE", SPREED + "/room/{token}/moderators", auth="public")
def demote(ctx: Ctx):
    room, me = m.require_moderator(ctx)
    target, guest = _target(ctx, room)
    if target["id"] == me["id"]:
        raise OcsError(403)
    if target["participant_type"] == m.OWNER:
        raise OcsError(403)
    wanted, new_type = (m.GUEST_MODERATOR, m.GUEST) if guest else (m.MODERATOR, m.USER)
    if target["participant_type"] != wanted:
        raise OcsError(400)
    ctx.db.execute("UPDATE participants SET participant_type = ? WHERE id = ?", (new_type, target["id"]))
    _announce(ctx, room, target, guest, "demoted")


def _announce(ctx: Ctx, room: dict, target: dict, guest: bool, what: str) -> None:
    if guest:
        messages.post_system(ctx, room, f"guest_moderator_{what}", session=store.sha1(target["session_id"]))
    else:
        messages.post_system(ctx, room, f"moderator_{what}", user=target["user_id"])


# --- guests ------------------------------------------------------------------------------------

@route("POST", SPREED + "/guest/{token}/name", auth="public", feature="guest-display-names")
def set_guest_name(ctx: Ctx):
    if ctx.caller.is_user:
        raise OcsError(403)
    room = m.require_room(ctx)
    me = m.my_participant(ctx, room)
    if me is None or me["session_id"] == "0":
        raise OcsError(404)
    name = ctx.params.str("displayName")
    ctx.db.execute("INSERT INTO guest_names (session_hash, display_name) VALUES (?, ?) "
                   "ON CONFLICT(session_hash) DO UPDATE SET display_name = excluded.display_name",
                   (store.sha1(me["session_id"]), name))
    return None
