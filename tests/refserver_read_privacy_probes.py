"""Probes of the faults of read privacy for tests/test_refserver_faults.py: "Set user´s settings"
(docs/settings.md, `POST /settings/user`) and the key `read_status_privacy` (chat-read-status, Talk 11.0),
shown as `config => chat => read-privacy` and deciding `X-Chat-Last-Common-Read` (docs/chat.md). Each
probe runs on the world's server switched to Talk 11.1, with users of its own: whether a private setting
was kept is read from two sides (the capability and the header), so that a fault of the one does not
pass for a fault of the other."""

from __future__ import annotations

from tests.refserver_chat_later_probes import _post, later
from tests.test_refserver_support import Api

SETTING = "/settings/user"
HEADER = "x-chat-last-common-read"


def _capability(api) -> object:
    reply = api.get("/cloud/capabilities")
    return ((reply.data["capabilities"].get("spreed") or {}).get("config") or {}).get("chat", {}).get("read-privacy")


def _set(api, value, key: str = "read_status_privacy") -> int:
    return api.post(SETTING, {"key": key, "value": value}).status


def _private_member(w):
    """A conversation of the owner and the world's user with a member who set their privacy private: (token,
    member, their capability, whether their read marker's answer came with the header)."""
    token = w.group_room()
    member = w.users.user()
    assert w.owner.post(f"/room/{token}/participants", {"newParticipant": member.uid}).status == 200
    assert _set(member, 1) == 200
    told = HEADER in {k.lower() for k in member.post(f"/chat/{token}/read", {"lastReadMessage": 1}).headers}
    return token, member, _capability(member), told


@later
def user_setting_anonymous(w) -> bool:
    return _set(Api(w.server), 1) == 200


@later
def user_setting_any_key(w) -> bool:
    return _set(w.users.user(), 1, key="read-privacy") == 200


@later
def user_setting_any_value(w) -> bool:
    return _set(w.users.user(), 2) == 200


@later
def read_privacy_public_refused(w) -> bool:
    return _set(w.users.user(), 0) == 400


@later
def user_setting_not_saved(w) -> bool:
    _, _, shown, told = _private_member(w)
    return shown == 0 and told  # neither side knows of it


@later
def read_privacy_header_sent(w) -> bool:
    _, _, shown, told = _private_member(w)
    return shown == 1 and told  # kept (the capability says so), and told all the same


@later
def read_privacy_capability_fixed(w) -> bool:
    _, _, shown, told = _private_member(w)
    return shown == 0 and not told  # kept (no header), but not shown


@later
def read_privacy_counted(w) -> bool:
    token, member, shown, told = _private_member(w)
    if shown != 1 and told:
        return False  # not kept (user-setting-not-saved): the member counts, as a public one does
    first = _post(w, w.owner, token, "one")["id"]
    second = _post(w, w.owner, token, "two")["id"]
    assert w.owner.post(f"/chat/{token}/read", {"lastReadMessage": second}).status == 200
    assert member.post(f"/chat/{token}/read", {"lastReadMessage": first}).status == 200
    marked = w.user.post(f"/chat/{token}/read", {"lastReadMessage": second})
    headers = {k.lower(): v for k, v in marked.headers.items()}
    return headers.get(HEADER) == str(first)  # held back by the private member's marker


READ_PRIVACY_PROBES = {
    "user-setting-anonymous": user_setting_anonymous,
    "user-setting-any-key": user_setting_any_key,
    "user-setting-any-value": user_setting_any_value,
    "read-privacy-public-refused": read_privacy_public_refused,
    "user-setting-not-saved": user_setting_not_saved,
    "read-privacy-header-sent": read_privacy_header_sent,
    "read-privacy-capability-fixed": read_privacy_capability_fixed,
    "read-privacy-counted": read_privacy_counted,
}
