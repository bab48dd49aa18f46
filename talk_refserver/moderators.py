"""Moderator endpoints (docs/participant.md of Talk 7.0 and 8.0, "Promote a user to a moderator" and
"Demote a moderator to a user" of the Talk 3.2 API docs; `lib/Controller/RoomController.php` at v7.0.0
and v8.0.0): users are named by `participant`, guests by `sessionId` (documented from Talk 8.0).
"""

from __future__ import annotations

from talk_refserver import crypto, messages
from talk_refserver import membership as m
from talk_refserver.faults import fault
from talk_refserver.guards import Moderator
from talk_refserver.ocs import OcsError
from talk_refserver.routing import Ctx, op

PROMOTE_BY_NON_MODERATOR = fault("promote-by-non-moderator", "plain participants may promote and demote (docs: 403)")
PROMOTE_OWNER_ALLOWED = fault("promote-owner-allowed", "promoting the owner answers 200 (docs: 403)")
PROMOTE_ABSENT_200 = fault(
    "promote-absent-200", "promoting or demoting someone who is not in the conversation answers 200 (docs: 404)")
PROMOTE_ANY_TYPE = fault(
    "promote-any-type",
    "promoting someone who is not a plain user, or demoting someone who is not a moderator, answers 200 (docs: 400 or 412)")
WRONG_TYPE_OTHER_ERA = fault(
    "wrong-type-other-release",
    "the wrong participant type on promote/demote answers the other release's status: 412 from Talk 6.0 on, 400 before")
PROMOTE_NOT_SAVED = fault("promote-not-saved", "promoting answers 200 but the participant stays what they were")
DEMOTE_OWNER_ALLOWED = fault(
    "demote-owner-allowed",
    "demoting an owner (both members of a one-to-one are) answers 200 and makes them a moderator (docs: 400)")
DEMOTE_NOT_SAVED = fault("demote-not-saved", "demoting answers 200 but the moderator stays a moderator")
DEMOTE_SELF_ALLOWED = fault("demote-self-allowed", "a moderator may demote themself, 200 (docs from Talk 8.0: 403)",
                            since="8.0")
GUEST_DEMOTE_NOT_SAVED = fault(
    "guest-demote-not-saved", "demoting a guest moderator answers 200 but the guest stays a moderator", since="8.0")

# Talk 6.0 changed the answer for the wrong participant type from 412 to 400 (docs and controller).
WRONG_TYPE_400_SINCE = "6.0"


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
        if ctx.faults.active(PROMOTE_ABSENT_200):
            raise OcsError(200)
        raise OcsError(404)
    return target, guest


def _wrong_type(ctx: Ctx) -> OcsError:
    old_era = ctx.before(WRONG_TYPE_400_SINCE)
    if ctx.faults.active(WRONG_TYPE_OTHER_ERA):
        old_era = not old_era
    return OcsError(412 if old_era else 400)


_MODERATOR_ONLY = Moderator(unless=PROMOTE_BY_NON_MODERATOR)


@op("promoteModerator", guard=_MODERATOR_ONLY)
def promote(ctx: Ctx):
    room = ctx.room
    target, guest = _target(ctx, room)
    if target["participant_type"] == m.OWNER:
        if ctx.faults.active(PROMOTE_OWNER_ALLOWED):
            return None
        raise OcsError(403)
    wanted, new_type = (m.GUEST, m.GUEST_MODERATOR) if guest else (m.USER, m.MODERATOR)
    if target["participant_type"] != wanted and not ctx.faults.active(PROMOTE_ANY_TYPE):
        raise _wrong_type(ctx)
    if target["participant_type"] == wanted and not ctx.faults.active(PROMOTE_NOT_SAVED):
        ctx.repo.participants.set_type(target, new_type)
        _announce(ctx, room, target, guest, "promoted")


@op("demoteModerator", guard=_MODERATOR_ONLY)
def demote(ctx: Ctx):
    room, me = ctx.room, ctx.me
    target, guest = _target(ctx, room)
    if target["id"] == me["id"] and not ctx.faults.active(DEMOTE_SELF_ALLOWED):
        raise OcsError(403)
    if target["participant_type"] == m.OWNER and ctx.faults.active(DEMOTE_OWNER_ALLOWED):
        ctx.repo.participants.set_type(target, m.MODERATOR)
        return
    # The owner is no moderator (type `2`): the docs' wrong-type answer, as the code gives (400 from Talk 6.0).
    wanted, new_type = (m.GUEST_MODERATOR, m.GUEST) if guest else (m.MODERATOR, m.USER)
    if target["participant_type"] != wanted and not ctx.faults.active(PROMOTE_ANY_TYPE):
        raise _wrong_type(ctx)
    not_saved = GUEST_DEMOTE_NOT_SAVED if guest else DEMOTE_NOT_SAVED
    if target["participant_type"] == wanted and not ctx.faults.active(not_saved):
        ctx.repo.participants.set_type(target, new_type)
        _announce(ctx, room, target, guest, "demoted")


def _announce(ctx: Ctx, room: dict, target: dict, guest: bool, what: str) -> None:
    if guest:
        messages.post_system(ctx, room, f"guest_moderator_{what}", session=crypto.sha1(target["session_id"]))
    else:
        messages.post_system(ctx, room, f"moderator_{what}", user=target["user_id"])
