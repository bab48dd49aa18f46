"""Chat endpoints (docs/chat.md; `lib/Controller/ChatController.php` and `lib/Chat/ChatManager.php` at
v7.0.0): sending, the history, the long poll, the read marker and mention suggestions.

The long poll waits outside any transaction on the room's notifier (``ctx.wait_for_change``), which a
commit touching the room wakes; the real server re-reads once a second instead. Either way a message
posted during the wait is answered at once, and with nothing new the answer is 304 after ``timeout``.
"""

from __future__ import annotations

import asyncio

from talk_refserver import membership as m
from talk_refserver import messages, settings
from talk_refserver.capabilities import CHAT_MAX_LENGTH
from talk_refserver.faults import fault
from talk_refserver.guards import CHAT_PERMISSION_BIT, LOBBY, Participant, Permission, ReadOnly, Room, outside_status
from talk_refserver.ocs import OcsError, Result
from talk_refserver.rooms import php_trim
from talk_refserver.routing import Ctx, op

HISTORY_LIMIT, MAX_LIMIT = 100, 200
# The docs allow 60 s; Talk 7 holds 30 at most (known deviation chat-timeout-capped-at-30), within it.
MAX_TIMEOUT = 30

READ_ONLY_HIDES_CHAT = fault(
    "read-only-hides-chat", "a read-only conversation refuses reading its chat, 403 (docs: only writing is refused)")
READ_ONLY_ACCEPTS_CHAT = fault(
    "read-only-accepts-chat", "a read-only conversation still accepts chat messages (docs: 403)")
CHAT_OPEN_TO_STRANGERS = fault(
    "chat-open-to-strangers",
    "users who are not participants may post, read the chat and get mention suggestions (docs: 404)")
CHAT_UNKNOWN_ROOM_200 = fault(
    "chat-unknown-room-200", "the chat endpoints answer an unknown token with 200 and empty data (docs: 404)")
CHAT_MESSAGE_NOT_SAVED = fault("chat-message-not-saved", "POST /chat/{token} answers 201 but stores nothing")
CHAT_EMPTY_MESSAGE_ACCEPTED = fault("chat-empty-message-accepted", "an empty message (\"\") is posted, 201 (docs: 400)")
CHAT_BLANK_MESSAGE_ACCEPTED = fault(
    "chat-blank-message-accepted", "a blank message (spaces) is posted, 201, as real Talk 11 servers do (no doc says)")
CHAT_MAX_LENGTH_UNCHECKED = fault(
    "chat-max-length-unchecked", "a message over config.chat.max-length characters is posted, 201 (docs: 413)")
CHAT_LENGTH_IN_BYTES = fault(
    "chat-length-in-bytes", "the max-length counts UTF-8 bytes: max-length \"ä\" are refused, 413 (docs: characters)")
GUEST_CHAT_NAME_IGNORED = fault(
    "guest-chat-name-ignored", "a guest's actorDisplayName is not stored: their messages stay nameless")
REPLY_TO_UNCHECKED = fault(
    "reply-to-unchecked", "replyTo may name a message of another conversation or a system message, 201 (docs: 400)")
REPLY_TO_REFUSED = fault("reply-to-refused", "a reply to a message of the same conversation is refused, 400")
CHAT_TIMESTAMP_MILLISECONDS = fault("chat-timestamp-milliseconds", "message timestamps are in milliseconds (docs: seconds)")
CHAT_LIMIT_UNCAPPED = fault("chat-limit-uncapped", "a limit over 200 is honoured: more than 200 messages come back")
CHAT_LIMIT_DEFAULT_ALL = fault("chat-limit-default-all", "without limit every message comes back (docs: 100)")
CHAT_LAST_GIVEN_MISSING = fault("chat-last-given-missing", "200 answers lack the X-Chat-Last-Given header")
CHAT_EMPTY_200 = fault("chat-empty-200", "nothing older or newer answers 200 with [] (docs: 304 Not Modified)")
CHAT_HISTORY_OLDEST_FIRST = fault("chat-history-oldest-first", "the history comes oldest first (docs: newest first)")
CHAT_LAST_KNOWN_REPEATED = fault(
    "chat-last-known-repeated",
    "the message lastKnownMessageId names comes again in the next page or poll: delivered twice")
CHAT_POLL_ANSWERS_AT_ONCE = fault("chat-poll-answers-at-once", "a long poll with nothing new answers 304 at once")
CHAT_POLL_IGNORES_TIMEOUT = fault(
    "chat-poll-ignores-timeout", "a long poll with nothing new is held 3 s longer than its timeout")
