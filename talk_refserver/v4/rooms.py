"""Conversations under ``/api/v4/room`` (docs/conversation.md of Talk 21.1; where the docs are silent,
the answers of a real Talk 22 server). The rules are the shared ones (``membership``, the guards);
what differs is the answer: setters answer the room, deletes ``null``, errors ``{"error": reason}``.
"""

from __future__ import annotations

from talk_refserver import crypto, messages
from talk_refserver import membership as m
from talk_refserver.apis import NULL
from talk_refserver.faults import fault
from talk_refserver.guards import LOGGED_IN, LoggedIn, Moderator, Room, UserParticipant
from talk_refserver.ocs import OcsError, Result
from talk_refserver.preferences import NOTIFICATION_LEVEL_DEFAULT_REFUSED
from talk_refserver.rooms import (
    CREATE_PUBLIC_WITHOUT_NAME,
    CREATE_UNKNOWN_INVITEE,
    GROUP_INVITE_ADDS_NOBODY,
    ONE_TO_ONE_WITH_YOURSELF,
    one_to_one_of,
    php_trim,
    post_guests_message,
    post_password_message,
    post_read_only_message,
)
from talk_refserver.roomview import with_talk_hash
from talk_refserver.routing import Ctx, op
from talk_refserver.v4 import views

V4 = "v4"
MAX_NAME = 255  # mb_strlen (RoomService of Talk 21.1)
# docs/conversation.md of Talk 21.1: "limited to 2.000 characters, was 500 before Talk 21".
MAX_DESCRIPTION, MAX_DESCRIPTION_BEFORE_21 = 2000, 500
# Nextcloud's password_policy refuses the most common passwords (real Talk 22: 400 {error: value, message}).
COMMON_PASSWORDS = frozenset({"password", "123456", "12345678", "123456789", "qwerty", "111111", "abc123",
                              "password1", "1234567890", "letmein", "secret", "admin", "welcome", "iloveyou"})
MIN_PASSWORD = 10

V4_USER_ENDPOINTS_404_FOR_GUESTS = fault(
    "v4-user-endpoints-404-for-guests", "a guest calling an endpoint for users only (archive, important, sensitive, "
    "note-to-self, open conversations and opening one, read-only, call notifications) gets 404 (docs: 401)", api="v4")
V4_SETTER_ANSWERS_EMPTY = fault(
    "v4-setter-answers-empty", "a v4 setter (rename, favorite, read-only, ...) answers [] (docs: the conversation)",
    api="v4")
V4_DELETE_ANSWERS_EMPTY = fault("v4-delete-answers-empty", "DELETE /api/v4/room/{token} answers [] (docs: null)",
                                api="v4")
V4_ERROR_WITHOUT_REASON = fault(
    "v4-error-without-reason", "a refused rename (empty name) answers 400 with [] (docs: {\"error\": \"value\"})",
    api="v4")
V4_COMMON_PASSWORD_ACCEPTED = fault(
    "v4-common-password-accepted", "a common password (\"password\") is set, 200 (password policy: 400 value)",
    api="v4")
V4_FRESH_USER_NO_ROOMS = fault(
    "v4-fresh-user-no-rooms",
    "a fresh user's list is empty, and the changelog, note-to-self and sample are left out of every list (Talk 22"
    " lists them)",
    api="v4")
V4_DESCRIPTION_NOT_SAVED = fault(
    "v4-description-not-saved", "setting the description answers 200 but the conversation keeps its old one",
    api="v4")
V4_DESCRIPTION_BY_NON_MODERATOR = fault(
    "v4-description-by-non-moderator", "a plain participant may set the description (docs: 403)", api="v4")
V4_DESCRIPTION_LENGTH_UNCHECKED = fault(
    "v4-description-length-unchecked", "a description longer than the docs allow is stored, 200 (docs: 400)",
    api="v4")
V4_DESCRIPTION_LIMIT_500 = fault(
    "v4-description-limit-500", "descriptions of 501-2000 characters are refused, 400 (docs of Talk 21: up to 2000)",
    since="21.0", api="v4")
V4_DESCRIPTION_REFUSES_GUEST_MODERATORS = fault(
    "v4-description-refuses-guest-moderators",
    "a guest moderator may not set the description, 403 (docs: moderators may; openapi.json: public page)",
    api="v4")
