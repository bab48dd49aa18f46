"""The checks that run before a controller, declared on its route (``@op(..., guard=MODERATOR)``).

They mirror the annotations of spreed's controllers and its ``lib/Middleware/InjectionMiddleware.php``
(v7.0.0): ``@RequireParticipant`` (an unknown room and a room the caller is not in are both 404),
``@RequireModeratorParticipant`` (403, guest moderators included) and
``@RequireLoggedInModeratorParticipant`` (403, users only); plus Nextcloud's login check (401),
which runs before the CSRF check. A guard that resolves the room leaves it in ``ctx.room`` and the
caller's participant row (or None) in ``ctx.me``.

A guard may carry the fault that breaks its rule (``Moderator(unless=SOME_FAULT)``): with that fault
on, the guard lets the caller through. New guards (read-only 403, lobby 412) subclass :class:`Guard`.
"""

from __future__ import annotations

from talk_refserver import membership as m
from talk_refserver.faults import Fault, fault
from talk_refserver.ocs import OcsError
from talk_refserver.routing import Ctx

STRANGERS_GET_403 = fault("strangers-get-403",
                          "a non-participant gets 403 on moderator-only actions (docs: 404, as for an unknown room)")
MODERATORS_ARE_PLAIN_USERS = fault("moderators-are-plain-users",
                                   "moderators (participant type 2) get 403 on moderator-only actions, like plain users")
SELF_JOINED_ARE_MODERATORS = fault(
    "self-joined-are-moderators",
    "users who joined a public conversation by its link (type 5) may do what moderators may (docs: 403)")
GUESTS_ARE_MODERATORS = fault("guests-are-moderators", "guests (type 4) may do what moderators may (docs: 403)")
SETTINGS_STRANGERS_403 = fault(
    "settings-strangers-403", "a non-participant setting a favorite or a notification level gets 403 (docs: 404)")
SETTINGS_GUESTS_401 = fault(
    "settings-guests-401",
    "a guest setting a favorite or a notification level gets 401, as real servers do (docs: 404)")
SETTINGS_GUESTS_404 = fault(
    "settings-guests-404",
    "a guest setting a favorite or a notification level gets 404, as the Talk 7.0 docs gave it (docs from 8.0: 401)",
    since="8.0")


class Guard:
    # True for the login check, which Nextcloud's SecurityMiddleware makes before the CSRF check.
    before_csrf = False

    def __init__(self, *, unless: Fault | None = None):
        self.unless = unless

    def bypassed(self, ctx: Ctx) -> bool:
        return ctx.faults.active(self.unless)

    def check(self, ctx: Ctx) -> None:
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"{type(self).__name__}(unless={self.unless.name if self.unless else None})"


class LoggedIn(Guard):
    """A user, not a guest or nobody: 401 (an endpoint without ``@PublicPage``)."""
    before_csrf = True

    def check(self, ctx: Ctx) -> None:
        if not ctx.caller.is_user and not self.bypassed(ctx):
            raise OcsError(401, "Current user is not logged in")


class Room(Guard):
    """The room of ``{token}`` exists (404); ``ctx.me`` is the caller's row in it or None.

    ``missing_answers_200``: the fault that answers an unknown room with 200 and an empty object."""

    def __init__(self, *, unless: Fault | None = None, missing_answers_200: Fault | None = None):
        super().__init__(unless=unless)
        self.missing_answers_200 = missing_answers_200

    def check(self, ctx: Ctx) -> None:
        ctx.room = ctx.repo.rooms.find(ctx.path["token"])
        if ctx.room is None:
            if ctx.faults.active(self.missing_answers_200):
                raise OcsError(200, data={})
            raise OcsError(404)
        if "webinary-lobby" in ctx.features:
            from talk_refserver import lobby  # a passed lobby timer opens the lobby whenever the room is read

            ctx.room = lobby.current(ctx, ctx.room)
        ctx.me = m.my_participant(ctx, ctx.room)


class Participant(Room):
    """RequireParticipant: the caller is in the room, else 404 as for an unknown room."""

    def stranger_status(self, ctx: Ctx) -> int:
        return 404

    def check(self, ctx: Ctx) -> None:
        super().check(ctx)
        if ctx.me is None:
            raise OcsError(self.stranger_status(ctx))


class UserParticipant(Participant):
    """A logged-in participant; a guest is answered 404 as if not in the room (the docs of favorites and
    notification levels: "404 Not Found When ... the participant is a guest")."""

    def stranger_status(self, ctx: Ctx) -> int:
        return 403 if ctx.faults.active(SETTINGS_STRANGERS_403) else 404

    def check(self, ctx: Ctx) -> None:
        super().check(ctx)
        if not ctx.caller.is_user:
            if ctx.since("8.0"):  # docs/conversation.md of Talk 8.0: "401 Unauthorized When the participant is a guest"
                raise OcsError(404 if ctx.faults.active(SETTINGS_GUESTS_404) else 401)
            raise OcsError(401 if ctx.faults.active(SETTINGS_GUESTS_401) else 404)