CHAT_POLL_SLEEPS_THROUGH = fault(
    "chat-poll-sleeps-through", "a long poll looks again only when its timeout is over, not when a message arrives")
CHAT_POLL_SKIPS_MESSAGES = fault(
    "chat-poll-skips-messages", "a long poll answers only the newest of the messages that arrived: the others are lost")
READ_MARKER_NOT_SAVED = fault("read-marker-not-saved", "POST /chat/{token}/read answers 200 but the marker stays")
READ_MARKER_GUEST_401 = fault(
    "read-marker-guest-401", "a guest gets 401 from POST /chat/{token}/read, as real Talk 7 servers answer (docs: 404)")
# Talk 8.0 to 11.1 (docs/chat.md of each release).
REPLYABLE_MISSING = fault("replyable-missing", "messages lack isReplyable (docs with chat-replies: every message has it)")
SYSTEM_MESSAGE_REPLYABLE = fault(
    "system-message-replyable", "system messages say isReplyable: true (docs: only messages one can reply to)")
REPLY_WITHOUT_PARENT = fault("reply-without-parent", "a reply comes without its parent (docs from Talk 10.0: parent)")
PARENT_NESTED = fault("parent-nested", "the parent of a reply carries its own parent (docs: never set for a parent)")
REFERENCE_ID_DROPPED = fault(
    "reference-id-dropped", "the referenceId a message was sent with is not kept: it comes back \"\"")
REFERENCE_ID_CUT_TO_40 = fault(
    "reference-id-cut-to-40", "a referenceId keeps only its first 40 characters, as Talk 9.0.0 to 11.3.3 do "
    "(docs: a sha256, 64)")
COMMON_READ_HEADER_MISSING = fault(
    "common-read-header-missing", "no X-Chat-Last-Common-Read header (docs with chat-read-status: on every answer "
    "that promises it)")
COMMON_READ_WRONG = fault(
    "common-read-wrong", "X-Chat-Last-Common-Read is the caller's own read marker, not the one every participant read")
V4_SILENT_FLAG_DROPPED = fault(
    "v4-silent-flag-dropped", "a message sent with silent=true comes back without \"silent\": true (docs: the "
    "flag, with silent-send-state)", api="v4", since="19.0")
V4_SILENT_FLAG_ALWAYS = fault(
    "v4-silent-flag-always", "every message comes back \"silent\": true, also those sent normally", api="v4",
    since="19.0")
DELETE_NOT_DELETED = fault("delete-not-deleted", "DELETE /chat/{token}/{messageId} answers 200 but the message stays")
DELETE_ANSWER_WITHOUT_PARENT = fault(
    "delete-answer-without-parent", "the message_deleted system message of a deletion lacks the deleted message as parent")
DELETE_OTHERS_MESSAGES = fault(
    "delete-others-messages", "a participant may delete another's message (docs: 403 unless a moderator)")
DELETE_BY_MODERATOR_REFUSED = fault(
    "delete-by-moderator-refused", "a moderator may not delete a participant's message, 403 (docs: 200)")
DELETE_SYSTEM_MESSAGE = fault("delete-system-message", "a system message can be deleted, 200 (docs: 405)")
DELETE_UNKNOWN_MESSAGE_200 = fault(
    "delete-unknown-message-200", "deleting a message that does not exist answers 200 (docs: 404)")
DELETE_IN_READ_ONLY = fault("delete-in-read-only", "messages can be deleted in a read-only conversation (docs: 403)")
# Depth of issue 19 (spreed's chat/delete, reply, read-status and reference-id features).
DELETED_PARENT_NOT_FLAGGED = fault(
    "deleted-parent-not-flagged", "the parent of a reply to a deleted message lacks \"deleted\": true (docs: Parent "
    "data, when deleted)", since="11.1")
DELETE_PARTNER_MESSAGE_IN_ONE_TO_ONE = fault(
    "delete-partner-message-in-one-to-one", "in a one-to-one conversation a partner may delete the other's message, "
    "200 (Talk 11.1's code: 403; no doc says)", since="11.1")
REFERENCE_ID_TOO_LONG_REFUSED = fault(
    "reference-id-too-long-refused", "a referenceId longer than a sha256 (64 characters) is refused, 400 (Talk's code "
    "cuts it; no doc gives a maximum)", since="9.0")
