"""What current clients rely on, per capability (docs/conversation.md, docs/participant.md, docs/chat.md of
Talk 21.1; openapi.json of Talk 21.1 for reactions and bans): permissions, unread, editing, reactions,
clearing the history, listable rooms, mention permissions and bans. Each route is there only when the
server advertises its capability (``feature=``), as on a release that has it.
"""

from __future__ import annotations

from talk_refserver import membership as m
from talk_refserver import messages
from talk_refserver.apis import NULL
from talk_refserver.chat import CHAT_PARTICIPANT, read_status_headers, render
from talk_refserver.faults import fault
from talk_refserver.guards import Lobby, Moderator, ReadOnly, UserParticipant
from talk_refserver.ocs import OcsError, Result
from talk_refserver.routing import Ctx, op
from talk_refserver.v4 import views
from talk_refserver.v4.moderation import CHAT_PERMISSION
from talk_refserver.v4.rooms import USERS_ONLY

V4 = "v4"
EDIT_WITHIN = 24 * 3600  # "The message is already older than 24 hours"
MAX_REACTION = 8  # a reaction is one emoji (a few code points)

V4_UNREAD_NOT_MARKED = fault(
    "v4-unread-not-marked", "DELETE /chat/{token}/read answers the room but the last message stays read", api="v4")
V4_EDIT_OTHERS = fault(
    "v4-edit-others", "a plain participant may edit someone else's message (docs: 403)", api="v4")
V4_REACTION_TWICE = fault(
    "v4-reaction-twice", "giving the same reaction again answers 201 and counts it twice (docs: 200, once)", api="v4")
V4_CLEAR_BY_NON_MODERATOR = fault(
    "v4-clear-by-non-moderator", "a plain participant may clear the history (docs: 403)", api="v4")
V4_UNREAD_BY_GUEST = fault(
    "v4-unread-by-guest", "a guest may mark the chat unread, 200 (docs: 404 for a guest)", api="v4", since="14.0")
V4_UNREAD_WITHOUT_COMMON_READ = fault(
    "v4-unread-without-common-read", "DELETE /chat/{token}/read answers without X-Chat-Last-Common-Read "
    "(docs: the header, with chat-read-status)", api="v4", since="14.0")
V4_EDIT_NOT_SAVED = fault(
    "v4-edit-not-saved", "editing answers 200 but the message keeps its old text", api="v4", since="19.0")
V4_EDIT_WITHOUT_LAST_EDIT = fault(
    "v4-edit-without-last-edit", "an edited message lacks lastEditActorType, lastEditActorId and lastEditTimestamp",
    api="v4", since="19.0")
V4_EDIT_BY_MODERATOR_REFUSED = fault(
    "v4-edit-by-moderator-refused", "a moderator may not edit a participant's message, 403 (docs: 200)",
    api="v4", since="19.0")
V4_EDIT_SYSTEM_MESSAGE = fault(
    "v4-edit-system-message", "a system message can be edited, 200 (docs: 405)", api="v4", since="19.0")
V4_EDIT_UNKNOWN_MESSAGE = fault(
    "v4-edit-unknown-message", "a message of another conversation can be edited here, 200 (docs: 404)",
    api="v4", since="19.0")
V4_EDIT_IN_READ_ONLY = fault(
    "v4-edit-in-read-only", "messages can be edited in a read-only conversation (docs: 403)", api="v4", since="19.0")
V4_EDIT_EMPTY_ACCEPTED = fault(
    "v4-edit-empty-accepted", "a message can be edited to nothing, 200 (openapi.json of Talk 21.1: 400 \"when the new "
    "message is empty\")", api="v4", since="19.0")
V4_CLEAR_KEEPS_MESSAGES = fault(
    "v4-clear-keeps-messages", "clearing the history answers 200 but the messages stay", api="v4", since="12.1")
V4_CLEAR_WITHOUT_COMMON_READ = fault(
    "v4-clear-without-common-read", "clearing the history answers without X-Chat-Last-Common-Read (docs: the header, "
    "with chat-read-status)", api="v4", since="12.1")
V4_REACTION_NOT_SAVED = fault(
    "v4-reaction-not-saved", "a reaction answers 201 but is not stored", api="v4", since="14.0")
V4_REACTION_NOT_DELETED = fault(
    "v4-reaction-not-deleted", "deleting a reaction answers 200 but it stays (whatever reaction is named)", api="v4", since="14.0")
V4_REACTION_UNKNOWN_MESSAGE = fault(
    "v4-reaction-unknown-message", "a message of another conversation can be reacted to here, 201 (docs: 404)",
    api="v4", since="14.0")
