"""Joining and leaving a conversation: who may enter (invited users; guests and users following the link of a
public conversation, with its password; users a conversation is opened to), the session a join opens,
and what leaving ends (docs/participant.md)."""

from __future__ import annotations

from talk_refserver import crypto, messages
from talk_refserver import membership as m
from talk_refserver.faults import fault
from talk_refserver.guards import ROOM
from talk_refserver.ocs import OcsError, Result
from talk_refserver.routing import Ctx, op

PASSWORD_NOT_CHECKED = fault("password-not-checked",
                             "a public conversation's password is ignored on join (docs: 403 when wrong)")
PASSWORD_JOIN_REFUSED = fault("password-join-refused",
                              "joining a protected conversation with the right password answers 403 (docs: 200)")
REFUSED_JOIN_LETS_IN = fault(
    "refused-join-lets-in",
    "a guest or user refused for a wrong password (403) is let in all the same: they write and read the chat "
    "(docs: 403, and the chat is not found for who has not joined)")
PASSWORD_ASKED_OF_INVITED = fault(
    "password-asked-of-invited", "invited users must give the password to join, 403 (docs: only types 4 and 5)")
PASSWORD_ONLY_FOR_GUESTS = fault(
    "password-only-for-guests", "users joining a public conversation by its link need no password (docs: 403)")
OUTSIDERS_JOIN_PRIVATE = fault(
    "outsiders-join-private", "guests and users who were not invited may join a group conversation, 200 (docs: 404)")
LOBBY_REFUSES_JOINING = fault(
    "lobby-refuses-joining",
    "while the lobby is on, those it holds cannot join the conversation, 412 (docs/webinary.md: \"Normal users can "
    "only join the room\")")
LOBBY_REFUSES_LEAVING = fault(
    "lobby-refuses-leaving",
    "while the lobby is on, those it holds cannot leave the conversation or remove themselves, 412 (docs: the lobby "
    "holds back the chat and the call only)")
V4_LISTED_ROOMS_NOT_JOINABLE = fault(
    "v4-listed-rooms-not-joinable",
    "a user who was not invited cannot join a group conversation opened to users, 404 (docs: listable scope)", api="v4")
V4_LISTED_ROOMS_OPEN_TO_GUESTS = fault(
    "v4-listed-rooms-open-to-guests",
    "a guest may join a group conversation opened to everyone, 200 (docs: only a public conversation takes guests)",
    api="v4")
V4_LISTED_JOINERS_SELF_JOINED = fault(
    "v4-listed-joiners-self-joined",
    "a user joining a conversation opened to users becomes self-joined (5), not a user (3) as in Talk's code",
    api="v4")
JOIN_WITHOUT_SESSION = fault("join-without-session", "joining answers 200 but the participant's sessionId stays '0'")
LEAVE_KEEPS_SESSION = fault("leave-keeps-session", "leaving answers 200 but the participant's sessionId stays set")
LEAVE_UNKNOWN_200 = fault("leave-unknown-200", "leaving a conversation one is not in answers 200 (docs: 404)")
SELF_JOINED_KEPT_ON_LEAVE = fault(
    "self-joined-kept-on-leave",
    "a user who joined by the link stays a participant (type 5) after leaving (Talk's code removes them; no doc says)")
JOIN_FORCE_IGNORED = fault(
    "join-force-ignored",
    "a join with force=false while the user has an active session answers 200 (docs from Talk 10.0: 409)",
    since="10.0")



# --- joining and leaving -----------------------------------------------------------------------

# docs/participant.md of Talk 10.0: `force=false` and its 409, `includeStatus`.
JOIN_CONFLICT_SINCE = "10.0"


def _password_ok(ctx: Ctx, room: dict, password: str) -> bool:
    if not room["password_hash"] or ctx.faults.active(PASSWORD_NOT_CHECKED):
        return True
    if ctx.caller.is_user and ctx.faults.active(PASSWORD_ONLY_FOR_GUESTS):
        return True
    return crypto.verify_password(password, room["password_hash"]) and not ctx.faults.active(PASSWORD_JOIN_REFUSED)