MESSAGE_DELETED_NOT_IN_CHAT = fault(
    "message-deleted-not-in-chat", "deleting answers the message_deleted system message but the chat never gets it "
    "(docs/capabilities.md of Talk 11.1: \"a follow up system message will make sure clients ... update it\")",
    since="11.1")
REPLY_TO_DELETED_ACCEPTED = fault(
    "reply-to-deleted-accepted", "a deleted message can be replied to, 201 (Talk 11.1's code: 400; no doc says)",
    since="11.1")
READ_MARKER_SET_DESPITE_OPT_OUT = fault(
    "read-marker-set-despite-opt-out", "fetching new messages with setReadMarker=0 still moves the read marker "
    "(docs: 0 leaves it to the client)")
REFERENCE_ID_REUSED_DROPPED = fault(
    "reference-id-reused-dropped", "a referenceId another message of the conversation already carries is not kept: "
    "it comes back \"\" (docs: the referenceId given while posting)", since="9.0")
DELETE_MESSAGE_GUEST_401 = fault(
    "delete-message-guest-401", "a guest gets 401 deleting their own message, as real Talk 11.1 servers answer "
    "(docs: no such status)")


class ChatParticipant(Participant):
    """RequireParticipant on the chat routes; its fault lets users who are not in the room through."""

    def check(self, ctx: Ctx) -> None:
        Room.check(self, ctx)
        if ctx.me is None and not (ctx.caller.is_user and self.bypassed(ctx)):
            raise OcsError(outside_status(ctx))


SELF_JOINED_MAY_NOT_CHAT = fault(
    "self-joined-may-not-chat",
    "a user who joined a public conversation by its link gets 403 posting (docs: a participant may chat)")
CHAT_PARTICIPANT = ChatParticipant(unless=CHAT_OPEN_TO_STRANGERS, missing_answers_200=CHAT_UNKNOWN_ROOM_200)


def viewer(ctx: Ctx) -> tuple[str, str]:
    if ctx.caller.is_user:
        return "users", ctx.caller.user_id
    me = ctx.me or {}
    session = me.get("session_id", "0")
    return "guests", messages.guest_actor_id(ctx, me) if session != "0" else ""


def render(ctx: Ctx, row: dict, *, with_parent: bool = True) -> dict:
    """The message object of the chat API: the room's ``lastMessage`` shape plus ``token``, ``parent``
    for a reply (as Talk 10 documents it and Talk 7 already sends) and the fields of later releases."""
    data = {**messages.render(ctx, row, viewer(ctx)), "token": ctx.room["token"]}
    if ctx.faults.active(CHAT_TIMESTAMP_MILLISECONDS):
        data["timestamp"] = data["timestamp"] * 1000
    stored = messages.stored_parameters(row)
    if "chat-replies" in ctx.features and not ctx.faults.active(REPLYABLE_MISSING):
        # Talk's Message::isReplyable: a comment by a user or a guest.
        replyable = row["verb"] == "comment" and row["actor_type"] in ("users", "guests")
        data["isReplyable"] = replyable or (row["verb"] == "system" and ctx.faults.active(SYSTEM_MESSAGE_REPLYABLE))
    if ctx.since("9.0"):
        data["referenceId"] = stored.get("referenceId", "")  # sent with or without the capability
    if row["verb"] == "comment_deleted" and (with_parent or not ctx.faults.active(DELETED_PARENT_NOT_FLAGGED)):
        data["deleted"] = True
    if stored.get("silent") and "silent-send-state" in ctx.features:  # the flag came with Talk 19
        data["silent"] = True
    if stored.get("lastEdit"):  # edit-messages (Talk 19)
        edit_type, edit_id = stored["lastEdit"]["actor"]
        data.update(lastEditActorType=edit_type, lastEditActorId=edit_id,
                    lastEditActorDisplayName=messages.display_name(ctx, edit_id) or "" if edit_type == "users" else "",
                    lastEditTimestamp=stored["lastEdit"]["timestamp"])
    parent_id = stored.get("replyTo") if row["verb"] in ("comment", "comment_deleted") else None
    if row["verb"] == "system" and row["message"] == "message_deleted":
        parent_id = None if ctx.faults.active(DELETE_ANSWER_WITHOUT_PARENT) else stored.get("message")
    if row["verb"] == "system" and row["message"] == "message_edited":  # edit-messages (API v4 servers)
        parent_id = stored.get("message")
    if row["verb"] == "comment" and ctx.faults.active(REPLY_WITHOUT_PARENT):
        parent_id = None
    if (with_parent or ctx.faults.active(PARENT_NESTED)) and parent_id:
        parent = ctx.repo.messages.by_id(parent_id)
        data["parent"] = render(ctx, parent, with_parent=False) if parent else {"id": parent_id, "deleted": True}
    return ctx.api.view.message(ctx, data)


