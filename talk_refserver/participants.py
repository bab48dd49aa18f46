"""Participant endpoints (docs/participant.md of Talk 7.0, "Participant management" of the Talk 3.2
API docs; `lib/Controller/RoomController.php` at v7.0.0 and v3.2.0): who is in a room, adding and
removing users, joining and leaving. Moderators are in :mod:`moderators`, guests' own endpoints in
:mod:`guests`.

Where the docs and the real server differ on a status, the server answers as the docs do (the
suite's known deviations name what real servers answer instead).
"""

from __future__ import annotations

import re

from talk_refserver import crypto, joining, messages
from talk_refserver import membership as m
from talk_refserver.faults import fault
from talk_refserver.guards import LOBBY, ROOM, STRANGERS_GET_403, LoggedInModerator, Participant, Room
from talk_refserver.ocs import OcsError
from talk_refserver.routing import Ctx, op

PARTICIPANT_LIST_FOR_STRANGERS = fault(
    "participant-list-for-strangers", "a user who is not in the conversation gets its participant list (docs: 404)")
PARTICIPANT_LIST_WITHOUT_GUESTS = fault(
    "participant-list-without-guests", "guests are left out of the participant list")
PARTICIPANT_LIST_GUESTS_OTHER_ERA = fault(
    "participant-list-guests-other-release",
    "a guest participant gets the other release's answer to listing the participants: 403 before Talk 8.0, the "
    "list from it on (docs: 200 up to 7.x, 403 from 8.0)")
INCLUDE_STATUS_REFUSED = fault(
    "include-status-refused", "listing the participants with includeStatus answers 400 (docs from Talk 10.0: 200)",
    since="10.0")
ADD_BY_NON_MODERATOR = fault("add-by-non-moderator", "plain participants may add participants (docs: 403)")
ADD_UNKNOWN_USER = fault("add-unknown-user", "adding a user or group that does not exist answers 200 (docs: 404)")
ADD_UNKNOWN_SOURCE = fault("add-unknown-source", "adding with an unknown source answers 200 (docs: 400)")
ADD_NOT_SAVED = fault("add-not-saved", "a moderator (not the owner) adding a participant gets 200 but nobody is added")
ADD_GROUP_ADDS_NOBODY = fault(
    "add-group-adds-nobody",
    "adding a group (source groups) answers 200 but none of its members becomes a participant (docs/participant.md: "
    "the group's users are added)")
ONE_TO_ONE_ADD_KEEPS_TYPE = fault(
    "one-to-one-add-keeps-type",
    "adding a third user to a one-to-one conversation keeps it one-to-one and returns no type (Talk 3.2 docs: the new type)")
ONE_TO_ONE_PARTNER_REMOVABLE = fault(
    "one-to-one-partner-removable", "a one-to-one member may remove the partner, 200 (docs: 403, from Talk 8.0 400)",
    since="8.0")  # before 8.0 only the owner rule guards the partner (remove-owner-allowed breaks it there)
ONE_TO_ONE_REMOVE_400_SINCE = "8.0"
ONE_TO_ONE_ADD_ALLOWED = fault(
    "one-to-one-add-allowed",
    "a third user is added to a locked one-to-one conversation, 200 (docs from Talk 8.0: 400)", since="8.0")
REMOVE_BY_NON_MODERATOR = fault("remove-by-non-moderator", "plain participants may remove others (docs: 403)")
REMOVE_OWNER_ALLOWED = fault("remove-owner-allowed", "a moderator may remove the owner, 200 (docs: 403)")
REMOVE_UNKNOWN_200 = fault("remove-unknown-200", "removing someone who is not in the conversation answers 200 (docs: 404)")
REMOVE_NOT_SAVED = fault("remove-not-saved", "removing a participant answers 200 but they stay")
LAST_MODERATOR_MAY_LEAVE = fault(
    "last-moderator-may-leave",
    "the last moderator may leave while other users stay, 200 (docs: 400 from Talk 4.0 on)")
