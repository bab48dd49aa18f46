"""System messages, rendered as the chat API shows them (`lib/Chat/Parser/SystemMessage.php` of
spreed at v7.0.0).

The server posts the system messages of what it implements, so the chat history, ``lastMessage``
and ``lastActivity`` are real. Chat messages render their mentions as Rich Object String
placeholders (`lib/Chat/Parser/UserMention.php` at v7.0.0).
"""

from __future__ import annotations

import json
import re

from talk_refserver import crypto
from talk_refserver.faults import fault
from talk_refserver.routing import Ctx

MENTION_FLAG_NEVER_SET = fault(
    "mention-flag-never-set", "a mention is not recorded for the mentioned user: unreadMention stays false")
SEND_KEEPS_READ_MARKER = fault(
    "send-keeps-read-marker", "sending leaves the sender's read marker where it was (Talk 9.0 to 11 move it to the "
    "new message; no doc says)", since="9.0")
SYSTEM_MESSAGES_MISSING = fault(
    "system-messages-missing", "no system message is written (creating, renaming, adding someone), "
    "though system-messages is advertised")
SYSTEM_MESSAGE_BY_THE_TARGET = fault(
    "system-message-by-the-target", "a system message about a participant (user_added, user_removed, "
    "moderator_promoted, moderator_demoted) is by that participant, not by the user who acted (docs/chat.md: "
    "{actor} added {user})")
CALL_MESSAGES_MISSING = fault(
    "call-messages-missing", "joining and leaving a call writes no call_started, call_joined, call_left or "
    "call_ended system message (docs/chat.md: System messages)")
MENTION_PARAMETERS_MISSING = fault(
    "mention-parameters-missing", "a mention stays plain text \"@uid\" without a {mention-user1} placeholder and "
    "its messageParameters entry (docs: Rich Object String)")
MENTION_OF_UNKNOWN_USER = fault(
    "mention-of-unknown-user", "a mention of a user the server does not know becomes a user placeholder "
    "(Talk leaves it as text)")
MENTION_OF_OUTSIDER_STAYS_TEXT = fault(
    "mention-of-outsider-stays-text", "a mention of a user who is not in the conversation stays text (Talk makes "
    "a placeholder of any user the server knows)")
MENTION_PARAMETER_PER_OCCURRENCE = fault(
    "mention-parameter-per-occurrence", "a user mentioned twice gets two parameters, mention-user1 and mention-user2 "
    "(Talk gives one per user)")
MENTION_INSIDE_LONGER_ID = fault(
    "mention-inside-longer-id", "\"@alice\" is replaced inside \"@alicex\" too: the start of a longer id is taken for "
    "the mention (Talk replaces the longest ids first, whole)")
MENTION_QUOTED_IGNORED = fault(
    "mention-quoted-ignored", "a mention in double quotes, '@\"uid\"', stays text (docs/chat.md from Talk 8.0: ids "
    "are sent quoted so)", since="8.0")

# The text of a message that shares a rich object (docs/chat.md: object_shared - {object}).
SHARED_OBJECT = "{object}"
# Nextcloud's Comment::getMentions (NC 17): "@uid" or '@"uid with spaces"' after a space or at the start.
MENTION = re.compile(r"(?<![^\s])@(\"[a-z0-9_\-@.' ]+\"|[a-z0-9_\-@.']+)", re.IGNORECASE)

