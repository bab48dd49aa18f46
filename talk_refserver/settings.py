"""A user's own settings of Talk: ``POST /settings/user`` with ``key`` and ``value`` (docs/settings.md of
Talk 11.3 and 21.1, API v1 on every release; "since Nextcloud 19", Talk 9.0). "200 OK When the value was
updated", "400 Bad Request When the key or value was invalid", "401 Unauthorized When the user is not
logged in".

The keys of the docs of Talk 11.3: ``attachment_folder`` (Talk 9.0: a path of the user's files; the
server has no files, so any path is kept) and ``read_status_privacy`` (capability chat-read-status,
Talk 11.0): "One of the read-status constants" of docs/constants.md, `0` public (the default), `1`
private. The value is what ``config => chat => read-privacy`` shows the user (capabilities.py), and a
private user's read marker neither counts for the last common read nor do they get it (chat.py). The
docs of Talk 21.1 add ``typing_privacy`` (capability typing-privacy, `0` or `1`) and ``play_sounds``
(`'yes'` and `'no'`), which a v4 server keeps.
"""

from __future__ import annotations

from talk_refserver.faults import fault
from talk_refserver.guards import LoggedIn
from talk_refserver.ocs import OcsError
from talk_refserver.routing import Ctx, op

READ_PRIVACY = "read_status_privacy"
ATTACHMENT_FOLDER = "attachment_folder"
TYPING_PRIVACY = "typing_privacy"
PLAY_SOUNDS = "play_sounds"
PUBLIC, PRIVATE = 0, 1  # docs/constants.md, "Participant read status privacy"

USER_SETTING_ANONYMOUS = fault(
    "user-setting-anonymous", "someone not logged in may set a user setting, 200 (docs: 401)", since="9.0")
USER_SETTING_ANY_KEY = fault(
    "user-setting-any-key", "a key the docs do not list is accepted, 200 (docs: 400)", since="9.0")
USER_SETTING_ANY_VALUE = fault(
    "user-setting-any-value", "read_status_privacy takes any value, 200 (docs: 400 unless a read-status constant, "
    "0 or 1)", since="11.0")
READ_PRIVACY_PUBLIC_REFUSED = fault(
    "read-privacy-public-refused", "read_status_privacy 0 (public, the default) is refused, 400 (docs: a read-status "
    "constant, 0 or 1)", since="11.0")
READ_PRIVACY_HEADER_SENT = fault(
    "read-privacy-header-sent", "a user whose read privacy is private still gets X-Chat-Last-Common-Read (docs: "
    "\"When the user themself has it set to private the value the header is not set\")", since="11.0")
READ_PRIVACY_COUNTED = fault(
    "read-privacy-counted", "the last common read counts the read markers of users whose read privacy is private "
    "(docs: \"read by every user that has read privacy set to public\")", since="11.0")
USER_SETTING_NOT_SAVED = fault(
    "user-setting-not-saved", "setting read_status_privacy answers 200 but the setting stays", since="11.0")


def _valid_values(ctx: Ctx) -> dict[str, tuple[str, ...] | None]:
    """The keys the docs of the server's release list, each with its valid values (None: a folder)."""
    keys: dict[str, tuple[str, ...] | None] = {ATTACHMENT_FOLDER: None}
    if "chat-read-status" in ctx.features:
        keys[READ_PRIVACY] = (str(PUBLIC), str(PRIVATE))
    if "typing-privacy" in ctx.features:
        keys[TYPING_PRIVACY] = ("0", "1")
    if ctx.api.name == "v4":
        keys[PLAY_SOUNDS] = ("yes", "no")
    return keys


def read_privacy(ctx: Ctx, uid: str | None) -> int:
    """A user's read privacy (docs/constants.md): PUBLIC unless they set it PRIVATE; guests have none."""
    if uid is None or "chat-read-status" not in ctx.features:
        return PUBLIC
    return PRIVATE if ctx.repo.user_settings.get(uid, READ_PRIVACY) == str(PRIVATE) else PUBLIC


def typing_privacy(ctx: Ctx, uid: str | None) -> int:
    """A user's typing privacy (docs/constants.md of Talk 21.1): 0 unless they set 1."""
    return 1 if uid is not None and ctx.repo.user_settings.get(uid, TYPING_PRIVACY) == "1" else 0


def public_readers(ctx: Ctx, room_id: int) -> list[dict]:
    """The participants of a conversation whose read marker counts for the last common read: "every user
    that has read privacy set to public" (docs/chat.md of Talk 11.0); guests stay for the caller to sort out."""
    participants = ctx.repo.participants.of_room(room_id)
    if "chat-read-status" not in ctx.features or ctx.faults.active(READ_PRIVACY_COUNTED):
        return participants
    private = ctx.repo.user_settings.users_with(READ_PRIVACY, str(PRIVATE))
    return [p for p in participants if not p["user_id"] or p["user_id"] not in private]


def told_common_read(ctx: Ctx) -> bool:
    """Whether the caller gets X-Chat-Last-Common-Read: "When the user themself has it set to private the
    value the header is not set"."""
    return read_privacy(ctx, ctx.caller.user_id) == PUBLIC or ctx.faults.active(READ_PRIVACY_HEADER_SENT)


@op("setUserSetting", api=("v1", "v4"), guard=LoggedIn(unless=USER_SETTING_ANONYMOUS), since="9.0")
def set_user_setting(ctx: Ctx):
    key = ctx.params.str("key", "")
    value = ctx.params.str("value", "")
    keys = _valid_values(ctx)
    if key not in keys:
        if ctx.faults.active(USER_SETTING_ANY_KEY):
            return None  # (a fault) accepted, but there is no such setting to store
        raise OcsError(400)
    valid_values = keys[key]
    if valid_values is None:
        if value.strip() == "":
            raise OcsError(400)  # no folder named
    elif key == READ_PRIVACY:
        valid = value in valid_values
        if value == str(PUBLIC) and ctx.faults.active(READ_PRIVACY_PUBLIC_REFUSED):
            raise OcsError(400)
        if not valid and not ctx.faults.active(USER_SETTING_ANY_VALUE):
            raise OcsError(400)
        if not valid or ctx.faults.active(USER_SETTING_NOT_SAVED):
            return None  # (a fault) accepted, but not a privacy to store
    elif value not in valid_values:
        raise OcsError(400)
    if ctx.caller.user_id is None:
        return None  # (a fault) someone not logged in has no settings to keep
    ctx.repo.user_settings.set(ctx.caller.user_id, key, value)
    return None
