"""Probes for the participant, guest and call faults of the reference server (see
test_refserver_faults.py): each answers "is this rule broken?" and stays False under every other fault.

A probe builds on ``World`` of test_refserver_faults (owner, user, stranger, group and public rooms).
Rules of the Talk 3.2 release (ping, a one-to-one growing into a group) are probed on a server of that release
with the same faults.
"""

from __future__ import annotations

import contextlib
import tempfile
from pathlib import Path

from talk_refserver.capabilities import profile_options
from tests.test_refserver_support import InProcess, Users, create_room, unique

TALK_3_2 = ["audio", "video", "chat-v2", "guest-signaling", "empty-group-room", "guest-display-names",
            "multi-room-users"]


@contextlib.contextmanager
def talk_3_2(w):
    with tempfile.TemporaryDirectory() as tmp, \
            InProcess(Path(tmp) / "old.sqlite", features=TALK_3_2, faults=w.server.app.faults.names) as server:
        yield Users(server)


@contextlib.contextmanager
def talk_11(w):
    """A server of the newest release, for the rules later docs gave (Talk 8.0 to 11.x)."""
    with tempfile.TemporaryDirectory() as tmp, \
            InProcess(Path(tmp) / "newest.sqlite", faults=w.server.app.faults.names,
                      **profile_options("talk-11")) as server:
        yield Users(server)


def _group_room(users, owner) -> str:
    # Invited for a group with no members, as World.group_room (no creation fault spoils it).
    return create_room(owner, 2, invite=users.group())


def _moderated_room(users) -> tuple:
    """owner, a moderator (None if the promotion did not hold) and the token of their group room."""
    owner, moderator = users.user(), users.user()
    token = _group_room(users, owner)
    owner.post(f"/room/{token}/participants", {"newParticipant": moderator.uid})
    owner.post(f"/room/{token}/moderators", {"participant": moderator.uid})
    return owner, (moderator if _type_of(moderator, token) == 2 else None), token


def _joined_guest(w, token: str):
    guest = w.users.guest()
    reply = guest.post(f"/room/{token}/participants/active")
    return guest, reply.data.get("sessionId", "0") if reply.status == 200 else "0"


def _type_of(api, token: str) -> int | None:
    reply = api.get(f"/room/{token}")
    return reply.data["participantType"] if reply.status == 200 else None


def _listed(w, token: str) -> dict:
    reply = w.owner.get(f"/room/{token}/participants")
    return {p["userId"] or p["sessionId"]: p for p in reply.data} if reply.status == 200 else {}


# --- participants ------------------------------------------------------------------------------

def list_for_strangers(w) -> bool:
    return w.stranger.get(f"/room/{w.group_room()}/participants").status == 200


def list_without_guests(w) -> bool:
    token = w.public_room()
    guest, session = _joined_guest(w, token)
    return session != "0" and session not in _listed(w, token)


def list_refuses_guests(w) -> bool:
    token = w.public_room()
    guest, _ = _joined_guest(w, token)
    return guest.get(f"/room/{token}/participants").status == 403


def include_status_refused(w) -> bool:
    with talk_11(w) as users:
        owner = users.user()
        token = _group_room(users, owner)
        return owner.get(f"/room/{token}/participants", {"includeStatus": "true"}).status == 400


def add_by_non_moderator(w) -> bool:
    return w.user.post(f"/room/{w.group_room()}/participants", {"newParticipant": w.stranger.uid}).status == 200


def add_unknown(w) -> bool:
    return w.owner.post(f"/room/{w.group_room()}/participants", {"newParticipant": unique("nobody")}).status == 200


def add_unknown_source(w) -> bool:
    reply = w.owner.post(f"/room/{w.group_room()}/participants", {"newParticipant": "x", "source": "circles"})
    return reply.status == 200


def add_by_moderator_not_saved(w) -> bool:
    token = w.group_room()
    moderator = w.moderator(token)
    if _type_of(moderator, token) != 2:
        return False
    newcomer = w.users.user()
    if moderator.post(f"/room/{token}/participants", {"newParticipant": newcomer.uid}).status != 200:
        return False
    return newcomer.get(f"/room/{token}").status != 200


def one_to_one_keeps_type(w) -> bool:
    with talk_3_2(w) as users:
        owner, other, third = users.user(), users.user(), users.user()
        token = create_room(owner, 1, invite=other.uid)
        reply = owner.post(f"/room/{token}/participants", {"newParticipant": third.uid})
        return reply.status == 200 and owner.get(f"/room/{token}").data["type"] == 1