# key -> (someone else did it, the viewer did it, done to the viewer); None falls back to the first.
TEMPLATES = {
    "conversation_created": ("{actor} created the conversation", "You created the conversation", None),
    "call_started": ("{actor} started a call", "You started a call", None),
    "call_joined": ("{actor} joined the call", "You joined the call", None),
    "call_left": ("{actor} left the call", "You left the call", None),
    "call_ended": ("Call with {actor}", "Call with you", None),
    "conversation_renamed": ('{actor} renamed the conversation from "%1$s" to "%2$s"',
                             'You renamed the conversation from "%1$s" to "%2$s"', None),
    "guests_allowed": ("{actor} allowed guests", "You allowed guests", None),
    "guests_disallowed": ("{actor} disallowed guests", "You disallowed guests", None),
    "password_set": ("{actor} set a password", "You set a password", None),
    "password_removed": ("{actor} removed the password", "You removed the password", None),
    "read_only": ("{actor} locked the conversation", "You locked the conversation", None),
    "read_only_off": ("{actor} unlocked the conversation", "You unlocked the conversation", None),
    "lobby_non_moderators": ("{actor} restricted the conversation to moderators",
                             "You restricted the conversation to moderators", None),
    "lobby_none": ("{actor} opened the conversation to everyone", "You opened the conversation to everyone", None),
    "lobby_timer_reached": ("The conversation is now open to everyone", "The conversation is now open to everyone",
                            None),
    "message_deleted": ("Message deleted by {actor}", "Message deleted by you", None),
    # Talk 11.0 (room-description, listable-rooms): docs/chat.md of Talk 11.3 (listable_*), of Talk 21.1 (description_*).
    "description_set": ("{actor} set the description", "You set the description", None),
    "description_removed": ("{actor} removed the description", "You removed the description", None),
    "listable_none": ("{actor} limited the conversation to the current participants",
                      "You limited the conversation to the current participants", None),
    "listable_users": ("{actor} opened the conversation accessible to registered users",
                       "You opened the conversation accessible to registered users", None),
    "listable_all": ("{actor} opened the conversation accessible to registered users and users created with the Guests "
                     "app", "You opened the conversation accessible to registered users and users created with the "
                     "Guests app", None),
    "user_added": ("{actor} added {user}", "You added {user}", "{actor} added you"),
    "user_removed": ("{actor} removed {user}", "You removed {user}", "{actor} removed you"),
    "moderator_promoted": ("{actor} promoted {user} to moderator", "You promoted {user} to moderator",
                           "{actor} promoted you to moderator"),
    "moderator_demoted": ("{actor} demoted {user} from moderator", "You demoted {user} from moderator",
                          "{actor} demoted you from moderator"),
    "guest_moderator_promoted": ("{actor} promoted {user} to moderator", "You promoted {user} to moderator",
                                 "{actor} promoted you to moderator"),
    "guest_moderator_demoted": ("{actor} demoted {user} from moderator", "You demoted {user} from moderator",
                                "{actor} demoted you from moderator"),
}


def display_name(ctx: Ctx, uid: str) -> str | None:
    return ctx.repo.users.display_name(uid)


def guest_name(ctx: Ctx, session_hash: str) -> str:
    return ctx.repo.guest_names.get(session_hash)


def current_actor(ctx: Ctx, room) -> tuple[str, str]:
    """Who a system message is by: the user, or the guest by sha1 of their session."""
    if ctx.caller.is_user:
        return "users", ctx.caller.user_id
    row = ctx.repo.participants.guest(room["id"], ctx.caller.cookie)
    if row is None or row["session_id"] == "0":
        return "guests", "failed-to-get-session"
    return "guests", guest_actor_id(ctx, row)


def guest_actor_id(ctx: Ctx, row) -> str:
    """A guest's actorId: the sha1 of its session (v1), of its first session (v4: kept on rejoin)."""
    first = row["first_session"] if ctx.api.guest_id_from_first_session else ""
    return crypto.sha1(first or row["session_id"])


def post_system(ctx: Ctx, room, key: str, **parameters) -> None:
    if "system-messages" not in ctx.features or ctx.faults.active(SYSTEM_MESSAGES_MISSING):
        return
    actor_type, actor_id = current_actor(ctx, room)
    if "user" in parameters and ctx.faults.active(SYSTEM_MESSAGE_BY_THE_TARGET):
        actor_type, actor_id = "users", parameters["user"]
    message_id = ctx.repo.messages.post(room["id"], actor_type, actor_id, ctx.now, "system", key, parameters)
    ctx.repo.rooms.set_last_message(room["id"], message_id, ctx.now)