V4_REACTION_GUEST_REFUSED = fault(
    "v4-reaction-guest-refused", "a guest's reaction is refused, 403 (openapi.json: the endpoint is open to guests)",
    api="v4", since="14.0")
V4_LISTED_ROOMS_HIDDEN = fault(
    "v4-listed-rooms-hidden", "GET /listed-room never lists a listable conversation", api="v4")
V4_UNLISTED_ROOMS_LISTED = fault(
    "v4-unlisted-rooms-listed", "GET /listed-room also lists conversations whose scope is 0 (participants only)",
    api="v4")
V4_LISTED_SEARCH_TERM_IGNORED = fault(
    "v4-listed-search-term-ignored", "GET /listed-room ignores `searchTerm` and lists every open conversation",
    api="v4")
V4_LISTED_ROOMS_INCLUDE_JOINED = fault(
    "v4-listed-rooms-include-joined", "GET /listed-room also lists the open conversations the user is already in",
    api="v4")
V4_LISTABLE_BY_NON_MODERATOR = fault(
    "v4-listable-by-non-moderator", "a plain participant may open a conversation (docs: 403)", api="v4")
V4_LISTABLE_SCOPE_UNCHECKED = fault(
    "v4-listable-scope-unchecked", "a listable scope other than 0, 1 or 2 is stored, 200 (docs: 400 value)",
    api="v4")
V4_LISTABLE_NOT_SAVED = fault(
    "v4-listable-not-saved", "opening a conversation (scope 1 or 2) answers 200 but it keeps its old scope", api="v4")
V4_LISTABLE_NOT_CLOSED = fault(
    "v4-listable-not-closed", "scope 0 (participants only) answers 200 but the conversation stays listed", api="v4")
V4_LISTABLE_ANY_TYPE = fault(
    "v4-listable-any-type",
    "a one-to-one or note-to-self conversation can be opened, 200 (docs: 400, only group and public)", api="v4")
V4_LISTABLE_WRITES_NO_SYSTEM_MESSAGE = fault(
    "v4-listable-writes-no-system-message", "changing the listable scope writes no listable_none, listable_users or "
    "listable_all system message (docs/chat.md of Talk 11.3)", api="v4")
V4_LOBBY_IGNORED = fault(
    "v4-lobby-ignored", "the lobby lets plain users react, edit, read a message's context and update their call "
    "flags (docs: 412)", api="v4")
V4_REACTION_UNCHECKED = fault(
    "v4-reaction-unchecked", "any text is taken as a reaction, 201 (openapi.json of Talk 21.1: 400 invalid)",
    api="v4", since="14.0")
V4_REACTION_IN_READ_ONLY = fault(
    "v4-reaction-in-read-only", "reactions are given and taken back in a read-only conversation (docs: 403)",
    api="v4", since="14.0")
V4_SETTINGS_BY_NON_MODERATOR = fault(
    "v4-settings-by-non-moderator", "a plain participant may set the message expiration and the recording "
    "consent (docs: 403)", api="v4")
V4_SETTING_VALUES_UNCHECKED = fault(
    "v4-setting-values-unchecked", "an invalid call notification level, message expiration, recording consent or "
    "session state is taken, 200 (docs: 400)", api="v4")
V4_SETTINGS_NOT_SAVED = fault(
    "v4-settings-not-saved", "setting the call notifications, the message expiration or the recording consent "
    "answers 200 and changes nothing", api="v4")
V4_SESSION_INACTIVE_REFUSED = fault(
    "v4-session-inactive-refused", "a session cannot mark itself inactive (state 0), 400 (docs/constants.md: 0 "
    "inactive)", api="v4", since="18.0")
V4_CONTEXT_WITHOUT_MESSAGE = fault(
    "v4-context-without-message", "the context of a message leaves the message itself out", api="v4", since="19.0")
SETTINGS_MODERATOR = Moderator(unless=V4_SETTINGS_BY_NON_MODERATOR)
V4_LOBBY = Lobby(unless=V4_LOBBY_IGNORED)



# --- chat-unread --------------------------------------------------------------------------------

