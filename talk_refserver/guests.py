"""Guests' endpoints (docs/participant.md of Talk 7.0, "Remove a guest" and "Guests" of the Talk 3.2
API docs; `RoomController::removeGuestFromRoom` and `lib/Controller/GuestController.php` at v7.0.0).

A guest is a client without credentials, known by its session cookie; its session id in a room is
what moderators name it by.
"""

from __future__ import annotations

from talk_refserver import crypto
from talk_refserver import membership as m
from talk_refserver.faults import fault
from talk_refserver.guards import Moderator
from talk_refserver.ocs import OcsError
from talk_refserver.routing import Ctx, op

REMOVE_GUEST_BY_NON_MODERATOR = fault(
    "remove-guest-by-non-moderator", "plain participants may remove guests (docs: 403)")
REMOVE_GUEST_ANYONE = fault(
    "remove-guest-anyone", "the guest endpoint also removes users, by their session id, 200 (docs: 403)")
REMOVE_GUEST_UNKNOWN_200 = fault(
    "remove-guest-unknown-200", "removing a guest session that is not in the conversation answers 200 (docs: 404)")
REMOVE_GUEST_NOT_SAVED = fault("remove-guest-not-saved", "removing a guest answers 200 but the guest stays")
GUEST_NAME_WHILE_LOGGED_IN = fault(
    "guest-name-while-logged-in", "a logged-in user may set a guest display name, 200 (docs: 403)")
GUEST_NAME_WITHOUT_SESSION = fault(
    "guest-name-without-session", "a guest who has not joined the conversation may set a name, 200 (docs: 404)")
GUEST_NAME_NOT_SAVED = fault("guest-name-not-saved", "setting the guest name answers 200 but the name is not stored")
NOT_A_GUEST_OTHER_ERA = fault(
    "not-a-guest-other-release",
    "removing a participant who is not a guest as a guest answers the other release's status: 400 before Talk 8.0, "
    "403 from it on (docs: 403 up to 7.x, 400 from 8.0)")

# docs/participant.md of Talk 8.0: a target that is not a guest is 400 (was 403); the guest name is
# refused to logged-in participants with 403 and to logged-in non-participants with 404
# (`@RequireParticipant` runs first, lib/Controller/GuestController.php at v8.0.0).
NOT_A_GUEST_400_SINCE = "8.0"
GUEST_NAME_PARTICIPANT_FIRST_SINCE = "8.0"


@op("removeGuest", guard=Moderator(unless=REMOVE_GUEST_BY_NON_MODERATOR))
def remove_guest(ctx: Ctx):
    room, me = ctx.room, ctx.me
    target = m.participant_by_session(ctx, room, ctx.params.str("participant"))
    if target is None:
        if ctx.faults.active(REMOVE_GUEST_UNKNOWN_200):
            return None
        raise OcsError(404)
    if target["participant_type"] not in m.GUEST_TYPES and not ctx.faults.active(REMOVE_GUEST_ANYONE):
        new_era = ctx.since(NOT_A_GUEST_400_SINCE) != ctx.faults.active(NOT_A_GUEST_OTHER_ERA)
        raise OcsError(400 if new_era else 403)
    if target["id"] == me["id"]:
        raise OcsError(403)
    if not ctx.faults.active(REMOVE_GUEST_NOT_SAVED):
        ctx.repo.participants.remove(target)
    return None


@op("setGuestName", api=("v1", "v4"), feature="guest-display-names")
def set_guest_name(ctx: Ctx):
    # Up to Talk 7.x users are refused before the room is looked up (`GuestController::setDisplayName`);
    # from 8.0 the room and the caller's participation come first.
    participant_first = ctx.since(GUEST_NAME_PARTICIPANT_FIRST_SINCE)
    if ctx.caller.is_user and not participant_first and not ctx.faults.active(GUEST_NAME_WHILE_LOGGED_IN):
        raise OcsError(403)
    room = ctx.repo.rooms.find(ctx.path["token"])
    if room is None:
        raise OcsError(404)
    if ctx.caller.is_user and participant_first and not ctx.faults.active(GUEST_NAME_WHILE_LOGGED_IN):
        raise OcsError(403 if m.my_participant(ctx, room) is not None else 404)
    if ctx.caller.is_user:
        return None  # only with the fault: nothing to name
    me = m.my_participant(ctx, room)
    if me is None or me["session_id"] == "0":
        if ctx.faults.active(GUEST_NAME_WITHOUT_SESSION):
            return None
        raise OcsError(404)
    if not ctx.faults.active(GUEST_NAME_NOT_SAVED):
        ctx.repo.guest_names.set(crypto.sha1(me["session_id"]), ctx.params.str("displayName"))
    return ctx.api.deleted_answer()  # v4: null (GuestController of Talk 21.1)