class Moderator(Participant):
    """RequireModeratorParticipant: owner, moderator or guest moderator, else 403."""
    allowed = m.MODERATOR_TYPES

    def stranger_status(self, ctx: Ctx) -> int:
        return 403 if ctx.faults.active(STRANGERS_GET_403) else 404

    def check(self, ctx: Ctx) -> None:
        super().check(ctx)
        allowed = self.allowed
        if ctx.faults.active(MODERATORS_ARE_PLAIN_USERS):
            allowed = tuple(t for t in allowed if t != m.MODERATOR)
        if ctx.faults.active(SELF_JOINED_ARE_MODERATORS):
            allowed += (m.SELF_JOINED,)
        if ctx.faults.active(GUESTS_ARE_MODERATORS):
            allowed += (m.GUEST,)
        # A fault that lets "plain participants" through lets exactly those (type 3) through.
        if ctx.me["participant_type"] not in allowed and not (self.bypassed(ctx) and ctx.me["participant_type"] == m.USER):
            raise OcsError(403)


class LoggedInModerator(Moderator):
    """RequireLoggedInModeratorParticipant: owner or moderator (no guest moderators), else 403."""
    allowed = m.USER_MODERATOR_TYPES


LOGGED_IN = LoggedIn()
ROOM = Room()
PARTICIPANT = Participant()
USER_PARTICIPANT = UserParticipant()
MODERATOR = Moderator()
LOGGED_IN_MODERATOR = LoggedInModerator()


# --- the conversation's own restrictions (after the participant guards, in the real order) ----

OUTSIDE_GUESTS_GET_401 = fault(
    "outside-guests-get-401",
    "a guest who is not in the conversation (no session in it, or a group or one-to-one conversation) gets 401 "
    "on the chat and the call (docs: 404, the conversation could not be found for the participant)")
READ_ONLY_SPARES_GUESTS = fault(
    "read-only-spares-guests", "guests still write and join the call in a read-only conversation (docs: 403 for everyone)")


def outside_status(ctx: Ctx) -> int:
    """The status of a caller the conversation is not found for: 404 (chat, call), for guests too."""
    return 401 if not ctx.caller.is_user and ctx.faults.active(OUTSIDE_GUESTS_GET_401) else 404


def spares_guest(ctx: Ctx) -> bool:
    """Whether the read-only fault that lets guests through applies to this caller."""
    return not ctx.caller.is_user and ctx.faults.active(READ_ONLY_SPARES_GUESTS)


LOBBY_IGNORED = fault("lobby-ignored",
                      "the lobby lets plain users read and write the chat, list the participants and join the "
                      "call (docs: only moderators)")


class ReadOnly(Guard):
    """RequireReadWriteConversation: a read-only conversation refuses chat messages and calls, 403
    (capability `read-only-rooms`: "people can not do calls or write chat messages"). Comes after
    a participant guard, which resolves the room. Each chat or call route that carries it names the
    fault that breaks it there (``ReadOnly(unless=...)``), declared beside that route's other rules."""

    def check(self, ctx: Ctx) -> None:
        # Someone who is not in the room is the route's own 404, which comes first.
        if ctx.me is None or "read-only-rooms" not in ctx.features or self.bypassed(ctx) or spares_guest(ctx):
            return
        if ctx.room["read_only"] == 1:
            raise OcsError(403)


class Lobby(Guard):
    """RequireModeratorOrNoLobby: while the lobby is on, only moderators pass; others get 412
    (docs/webinary.md: "Only moderators can start/join a call", "Only moderators can read and write
    chat messages"). Comes after a participant guard; a lobby whose timer has passed is open."""

    def __init__(self, *, unless: Fault | None = LOBBY_IGNORED):
        super().__init__(unless=unless)

    def check(self, ctx: Ctx) -> None:
        from talk_refserver import lobby  # the lobby module registers routes that use these guards

        if ctx.me is None or "webinary-lobby" not in ctx.features or self.bypassed(ctx):
            return
        if lobby.holds(ctx, lobby.current(ctx, ctx.room), ctx.me):
            raise OcsError(412)


LOBBY = Lobby()


# --- API v4: the attendee's permissions (capability conversation-permissions, Talk 13) -----------

V4_PERMISSIONS_IGNORED = fault(
    "v4-permissions-ignored", "an attendee without the chat permission (128) may still send messages (docs: 403)",
    api="v4")


class Permission(Guard):
    """RequirePermission: the attendee's effective permissions hold ``bit``, else 403. API v4 only (a v1
    server has no permissions) and only with `conversation-permissions`; after a participant guard."""

    def __init__(self, bit: int, *, unless: Fault | None = V4_PERMISSIONS_IGNORED):
        super().__init__(unless=unless)
        self.bit = bit

    def check(self, ctx: Ctx) -> None:
        if ctx.api.name != "v4" or ctx.me is None or "conversation-permissions" not in ctx.features \
                or self.bypassed(ctx):
            return
        from talk_refserver.v4 import views  # the v4 views import the v1 room view, which imports guards' users

        if not views.permissions(ctx, ctx.room, ctx.me) & self.bit:
            raise OcsError(403)


CHAT_PERMISSION_BIT = 128