def remove_by_non_moderator(w) -> bool:
    token = w.group_room()
    victim = w.users.user()
    w.owner.post(f"/room/{token}/participants", {"newParticipant": victim.uid})
    return w.user.delete(f"/room/{token}/participants", {"participant": victim.uid}).status == 200


def remove_owner(w) -> bool:
    token = w.group_room()
    moderator = w.moderator(token)
    return moderator.delete(f"/room/{token}/participants", {"participant": w.owner.uid}).status == 200


def remove_unknown(w) -> bool:
    return w.owner.delete(f"/room/{w.group_room()}/participants", {"participant": w.stranger.uid}).status == 200


def remove_not_saved(w) -> bool:
    token = w.group_room()
    if w.owner.delete(f"/room/{token}/participants", {"participant": w.user.uid}).status != 200:
        return False
    return w.user.uid in _listed(w, token)


def last_moderator_leaves(w) -> bool:
    return w.owner.delete(f"/room/{w.group_room()}/participants/self").status == 200


def remove_self_stranger(w) -> bool:
    return w.stranger.delete(f"/room/{w.group_room()}/participants/self").status == 200


def remove_self_not_saved(w) -> bool:
    token = w.group_room()
    if w.user.delete(f"/room/{token}/participants/self").status != 200:
        return False
    return w.user.uid in _listed(w, token)


# --- joining and leaving -----------------------------------------------------------------------

def _protected(w) -> str | None:
    token = w.public_room()
    w.owner.put(f"/room/{token}/password", {"password": "right"})
    return token if w.owner.get(f"/room/{token}").data["hasPassword"] else None


def password_asked_of_invited(w) -> bool:
    token = _protected(w)
    return token is not None and w.user.post(f"/room/{token}/participants/active").status == 403


def password_only_for_guests(w) -> bool:
    token = _protected(w)
    return token is not None and \
        w.stranger.post(f"/room/{token}/participants/active", {"password": "wrong"}).status == 200 and \
        w.users.guest().post(f"/room/{token}/participants/active", {"password": "wrong"}).status == 403


def guest_joins_private(w) -> bool:
    return w.users.guest().post(f"/room/{w.group_room()}/participants/active").status == 200


def join_without_session(w) -> bool:
    token = w.group_room()
    w.user.post(f"/room/{token}/participants/active")
    return w.user.get(f"/room/{token}").data["sessionId"] == "0"


def leave_keeps_session(w) -> bool:
    token = w.group_room()
    w.user.post(f"/room/{token}/participants/active")
    if w.user.get(f"/room/{token}").data["sessionId"] == "0":
        return False
    if w.user.delete(f"/room/{token}/participants/active").status != 200:
        return False
    return w.user.get(f"/room/{token}").data["sessionId"] != "0"


def leave_unknown(w) -> bool:
    return w.stranger.delete(f"/room/{w.group_room()}/participants/active").status == 200


def count_stuck(w) -> bool:
    token = w.public_room()
    _joined_guest(w, token)
    return w.owner.get(f"/room/{token}").data["numGuests"] == 0


# --- moderators --------------------------------------------------------------------------------

def promote_by_non_moderator(w) -> bool:
    token = w.group_room()
    other = w.users.user()
    w.owner.post(f"/room/{token}/participants", {"newParticipant": other.uid})
    return w.user.post(f"/room/{token}/moderators", {"participant": other.uid}).status == 200


def promote_owner(w) -> bool:
    token = w.group_room()
    return w.moderator(token).post(f"/room/{token}/moderators", {"participant": w.owner.uid}).status == 200


def promote_absent(w) -> bool:
    return w.owner.post(f"/room/{w.group_room()}/moderators", {"participant": w.stranger.uid}).status == 200


def promote_any_type(w) -> bool:
    return w.owner.delete(f"/room/{w.group_room()}/moderators", {"participant": w.user.uid}).status == 200


def wrong_type_other_release(w) -> bool:
    return w.owner.delete(f"/room/{w.group_room()}/moderators", {"participant": w.user.uid}).status == 412


def promote_not_saved(w) -> bool:
    token = w.group_room()
    if w.owner.post(f"/room/{token}/moderators", {"participant": w.user.uid}).status != 200:
        return False
    return _type_of(w.user, token) != 2


def demote_self_allowed(w) -> bool:
    _, moderator, token = _moderated_room(w.users)
    return moderator is not None and \
        moderator.delete(f"/room/{token}/moderators", {"participant": moderator.uid}).status == 200