@op("markUnread", guard=CHAT_PARTICIPANT, api=V4, feature="chat-unread")
def mark_unread(ctx: Ctx):
    """The last message becomes unread: the marker moves to the message before it. As "Mark chat as
    read": 404 for a guest; the conversation only with ``federation-v1`` (Talk 19), else empty."""
    if not ctx.caller.is_user and not ctx.faults.active(V4_UNREAD_BY_GUEST):
        raise OcsError(404)
    last = ctx.repo.messages.last(ctx.room["id"])
    if last is not None and not ctx.faults.active(V4_UNREAD_NOT_MARKED):
        before = ctx.repo.messages.older(ctx.room["id"], last["id"], 1)
        ctx.repo.participants.set_last_read(ctx.me, before[0]["id"] if before else 0)
    with_room = "federation-v1" in ctx.features
    headers = {} if ctx.faults.active(V4_UNREAD_WITHOUT_COMMON_READ) else read_status_headers(ctx)
    return Result(200, ctx.api.setter_answer(ctx) if with_room else None, headers=headers)


# --- edit-messages ------------------------------------------------------------------------------

@op("editMessage", guard=(CHAT_PARTICIPANT, ReadOnly(unless=V4_EDIT_IN_READ_ONLY), V4_LOBBY, CHAT_PERMISSION),
    api=V4, feature="edit-messages")
def edit_message(ctx: Ctx):
    room = ctx.room
    row = ctx.repo.messages.by_id(int(ctx.path["messageId"]))
    if row is None or (row["room_id"] != room["id"] and not ctx.faults.active(V4_EDIT_UNKNOWN_MESSAGE)):
        raise OcsError(404, reason="message")
    actor = messages.current_actor(ctx, room)
    own = (row["actor_type"], row["actor_id"]) == actor
    moderator = ctx.me["participant_type"] in m.MODERATOR_TYPES and room["type"] != m.ONE_TO_ONE \
        and not ctx.faults.active(V4_EDIT_BY_MODERATOR_REFUSED)
    if not own and not moderator and not ctx.faults.active(V4_EDIT_OTHERS):
        raise OcsError(403, reason="permission")
    if row["verb"] != "comment" and not ctx.faults.active(V4_EDIT_SYSTEM_MESSAGE):
        raise OcsError(405, reason="message")
    text = ctx.params.str("message", "").strip()
    if text == "" and not ctx.faults.active(V4_EDIT_EMPTY_ACCEPTED):
        raise OcsError(400, reason="message")
    if ctx.now - row["timestamp"] > EDIT_WITHIN:
        raise OcsError(400, reason="age")
    stored = messages.stored_parameters(row)
    if not ctx.faults.active(V4_EDIT_NOT_SAVED):
        edited = {} if ctx.faults.active(V4_EDIT_WITHOUT_LAST_EDIT) else \
            {"lastEdit": {"actor": list(actor), "timestamp": ctx.now}}
        ctx.repo.messages.set_text(row["id"], row["room_id"], text, {**stored, **edited})
    system_id = ctx.repo.messages.post(room["id"], *actor, ctx.now, "system", "message_edited", {"message": row["id"]})
    ctx.repo.rooms.set_last_message(room["id"], system_id, ctx.now)
    return Result(200, render(ctx, ctx.repo.messages.by_id(system_id)), headers=read_status_headers(ctx))


# --- clear-history ------------------------------------------------------------------------------

@op("clearHistory", guard=(Moderator(unless=V4_CLEAR_BY_NON_MODERATOR),), api=V4, feature="clear-history")
def clear_history(ctx: Ctx):
    room = ctx.room
    if not ctx.faults.active(V4_CLEAR_KEEPS_MESSAGES):
        ctx.repo.messages.clear(room["id"])
    actor = messages.current_actor(ctx, room)
    system_id = ctx.repo.messages.post(room["id"], *actor, ctx.now, "system", "history_cleared", {})
    ctx.repo.rooms.set_last_message(room["id"], system_id, ctx.now)
    for row in ctx.repo.participants.of_room(room["id"]):
        ctx.repo.participants.set_last_read(row, system_id)
    headers = {} if ctx.faults.active(V4_CLEAR_WITHOUT_COMMON_READ) else read_status_headers(ctx)
    return Result(200, render(ctx, ctx.repo.messages.by_id(system_id)), headers=headers)


# --- reactions ----------------------------------------------------------------------------------

def reactions_of(ctx: Ctx, message_id: int, only: str | None = None):
    found: dict[str, list] = {}
    for r in ctx.repo.reactions.of_message(message_id):
        if only and r["reaction"] != only:
            continue
        name = messages.display_name(ctx, r["actor_id"]) if r["actor_type"] == "users" else \
            messages.guest_name(ctx, r["actor_id"])
        found.setdefault(r["reaction"], []).append({"actorType": r["actor_type"], "actorId": r["actor_id"],
                                                    "actorDisplayName": name or "", "timestamp": r["timestamp"]})
    return found or []  # PHP's empty array


