"""Who may do what in a conversation, per capability (docs/conversation.md, docs/participant.md,
docs/constants.md of Talk 21.1; openapi.json of Talk 21.1 for bans): attendee, default and call
permissions (conversation-permissions), who may mention everyone (mention-permissions) and bans
(ban-v1). Each route is there only when the server advertises its capability (``feature=``).
"""

from __future__ import annotations

from talk_refserver import membership as m
from talk_refserver import messages
from talk_refserver.apis import NULL
from talk_refserver.faults import fault
from talk_refserver.guards import Moderator, Permission
from talk_refserver.ocs import OcsError
from talk_refserver.routing import Ctx, op
from talk_refserver.v4 import views

V4 = "v4"
V4_BANNED_MAY_JOIN = fault(
    "v4-banned-may-join", "a banned user may join the conversation again (docs: 403 ban)", api="v4")
V4_MENTION_PERMISSIONS_UNCHECKED = fault(
    "v4-mention-permissions-unchecked", "mentionPermissions 7 is stored, 200 (docs: 400, only 0 and 1)", api="v4")
V4_MENTION_PERMISSIONS_NOT_SAVED = fault(
    "v4-mention-permissions-not-saved", "setting the mention permissions answers 200 and changes nothing", api="v4")
V4_MENTION_PERMISSIONS_BY_NON_MODERATOR = fault(
    "v4-mention-permissions-by-non-moderator", "a plain participant may set the mention permissions (docs: 403)",
    api="v4")
MENTIONS_ALL_IN_ONE_TO_ONE = fault(
    "mentions-all-in-one-to-one", "a one-to-one conversation offers the whole conversation (`all`, source `calls`) "
    "among the mention suggestions", since="8.0")
MENTIONS_ALL_MISSING = fault(
    "mentions-all-missing", "the whole conversation (`all`, source `calls`, docs/chat.md from Talk 8.0) is never "
    "among the mention suggestions", since="8.0")
MENTIONS_ALL_LABEL_NOT_NAME = fault(
    "mentions-all-label-not-name", "the whole conversation is suggested as 'all', not under the conversation's name "
    "(Talk's code; no doc says)", since="8.0")
V4_MENTION_ALL_FOR_NOBODY = fault(
    "v4-mention-all-for-nobody", "with mentionPermissions 1 (moderators) a moderator is not offered the whole "
    "conversation either (docs/constants.md: \"Only moderators can mention using `@all`\")", api="v4")
V4_MENTION_ALL_FOR_EVERYONE = fault(
    "v4-mention-all-for-everyone", "with mentionPermissions 1 (moderators) a plain participant is still offered "
    "the whole conversation (`calls`) among the mention suggestions", api="v4")
V4_PERMISSIONS_BY_NON_MODERATOR = fault(
    "v4-permissions-by-non-moderator", "a plain participant may set attendee or default permissions (docs: 403)",
    api="v4")
V4_PERMISSIONS_UNKNOWN_ATTENDEE = fault(
    "v4-permissions-unknown-attendee", "setting the permissions of an attendee who does not exist answers 200 "
    "(docs: 404)", api="v4")
V4_PERMISSIONS_IN_ONE_TO_ONE = fault(
    "v4-permissions-in-one-to-one", "permissions are set in a one-to-one conversation, 200 (docs: 400)", api="v4")
V4_ALL_PERMISSIONS_ONE_TO_ONE_403 = fault(
    "v4-all-permissions-one-to-one-403", "setting the permissions of all attendees of a one-to-one conversation "
    "takes its owners for plain participants, 403 (docs: 400, or 200 where the API is a no-op)", api="v4")
V4_DEFAULT_PERMISSIONS_NOT_SAVED = fault(
    "v4-default-permissions-not-saved", "setting the default permissions answers 200 and changes nothing", api="v4")
V4_DEFAULT_KEEPS_ATTENDEE_PERMISSIONS = fault(
    "v4-default-keeps-attendee-permissions", "setting the default permissions keeps the attendees' own (docs: \"this "
    "will reset all custom permissions that have been given to attendees so far\")", api="v4")
