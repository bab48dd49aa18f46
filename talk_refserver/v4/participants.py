"""Attendees under ``/api/v4/room/{token}`` (docs/participant.md of Talk 21.1): listed with their
``attendeeId``, ``actorType`` and ``actorId``, removed, promoted and demoted by ``attendeeId``.
Join and leave are the shared handlers (``talk_refserver.participants``), answering in v4's shapes.
"""

from __future__ import annotations

from talk_refserver import membership as m
from talk_refserver import messages
from talk_refserver import participants as shared
from talk_refserver.apis import NULL
from talk_refserver.faults import fault
from talk_refserver.guards import LOBBY, Moderator, Participant, Room
from talk_refserver.moderators import DEMOTE_OWNER_ALLOWED
from talk_refserver.ocs import OcsError
from talk_refserver.participants import ADD_GROUP_ADDS_NOBODY, ONE_TO_ONE_ADD_ALLOWED, ONE_TO_ONE_PARTNER_REMOVABLE
from talk_refserver.routing import Ctx, op
from talk_refserver.v4 import views

V4 = "v4"
V4_REMOVE_BY_USER_ID = fault(
    "v4-remove-by-user-id",
    "DELETE /api/v4/room/{token}/attendees removes the user whose id is the attendeeId's value (docs: by attendeeId)",
    api="v4")
V4_PARTICIPANT_WITHOUT_ATTENDEE_ID = fault(
    "v4-participant-without-attendee-id", "the v4 participant list has no attendeeId (docs: every participant has it)",
    api="v4")
V4_PROMOTE_SELF_JOINED_REFUSED = fault(
    "v4-promote-self-joined-refused",
    "a user who joined by the link (type 5) cannot be promoted, 400 (docs/participant.md of Talk 21.1: type 5 may be)",
    api="v4")
V4_ADDED_SELF_JOINED_STAYS = fault(
    "v4-added-self-joined-stays",
    "a user who joined by the link and is then added stays self-joined, type 5 (RoomController::addParticipantToRoom "
    "makes them a normal user, type 3; no doc says)", api="v4")

MODERATOR = Moderator()


@op("listParticipants", guard=(Participant(), LOBBY), api=V4)
def list_participants(ctx: Ctx):
    if ctx.me["participant_type"] == m.GUEST:
        raise OcsError(403, data=NULL)
    # Guests without a live session are left out (RoomController::formatParticipantList of Talk 21.1).
    listed = [views.participant(ctx, ctx.room, row) for row in ctx.repo.participants.of_room(ctx.room["id"])
              if row["user_id"] or row["session_id"] != "0"]
    if ctx.faults.active(V4_PARTICIPANT_WITHOUT_ATTENDEE_ID):
        for entry in listed:
            entry.pop("attendeeId")
    return listed


@op("addParticipant", guard=MODERATOR, api=V4)
def add_participant(ctx: Ctx):
    room = ctx.room
    source = ctx.params.str("source", "users")
    new = ctx.params.str("newParticipant", "")
    if room["type"] in (m.ONE_TO_ONE, views.FORMER_ONE_TO_ONE, views.NOTE_TO_SELF) \
            and not (room["type"] == m.ONE_TO_ONE and ctx.faults.active(ONE_TO_ONE_ADD_ALLOWED)):
        raise OcsError(400, reason="room-type")
    if source == "users":
        if not ctx.repo.users.exists(new):
            raise OcsError(404, reason="new-participant")
        uids = [new]
    elif source == "groups":
        if not ctx.repo.groups.exists(new):
            raise OcsError(404, reason="new-participant")
        uids = [] if ctx.faults.active(ADD_GROUP_ADDS_NOBODY) else ctx.repo.groups.members(new)
    else:
        raise OcsError(400, reason="source")
    for uid in uids:
        existing = ctx.repo.participants.user(room["id"], uid)
        if existing is None:
            m.add_user(ctx, room, uid, m.USER)
        elif existing["participant_type"] == m.SELF_JOINED and not ctx.faults.active(V4_ADDED_SELF_JOINED_STAYS):
            # "existing users with USER_SELF_JOINED will get converted to regular USER participants"
            ctx.repo.participants.set_type(existing, m.USER)
    return None  # [] (RoomController::addParticipantToRoom of Talk 21.1)


