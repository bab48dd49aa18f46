"""Calls under ``/api/v4/call/{token}`` (docs/call.md of Talk 21.1; the answers of a real Talk 22 where the
docs are silent): peers named by actor, joining needs a session in the conversation and the permission to
start or join the call, every success answers ``null``.
"""

from __future__ import annotations

from talk_refserver import membership as m
from talk_refserver import messages
from talk_refserver.apis import NULL
from talk_refserver.calls import CALL_LIST_NEEDS_SESSION
from talk_refserver.faults import fault
from talk_refserver.guards import LOBBY, ROOM, Guard, outside_status, spares_guest
from talk_refserver.ocs import OcsError
from talk_refserver.routing import Ctx, op
from talk_refserver.v4 import views
from talk_refserver.v4.features import V4_LOBBY

V4 = "v4"
PEERS_ACTIVE_SECONDS = 30
DEFAULT_FLAGS = 7
IN_CALL, WITH_AUDIO, WITH_VIDEO, WITH_PHONE = 1, 2, 4, 8
ALL_FLAGS = IN_CALL | WITH_AUDIO | WITH_VIDEO | WITH_PHONE

V4_CALL_WITHOUT_START_PERMISSION = fault(
    "v4-call-without-start-permission",
    "an attendee without the permission to start a call (2) starts one, 200 (docs: 403)", api="v4")
V4_JOIN_CALL_NEEDS_START_PERMISSION = fault(
    "v4-join-call-needs-start-permission",
    "an attendee with the permission to join a call (4) but not to start one cannot join a call going on, 403",
    api="v4")
V4_CALL_FLAGS_UNCHECKED = fault(
    "v4-call-flags-unchecked", "updating the call flags of someone not in the call answers 200 (docs: 400)", api="v4")
V4_CALL_FLAGS_NOT_SAVED = fault(
    "v4-call-flags-not-saved", "updating the call flags answers 200 and the old flags stay", api="v4")
V4_CALL_FLAGS_IN_READ_ONLY = fault(
    "v4-call-flags-in-read-only", "the call flags can be updated in a read-only conversation, 200 (docs: 403)",
    api="v4")
V4_CALL_WITHOUT_RECORDING_CONSENT = fault(
    "v4-call-without-recording-consent", "a call whose conversation requires recording consent is joined without "
    "it, 200 (docs: 400)", api="v4", since="18.0")


class _CallReadOnly(Guard):
    """Read-only conversations and the changelog refuse calls, 403 (InjectionMiddleware of Talk 21.1)."""

    def check(self, ctx: Ctx) -> None:
        if ctx.me is None or self.bypassed(ctx):
            return
        if (ctx.room["read_only"] == 1 or ctx.room["type"] == m.CHANGELOG) \
                and not (ctx.room["read_only"] == 1 and spares_guest(ctx)):
            raise OcsError(403)


CALL_READ_ONLY = _CallReadOnly()
CALL_FLAGS_READ_ONLY = _CallReadOnly(unless=V4_CALL_FLAGS_IN_READ_ONLY)


def _me(ctx: Ctx, need_session: bool = True) -> dict:
    # A guest is known by the session it joined with: once it left, the call is not found for it (a real
    # Talk 22 finds the guest through the session its PHP session holds).
    if ctx.me is None or (not ctx.caller.is_user and ctx.me["session_id"] == "0"):
        raise OcsError(outside_status(ctx), data=NULL)
    if (need_session or ctx.faults.active(CALL_LIST_NEEDS_SESSION)) and ctx.me["session_id"] == "0":
        raise OcsError(404, data=NULL)
    return ctx.me