def guest_demote_not_saved(w) -> bool:
    token = w.public_room()
    guest, session = _joined_guest(w, token)
    if session == "0" or w.owner.post(f"/room/{token}/moderators", {"sessionId": session}).status != 200 \
            or _type_of(guest, token) != 6:
        return False
    return w.owner.delete(f"/room/{token}/moderators", {"sessionId": session}).status == 200 \
        and _type_of(guest, token) == 6


def remove_moderator_allowed(w) -> bool:
    with talk_11(w) as users:
        owner, moderator, token = _moderated_room(users)
        return moderator is not None and \
            owner.delete(f"/room/{token}/participants", {"participant": moderator.uid}).status == 200


def join_force_ignored(w) -> bool:
    with talk_11(w) as users:
        owner = users.user()
        token = _group_room(users, owner)
        if owner.post(f"/room/{token}/participants/active").status != 200 \
                or owner.get(f"/room/{token}").data["sessionId"] == "0":
            return False
        return owner.post(f"/room/{token}/participants/active", {"force": "false"}).status == 200


def demote_not_saved(w) -> bool:
    token = w.group_room()
    moderator = w.moderator(token)
    if _type_of(moderator, token) != 2:
        return False
    if w.owner.delete(f"/room/{token}/moderators", {"participant": moderator.uid}).status != 200:
        return False
    return _type_of(moderator, token) == 2


def self_joined_moderate(w) -> bool:
    token = w.public_room()
    w.stranger.post(f"/room/{token}/participants/active")
    # Two moderator actions: each one alone has its own fault.
    return w.stranger.put(f"/room/{token}", {"roomName": "walker"}).status == 200 and \
        w.stranger.put(f"/room/{token}/password", {"password": "pw"}).status == 200


def guests_moderate(w) -> bool:
    token = w.public_room()
    guest, _ = _joined_guest(w, token)
    return guest.put(f"/room/{token}", {"roomName": "guest"}).status == 200 and \
        guest.put(f"/room/{token}/password", {"password": "pw"}).status == 200


# --- guests ------------------------------------------------------------------------------------

def remove_guest_by_non_moderator(w) -> bool:
    token = w.public_room()
    _, session = _joined_guest(w, token)
    return w.user.delete(f"/room/{token}/participants/guests", {"participant": session}).status == 200


def _remove_user_as_guest(w) -> int | None:
    """The status of removing a joined user's session through participants/guests (None: no session)."""
    token = w.group_room()
    w.user.post(f"/room/{token}/participants/active")
    session = w.user.get(f"/room/{token}").data["sessionId"]
    if session == "0":
        return None
    return w.owner.delete(f"/room/{token}/participants/guests", {"participant": session}).status


def remove_guest_anyone(w) -> bool:
    return _remove_user_as_guest(w) == 200


def not_a_guest_other_release(w) -> bool:
    return _remove_user_as_guest(w) == 400


def remove_guest_unknown(w) -> bool:
    reply = w.owner.delete(f"/room/{w.public_room()}/participants/guests", {"participant": "x" * 40})
    return reply.status == 200


def remove_guest_not_saved(w) -> bool:
    token = w.public_room()
    guest, session = _joined_guest(w, token)
    if session == "0":
        return False
    if w.owner.delete(f"/room/{token}/participants/guests", {"participant": session}).status != 200:
        return False
    return session in _listed(w, token)


def guest_name_logged_in(w) -> bool:
    return w.user.post(f"/guest/{w.public_room()}/name", {"displayName": "x"}).status == 200


def guest_name_without_session(w) -> bool:
    return w.users.guest().post(f"/guest/{w.public_room()}/name", {"displayName": "x"}).status == 200


def guest_name_not_saved(w) -> bool:
    token = w.public_room()
    guest, session = _joined_guest(w, token)
    if session == "0":
        return False
    if guest.post(f"/guest/{token}/name", {"displayName": "Visitor"}).status != 200 or session not in _listed(w, token):
        return False
    return _listed(w, token)[session]["displayName"] != "Visitor"


# --- calls -------------------------------------------------------------------------------------

def _in_call(w, token: str) -> bool:
    w.user.post(f"/room/{token}/participants/active")
    return w.user.post(f"/call/{token}").status == 200


def call_for_strangers(w) -> bool:
    return w.stranger.get(f"/call/{w.group_room()}").status == 200


def read_only_call_list_and_leave(w) -> bool:
    with talk_11(w) as users:
        owner = users.user()
        token = create_room(owner, 3, "open")
        owner.post(f"/room/{token}/participants/active")
        if owner.put(f"/room/{token}/read-only", {"state": 1}).status != 200 \
                or owner.get(f"/room/{token}").data.get("readOnly") != 1:
            return False
        return owner.get(f"/call/{token}").status == 200 or owner.delete(f"/call/{token}").status == 200