V4_PERMISSION_METHOD_IGNORED = fault(
    "v4-permission-method-ignored", "the method `add`/`remove` of setting attendee permissions is taken as `set`",
    api="v4")
V4_PERMISSION_METHOD_UNCHECKED = fault(
    "v4-permission-method-unchecked", "an unknown method of setting attendee permissions is taken as `set`, 200 "
    "(docs: 400 \"When the mode is invalid\")", api="v4")
V4_ATTENDEE_PERMISSIONS_NOT_SAVED = fault(
    "v4-attendee-permissions-not-saved", "setting an attendee's permissions answers 200 and changes nothing",
    api="v4")
V4_ALL_PERMISSIONS_APPLIED = fault(
    "v4-all-permissions-applied", "setting the permissions of all attendees changes them (docs: \"no-op since Talk "
    "20\")", since="20.0", api="v4")
V4_BAN_TWICE_ALLOWED = fault(
    "v4-ban-twice-allowed", "banning an actor who is already banned answers 200 and the ban (openapi.json of "
    "Talk 21.1: 400 bannedActor)", api="v4")
V4_BANS_BY_NON_MODERATOR = fault(
    "v4-bans-by-non-moderator", "a plain participant may list, add and remove bans (docs: 403)", api="v4")
V4_BAN_MODERATOR_ALLOWED = fault(
    "v4-ban-moderator-allowed", "a moderator can be banned, 200 (openapi.json of Talk 21.1: 400 moderator)", api="v4")
V4_UNBAN_NOT_SAVED = fault(
    "v4-unban-not-saved", "removing a ban answers 200 and the ban stays", api="v4")


# --- conversation-permissions -----------------------------------------------------------------

CHAT_PERMISSION = Permission(views.CHAT)  # RequirePermission(chat)


PERMISSIONS_MODERATOR = Moderator(unless=V4_PERMISSIONS_BY_NON_MODERATOR)


def _permissions(ctx: Ctx) -> int:
    value = ctx.params.int("permissions", -1)
    if not 0 <= value <= 255:
        raise OcsError(400, reason="permissions")
    if ctx.room["type"] not in (m.GROUP, m.PUBLIC) and not ctx.faults.active(V4_PERMISSIONS_IN_ONE_TO_ONE):
        raise OcsError(400, reason="type")
    return value


@op("setConversationPermissions", guard=PERMISSIONS_MODERATOR, api=V4, feature="conversation-permissions")
def set_conversation_permissions(ctx: Ctx):
    value = _permissions(ctx)
    if ctx.path["mode"] == "default":
        # A default with bits is custom (docs/constants.md: 1 "Custom permissions (this is required to be able
        # to remove all other permissions)"); 0 restores the defaults.
        if not ctx.faults.active(V4_DEFAULT_PERMISSIONS_NOT_SAVED):
            ctx.repo.rooms.set_field(ctx.room["id"], "default_permissions", value | views.CUSTOM if value else 0)
        # "Note that this will reset all custom permissions that have been given to attendees so far."
        if not ctx.faults.active(V4_DEFAULT_KEEPS_ATTENDEE_PERMISSIONS):
            for row in ctx.repo.participants.of_room(ctx.room["id"]):
                if row["permissions"]:
                    ctx.repo.participants.set_fields(row, permissions=0)
    return ctx.api.setter_answer(ctx)


def _combined(ctx: Ctx, old: int, method: str, bits: int) -> int:
    if method == "set" or (method in ("add", "remove") and ctx.faults.active(V4_PERMISSION_METHOD_IGNORED)) \
            or (method not in ("add", "remove") and ctx.faults.active(V4_PERMISSION_METHOD_UNCHECKED)):
        return bits
    if method == "add":
        return old | bits
    if method == "remove":
        return old & ~bits
    raise OcsError(400, reason="method")