def common_read(ctx: Ctx) -> int:
    """The newest message every user of the conversation whose read privacy is public has read
    (``X-Chat-Last-Common-Read``, docs/chat.md of Talk 11.0)."""
    if ctx.faults.active(COMMON_READ_WRONG) and ctx.me is not None:
        return ctx.me["last_read_message"]
    markers = [p["last_read_message"] for p in settings.public_readers(ctx, ctx.room["id"]) if p["user_id"]]
    return min(markers, default=0)


def read_status_headers(ctx: Ctx) -> dict:
    if "chat-read-status" not in ctx.features or ctx.faults.active(COMMON_READ_HEADER_MISSING):
        return {}
    return {"X-Chat-Last-Common-Read": str(common_read(ctx))} if settings.told_common_read(ctx) else {}


# --- sending ---------------------------------------------------------------------------------

@op("sendMessage", api=("v1", "v4"),
    guard=(CHAT_PARTICIPANT, ReadOnly(unless=READ_ONLY_ACCEPTS_CHAT), LOBBY, Permission(CHAT_PERMISSION_BIT)))
def send_message(ctx: Ctx):
    room = ctx.room
    if ctx.me is not None and ctx.me["participant_type"] == m.SELF_JOINED and ctx.faults.active(SELF_JOINED_MAY_NOT_CHAT):
        raise OcsError(403)
    raw = ctx.params.str("message")
    text = php_trim(raw)
    accepted = CHAT_EMPTY_MESSAGE_ACCEPTED if raw == "" else CHAT_BLANK_MESSAGE_ACCEPTED
    if text == "" and not ctx.faults.active(accepted):
        raise OcsError(400, reason="message")
    length = len(text.encode()) if ctx.faults.active(CHAT_LENGTH_IN_BYTES) else len(text)
    if length > CHAT_MAX_LENGTH and not ctx.faults.active(CHAT_MAX_LENGTH_UNCHECKED):
        raise OcsError(413, reason="message")
    actor_type, actor_id = messages.current_actor(ctx, room)
    name = ctx.params.str("actorDisplayName", "")
    if actor_type == "guests" and name != "" and not ctx.faults.active(GUEST_CHAT_NAME_IGNORED):
        ctx.repo.guest_names.set(actor_id, name)
    parameters = {}
    reply_to = ctx.params.int("replyTo", 0)
    if reply_to != 0:
        parent = ctx.repo.messages.by_id(reply_to)
        # Only a comment of the same conversation can be replied to (docs: not system or command).
        # A deleted message neither (Talk 11.1's Message::isReplyable; no doc says).
        verbs = ("comment", "comment_deleted") if ctx.faults.active(REPLY_TO_DELETED_ACCEPTED) else ("comment",)
        allowed = parent is not None and parent["room_id"] == room["id"] and parent["verb"] in verbs
        if (not allowed and not ctx.faults.active(REPLY_TO_UNCHECKED)) or ctx.faults.active(REPLY_TO_REFUSED):
            raise OcsError(400)
        parameters["replyTo"] = reply_to
    reference_id = ctx.params.str("referenceId", "") if "chat-reference-id" in ctx.features else ""
    if reference_id and ctx.faults.active(REFERENCE_ID_REUSED_DROPPED) and any(
            messages.stored_parameters(r).get("referenceId") == reference_id
            for r in ctx.repo.messages.older(room["id"], None, MAX_LIMIT, inclusive=False)):
        reference_id = ""
    if len(reference_id) > 64 and ctx.faults.active(REFERENCE_ID_TOO_LONG_REFUSED):
        raise OcsError(400)
    if reference_id and not ctx.faults.active(REFERENCE_ID_DROPPED):
        # A sha256 (64 hex) as the docs ask; Talk 9.0.0 to 11.3.3 kept 40.
        parameters["referenceId"] = reference_id[:40 if ctx.faults.active(REFERENCE_ID_CUT_TO_40) else 64]
    silent = ctx.params.str("silent", "").strip().lower() in ("1", "true")
    if "silent-send" in ctx.features and (silent and not ctx.faults.active(V4_SILENT_FLAG_DROPPED)
                                          or ctx.faults.active(V4_SILENT_FLAG_ALWAYS)):
        parameters["silent"] = True  # (a v4 server's: silent-send came with Talk 15)
    m.refill_one_to_one(ctx, room)  # the partner who left is back, whatever becomes of the message
    if ctx.faults.active(CHAT_MESSAGE_NOT_SAVED):
        row = {"id": (room["last_message_id"] or 0) + 1, "room_id": room["id"], "actor_type": actor_type,
               "actor_id": actor_id, "timestamp": ctx.now, "verb": "comment", "message": text, "parameters": "{}"}
        return Result(201, render(ctx, row))
    mentioned = [uid for uid in messages.mentioned_users(ctx, text) if (actor_type, actor_id) != ("users", uid)]
    message_id = messages.post_comment(ctx, room, actor_type, actor_id, text, parameters, mentioned)
    return Result(201, render(ctx, ctx.repo.messages.by_id(message_id)), headers=read_status_headers(ctx))