def post_comment(ctx: Ctx, room, actor_type: str, actor_id: str, text: str, parameters: dict,
                 mentioned: list[str] | None = None) -> int:
    """Store a comment the caller posts (a message, a shared object); its id."""
    message_id = ctx.repo.messages.post(room["id"], actor_type, actor_id, ctx.now, "comment", text, parameters)
    ctx.repo.rooms.set_last_message(room["id"], message_id, ctx.now)
    if mentioned and not ctx.faults.active(MENTION_FLAG_NEVER_SET):
        ctx.repo.messages.add_mentions(room["id"], message_id, mentioned)
    if ctx.since("9.0") and ctx.caller.is_user and ctx.me is not None and not ctx.faults.active(SEND_KEEPS_READ_MARKER):
        # Talk 9.0's ChatController: what one wrote oneself is read (no doc says so).
        ctx.repo.participants.set_last_read(ctx.me, message_id)
        ctx.me = {**ctx.me, "last_read_message": message_id}
    return message_id


def call_joined(ctx: Ctx, room, me, running: bool) -> None:
    """Before ``me`` joins the call: call_started when nobody is in it yet, else call_joined (the Talk 7.0
    docs list both; `lib/Chat/SystemMessage/Listener.php` at v7.0.0 writes them on joining the call)."""
    if me is None or me["in_call"] or ctx.faults.active(CALL_MESSAGES_MISSING):
        return
    post_system(ctx, room, "call_joined" if running else "call_started")


def call_left(ctx: Ctx, room, was_in_call: bool) -> None:
    """After the caller left the call: call_left; when nobody is in it any more and at least two
    people took part, call_ended (`lib/Activity/Listener.php` at v7.0.0: no summary of a call alone)."""
    if not was_in_call or ctx.faults.active(CALL_MESSAGES_MISSING):
        return
    post_system(ctx, room, "call_left")
    if any(p["in_call"] for p in ctx.repo.participants.of_room(room["id"])):
        return
    attended, started = set(), None
    for row in ctx.repo.messages.older(room["id"], None, 500):
        if row["verb"] == "system" and row["message"] in ("call_started", "call_joined"):
            attended.add((row["actor_type"], row["actor_id"]))
            if row["message"] == "call_started":
                started = row["timestamp"]
                break
    if len(attended) >= 2:
        users = sorted(actor_id for actor_type, actor_id in attended if actor_type == "users")
        post_system(ctx, room, "call_ended", users=users, guests=len(attended) - len(users),
                    duration=ctx.now - (started or ctx.now))


def stored_parameters(row) -> dict:
    try:
        stored = json.loads(row["parameters"] or "{}")
    except ValueError:
        return {}
    return stored if isinstance(stored, dict) else {}


def _rich_actor(ctx: Ctx, actor_type: str, actor_id: str) -> dict:
    if actor_type == "users":
        return {"type": "user", "id": actor_id, "name": display_name(ctx, actor_id) or actor_id}
    if actor_type == "guests":
        return {"type": "guest", "id": f"guest/{actor_id}", "name": guest_name(ctx, actor_id) or "Guest"}
    return {"type": "highlight", "id": actor_id, "name": ""}


