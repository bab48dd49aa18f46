"""The webinar lobby (docs/webinary.md of Talk 7.0; `lib/Controller/WebinaryController.php` and
`lib/Webinary.php` at v7.0.0): while it is on, only moderators use the chat and the call; the others
can only join the conversation and poll it until it opens, by a moderator or by its timer.
"""

from __future__ import annotations

from talk_refserver import membership as m
from talk_refserver import messages
from talk_refserver.faults import fault
from talk_refserver.guards import LoggedIn, Moderator
from talk_refserver.ocs import INVALID_QUERY, NOT_FOUND, OcsError
from talk_refserver.rooms import UNKNOWN_ROOM_200
from talk_refserver.routing import Ctx, op

NO_LOBBY, NON_MODERATORS = 0, 1

LOBBY_BY_NON_MODERATOR = fault("lobby-by-non-moderator", "plain participants may set the lobby (docs: 403)")
LOBBY_NOT_SAVED = fault("lobby-not-saved", "closing the lobby answers 200 but lobbyState stays 0")
LOBBY_STUCK = fault("lobby-stuck", "opening a closed lobby answers 200 but it stays closed")
LOBBY_ON_ONE_TO_ONE = fault(
    "lobby-on-one-to-one", "a one-to-one conversation accepts a lobby, 200 (docs: 400, only group and public)")
LOBBY_TIMER_IGNORED = fault(
    "lobby-timer-ignored", "a lobby whose timer has passed stays closed (docs: the timestamp resets it to no lobby)")
LOBBY_ENDPOINT_MISSING = fault(
    "lobby-endpoint-missing",
    "webinary-lobby is advertised, but PUT /room/{token}/webinary/lobby answers 404 as an unknown route")
LOBBY_HOLDS_MODERATORS = fault(
    "lobby-holds-moderators", "the lobby holds moderators too (docs: a moderator can always join the conversation)")
LOBBY_SPARES_GUESTS = fault(
    "lobby-spares-guests", "the lobby lets guests (type 4) read and write the chat and join the call (docs: only moderators)")
LOBBY_HOLDS_GUEST_MODERATORS = fault(
    "lobby-holds-guest-moderators",
    "the lobby holds guest moderators (type 6) with the plain guests (docs: a moderator can always join; guests are "
    "promoted by sessionId from Talk 8.0)", since="8.0")
LOBBY_SPARES_SELF_JOINED = fault(
    "lobby-spares-self-joined",
    "the lobby lets users who joined by the link (type 5) read and write the chat and join the call (docs: only "
    "moderators)")
# openapi.json of Talk 21.1: PUT /room/{token}/webinar/lobby is for logged-in users only (no public security):
# a guest, even a guest moderator, gets 401.
V4_LOBBY_BY_GUEST_MODERATORS = fault(
    "v4-lobby-by-guest-moderators", "a guest moderator may set the lobby, 200 (openapi.json of Talk 21.1: 401)",
    api="v4")
LOBBY_TIMER_NOT_SAVED = fault("lobby-timer-not-saved", "the lobby timer is not stored: lobbyTimer stays 0")
LOBBY_TIMER_UNCHECKED = fault(
    "lobby-timer-unchecked", "a timer that is not a timestamp is taken as no timer, 200 (docs from 8.0: 400)",
    since="8.0")


def current(ctx: Ctx, room: dict) -> dict:
    """The room with its lobby as it is now: a timer that has passed opens it (as Talk does, lazily,
    when the room is next read)."""
    if (room["lobby_state"] == NON_MODERATORS and 0 < room["lobby_timer"] <= ctx.now
            and "webinary-lobby" in ctx.features and not ctx.faults.active(LOBBY_TIMER_IGNORED)):
        ctx.repo.rooms.set_lobby(room["id"], NO_LOBBY, 0)
        messages.post_system(ctx, room, "lobby_timer_reached")
        room = m.reload(ctx, room)
        if ctx.room is not None and ctx.room["id"] == room["id"]:
            ctx.room = room
    return room


def holds(ctx: Ctx, room: dict, me: dict) -> bool:
    """Whether the lobby keeps ``me`` out of the chat and the call."""
    if "webinary-lobby" not in ctx.features or room["lobby_state"] != NON_MODERATORS:
        return False
    kind = me["participant_type"]
    if kind == m.GUEST and ctx.faults.active(LOBBY_SPARES_GUESTS):
        return False
    if kind == m.SELF_JOINED and ctx.faults.active(LOBBY_SPARES_SELF_JOINED):
        return False
    if kind == m.GUEST_MODERATOR and ctx.faults.active(LOBBY_HOLDS_GUEST_MODERATORS):
        return True
    return kind not in m.MODERATOR_TYPES or ctx.faults.active(LOBBY_HOLDS_MODERATORS)


@op("setLobby", guard=(LoggedIn(unless=V4_LOBBY_BY_GUEST_MODERATORS), Moderator(unless=LOBBY_BY_NON_MODERATOR, missing_answers_200=UNKNOWN_ROOM_200)),
    feature="webinary-lobby", api=("v1", "v4"))
def set_lobby(ctx: Ctx):
    if ctx.faults.active(LOBBY_ENDPOINT_MISSING):
        raise OcsError(NOT_FOUND, INVALID_QUERY)
    room = ctx.room
    state = ctx.params.int("state")
    if state not in (NO_LOBBY, NON_MODERATORS):
        raise OcsError(400, reason="value")
    if room["type"] not in (m.GROUP, m.PUBLIC) and not ctx.faults.active(LOBBY_ON_ONE_TO_ONE):
        raise OcsError(400, reason="type")
    raw_timer = ctx.params.str("timer", "")
    # docs/webinar.md of Talk 8.0: "400 Bad Request When the given timestamp is invalid".
    if (ctx.since("8.0") and raw_timer not in ("", "null", None) and not _is_integer(raw_timer)
            and not ctx.faults.active(LOBBY_TIMER_UNCHECKED)):
        raise OcsError(400, reason="value")
    # "int/null": null, empty or a value of 0 or less means no timer.
    timer = ctx.params.int("timer") if raw_timer not in ("", "null", None) else 0
    timer = max(timer, 0)
    if ctx.faults.active(LOBBY_TIMER_NOT_SAVED):
        timer = 0
    if ctx.faults.active(LOBBY_NOT_SAVED if state == NON_MODERATORS else LOBBY_STUCK):
        state = room["lobby_state"]
    ctx.repo.rooms.set_lobby(room["id"], state, timer)
    if state != room["lobby_state"]:
        messages.post_system(ctx, room, "lobby_non_moderators" if state == NON_MODERATORS else "lobby_none")
    if ctx.since("11.0"):
        # No document gives this answer's data; from Talk 11.0 real servers send the conversation
        # (`lib/Controller/RoomController.php` at v11.0.0, setLobby): so the suite is proven to accept it.
        return ctx.api.view.room(ctx, m.reload(ctx, room), m.my_participant(ctx, room) or ctx.me)
    return None


def _is_integer(raw) -> bool:
    return isinstance(raw, int) or str(raw).strip().lstrip("+-").isdigit()