V4_DESCRIPTION_BY_GUESTS = fault(
    "v4-description-by-guests", "guests (4) and users who joined by the link (5) may set the description (docs: 403)",
    api="v4")
V4_DESCRIPTION_STRANGERS_403 = fault(
    "v4-description-strangers-403", "a user who is not a participant setting the description gets 403 (docs: 404)",
    api="v4")
V4_DESCRIPTION_ONE_TO_ONE = fault(
    "v4-description-one-to-one", "a one-to-one conversation takes a description, 200 (docs: 400)", api="v4")
V4_DESCRIPTION_WRITES_NO_SYSTEM_MESSAGE = fault(
    "v4-description-writes-no-system-message", "setting or removing the description writes no description_set or "
    "description_removed system message (docs/chat.md of Talk 21.1)", api="v4")
V4_NOTE_TO_SELF_AS_GROUP = fault(
    "v4-note-to-self-as-group", "the note-to-self conversation is created as a group conversation (docs: type 6)",
    api="v4")
V4_NOTE_TO_SELF_CREATED_AGAIN = fault(
    "v4-note-to-self-created-again", "every request for the note-to-self conversation creates a new one", api="v4")
V4_USER_FLAG_NOT_SAVED = fault(
    "v4-user-flag-not-saved", "archiving, marking important or sensitive answers 200 but sets no flag", api="v4")
V4_USER_FLAG_NOT_CLEARED = fault(
    "v4-user-flag-not-cleared", "unarchiving, marking unimportant or insensitive answers 200 but keeps the flag",
    api="v4")
V4_USER_FLAG_FOR_EVERYBODY = fault(
    "v4-user-flag-for-everybody", "archived, important and sensitive are set for every participant (docs: by the user)",
    api="v4")
V4_NAME_LIMIT_200 = fault(
    "v4-name-limit-200", "names of 201-255 characters are refused, 400 (docs of API v4: up to 255)", api="v4")


def _setter(ctx: Ctx):
    return None if ctx.faults.active(V4_SETTER_ANSWERS_EMPTY) else ctx.api.setter_answer(ctx)


def _room(ctx: Ctx, room: dict, code: int = 200) -> Result:
    room = m.reload(ctx, room)
    me = m.my_participant(ctx, room) or {"participant_type": 4}
    return Result(code, views.room(ctx, room, me))


def _welcome(ctx: Ctx, uid: str) -> None:
    """What a real Talk 22 gives a user on first use: the changelog, their note-to-self and a sample."""
    if ctx.faults.active(V4_FRESH_USER_NO_ROOMS) or ctx.repo.meta.value(f"welcomed:{uid}", lambda: "") == "1":
        return
    ctx.repo.meta.set(f"welcomed:{uid}", "1")
    changelog = m.create_room(ctx, m.CHANGELOG, uid)
    m.add_user(ctx, changelog, uid, m.USER)
    ctx.repo.rooms.set_read_only(changelog["id"], 1)
    if "note-to-self" in ctx.features:
        _note_to_self(ctx, uid)
    if ctx.since("22.0"):
        sample = m.create_room(ctx, m.GROUP, "Let's get started!")
        ctx.repo.rooms.set_object(sample["id"], "sample", uid)
        m.add_user(ctx, sample, uid, m.OWNER)


def _note_to_self(ctx: Ctx, uid: str) -> dict:
    kind = m.GROUP if ctx.faults.active(V4_NOTE_TO_SELF_AS_GROUP) else views.NOTE_TO_SELF
    for room in ctx.repo.rooms.of_user(uid):
        if room["type"] == kind and (kind == views.NOTE_TO_SELF or room["name"] == "Note to self") \
                and not ctx.faults.active(V4_NOTE_TO_SELF_CREATED_AGAIN):
            return room
    room = m.create_room(ctx, kind, "Note to self")
    m.add_user(ctx, room, uid, m.OWNER)
    return m.reload(ctx, room)


class UsersOnly(LoggedIn):
    """An endpoint for users only (no ``#[PublicPage]``): a guest gets 401 before anything else."""

    def check(self, ctx: Ctx) -> None:
        if not ctx.caller.is_user and ctx.faults.active(V4_USER_ENDPOINTS_404_FOR_GUESTS):
            raise OcsError(404)
        super().check(ctx)