REMOVE_SELF_NOT_SAVED = fault("remove-self-not-saved", "removing yourself answers 200 but you stay a participant")
REMOVE_SELF_STRANGER_200 = fault(
    "remove-self-stranger-200", "removing yourself from a conversation you are not in answers 200 (docs: 404)")
REMOVE_MODERATOR_ALLOWED = fault(
    "remove-moderator-allowed", "a moderator is removed with 200, as real servers do (docs from Talk 8.0: 400)",
    since="8.0")
LAST_USER_KEEPS_ROOM = fault(
    "last-user-keeps-room",
    "the last invited user leaving a group or public conversation leaves it behind, with the users who joined by "
    "the link (the code of Talk 11.0 on deletes it; no doc says)",
    since="11.0")
ABSENT_BEFORE_PERMISSION = fault(
    "absent-before-permission",
    "a plain participant removing someone who is not in the conversation gets 404 (Talk's code: 403, the "
    "permission is checked first; the docs give both)")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
# docs/participant.md of Talk 8.0: guests are refused the list, a moderator is not removed (400).
GUESTS_REFUSED_LIST_SINCE = "8.0"
REMOVE_MODERATOR_400_SINCE = "8.0"
# The code of Talk 11.0 (RoomController::removeSelfFromRoom at v11.0.0): the last invited user leaving deletes
# the conversation, users who joined by the link with it; before, they kept it. No doc says.
LAST_USER_DELETES_SINCE = "11.0"


# --- the list ----------------------------------------------------------------------------------

class _ListGuard(Participant):
    """RequireParticipant, which the fault relaxes to "the room exists"."""

    def check(self, ctx: Ctx) -> None:
        if ctx.faults.active(PARTICIPANT_LIST_FOR_STRANGERS):
            Room.check(self, ctx)
            return
        super().check(ctx)


@op("listParticipants", guard=(_ListGuard(), LOBBY))
def list_participants(ctx: Ctx):
    # "When the participant is a guest": type 4 only; guest moderators get the list
    # (lib/Controller/RoomController.php at v8.0.0, getParticipants).
    if ctx.me is not None and ctx.me["participant_type"] == m.GUEST:
        refused = ctx.since(GUESTS_REFUSED_LIST_SINCE)
        if refused != ctx.faults.active(PARTICIPANT_LIST_GUESTS_OTHER_ERA):
            raise OcsError(403)
    if ctx.params.has("includeStatus") and ctx.since(joining.JOIN_CONFLICT_SINCE) \
            and ctx.faults.active(INCLUDE_STATUS_REFUSED):
        raise OcsError(400)
    # No user sets a status here (Nextcloud's user_status app): `includeStatus` adds no field.
    result = []
    for p in ctx.repo.participants.of_room(ctx.room["id"]):
        if p["user_id"]:
            name = messages.display_name(ctx, p["user_id"])
            display = name if name is not None else p["user_id"]
        else:
            if ctx.faults.active(PARTICIPANT_LIST_WITHOUT_GUESTS):
                continue
            display = messages.guest_name(ctx, crypto.sha1(p["session_id"])) if p["session_id"] != "0" else ""
        result.append({"userId": p["user_id"], "displayName": display, "participantType": p["participant_type"],
                       "lastPing": p["last_ping"], "sessionId": p["session_id"], "inCall": _in_call(ctx, p)})
    return result


def _in_call(ctx: Ctx, p: dict):
    # A boolean before Talk 4.0 (`in-call-flags`), the flags from then on.
    return p["in_call"] if "in-call-flags" in ctx.features else bool(p["in_call"])


# --- adding ------------------------------------------------------------------------------------

