"""Chat endpoints (docs/chat.md; `lib/Controller/ChatController.php` and `lib/Chat/ChatManager.php` at
v7.0.0): sending, the history, the long poll, the read marker and mention suggestions.

The long poll waits outside any transaction on the room's notifier (``ctx.wait_for_change``), which a
commit touching the room wakes; the real server re-reads once a second instead. Either way a message
posted during the wait is answered at once, and with nothing new the answer is 304 after ``timeout``.
"""

from __future__ import annotations

import asyncio

from talk_refserver import crypto, messages
from talk_refserver.capabilities import CHAT_MAX_LENGTH
from talk_refserver.faults import fault
from talk_refserver.guards import LOBBY, Participant, ReadOnly, Room
from talk_refserver.ocs import OcsError, Result
from talk_refserver.rooms import php_trim
from talk_refserver.routing import Ctx, op

HISTORY_LIMIT, MAX_LIMIT = 100, 200
# The docs allow 60 s; Talk 7 holds 30 at most (known deviation chat-timeout-capped-at-30), within it.
MAX_TIMEOUT = 30
MENTION_LIMIT = 20

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
CHAT_EMPTY_MESSAGE_ACCEPTED = fault("chat-empty-message-accepted", "an empty (or blank) message is posted, 201 (docs: 400)")
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
MENTION_FLAG_NEVER_SET = fault(
    "mention-flag-never-set", "a mention is not recorded for the mentioned user: unreadMention stays false")
READ_MARKER_NOT_SAVED = fault("read-marker-not-saved", "POST /chat/{token}/read answers 200 but the marker stays")
READ_MARKER_GUEST_401 = fault(
    "read-marker-guest-401", "a guest gets 401 from POST /chat/{token}/read, as real Talk 7 servers answer (docs: 404)")
MENTIONS_OFFER_STRANGERS = fault(
    "mentions-offer-strangers", "mention suggestions include users who are not participants of the conversation")
MENTIONS_LIMIT_IGNORED = fault("mentions-limit-ignored", "mention suggestions ignore limit")


class ChatParticipant(Participant):
    """RequireParticipant on the chat routes; its fault lets users who are not in the room through."""

    def check(self, ctx: Ctx) -> None:
        Room.check(self, ctx)
        if ctx.me is None and not (ctx.caller.is_user and self.bypassed(ctx)):
            raise OcsError(404)


CHAT_PARTICIPANT = ChatParticipant(unless=CHAT_OPEN_TO_STRANGERS, missing_answers_200=CHAT_UNKNOWN_ROOM_200)


def viewer(ctx: Ctx) -> tuple[str, str]:
    if ctx.caller.is_user:
        return "users", ctx.caller.user_id
    me = ctx.me or {}
    session = me.get("session_id", "0")
    return "guests", crypto.sha1(session) if session != "0" else ""


def render(ctx: Ctx, row: dict, *, with_parent: bool = True) -> dict:
    """The message object of the chat API: the room's ``lastMessage`` shape plus ``token`` (and
    ``parent`` for a reply, as Talk 8 documents it and Talk 7 already sends)."""
    data = {**messages.render(ctx, row, viewer(ctx)), "token": ctx.room["token"]}
    if ctx.faults.active(CHAT_TIMESTAMP_MILLISECONDS):
        data["timestamp"] = data["timestamp"] * 1000
    parent_id = messages.stored_parameters(row).get("replyTo") if row["verb"] == "comment" else None
    if with_parent and parent_id:
        parent = ctx.repo.messages.by_id(parent_id)
        data["parent"] = render(ctx, parent, with_parent=False) if parent else {"id": parent_id, "deleted": True}
    return data


# --- sending ---------------------------------------------------------------------------------