def render(ctx: Ctx, row, viewer: tuple[str, str]) -> dict:
    """The message object of the chat API, without ``token`` (the room's ``lastMessage`` shape)."""
    actor_type, actor_id = row["actor_type"], row["actor_id"]
    if actor_type == "users":
        actor_name = display_name(ctx, actor_id) or ""
    elif actor_type == "guests":
        actor_name = guest_name(ctx, actor_id)
    else:
        actor_name = ""
    base = {"id": row["id"], "actorType": actor_type, "actorId": actor_id, "actorDisplayName": actor_name,
            "timestamp": row["timestamp"]}
    if row["verb"] == "comment_deleted":
        # Talk 11.1: the text of a deleted message is replaced, naming who deleted it ("you" to them; the
        # code says "author" when the author did, to the others).
        try:
            by = tuple(json.loads(row["message"]))
        except (ValueError, TypeError):
            by = (actor_type, actor_id)
        if viewer == by:
            text = "Message deleted by you"
        else:
            text = "Message deleted by author" if by == (actor_type, actor_id) else "Message deleted by {actor}"
        return {**base, "message": text, "messageParameters": {"actor": _rich_actor(ctx, *by)},
                "systemMessage": "", "messageType": "comment_deleted"}
    if row["verb"] == "comment" and row["message"] == SHARED_OBJECT:
        shared = stored_parameters(row).get("object")
        if isinstance(shared, dict):  # a rich object shared to the chat (talk_refserver.shares)
            return {**base, "message": SHARED_OBJECT, "systemMessage": "", "messageType": "comment",
                    "messageParameters": {"actor": _rich_actor(ctx, actor_type, actor_id), "object": shared}}
    if row["verb"] != "system":
        text, params = rich_mentions(ctx, row["message"])
        return {**base, "message": text, "messageParameters": params or [], "systemMessage": "",
                "messageType": row["verb"]}
    key = row["message"]
    try:
        stored = json.loads(row["parameters"]) or {}
    except ValueError:
        stored = {}
    params = {"actor": _rich_actor(ctx, actor_type, actor_id)}
    target = None
    if "user" in stored:
        target = ("users", stored["user"])
        params["user"] = _rich_actor(ctx, "users", stored["user"])
    elif "session" in stored:
        target = ("guests", stored["session"])
        params["user"] = _rich_actor(ctx, "guests", stored["session"])
    other, by_viewer, to_viewer = TEMPLATES.get(key, ("{actor}", "{actor}", None))
    if key == "user_removed" and target == (actor_type, actor_id):
        other, by_viewer, to_viewer = "{actor} left the conversation", "You left the conversation", None
    if viewer == (actor_type, actor_id):
        text = by_viewer
    elif to_viewer and target == viewer:
        text = to_viewer
    else:
        text = other
    if key == "conversation_renamed":
        text = text.replace("%1$s", str(stored.get("oldName", ""))).replace("%2$s", str(stored.get("newName", "")))
    return {**base, "message": text, "messageParameters": params, "systemMessage": key, "messageType": "system"}


def mentioned_users(ctx: Ctx, text: str) -> list[str]:
    """The existing users a message mentions, in order, each once."""
    found = dict.fromkeys(m.group(1) for m in MENTION.finditer(text))
    if ctx.faults.active(MENTION_QUOTED_IGNORED):
        found = {uid: None for uid in found if not uid.startswith('"')}
    found = dict.fromkeys(uid.strip('"') for uid in found)
    users = [uid for uid in found if ctx.repo.users.exists(uid) or ctx.faults.active(MENTION_OF_UNKNOWN_USER)]
    if ctx.faults.active(MENTION_OF_OUTSIDER_STAYS_TEXT) and ctx.room is not None:
        users = [uid for uid in users if ctx.repo.participants.user(ctx.room["id"], uid) is not None]
    return users


def rich_mentions(ctx: Ctx, text: str) -> tuple[str, dict]:
    """``@alice`` -> ``{mention-user1}`` with ``{"mention-user1": {type: user, id, name}}``; unknown users
    stay text. Longer ids first, so "@al" cannot eat the start of "@alice"."""
    if ctx.faults.active(MENTION_PARAMETERS_MISSING):
        return text, {}
    params: dict = {}
    for uid in sorted(mentioned_users(ctx, text), key=len, reverse=True):
        if ctx.faults.active(MENTION_PARAMETER_PER_OCCURRENCE):
            while f"@{uid}" in text:
                key = f"mention-user{len(params) + 1}"
                text = text.replace(f"@{uid}", "{" + key + "}", 1)
                params[key] = {"type": "user", "id": uid, "name": display_name(ctx, uid) or uid}
            continue
        key = f"mention-user{len(params) + 1}"
        if not ctx.faults.active(MENTION_QUOTED_IGNORED):
            text = text.replace(f'@"{uid}"', "{" + key + "}")
        if ctx.faults.active(MENTION_INSIDE_LONGER_ID):
            text = text.replace(f"@{uid}", "{" + key + "}")
        text = re.sub(r"(?<![^\s])@" + re.escape(uid) + r"(?![a-z0-9_\-@.'])", "{" + key + "}", text,
                      flags=re.IGNORECASE)
        params[key] = {"type": "user", "id": uid, "name": display_name(ctx, uid) or uid}
    return text, params