USERS_ONLY = UsersOnly()


@op("listRooms", guard=LOGGED_IN, api=V4)
def list_rooms(ctx: Ctx):
    _welcome(ctx, ctx.caller.user_id)
    rooms = ctx.repo.rooms.of_user(ctx.caller.user_id)
    if ctx.faults.active(V4_FRESH_USER_NO_ROOMS):  # also for a user welcomed before the fault was on
        rooms = [r for r in rooms if r["type"] not in (m.CHANGELOG, views.NOTE_TO_SELF)
                 and r.get("object_type") != "sample"]
    return with_talk_hash(ctx, [views.room(ctx, room, m.my_participant(ctx, room)) for room in rooms])


@op("getNoteToSelf", guard=USERS_ONLY, api=V4, feature="note-to-self")
def get_note_to_self(ctx: Ctx):
    return _room(ctx, _note_to_self(ctx, ctx.caller.user_id))


def _name(ctx: Ctx, raw: str, default: str = "") -> str:
    name = php_trim(raw)
    if raw != "" and name == "":
        raise OcsError(400, reason="name")
    limit = 200 if ctx.faults.active(V4_NAME_LIMIT_200) else MAX_NAME
    if len(name) > limit:
        raise OcsError(400, reason="name")
    return name or default


@op("createRoom", guard=LOGGED_IN, api=V4)
def create_room(ctx: Ctx):
    room_type = ctx.params.int("roomType", m.GROUP)
    me = ctx.caller.user_id
    if room_type == m.ONE_TO_ONE:
        invite = ctx.params.str("invite", "")
        if invite == me and not ctx.faults.active(ONE_TO_ONE_WITH_YOURSELF):
            raise OcsError(403, reason="invite")
        if invite == me:
            room = m.create_room(ctx, m.ONE_TO_ONE, "")
            m.add_user(ctx, room, me, m.OWNER)
            return _room(ctx, room, 201)
        if not ctx.repo.users.exists(invite):
            raise OcsError(404, reason="invite")
        # The pair's own one-to-one (not any one-to-one either of them is in).
        existing = one_to_one_of(ctx, me, invite)
        if existing is not None:
            return _room(ctx, existing, 200)
        room = m.create_room(ctx, m.ONE_TO_ONE, "")
        m.add_user(ctx, room, me, m.OWNER)
        m.add_user(ctx, room, invite, m.OWNER)
        return _room(ctx, room, 201)
    if room_type not in (m.GROUP, m.PUBLIC):
        raise OcsError(400, reason="type")
    raw = ctx.params.str("roomName", "")
    # docs/conversation.md of Talk 21.1: "400 Bad Request When the conversation name is empty for `type = 3`".
    if room_type == m.PUBLIC and php_trim(raw) == "" and not ctx.faults.active(CREATE_PUBLIC_WITHOUT_NAME):
        raise OcsError(400, reason="name")
    # "`invite` | group id (`roomType = 2` - optional)"; "404 Not Found When the target to invite does not exist".
    invite = ctx.params.str("invite", "") if room_type == m.GROUP else ""
    members: list[str] = []
    if invite:
        if ctx.repo.groups.exists(invite):
            members = [] if ctx.faults.active(GROUP_INVITE_ADDS_NOBODY) else ctx.repo.groups.members(invite)
        elif not ctx.faults.active(CREATE_UNKNOWN_INVITEE):
            raise OcsError(404, reason="invite")
    name = _name(ctx, raw, invite or "---")
    room = m.create_room(ctx, room_type, name)
    m.add_user(ctx, room, me, m.OWNER)
    for uid in members:
        if uid != me:
            m.add_user(ctx, room, uid, m.USER)
    return _room(ctx, room, 201)


@op("getRoom", guard=Room(), api=V4)
def get_room(ctx: Ctx):
    if ctx.me is not None:
        return with_talk_hash(ctx, views.room(ctx, ctx.room, ctx.me))
    if ctx.room["type"] == m.PUBLIC or ctx.room["listable"]:
        return with_talk_hash(ctx, views.room(ctx, ctx.room, {"participant_type": 4}))
    raise OcsError(404, data=NULL)