def _reacted_message(ctx: Ctx, reaction_required: bool = True) -> tuple[dict, str]:
    row = ctx.repo.messages.by_id(int(ctx.path["messageId"]))
    elsewhere = row is not None and row["room_id"] != ctx.room["id"] and not ctx.faults.active(V4_REACTION_UNKNOWN_MESSAGE)
    if row is None or elsewhere or row["verb"] != "comment":
        raise OcsError(404, data=NULL)
    reaction = ctx.params.str("reaction", "")
    if reaction_required and (reaction.strip() == "" or len(reaction) > MAX_REACTION) \
            and not ctx.faults.active(V4_REACTION_UNCHECKED):
        raise OcsError(400, data=NULL)
    return row, reaction


REACTION_GUARD = (CHAT_PARTICIPANT, V4_LOBBY)
REACTION_READ_ONLY = ReadOnly(unless=V4_REACTION_IN_READ_ONLY)


@op("getReactions", guard=REACTION_GUARD, api=V4, feature="reactions")
def get_reactions(ctx: Ctx):
    row, reaction = _reacted_message(ctx, reaction_required=False)
    return reactions_of(ctx, row["id"], reaction or None)


@op("addReaction", guard=(*REACTION_GUARD, REACTION_READ_ONLY, CHAT_PERMISSION), api=V4, feature="reactions")
def add_reaction(ctx: Ctx):
    row, reaction = _reacted_message(ctx)
    if not ctx.caller.is_user and ctx.faults.active(V4_REACTION_GUEST_REFUSED):
        raise OcsError(403, data=NULL)
    actor = messages.current_actor(ctx, ctx.room)
    if ctx.faults.active(V4_REACTION_NOT_SAVED) and not reactions_of(ctx, row["id"], reaction):
        return Result(201, {reaction: [{"actorType": actor[0], "actorId": actor[1], "actorDisplayName": "",
                                        "timestamp": ctx.now}]})
    added = ctx.repo.reactions.add(ctx.room["id"], row["id"], *actor, reaction, ctx.now)
    if not added and ctx.faults.active(V4_REACTION_TWICE):
        ctx.repo.reactions.add(ctx.room["id"], row["id"], actor[0], actor[1] + "\x00again", reaction, ctx.now)
        added = True
    return Result(201 if added else 200, reactions_of(ctx, row["id"]))


@op("deleteReaction", guard=(*REACTION_GUARD, REACTION_READ_ONLY, CHAT_PERMISSION), api=V4, feature="reactions")
def delete_reaction(ctx: Ctx):
    if ctx.faults.active(V4_REACTION_NOT_DELETED):  # 200 whatever reaction is named, and nothing goes
        row, _ = _reacted_message(ctx, reaction_required=False)
        return reactions_of(ctx, row["id"])
    row, reaction = _reacted_message(ctx)
    if not ctx.repo.reactions.remove(ctx.room["id"], row["id"], *messages.current_actor(ctx, ctx.room), reaction):
        raise OcsError(404, data=NULL)
    return reactions_of(ctx, row["id"])


# --- listable-rooms -----------------------------------------------------------------------------

LISTABLE_SCOPES = (0, 1, 2)  # none, users of the instance, everyone (also guest-app users)
LISTABLE_MESSAGES = {0: "listable_none", 1: "listable_users", 2: "listable_all"}  # docs/chat.md of Talk 11.3


@op("setListable", guard=(USERS_ONLY, Moderator(unless=V4_LISTABLE_BY_NON_MODERATOR),), api=V4, feature="listable-rooms")
def set_listable(ctx: Ctx):
    scope = ctx.params.int("scope", -1)
    # openapi.json of Talk 21.1: `scope` is one of 0, 1, 2; 400 {"error": "value"} otherwise.
    if scope not in LISTABLE_SCOPES and not ctx.faults.active(V4_LISTABLE_SCOPE_UNCHECKED):
        raise OcsError(400, reason="value")
    if ctx.room["type"] not in (m.GROUP, m.PUBLIC) and not ctx.faults.active(V4_LISTABLE_ANY_TYPE):
        raise OcsError(400, reason="type")
    if ctx.faults.active(V4_LISTABLE_NOT_CLOSED if scope == 0 else V4_LISTABLE_NOT_SAVED):
        return ctx.api.setter_answer(ctx)
    ctx.repo.rooms.set_field(ctx.room["id"], "listable", scope)
    if scope != ctx.room["listable"] and scope in LISTABLE_MESSAGES and not ctx.faults.active(
            V4_LISTABLE_WRITES_NO_SYSTEM_MESSAGE):
        messages.post_system(ctx, ctx.room, LISTABLE_MESSAGES[scope])
    return ctx.api.setter_answer(ctx)