# --- receiving -------------------------------------------------------------------------------

def _limit(ctx: Ctx) -> int:
    if not ctx.params.has("limit"):
        return 1 << 31 if ctx.faults.active(CHAT_LIMIT_DEFAULT_ALL) else HISTORY_LIMIT
    limit = ctx.params.int("limit")
    if ctx.faults.active(CHAT_LIMIT_UNCAPPED) and limit > 0:
        return limit
    # At most 200 (docs); Talk 7 reads 0 or less as "no limit", which the docs never promise.
    return MAX_LIMIT if limit <= 0 else min(limit, MAX_LIMIT)


@op("receiveMessages", api=("v1", "v4"), guard=(CHAT_PARTICIPANT, LOBBY))
async def receive_messages(ctx: Ctx):
    if ctx.room["read_only"] == 1 and ctx.faults.active(READ_ONLY_HIDES_CHAT):
        raise OcsError(403)
    future = ctx.params.int("lookIntoFuture") == 1
    limit = _limit(ctx)
    last_known = ctx.params.int("lastKnownMessageId", 0)
    inclusive = ctx.params.int("includeLastKnown", 0) == 1 or ctx.faults.active(CHAT_LAST_KNOWN_REPEATED)
    room_id = ctx.room["id"]
    if future:
        rows = await _wait_for_newer(ctx, last_known, limit, inclusive)
    else:
        with ctx.transaction():
            rows = ctx.repo.messages.older(room_id, last_known if last_known > 0 else None, limit, inclusive=inclusive)
    # Talk 11.0: the common read is sent to whoever asks for it (lastCommonReadId); a 304 cannot carry
    # it, so nothing new answers 200 [] when it changed.
    asks = "chat-read-status" in ctx.features and ctx.params.has("lastCommonReadId")
    with ctx.transaction():
        status_headers = read_status_headers(ctx) if asks else {}
    if not rows:
        changed = status_headers and int(status_headers["X-Chat-Last-Common-Read"]) != ctx.params.int("lastCommonReadId")
        if changed:
            return Result(200, [], headers=status_headers)
        return Result(200, []) if ctx.faults.active(CHAT_EMPTY_200) else Result(304)
    with ctx.transaction():
        data = [render(ctx, row) for row in rows]
    if ctx.faults.active(CHAT_HISTORY_OLDEST_FIRST) and not future:
        data.reverse()
    # The last fetched message: the oldest of a history page, the newest of a poll.
    headers = {} if ctx.faults.active(CHAT_LAST_GIVEN_MISSING) else {"X-Chat-Last-Given": str(rows[-1]["id"])}
    return Result(200, data, headers={**headers, **status_headers})


async def _wait_for_newer(ctx: Ctx, last_known: int, limit: int, inclusive: bool) -> list[dict]:
    room, me = ctx.room, ctx.me
    timeout = min(ctx.params.int("timeout", MAX_TIMEOUT), MAX_TIMEOUT)
    if ctx.faults.active(CHAT_POLL_IGNORES_TIMEOUT):
        timeout += 3
    if ctx.faults.active(CHAT_POLL_ANSWERS_AT_ONCE):
        timeout = 0
    opted_in = ctx.params.int("setReadMarker", 1) == 1 or ctx.faults.active(READ_MARKER_SET_DESPITE_OPT_OUT)
    marker = opted_in and "chat-read-marker" in ctx.features
    loop = asyncio.get_running_loop()
    deadline = loop.time() + max(0, timeout)
    with ctx.transaction():
        # What the client has seen is read (Talk 7 moves the marker to lastKnownMessageId before waiting).
        if marker and ctx.caller.is_user and me is not None and last_known > me["last_read_message"]:
            ctx.repo.participants.set_last_read(me, last_known)
    while True:
        with ctx.transaction():
            rows = ctx.repo.messages.newer(room["id"], last_known, limit, inclusive=inclusive)
        if rows:
            return rows[-1:] if ctx.faults.active(CHAT_POLL_SKIPS_MESSAGES) else rows
        remaining = deadline - loop.time()
        if remaining <= 0:
            return []
        if ctx.faults.active(CHAT_POLL_SLEEPS_THROUGH):
            await asyncio.sleep(remaining)
        else:
            # Registered before the first suspension: a commit after the read above cannot slip by.
            await ctx.wait_for_change(room, remaining)