@op("sendMessage", guard=(CHAT_PARTICIPANT, ReadOnly(unless=READ_ONLY_ACCEPTS_CHAT), LOBBY))
def send_message(ctx: Ctx):
    room = ctx.room
    text = php_trim(ctx.params.str("message"))
    if text == "" and not ctx.faults.active(CHAT_EMPTY_MESSAGE_ACCEPTED):
        raise OcsError(400)
    length = len(text.encode()) if ctx.faults.active(CHAT_LENGTH_IN_BYTES) else len(text)
    if length > CHAT_MAX_LENGTH and not ctx.faults.active(CHAT_MAX_LENGTH_UNCHECKED):
        raise OcsError(413)
    actor_type, actor_id = messages.current_actor(ctx, room)
    name = ctx.params.str("actorDisplayName", "")
    if actor_type == "guests" and name != "" and not ctx.faults.active(GUEST_CHAT_NAME_IGNORED):
        ctx.repo.guest_names.set(actor_id, name)
    parameters = {}
    reply_to = ctx.params.int("replyTo", 0)
    if reply_to != 0:
        parent = ctx.repo.messages.by_id(reply_to)
        # Only a comment of the same conversation can be replied to (docs: not system or command).
        allowed = parent is not None and parent["room_id"] == room["id"] and parent["verb"] == "comment"
        if (not allowed and not ctx.faults.active(REPLY_TO_UNCHECKED)) or ctx.faults.active(REPLY_TO_REFUSED):
            raise OcsError(400)
        parameters["replyTo"] = reply_to
    if ctx.faults.active(CHAT_MESSAGE_NOT_SAVED):
        row = {"id": (room["last_message_id"] or 0) + 1, "room_id": room["id"], "actor_type": actor_type,
               "actor_id": actor_id, "timestamp": ctx.now, "verb": "comment", "message": text, "parameters": "{}"}
        return Result(201, render(ctx, row))
    message_id = ctx.repo.messages.post(room["id"], actor_type, actor_id, ctx.now, "comment", text, parameters)
    ctx.repo.rooms.set_last_message(room["id"], message_id, ctx.now)
    mentioned = [uid for uid in messages.mentioned_users(ctx, text) if (actor_type, actor_id) != ("users", uid)]
    if not ctx.faults.active(MENTION_FLAG_NEVER_SET):
        ctx.repo.messages.add_mentions(room["id"], message_id, mentioned)
    return Result(201, render(ctx, ctx.repo.messages.by_id(message_id)))


# --- receiving -------------------------------------------------------------------------------

def _limit(ctx: Ctx) -> int:
    if not ctx.params.has("limit"):
        return 1 << 31 if ctx.faults.active(CHAT_LIMIT_DEFAULT_ALL) else HISTORY_LIMIT
    limit = ctx.params.int("limit")
    if ctx.faults.active(CHAT_LIMIT_UNCAPPED) and limit > 0:
        return limit
    # At most 200 (docs); Talk 7 reads 0 or less as "no limit", which the docs never promise.
    return MAX_LIMIT if limit <= 0 else min(limit, MAX_LIMIT)


@op("receiveMessages", guard=(CHAT_PARTICIPANT, LOBBY))
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
    if not rows:
        return Result(200, []) if ctx.faults.active(CHAT_EMPTY_200) else Result(304)
    with ctx.transaction():
        data = [render(ctx, row) for row in rows]
    if ctx.faults.active(CHAT_HISTORY_OLDEST_FIRST) and not future:
        data.reverse()
    # The last fetched message: the oldest of a history page, the newest of a poll.
    headers = {} if ctx.faults.active(CHAT_LAST_GIVEN_MISSING) else {"X-Chat-Last-Given": str(rows[-1]["id"])}
    return Result(200, data, headers=headers)


async def _wait_for_newer(ctx: Ctx, last_known: int, limit: int, inclusive: bool) -> list[dict]:
    room, me = ctx.room, ctx.me
    timeout = min(ctx.params.int("timeout", MAX_TIMEOUT), MAX_TIMEOUT)
    if ctx.faults.active(CHAT_POLL_IGNORES_TIMEOUT):
        timeout += 3
    if ctx.faults.active(CHAT_POLL_ANSWERS_AT_ONCE):
        timeout = 0
    marker = ctx.params.int("setReadMarker", 1) == 1 and "chat-read-marker" in ctx.features
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

@op("setReadMarker", guard=CHAT_PARTICIPANT, feature="chat-read-marker")
def set_read_marker(ctx: Ctx):
    if not ctx.caller.is_user:
        # docs: 404 for a guest; real Talk 7 answers 401 (known deviation read-marker-guest-401).
        raise OcsError(401 if ctx.faults.active(READ_MARKER_GUEST_401) else 404)
    last_read = ctx.params.int("lastReadMessage")
    if ctx.me is not None and not ctx.faults.active(READ_MARKER_NOT_SAVED):
        ctx.repo.participants.set_last_read(ctx.me, last_read)
    return None


@op("getMentionSuggestions", guard=(CHAT_PARTICIPANT, LOBBY))
def get_mention_suggestions(ctx: Ctx):
    search = ctx.params.str("search").lower()
    limit = ctx.params.int("limit", MENTION_LIMIT)
    if ctx.faults.active(MENTIONS_OFFER_STRANGERS):
        uids = ctx.repo.users.search("", 0, 0)
    else:
        uids = [p["user_id"] for p in ctx.repo.participants.of_room(ctx.room["id"]) if p["user_id"]]
    found = []
    for uid in sorted(set(uids)):
        if uid == ctx.caller.user_id:
            continue  # nobody mentions themself
        label = messages.display_name(ctx, uid) or uid
        if search in uid.lower() or search in label.lower():
            found.append({"id": uid, "label": label, "source": "users"})
    return found if ctx.faults.active(MENTIONS_LIMIT_IGNORED) else found[:max(0, limit)]
