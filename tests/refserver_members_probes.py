"""Probes for the faults of who may remove whom and of self-joined users (features/participants/who-may.feature,
self-joined.feature; see test_refserver_faults.py): each answers "is this rule broken?"."""

from __future__ import annotations

from tests.refserver_probes_participants import _listed
from tests.test_refserver_support import create_room


def _open_room(w) -> str:
    """A public conversation of the owner alone (made public again: create-wrong-type spoils nothing)."""
    token = create_room(w.owner, 3, "open")
    assert w.owner.post(f"/room/{token}/public").status == 200
    return token


def absent_before_permission(w) -> bool:
    token = w.group_room()
    third = w.users.user()
    assert w.owner.post(f"/room/{token}/participants", {"newParticipant": third.uid}).status == 200
    # Refused for lack of permission whoever is named; remove-by-non-moderator lets the plain user remove.
    return w.user.delete(f"/room/{token}/participants", {"participant": w.stranger.uid}).status == 404 and \
        w.user.delete(f"/room/{token}/participants", {"participant": third.uid}).status == 403


def last_user_keeps_room(w) -> bool:
    token = _open_room(w)
    if w.stranger.post(f"/room/{token}/participants/active").status != 200:
        return False
    if w.owner.delete(f"/room/{token}/participants/self").status != 200:
        return False
    return w.stranger.get(f"/room/{token}").status == 200


def self_joined_kept_on_leave(w) -> bool:
    token = _open_room(w)
    w.stranger.post(f"/room/{token}/participants/active")
    if w.stranger.delete(f"/room/{token}/participants/active").status != 200:
        return False
    row = _listed(w, token).get(w.stranger.uid)
    return row is not None and row["sessionId"] == "0"


def self_joined_may_not_chat(w) -> bool:
    token = _open_room(w)
    w.stranger.post(f"/room/{token}/participants/active")
    return w.stranger.post(f"/chat/{token}", {"message": "by the link"}).status == 403


MEMBERS_PROBES = {
    "absent-before-permission": absent_before_permission,
    "last-user-keeps-room": last_user_keeps_room,
    "self-joined-kept-on-leave": self_joined_kept_on_leave,
    "self-joined-may-not-chat": self_joined_may_not_chat,
}