# --- read marker and mentions ----------------------------------------------------------------

@op("setReadMarker", api=("v1", "v4"), guard=CHAT_PARTICIPANT, feature="chat-read-marker")
def set_read_marker(ctx: Ctx):
    if not ctx.caller.is_user:
        # docs: 404 for a guest; real Talk 7 answers 401 (known deviation read-marker-guest-401).
        raise OcsError(401 if ctx.faults.active(READ_MARKER_GUEST_401) else 404)
    last_read = ctx.params.int("lastReadMessage")
    if ctx.me is not None and not ctx.faults.active(READ_MARKER_NOT_SAVED):
        ctx.repo.participants.set_last_read(ctx.me, last_read)
        ctx.me = {**ctx.me, "last_read_message": last_read}
    # v1: nothing; v4 with federation-v1 (Talk 19): the room (docs/chat.md of Talk 21.1).
    answer = ctx.api.setter_answer(ctx) if "federation-v1" in ctx.features else None
    return Result(200, answer, headers=read_status_headers(ctx))


# --- deleting (Talk 11.1, capability delete-messages) -----------------------------------------

# docs/chat.md of Talk 11.3.6: "400 Bad Request The message is already older than 6 hours".
DELETE_WITHIN = 6 * 3600


@op("deleteMessage", api=("v1", "v4"), feature="delete-messages",
    guard=(CHAT_PARTICIPANT, ReadOnly(unless=DELETE_IN_READ_ONLY), LOBBY))
def delete_message(ctx: Ctx):
    room = ctx.room
    if not ctx.caller.is_user and ctx.faults.active(DELETE_MESSAGE_GUEST_401):
        raise OcsError(401)
    row = ctx.repo.messages.by_id(int(ctx.path["messageId"]))
    if row is None or row["room_id"] != room["id"]:
        if ctx.faults.active(DELETE_UNKNOWN_MESSAGE_200):
            return None
        raise OcsError(404)
    # Talk 11.1's order: someone else's message needs a moderator (not in a one-to-one), 403; only a
    # comment can go, 405; and only within 6 hours, 400.
    actor_type, actor_id = messages.current_actor(ctx, room)
    own = (row["actor_type"], row["actor_id"]) == (actor_type, actor_id)
    # (ctx.me is None only for a stranger let through by chat-open-to-strangers.)
    moderator = ctx.me is not None and ctx.me["participant_type"] in m.MODERATOR_TYPES and (
        room["type"] != m.ONE_TO_ONE or ctx.faults.active(DELETE_PARTNER_MESSAGE_IN_ONE_TO_ONE))
    if ctx.faults.active(DELETE_BY_MODERATOR_REFUSED):
        moderator = False
    if not own and not moderator and not ctx.faults.active(DELETE_OTHERS_MESSAGES):
        raise OcsError(403)
    if row["verb"] != "comment" and not ctx.faults.active(DELETE_SYSTEM_MESSAGE):
        raise OcsError(405)
    if ctx.now - row["timestamp"] > DELETE_WITHIN:
        raise OcsError(400)
    if not ctx.faults.active(DELETE_NOT_DELETED):
        ctx.repo.messages.mark_deleted(row["id"], room["id"], (actor_type, actor_id))
    system_id = ctx.repo.messages.post(room["id"], actor_type, actor_id, ctx.now, "system", "message_deleted",
                                       {"message": row["id"]})
    answer = render(ctx, ctx.repo.messages.by_id(system_id))
    if ctx.faults.active(MESSAGE_DELETED_NOT_IN_CHAT):
        ctx.repo.messages.remove(system_id, room["id"])
    else:
        ctx.repo.rooms.set_last_message(room["id"], system_id, ctx.now)
    return Result(200, answer, headers=read_status_headers(ctx))