@op("joinRoom", guard=ROOM, api=("v1", "v4"))
def join(ctx: Ctx):
    room, me = ctx.room, ctx.me
    password = ctx.params.str("password", "")
    session_id = crypto.new_session_id(ctx.api.session_id_length)
    if ctx.api.name == "v4":
        from talk_refserver.v4 import moderation  # the v4 rule of ban-v1 (Talk 20)

        if moderation.banned(ctx, room):
            raise OcsError(403, reason="ban")
    listed = _listed_for(ctx, room)
    public = room["type"] == m.PUBLIC or listed or ctx.faults.active(OUTSIDERS_JOIN_PRIVATE)
    if me is None or me["participant_type"] in (m.GUEST, m.GUEST_MODERATOR, m.SELF_JOINED):
        if not public:
            raise OcsError(404)
        # Invited users never need the password; guests and users following the link do.
        if not _password_ok(ctx, room, password):
            if ctx.faults.active(REFUSED_JOIN_LETS_IN):
                _enter(ctx, room, me, session_id)  # answered 403, but the session stays
                return Result.of(OcsError(403, reason="password"))
            raise OcsError(403, reason="password")
    elif room["password_hash"] and ctx.faults.active(PASSWORD_ASKED_OF_INVITED) \
            and not crypto.verify_password(password, room["password_hash"]):
        raise OcsError(403)
    # docs/webinary.md: while the lobby is on "Normal users can only join the room": joining stays open.
    if ctx.faults.active(LOBBY_REFUSES_JOINING) and room["lobby_state"] == 1 \
            and (me is None or me["participant_type"] not in m.MODERATOR_TYPES):
        raise OcsError(412)
    _refuse_second_session(ctx, me)
    _enter(ctx, room, me, session_id, listed)
    if not ctx.since("4.0"):
        return {"sessionId": session_id}  # Talk 3.2 answers only the session (RoomController at v3.2.0)
    room = m.reload(ctx, room)
    return ctx.api.view.room(ctx, room, m.my_participant(ctx, room))


def _enter(ctx: Ctx, room: dict, me: dict | None, session_id: str, listed: bool = False) -> None:
    """The caller is in the conversation with a new session: a guest, or a user following the link
    (self-joined, type 5), is added first; a user joining a conversation opened to them (``listed``) is
    added as a normal user, who writes their own user_added (Talk's code; spreed's system-messages.feature)."""
    if me is None and listed and ctx.caller.is_user:
        kind = m.SELF_JOINED if ctx.faults.active(V4_LISTED_JOINERS_SELF_JOINED) else m.USER
        me = m.add_user(ctx, room, ctx.caller.user_id, kind)
        messages.post_system(ctx, room, "user_added", user=ctx.caller.user_id)
    elif me is None:
        if ctx.caller.is_user:
            me = m.add_user(ctx, room, ctx.caller.user_id, m.SELF_JOINED)
        else:
            me = m.add_guest(ctx, room, session_id)
    if ctx.faults.active(JOIN_WITHOUT_SESSION):
        ctx.repo.participants.set_session(me, "0", ctx.now)
    else:
        ctx.repo.participants.set_session(me, session_id, ctx.now)


def _listed_for(ctx: Ctx, room: dict) -> bool:
    """API v4 (listable-rooms): a group or public conversation opened to users (1) or everyone (2) is open to
    every user of the instance (docs/constants.md, "Listable scope"; no user of the Guests app here)."""
    if ctx.api.name != "v4" or room["type"] not in (m.GROUP, m.PUBLIC) or not room.get("listable"):
        return False
    if not ctx.caller.is_user:
        return ctx.faults.active(V4_LISTED_ROOMS_OPEN_TO_GUESTS)
    return room["type"] != m.GROUP or not ctx.faults.active(V4_LISTED_ROOMS_NOT_JOINABLE)


def lobby_refuses_leaving(ctx: Ctx, room: dict, me: dict) -> None:
    # docs/webinary.md: the lobby holds back the chat and the call; leaving stays open.
    if ctx.faults.active(LOBBY_REFUSES_LEAVING) and room["lobby_state"] == 1 \
            and me["participant_type"] not in m.MODERATOR_TYPES:
        raise OcsError(412)


def _refuse_second_session(ctx: Ctx, me: dict | None) -> None:
    """`force=false` (Talk 10.0): a user who already has a session is answered 409 with that session.
    The docs say any active session; Talk 11's code only one in a call (known deviation
    join-force-conflict-only-in-call): the docs win."""
    if me is None or not ctx.caller.is_user or me["session_id"] == "0" or not ctx.since(JOIN_CONFLICT_SINCE):
        return
    if str(ctx.params.str("force", "true")).strip().lower() not in ("false", "0", ""):
        return
    if ctx.faults.active(JOIN_FORCE_IGNORED):
        return
    raise OcsError(409, data={"sessionId": me["session_id"], "inCall": me["in_call"], "lastPing": me["last_ping"]})


@op("leaveRoom", guard=ROOM, api=("v1", "v4"))
def leave(ctx: Ctx):
    room, me = ctx.room, ctx.me
    if me is None:
        # The docs give 404 (real servers answer 200 whatever the room: known deviation leave-room-always-200).
        if ctx.faults.active(LEAVE_UNKNOWN_200):
            return None
        raise OcsError(404)
    lobby_refuses_leaving(ctx, room, me)
    if ctx.faults.active(LEAVE_KEEPS_SESSION):
        return None
    if me["participant_type"] in m.GUEST_TYPES and not ctx.api.guest_id_from_first_session:
        ctx.repo.participants.remove(me)
    elif me["participant_type"] == m.SELF_JOINED and not ctx.faults.active(SELF_JOINED_KEPT_ON_LEAVE):
        m.remove_user(ctx, room, me["user_id"])  # leaving removes who joined by the link (Talk's code)
    else:
        ctx.repo.participants.end_session(me)
    return ctx.api.deleted_answer()