MODERATOR = Moderator()


@op("renameRoom", guard=MODERATOR, api=V4)
def rename_room(ctx: Ctx):
    if ctx.room["type"] in (m.ONE_TO_ONE, views.FORMER_ONE_TO_ONE, views.NOTE_TO_SELF):
        raise OcsError(400, reason="type")
    raw = ctx.params.str("roomName", "")
    name = php_trim(raw)
    if name == "" or len(name) > (200 if ctx.faults.active(V4_NAME_LIMIT_200) else MAX_NAME):
        raise OcsError(400, reason=None if ctx.faults.active(V4_ERROR_WITHOUT_REASON) else "value")
    if name != ctx.room["name"]:
        ctx.repo.rooms.set_name(ctx.room["id"], name)
        messages.post_system(ctx, ctx.room, "conversation_renamed", oldName=ctx.room["name"], newName=name)
    return _setter(ctx)


class _DescriptionModerator(Moderator):
    """RequireModeratorParticipant, which v4-description-by-guests relaxes for guests and self-joined users."""

    def stranger_status(self, ctx: Ctx) -> int:
        return 403 if ctx.faults.active(V4_DESCRIPTION_STRANGERS_403) else super().stranger_status(ctx)

    def check(self, ctx: Ctx) -> None:
        try:
            super().check(ctx)
        except OcsError as refused:
            if refused.code != 403 or ctx.me is None or ctx.me["participant_type"] not in (m.GUEST, m.SELF_JOINED) \
                    or not ctx.faults.active(V4_DESCRIPTION_BY_GUESTS):
                raise


@op("setDescription", guard=(_DescriptionModerator(unless=V4_DESCRIPTION_BY_NON_MODERATOR),), api=V4, feature="room-description")
def set_description(ctx: Ctx):
    if ctx.me["participant_type"] == m.GUEST_MODERATOR and ctx.faults.active(V4_DESCRIPTION_REFUSES_GUEST_MODERATORS):
        raise OcsError(403)
    description = php_trim(ctx.params.str("description", ""))
    limit = MAX_DESCRIPTION if ctx.since("21.0") and not ctx.faults.active(V4_DESCRIPTION_LIMIT_500) \
        else MAX_DESCRIPTION_BEFORE_21
    if len(description) > limit and not ctx.faults.active(V4_DESCRIPTION_LENGTH_UNCHECKED):
        raise OcsError(400, reason="value")
    if ctx.room["type"] == m.ONE_TO_ONE and not ctx.faults.active(V4_DESCRIPTION_ONE_TO_ONE):
        raise OcsError(400, reason="type")
    if not ctx.faults.active(V4_DESCRIPTION_NOT_SAVED):
        ctx.repo.rooms.set_field(ctx.room["id"], "description", description)
    if description != (ctx.room.get("description") or "") and not ctx.faults.active(
            V4_DESCRIPTION_WRITES_NO_SYSTEM_MESSAGE):
        messages.post_system(ctx, ctx.room, "description_set" if description else "description_removed")
    return _setter(ctx)


@op("deleteRoom", guard=MODERATOR, api=V4)
def delete_room(ctx: Ctx):
    if ctx.room["type"] in (m.ONE_TO_ONE, views.FORMER_ONE_TO_ONE):
        raise OcsError(400, data=NULL)
    ctx.repo.rooms.delete(ctx.room["id"])
    return None if ctx.faults.active(V4_DELETE_ANSWERS_EMPTY) else ctx.api.deleted_answer()


def _group_or_public(ctx: Ctx) -> None:
    if ctx.room["type"] not in (m.GROUP, m.PUBLIC):
        raise OcsError(400, reason="type")


@op("makePublic", guard=MODERATOR, api=V4)
def make_public(ctx: Ctx):
    _group_or_public(ctx)
    if ctx.room["type"] != m.PUBLIC:
        ctx.repo.rooms.set_type(ctx.room["id"], m.PUBLIC)
        post_guests_message(ctx, ctx.room, "guests_allowed")
    return _setter(ctx)