@op("setAttendeePermissions", guard=PERMISSIONS_MODERATOR, api=V4, feature="conversation-permissions")
def set_attendee_permissions(ctx: Ctx):
    value = _permissions(ctx)
    method = ctx.params.str("method", "set")
    target = ctx.repo.participants.by_id(ctx.room["id"], ctx.params.int("attendeeId", 0))
    if target is None:
        if ctx.faults.active(V4_PERMISSIONS_UNKNOWN_ATTENDEE):
            return NULL
        raise OcsError(404, reason="participant")
    if target["participant_type"] in m.MODERATOR_TYPES:
        raise OcsError(400, reason="moderator")  # a moderator's permissions are all of them
    old = views.permissions(ctx, ctx.room, target)
    new = _combined(ctx, old, method, value)
    if not ctx.faults.active(V4_ATTENDEE_PERMISSIONS_NOT_SAVED):
        ctx.repo.participants.set_fields(target, permissions=(new | views.CUSTOM) if new else 0)
    return NULL


@op("setAllAttendeesPermissions", guard=PERMISSIONS_MODERATOR, api=V4, feature="conversation-permissions")
def set_all_permissions(ctx: Ctx):
    if ctx.faults.active(V4_ALL_PERMISSIONS_ONE_TO_ONE_403) and ctx.room["type"] not in (m.GROUP, m.PUBLIC):
        raise OcsError(403)
    value = _permissions(ctx)
    method = ctx.params.str("method", "set")
    if ctx.since("20.0") and not ctx.faults.active(V4_ALL_PERMISSIONS_APPLIED):
        return ctx.api.setter_answer(ctx)  # docs/participant.md of Talk 21.1: "The API is no-op since Talk 20"
    for row in ctx.repo.participants.of_room(ctx.room["id"]):
        if row["participant_type"] not in m.MODERATOR_TYPES:
            new = _combined(ctx, views.permissions(ctx, ctx.room, row), method, value)
            ctx.repo.participants.set_fields(row, permissions=(new | views.CUSTOM) if new else 0)
    return ctx.api.setter_answer(ctx)


# --- mention-permissions ------------------------------------------------------------------------

@op("setMentionPermissions", guard=Moderator(unless=V4_MENTION_PERMISSIONS_BY_NON_MODERATOR), api=V4, feature="mention-permissions")
def set_mention_permissions(ctx: Ctx):
    value = ctx.params.int("mentionPermissions", -1)
    if value not in (0, 1) and not ctx.faults.active(V4_MENTION_PERMISSIONS_UNCHECKED):
        raise OcsError(400, reason="value")
    if ctx.room["type"] not in (m.GROUP, m.PUBLIC):
        raise OcsError(400, reason="type")
    if not ctx.faults.active(V4_MENTION_PERMISSIONS_NOT_SAVED):
        ctx.repo.rooms.set_field(ctx.room["id"], "mention_permissions", value)
    return ctx.api.setter_answer(ctx)


def everyone_suggestion(ctx: Ctx, search: str) -> list[dict]:
    """The suggestion to mention the whole conversation (``@all``, source ``calls``, docs/chat.md of Talk
    21.1): offered in a group or public conversation to whoever may mention everyone (docs/constants.md,
    "Mention permissions": `1` "Only moderators can mention using `@all`")."""
    room = ctx.room
    # API v1: from Talk 8.0, whose docs/chat.md names the source `calls` "for mentioning the whole conversation".
    if ctx.api.name != V4 and not ctx.since("8.0"):
        return []
    # Talk's code offers it in group and public conversations only (lib/Controller/ChatController.php).
    if (room["type"] not in (m.GROUP, m.PUBLIC) and not ctx.faults.active(MENTIONS_ALL_IN_ONE_TO_ONE)) \
            or (search and search not in "all" and search not in room["name"].lower()):
        return []
    if ctx.faults.active(MENTIONS_ALL_MISSING):
        return []
    moderator = ctx.me is not None and ctx.me["participant_type"] in m.MODERATOR_TYPES
    if "mention-permissions" in ctx.features and room.get("mention_permissions") == 1:
        if ctx.faults.active(V4_MENTION_ALL_FOR_NOBODY):
            return []
        if not moderator and not ctx.faults.active(V4_MENTION_ALL_FOR_EVERYONE):
            return []
    # The label is the conversation's name in Talk's code (ChatController::mentions); no doc says.
    label = "all" if ctx.faults.active(MENTIONS_ALL_LABEL_NOT_NAME) else room["name"]
    return [{"id": "all", "label": label, "source": "calls",
             **({"mentionId": "all"} if "federation-v1" in ctx.features else {})}]