def _attendee(ctx: Ctx) -> dict:
    attendee_id = ctx.params.int("attendeeId", 0)
    if ctx.faults.active(V4_REMOVE_BY_USER_ID):
        found = ctx.repo.participants.user(ctx.room["id"], str(attendee_id))
    else:
        found = ctx.repo.participants.by_id(ctx.room["id"], attendee_id)
    if found is None:
        raise OcsError(404, reason="participant")
    return found


@op("removeAttendee", guard=MODERATOR, api=V4)
def remove_attendee(ctx: Ctx):
    room = ctx.room
    target = _attendee(ctx)
    if room["type"] == m.ONE_TO_ONE and target["id"] != ctx.me["id"] and ctx.faults.active(ONE_TO_ONE_PARTNER_REMOVABLE):
        m.remove_user(ctx, room, target["user_id"])
        return ctx.api.deleted_answer()
    if room["type"] in (m.ONE_TO_ONE, views.FORMER_ONE_TO_ONE):
        raise OcsError(400, reason="room-type")
    if target["id"] == ctx.me["id"]:
        return remove_self(ctx)
    if target["participant_type"] == m.OWNER:
        raise OcsError(403, reason="owner")
    if target["participant_type"] in m.MODERATOR_TYPES:
        # docs/participant.md of Talk 21.1: "400 Bad Request When the participant is a moderator or owner"
        # (RoomController::removeAttendee of v21.1.0 removes them: known-deviations-v4.yaml)
        raise OcsError(400, data=NULL)
    if target["user_id"]:
        m.remove_user(ctx, room, target["user_id"])
    else:
        ctx.repo.participants.remove(target)
    return ctx.api.deleted_answer()


@op("removeSelf", guard=Room(), api=V4)
def remove_self(ctx: Ctx):
    room, me = ctx.room, ctx.me
    if me is None:
        raise OcsError(404, data=NULL)
    if me["user_id"]:
        # Only invited users count (ParticipantService::getNumberOfUsers: types 1-3), not who joined by the link.
        others = [p for p in ctx.repo.participants.of_room(room["id"])
                  if p["user_id"] and p["id"] != me["id"] and p["participant_type"] in m.INVITED_TYPES]
        moderators = [p for p in others if p["participant_type"] in m.USER_MODERATOR_TYPES]
        if others and not moderators and me["participant_type"] in m.USER_MODERATOR_TYPES \
                and room["type"] != m.ONE_TO_ONE:
            raise OcsError(400, reason="last-moderator")
        if shared.last_user_deletes(ctx, room, me, len(others)):
            ctx.repo.rooms.delete(room["id"])  # the last invited user leaving deletes the conversation
        else:
            m.remove_user(ctx, room, me["user_id"])
    else:
        ctx.repo.participants.remove(me)
    return ctx.api.deleted_answer()


def _promotion(ctx: Ctx, promote: bool):
    target = _attendee(ctx)
    if target["id"] == ctx.me["id"]:
        raise OcsError(403, data=NULL)
    # docs/participant.md of Talk 21.1: a normal user (3), normal guest (4) or self-joined user (5) is promoted.
    changes = {m.USER: m.MODERATOR, m.GUEST: m.GUEST_MODERATOR, m.SELF_JOINED: m.MODERATOR} if promote else \
        {m.MODERATOR: m.USER, m.GUEST_MODERATOR: m.GUEST}
    if ctx.faults.active(V4_PROMOTE_SELF_JOINED_REFUSED):
        changes.pop(m.SELF_JOINED, None)
    if not promote and target["participant_type"] == m.OWNER and ctx.faults.active(DEMOTE_OWNER_ALLOWED):
        changes[m.OWNER] = m.MODERATOR
    new_type = changes.get(target["participant_type"])
    if new_type is None:
        raise OcsError(400, data=NULL)
    ctx.repo.participants.set_type(target, new_type)
    if target["user_id"]:
        messages.post_system(ctx, ctx.room, "moderator_promoted" if promote else "moderator_demoted",
                             user=target["user_id"])
    return ctx.api.deleted_answer()


@op("promoteAttendee", guard=MODERATOR, api=V4)
def promote(ctx: Ctx):
    return _promotion(ctx, True)


@op("demoteAttendee", guard=MODERATOR, api=V4)
def demote(ctx: Ctx):
    return _promotion(ctx, False)