@op("makePrivate", guard=MODERATOR, api=V4)
def make_private(ctx: Ctx):
    _group_or_public(ctx)
    if ctx.room["type"] == m.PUBLIC:
        ctx.repo.rooms.set_type(ctx.room["id"], m.GROUP)
        ctx.repo.participants.remove_types(ctx.room["id"], (m.GUEST, m.GUEST_MODERATOR, m.SELF_JOINED))
        post_guests_message(ctx, ctx.room, "guests_disallowed")
    return _setter(ctx)


def common_password(password: str) -> str | None:
    """Why the password policy refuses ``password`` (None: it does not)."""
    if len(password) < MIN_PASSWORD:
        return f"Password needs to be at least {MIN_PASSWORD} characters long."
    if password.lower() in COMMON_PASSWORDS:
        return "Password is among the 1,000,000 most common ones. Please make it unique."
    return None


@op("setPassword", guard=MODERATOR, api=V4)
def set_password(ctx: Ctx):
    if ctx.room["type"] != m.PUBLIC:  # docs: "403 Forbidden When the conversation is not a public conversation"
        raise OcsError(403, reason="type")
    password = ctx.params.str("password", "")
    if password and not ctx.faults.active(V4_COMMON_PASSWORD_ACCEPTED):
        refused = common_password(password)
        if refused:
            raise OcsError(400, reason="value", reason_message=refused)
    ctx.repo.rooms.set_password_hash(ctx.room["id"], crypto.hash_password(password) if password else "")
    post_password_message(ctx, ctx.room, password)
    return _setter(ctx)


@op("setReadOnly", guard=(USERS_ONLY, MODERATOR), api=V4, feature="read-only-rooms")
def set_read_only(ctx: Ctx):
    state = ctx.params.int("state", -1)
    if state not in (0, 1):
        raise OcsError(400, reason="value")
    if ctx.room["type"] not in (m.GROUP, m.PUBLIC):
        raise OcsError(400, reason="type")
    if state != ctx.room["read_only"]:
        ctx.repo.rooms.set_read_only(ctx.room["id"], state)
        post_read_only_message(ctx, ctx.room, state)
    return _setter(ctx)


SETTINGS = UserParticipant()


@op("addToFavorites", guard=SETTINGS, api=V4, feature="favorites")
def add_favorite(ctx: Ctx):
    ctx.repo.participants.set_favorite(ctx.me, True)
    return _setter(ctx)


@op("removeFromFavorites", guard=SETTINGS, api=V4, feature="favorites")
def remove_favorite(ctx: Ctx):
    ctx.repo.participants.set_favorite(ctx.me, False)
    return _setter(ctx)


@op("setNotificationLevel", guard=SETTINGS, api=V4, feature="notification-levels")
def set_notification_level(ctx: Ctx):
    level = ctx.params.int("level", -1)
    # docs/constants.md of Talk 21.1 lists `0` Default among the participant notification levels.
    if level not in ((1, 2, 3) if ctx.faults.active(NOTIFICATION_LEVEL_DEFAULT_REFUSED) else (0, 1, 2, 3)):
        raise OcsError(400, reason="level")
    ctx.repo.participants.set_notification_level(ctx.me, level)
    return _setter(ctx)


def _flag(column: str, value: int):
    """A flag each user sets for themself: only their own attendee row changes."""
    def handler(ctx: Ctx):
        if ctx.faults.active(V4_USER_FLAG_NOT_SAVED if value else V4_USER_FLAG_NOT_CLEARED):
            return _setter(ctx)
        rows = ctx.repo.participants.of_room(ctx.room["id"]) if ctx.faults.active(V4_USER_FLAG_FOR_EVERYBODY) \
            else [ctx.me]
        for row in rows:
            ctx.repo.participants.set_fields(row, **{column: value})
        return _setter(ctx)
    return handler


for _op, _column, _value, _feature in [
        ("archiveConversation", "archived", 1, "archived-conversations-v2"),
        ("unarchiveConversation", "archived", 0, "archived-conversations-v2"),
        ("markConversationAsImportant", "important", 1, "important-conversations"),
        ("markConversationAsUnimportant", "important", 0, "important-conversations"),
        ("markConversationAsSensitive", "sensitive", 1, "sensitive-conversations"),
        ("markConversationAsInsensitive", "sensitive", 0, "sensitive-conversations")]:
    op(_op, guard=(USERS_ONLY, SETTINGS), api=V4, feature=_feature)(_flag(_column, _value))