def join_call_without_session(w) -> bool:
    return w.owner.post(f"/call/{w.group_room()}").status == 200


def call_peers_leak(w) -> bool:
    token = w.group_room()
    w.owner.post(f"/room/{token}/participants/active")
    return any(p["userId"] == w.owner.uid for p in w.user.get(f"/call/{token}").data)


def join_call_not_saved(w) -> bool:
    token = w.group_room()
    return _in_call(w, token) and not w.user.get(f"/room/{token}").data["participantInCall"]


def has_call_missing(w) -> bool:
    token = w.group_room()
    return _in_call(w, token) and w.user.get(f"/room/{token}").data["participantInCall"] \
        and not w.owner.get(f"/room/{token}").data["hasCall"]


def leave_call_keeps_flag(w) -> bool:
    token = w.group_room()
    if not _in_call(w, token):
        return False
    if w.user.delete(f"/call/{token}").status != 200:
        return False
    return w.user.get(f"/room/{token}").data["participantInCall"]


def ping_outside_room(w) -> bool:
    with talk_3_2(w) as users:
        owner = users.user()
        token = create_room(owner, 3, "open")
        return users.user().post(f"/call/{token}/ping").status == 200


def ping_removed(w) -> bool:
    with talk_3_2(w) as users:
        owner = users.user()
        token = create_room(owner, 3, "open")
        owner.post(f"/room/{token}/participants/active")
        if owner.get(f"/room/{token}").data["sessionId"] == "0":
            return False
        return owner.post(f"/call/{token}/ping").status == 404


PROBES = {
    "participant-list-for-strangers": list_for_strangers,
    "participant-list-without-guests": list_without_guests,
    "participant-list-guests-other-release": list_refuses_guests,
    "include-status-refused": include_status_refused,
    "demote-self-allowed": demote_self_allowed,
    "guest-demote-not-saved": guest_demote_not_saved,
    "remove-moderator-allowed": remove_moderator_allowed,
    "join-force-ignored": join_force_ignored,
    "not-a-guest-other-release": not_a_guest_other_release,
    "read-only-call-list-and-leave": read_only_call_list_and_leave,
    "join-call-without-session": join_call_without_session,
    "add-by-non-moderator": add_by_non_moderator,
    "add-unknown-user": add_unknown,
    "add-unknown-source": add_unknown_source,
    "add-not-saved": add_by_moderator_not_saved,
    "one-to-one-add-keeps-type": one_to_one_keeps_type,
    "remove-by-non-moderator": remove_by_non_moderator,
    "remove-owner-allowed": remove_owner,
    "remove-unknown-200": remove_unknown,
    "remove-not-saved": remove_not_saved,
    "last-moderator-may-leave": last_moderator_leaves,
    "remove-self-not-saved": remove_self_not_saved,
    "password-asked-of-invited": password_asked_of_invited,
    "password-only-for-guests": password_only_for_guests,
    "outsiders-join-private": guest_joins_private,
    "remove-self-stranger-200": remove_self_stranger,
    "join-without-session": join_without_session,
    "leave-keeps-session": leave_keeps_session,
    "leave-unknown-200": leave_unknown,
    "count-stuck": count_stuck,
    "promote-by-non-moderator": promote_by_non_moderator,
    "promote-owner-allowed": promote_owner,
    "promote-absent-200": promote_absent,
    "promote-any-type": promote_any_type,
    "wrong-type-other-release": wrong_type_other_release,
    "promote-not-saved": promote_not_saved,
    "demote-not-saved": demote_not_saved,
    "self-joined-are-moderators": self_joined_moderate,
    "guests-are-moderators": guests_moderate,
    "remove-guest-by-non-moderator": remove_guest_by_non_moderator,
    "remove-guest-anyone": remove_guest_anyone,
    "remove-guest-unknown-200": remove_guest_unknown,
    "remove-guest-not-saved": remove_guest_not_saved,
    "guest-name-while-logged-in": guest_name_logged_in,
    "guest-name-without-session": guest_name_without_session,
    "guest-name-not-saved": guest_name_not_saved,
    "call-for-strangers": call_for_strangers,
    "call-peers-leak": call_peers_leak,
    "join-call-not-saved": join_call_not_saved,
    "has-call-missing": has_call_missing,
    "leave-call-keeps-flag": leave_call_keeps_flag,
    "ping-outside-room": ping_outside_room,
    "ping-removed": ping_removed,
}