@op("listListedRooms", guard=USERS_ONLY, api=V4, feature="listable-rooms")
def list_listed_rooms(ctx: Ctx):
    if ctx.faults.active(V4_LISTED_ROOMS_HIDDEN):
        return []
    term = "" if ctx.faults.active(V4_LISTED_SEARCH_TERM_IGNORED) else ctx.params.str("searchTerm", "").lower()
    found = []
    for room in ctx.repo.rooms.all():
        if (room["listable"] or ctx.faults.active(V4_UNLISTED_ROOMS_LISTED)) and room["type"] in (m.GROUP, m.PUBLIC) and term in room["name"].lower() \
                and (ctx.repo.participants.user(room["id"], ctx.caller.user_id) is None
                     or ctx.faults.active(V4_LISTED_ROOMS_INCLUDE_JOINED)):
            found.append(views.room(ctx, room, {"participant_type": m.USER}))
    return found


# --- notification-calls, message-expiration, recording-consent, session-state, chat-get-context ---

@op("setCallNotificationLevel", guard=(USERS_ONLY, UserParticipant()), api=V4, feature="notification-calls")
def set_call_notification_level(ctx: Ctx):
    level = ctx.params.int("level", -1)
    if level not in (0, 1) and not ctx.faults.active(V4_SETTING_VALUES_UNCHECKED):
        raise OcsError(400, reason="level")
    if not ctx.faults.active(V4_SETTINGS_NOT_SAVED):
        ctx.repo.participants.set_fields(ctx.me, notification_calls=level)
    return ctx.api.setter_answer(ctx)


@op("setMessageExpiration", guard=SETTINGS_MODERATOR, api=V4, feature="message-expiration")
def set_message_expiration(ctx: Ctx):
    seconds = ctx.params.int("seconds", -1)
    if seconds < 0 and not ctx.faults.active(V4_SETTING_VALUES_UNCHECKED):
        raise OcsError(400, reason="seconds")
    if not ctx.faults.active(V4_SETTINGS_NOT_SAVED):
        ctx.repo.rooms.set_field(ctx.room["id"], "message_expiration", seconds)
    return ctx.api.setter_answer(ctx)


@op("setRecordingConsent", guard=SETTINGS_MODERATOR, api=V4, feature="recording-consent")
def set_recording_consent(ctx: Ctx):
    consent = ctx.params.int("recordingConsent", -1)
    if consent not in (0, 1) and not ctx.faults.active(V4_SETTING_VALUES_UNCHECKED):
        raise OcsError(400, reason="value")
    if consent and any(p["in_call"] for p in ctx.repo.participants.of_room(ctx.room["id"])):
        raise OcsError(400, reason="call")
    if not ctx.faults.active(V4_SETTINGS_NOT_SAVED):
        ctx.repo.rooms.set_field(ctx.room["id"], "recording_consent", consent)
    return ctx.api.setter_answer(ctx)


@op("setSessionState", guard=(CHAT_PARTICIPANT,), api=V4, feature="session-state")
def set_session_state(ctx: Ctx):
    state = ctx.params.int("state", -1)
    valid = (1,) if ctx.faults.active(V4_SESSION_INACTIVE_REFUSED) else (0, 1)  # docs/constants.md: 0 inactive, 1 active
    if state not in valid and not ctx.faults.active(V4_SETTING_VALUES_UNCHECKED):
        raise OcsError(400, reason="state")
    if ctx.me["session_id"] == "0":
        raise OcsError(404, data=NULL)
    return ctx.api.setter_answer(ctx)


@op("getMessageContext", guard=(CHAT_PARTICIPANT, V4_LOBBY), api=V4, feature="chat-get-context")
def get_message_context(ctx: Ctx):
    room = ctx.room
    row = ctx.repo.messages.by_id(int(ctx.path["messageId"]))
    if row is None or row["room_id"] != room["id"]:
        raise OcsError(404, data=NULL)
    limit = min(max(ctx.params.int("limit", 50), 1), 100)
    older = ctx.repo.messages.older(room["id"], row["id"], limit)
    newer = ctx.repo.messages.newer(room["id"], row["id"], limit)
    itself = [] if ctx.faults.active(V4_CONTEXT_WITHOUT_MESSAGE) else [row]
    around = sorted([*older, *itself, *newer], key=lambda r: r["id"], reverse=True)
    return Result(200, [render(ctx, r) for r in around], headers=read_status_headers(ctx))