@op("addParticipant", guard=LoggedInModerator(unless=ADD_BY_NON_MODERATOR))
def add_participant(ctx: Ctx):
    room = ctx.room
    new = ctx.params.str("newParticipant")
    # Before Talk 5.0 (invite-groups-and-mails) there is no `source`: everyone added is a user.
    source = ctx.params.str("source", "users") if ctx.since("5.0") else "users"
    if source not in ("users", "groups", "emails") or \
            (source != "users" and "invite-groups-and-mails" not in ctx.features):
        if not ctx.faults.active(ADD_UNKNOWN_SOURCE):
            raise OcsError(400)
        return None
    if room["type"] == m.ONE_TO_ONE:
        return _add_to_one_to_one(ctx, room, new, source)
    if source == "users":
        if not ctx.repo.users.exists(new):
            if ctx.faults.active(ADD_UNKNOWN_USER):
                return None
            raise OcsError(404)
        _add(ctx, room, [new])
        return None
    if source == "groups":
        if not ctx.repo.groups.exists(new):
            if ctx.faults.active(ADD_UNKNOWN_USER):
                return None
            raise OcsError(404)
        if not ctx.faults.active(ADD_GROUP_ADDS_NOBODY):
            _add(ctx, room, ctx.repo.groups.members(new))
        return None
    if not _EMAIL.match(new):
        raise OcsError(400)
    # The real server mails an invitation link; inviting by mail makes the room public.
    if room["type"] != m.PUBLIC:
        ctx.repo.rooms.set_type(room["id"], m.PUBLIC)
        messages.post_system(ctx, room, "guests_allowed")
        return {"type": m.PUBLIC}
    return None


def _add(ctx: Ctx, room: dict, uids) -> None:
    if ctx.faults.active(ADD_NOT_SAVED) and ctx.me["participant_type"] == m.MODERATOR:
        return
    for uid in uids:
        if ctx.repo.participants.user(room["id"], uid) is None:
            m.add_user(ctx, room, uid, m.USER)


def _add_to_one_to_one(ctx: Ctx, room: dict, new: str, source: str):
    if ("locked-one-to-one-rooms" in ctx.features or source != "users") \
            and not ctx.faults.active(ONE_TO_ONE_ADD_ALLOWED):
        # Talk 6.0 locked one-to-one conversations to their two users.
        raise OcsError(400)
    if ctx.faults.active(ONE_TO_ONE_ADD_ALLOWED) and "locked-one-to-one-rooms" in ctx.features:
        if ctx.repo.users.exists(new) and ctx.repo.participants.user(room["id"], new) is None:
            m.add_user(ctx, room, new, m.USER)
        return None
    if not ctx.repo.users.exists(new):
        raise OcsError(404)
    if ctx.repo.participants.user(room["id"], new) is not None or ctx.faults.active(ONE_TO_ONE_ADD_KEEPS_TYPE):
        if ctx.repo.participants.user(room["id"], new) is None:
            m.add_user(ctx, room, new, m.USER)
        return None
    # Talk 3.2 to 5.x: a third user makes it a group conversation, and the answer gives the new type
    # (a string in the Talk 3.2 docs, an int from Talk 4.0 on).
    ctx.repo.rooms.set_type(room["id"], m.GROUP)
    m.add_user(ctx, room, new, m.USER)
    return {"type": str(m.GROUP) if ctx.before("4.0") else m.GROUP}


# --- removing ----------------------------------------------------------------------------------

def _remove_self(ctx: Ctx, room: dict, me: dict) -> None:
    if me["participant_type"] in m.GUEST_TYPES:
        ctx.repo.participants.remove(me)
        return
    if room["type"] != m.ONE_TO_ONE:
        count = ctx.repo.participants.count
        invited = m.INVITED_TYPES
        others = count(room["id"], invited) - (1 if me["participant_type"] in invited else 0)
        # The last moderator may not leave other invited users behind without one (guests don't count);
        # the Talk 3.2 docs do not know this rule.
        if me["participant_type"] in m.USER_MODERATOR_TYPES and others > 0 \
                and count(room["id"], m.USER_MODERATOR_TYPES) == 1 \
                and not ctx.before("4.0") and not ctx.faults.active(LAST_MODERATOR_MAY_LEAVE):
            raise OcsError(400)
        if ctx.faults.active(REMOVE_SELF_NOT_SAVED):
            return
        if last_user_deletes(ctx, room, me, others, count(room["id"], m.USER_TYPES)):
            ctx.repo.rooms.delete(room["id"])
            return
    m.remove_user(ctx, room, ctx.caller.user_id)


