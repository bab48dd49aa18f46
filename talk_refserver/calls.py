"""Call endpoints (docs/call.md of Talk 7.0, "Call management" of the Talk 3.2 API docs;
`lib/Controller/CallController.php` at v7.0.0 and v3.2.0).

A participant is in the call while its in-call flags are not 0 (1 in call, 2 with audio, 4 with
video; a plain boolean before Talk 4.0's `in-call-flags`). Joining a call needs a session in the
room (joining the room first); without one the room is "not found for the participant".
"""

from __future__ import annotations

from talk_refserver import membership as m
from talk_refserver import messages
from talk_refserver.faults import fault
from talk_refserver.guards import LOBBY, ROOM, ReadOnly, outside_status
from talk_refserver.ocs import OcsError
from talk_refserver.routing import Ctx, op

CALL_PEERS_ACTIVE_SECONDS = 30  # only sessions that pinged within the last 30 s are listed
DEFAULT_FLAGS = 7  # in call, with audio and video
IN_CALL = 1

CALL_FOR_STRANGERS = fault(
    "call-for-strangers", "a user who is not in the conversation may list, join and leave its call, 200 (docs: 404)")
CALL_PEERS_LEAK = fault("call-peers-leak", "the call's participant list also holds participants who are not in the call")
JOIN_CALL_NOT_SAVED = fault("join-call-not-saved", "joining the call answers 200 but the participant is not in the call")
LEAVE_CALL_KEEPS_FLAG = fault("leave-call-keeps-flag", "leaving the call answers 200 but participantInCall stays true")
PING_OUTSIDE_ROOM = fault("ping-outside-room", "a call ping for a conversation one is not in answers 200 (docs: 404)")
READ_ONLY_ACCEPTS_CALLS = fault(
    "read-only-accepts-calls", "a read-only conversation still lets participants join the call (docs: 403)")
PING_REMOVED = fault("ping-removed", "the call ping answers 404 though the server does not advertise no-ping (docs: 200)")
READ_ONLY_CALL_LIST_AND_LEAVE = fault(
    "read-only-call-list-and-leave",
    "a read-only conversation still lists its call and lets participants leave it, 200, as real servers do "
    "(docs from Talk 8.0: 403)", since="8.0")
JOIN_CALL_WITHOUT_SESSION = fault(
    "join-call-without-session",
    "a participant who has not joined the conversation may join and leave its call, 200 (docs from Talk 8.0: 404)",
    since="8.0")
CALL_LIST_NEEDS_SESSION = fault(
    "call-list-needs-session",
    "listing the call needs a session in the conversation: a participant who has not joined it gets 404 (docs: "
    "404 only when the conversation is not found for the participant)")
# docs/call.md of Talk 8.0 gives listing and leaving the call 403 in a read-only conversation.
READ_ONLY_LIST_AND_LEAVE_SINCE = "8.0"


class _ReadOnlySince8(ReadOnly):
    """RequireReadWriteConversation where docs/call.md of Talk 8.0 puts it: on listing the call (real
    servers since 7.0) and on leaving it (real servers do not: known deviation leave-call-read-only-200)."""

    def check(self, ctx: Ctx) -> None:
        if ctx.since(READ_ONLY_LIST_AND_LEAVE_SINCE):
            super().check(ctx)


_READ_ONLY_SINCE_8 = _ReadOnlySince8(unless=READ_ONLY_CALL_LIST_AND_LEAVE)


def _me(ctx: Ctx, *, need_session: bool = True) -> dict | None:
    """The caller's row, else 404 (the room is not found for the participant; "the user did not join
    the conversation before" without a session)."""
    if ctx.me is None:
        if ctx.faults.active(CALL_FOR_STRANGERS):
            return None
        raise OcsError(outside_status(ctx))
    if need_session and ctx.me["session_id"] == "0" and not ctx.faults.active(JOIN_CALL_WITHOUT_SESSION):
        raise OcsError(404)
    if not need_session and ctx.me["session_id"] == "0" and ctx.faults.active(CALL_LIST_NEEDS_SESSION):
        raise OcsError(404)
    return ctx.me


@op("listCallPeers", guard=(ROOM, _READ_ONLY_SINCE_8, LOBBY))
def list_peers(ctx: Ctx):
    _me(ctx, need_session=False)
    peers = []
    for p in ctx.repo.participants.of_room(ctx.room["id"]):
        active = p["session_id"] != "0" and p["last_ping"] > ctx.now - CALL_PEERS_ACTIVE_SECONDS
        if active and (p["in_call"] or ctx.faults.active(CALL_PEERS_LEAK)):
            peers.append({"userId": p["user_id"], "token": ctx.room["token"], "lastPing": p["last_ping"],
                          "sessionId": p["session_id"]})
    return peers


@op("joinCall", guard=(ROOM, ReadOnly(unless=READ_ONLY_ACCEPTS_CALLS), LOBBY))
def join_call(ctx: Ctx):
    me = _me(ctx)
    if me is None:
        return None
    flags = ctx.params.int("flags", DEFAULT_FLAGS) if "in-call-flags" in ctx.features else IN_CALL
    if not ctx.faults.active(JOIN_CALL_NOT_SAVED):
        running = any(p["in_call"] for p in ctx.repo.participants.of_room(ctx.room["id"]))
        messages.call_joined(ctx, ctx.room, me, running)
        ctx.repo.participants.set_in_call(me, flags)
    m.refill_one_to_one(ctx, ctx.room)
    return None


@op("leaveCall", guard=(ROOM, _READ_ONLY_SINCE_8, LOBBY))
def leave_call(ctx: Ctx):
    me = _me(ctx)
    if me is not None and not ctx.faults.active(LEAVE_CALL_KEEPS_FLAG):
        ctx.repo.participants.set_in_call(me, 0)
        messages.call_left(ctx, ctx.room, bool(me["in_call"]))
    return None


@op("pingCall", guard=ROOM, removed_by="no-ping")
def ping_call(ctx: Ctx):
    if ctx.me is None or ctx.me["session_id"] == "0":
        if ctx.faults.active(PING_OUTSIDE_ROOM):
            return None
        raise OcsError(404)
    if ctx.faults.active(PING_REMOVED):
        raise OcsError(404)
    ctx.repo.participants.ping(ctx.me, ctx.now)
    return None