@op("listCallPeers", guard=(ROOM, CALL_READ_ONLY, LOBBY), api=V4)
def list_peers(ctx: Ctx):
    _me(ctx, need_session=False)
    peers = []
    for p in ctx.repo.participants.of_room(ctx.room["id"]):
        if p["in_call"] and p["session_id"] != "0" and p["last_ping"] > ctx.now - PEERS_ACTIVE_SECONDS:
            actor_type, actor_id = views.actor(p)
            name = messages.display_name(ctx, actor_id) if actor_type == "users" else messages.guest_name(ctx, actor_id)
            peers.append({"actorType": actor_type, "actorId": actor_id, "displayName": name or "",
                          "token": ctx.room["token"], "lastPing": p["last_ping"], "sessionId": p["session_id"]})
    return peers


def _flags(ctx: Ctx) -> int:
    flags = ctx.params.int("flags", DEFAULT_FLAGS)
    if not 0 <= flags <= ALL_FLAGS:
        raise OcsError(400, data=NULL)
    return flags


@op("joinCall", guard=(ROOM, CALL_READ_ONLY, LOBBY), api=V4)
def join_call(ctx: Ctx):
    me = _me(ctx)
    if ctx.room["type"] == views.NOTE_TO_SELF:
        raise OcsError(400, reason="type")
    # docs/call.md of Talk 21.1: "400 Bad Request When recording consent is required but was not given"
    # (the conversation's `recordingConsent` 1, capability `recording-consent`).
    consent = ctx.params.str("recordingConsent", "").lower() in ("1", "true")
    if "recording-consent" in ctx.features and ctx.room.get("recording_consent") == 1 and not consent \
            and not ctx.faults.active(V4_CALL_WITHOUT_RECORDING_CONSENT):
        raise OcsError(400, reason="consent")
    flags = _flags(ctx) | IN_CALL
    allowed = views.permissions(ctx, ctx.room, me)
    running = any(p["in_call"] for p in ctx.repo.participants.of_room(ctx.room["id"]))
    needed = views.JOIN_CALL if running and not ctx.faults.active(V4_JOIN_CALL_NEEDS_START_PERMISSION) \
        else views.START_CALL
    if "conversation-permissions" in ctx.features and not allowed & needed \
            and not ctx.faults.active(V4_CALL_WITHOUT_START_PERMISSION):
        raise OcsError(403)
    if "conversation-permissions" in ctx.features:  # audio and video bits are dropped without permission
        if not allowed & views.AUDIO:
            flags &= ~WITH_AUDIO
        if not allowed & views.VIDEO:
            flags &= ~WITH_VIDEO
    messages.call_joined(ctx, ctx.room, me, running)
    ctx.repo.participants.set_in_call(me, flags)
    ctx.repo.participants.ping(me, ctx.now)
    m.refill_one_to_one(ctx, ctx.room)
    return NULL


@op("updateCallFlags", guard=(ROOM, CALL_FLAGS_READ_ONLY, V4_LOBBY), api=V4)
def update_call_flags(ctx: Ctx):
    me = _me(ctx)
    flags = _flags(ctx)
    if (not me["in_call"] or not flags & IN_CALL) and not ctx.faults.active(V4_CALL_FLAGS_UNCHECKED):
        raise OcsError(400, data=NULL)
    if not ctx.faults.active(V4_CALL_FLAGS_NOT_SAVED):
        ctx.repo.participants.set_in_call(me, flags | IN_CALL)
    return NULL


@op("leaveCall", guard=(ROOM, CALL_READ_ONLY, LOBBY), api=V4)
def leave_call(ctx: Ctx):
    """docs/call.md of Talk 21.1 gives 403 (read-only) and 412 (lobby); real servers let one leave (the
    docs win here; the suite names the difference as a known deviation)."""
    me = _me(ctx)
    if ctx.params.str("all", "").lower() in ("1", "true") and me["participant_type"] in m.MODERATOR_TYPES:
        for p in ctx.repo.participants.of_room(ctx.room["id"]):
            ctx.repo.participants.set_in_call(p, 0)
    else:
        ctx.repo.participants.set_in_call(me, 0)
    messages.call_left(ctx, ctx.room, bool(me["in_call"]))
    return NULL