def last_user_deletes(ctx: Ctx, room: dict, me: dict, others: int, users: int = 1) -> bool:
    """Whether ``me`` leaving deletes ``room`` (a group or public conversation): from Talk 11.0 on
    (LAST_USER_DELETES_SINCE), when they are its last invited user (``others``: the other users of types 1-3;
    users who joined by the link and guests do not count, they go with it); before, only when nobody else of
    any type is left (``users`` counts the leaver too)."""
    if room["type"] == m.ONE_TO_ONE:
        return False
    if not ctx.since(LAST_USER_DELETES_SINCE):
        return users == 1
    return me["participant_type"] in m.INVITED_TYPES and others == 0 and not ctx.faults.active(LAST_USER_KEEPS_ROOM)


@op("removeSelf", guard=ROOM)
def remove_self(ctx: Ctx):
    if ctx.me is None:
        if ctx.faults.active(REMOVE_SELF_STRANGER_200):
            return None
        raise OcsError(404)
    joining.lobby_refuses_leaving(ctx, ctx.room, ctx.me)
    _remove_self(ctx, ctx.room, ctx.me)


class _RemoveGuard(Participant):
    """RequireParticipant; a stranger's 404 turns 403 with strangers-get-403, as for the other
    moderator actions (removing others is one)."""

    def stranger_status(self, ctx: Ctx) -> int:
        return 403 if ctx.faults.active(STRANGERS_GET_403) else 404


@op("removeParticipant", guard=_RemoveGuard())
def remove_participant(ctx: Ctx):
    room, me = ctx.room, ctx.me
    target = ctx.params.str("participant")
    if ctx.caller.is_user and target == ctx.caller.user_id:
        _remove_self(ctx, room, me)
        return None
    if ctx.faults.active(ABSENT_BEFORE_PERMISSION) and me["participant_type"] not in m.MODERATOR_TYPES \
            and (ctx.repo.participants.user(room["id"], target) if target else None) is None:
        raise OcsError(404)
    # Talk's code asks the permission first: a plain participant is refused whoever they name.
    if me["participant_type"] not in m.MODERATOR_TYPES and not ctx.faults.active(REMOVE_BY_NON_MODERATOR):
        raise OcsError(403)
    if room["type"] == m.ONE_TO_ONE and ctx.faults.active(ONE_TO_ONE_PARTNER_REMOVABLE):
        m.remove_user(ctx, room, target)
        return None
    # docs/participant.md of Talk 8.0: "400 Bad Request When the participant is a moderator or owner"; before
    # it the docs give the partner (an owner) only "403 Forbidden When the participant to remove is an owner".
    if room["type"] == m.ONE_TO_ONE and ctx.since(ONE_TO_ONE_REMOVE_400_SINCE):
        raise OcsError(400)
    other = ctx.repo.participants.user(room["id"], target) if target else None
    if other is None:
        if ctx.faults.active(REMOVE_UNKNOWN_200):
            return None
        raise OcsError(404)
    if other["participant_type"] == m.OWNER and not ctx.faults.active(REMOVE_OWNER_ALLOWED):
        raise OcsError(403)
    # The docs win over the real server's 200 (known deviation remove-participant-moderator-200).
    if other["participant_type"] == m.MODERATOR and ctx.since(REMOVE_MODERATOR_400_SINCE) \
            and not ctx.faults.active(REMOVE_MODERATOR_ALLOWED):
        raise OcsError(400)
    if not ctx.faults.active(REMOVE_NOT_SAVED):
        m.remove_user(ctx, room, target)
    return None