# --- ban-v1 -------------------------------------------------------------------------------------

def _ban_view(ctx: Ctx, ban: dict) -> dict:
    def name(actor_type, actor_id):
        return (messages.display_name(ctx, actor_id) or actor_id) if actor_type == "users" else actor_id
    return {"id": ban["id"], "moderatorActorType": ban["moderator_type"], "moderatorActorId": ban["moderator_id"],
            "moderatorDisplayName": name(ban["moderator_type"], ban["moderator_id"]),
            "bannedActorType": ban["actor_type"], "bannedActorId": ban["actor_id"],
            "bannedDisplayName": name(ban["actor_type"], ban["actor_id"]), "bannedTime": ban["banned_time"],
            "internalNote": ban["internal_note"]}


LOGGED_IN_MODERATOR = Moderator(unless=V4_BANS_BY_NON_MODERATOR)


@op("listBans", guard=LOGGED_IN_MODERATOR, api=V4, feature="ban-v1")
def list_bans(ctx: Ctx):
    return [_ban_view(ctx, b) for b in ctx.repo.bans.of_room(ctx.room["id"])]


@op("banActor", guard=LOGGED_IN_MODERATOR, api=V4, feature="ban-v1")
def ban_actor(ctx: Ctx):
    room = ctx.room
    actor_type, actor_id = ctx.params.str("actorType", ""), ctx.params.str("actorId", "")
    note = ctx.params.str("internalNote", "")
    if actor_type not in ("users", "guests", "emails", "ip") or actor_id == "":
        raise OcsError(400, reason="bannedActor")
    if len(note) > 4000:
        raise OcsError(400, reason="internalNote")
    if room["type"] in (m.ONE_TO_ONE, views.FORMER_ONE_TO_ONE, views.NOTE_TO_SELF):
        raise OcsError(400, reason="room")
    if (actor_type, actor_id) == messages.current_actor(ctx, room):
        raise OcsError(400, reason="self")
    target = ctx.repo.participants.user(room["id"], actor_id) if actor_type == "users" else None
    if target is not None and target["participant_type"] in m.MODERATOR_TYPES \
            and not ctx.faults.active(V4_BAN_MODERATOR_ALLOWED):
        raise OcsError(400, reason="moderator")
    existing = ctx.repo.bans.find(room["id"], actor_type, actor_id)
    if existing is not None and ctx.faults.active(V4_BAN_TWICE_ALLOWED):
        return _ban_view(ctx, existing)
    if existing is not None:
        raise OcsError(400, reason="bannedActor")
    ban_id = ctx.repo.bans.add(room["id"], actor_type, actor_id, messages.current_actor(ctx, room), ctx.now, note)
    if target is not None:
        m.remove_user(ctx, room, actor_id)
    return _ban_view(ctx, next(b for b in ctx.repo.bans.of_room(room["id"]) if b["id"] == ban_id))


@op("unbanActor", guard=LOGGED_IN_MODERATOR, api=V4, feature="ban-v1")
def unban_actor(ctx: Ctx):
    if not ctx.faults.active(V4_UNBAN_NOT_SAVED):
        ctx.repo.bans.remove(ctx.room["id"], int(ctx.path["banId"]))
    return NULL


def banned(ctx: Ctx, room: dict) -> bool:
    """Whether the caller (a user) is banned from ``room`` (join answers 403 ``{"error": "ban"}``)."""
    if ctx.api.name != V4 or not ctx.caller.is_user or ctx.faults.active(V4_BANNED_MAY_JOIN):
        return False
    return ctx.repo.bans.find(room["id"], "users", ctx.caller.user_id) is not None
