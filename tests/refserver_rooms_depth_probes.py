"""Probes for the one-to-one faults of the reference server (see test_refserver_faults.py): each
answers "is this rule broken?" and stays False under every other fault."""

from __future__ import annotations

from tests.test_refserver_support import create_room


def _pair(w) -> tuple:
    """Two fresh users and the token of their one-to-one conversation."""
    a, b = w.users.user(), w.users.user()
    return a, b, create_room(a, 1, invite=b.uid)


def partner_removable(w) -> bool:
    a, b, token = _pair(w)
    return a.delete(f"/room/{token}/participants", {"participant": b.uid}).status == 200


def demote_owner_allowed(w) -> bool:
    a, b, token = _pair(w)
    if a.delete(f"/room/{token}/moderators", {"participant": b.uid}).status != 200:
        return False
    return b.get(f"/room/{token}").data.get("participantType") != 1  # an answer alone: promote-any-type


def left_stays_out(w) -> bool:
    a, b, token = _pair(w)
    if b.delete(f"/room/{token}/participants/self").status != 200:
        return False
    a.post(f"/chat/{token}", {"message": "are you there?"})
    # The partner keeps the conversation (one-to-one-leave-deletes breaks that, not this rule).
    return a.get(f"/room/{token}").status == 200 and b.get(f"/room/{token}").status != 200


def add_to_one_to_one(w) -> bool:
    a, _, token = _pair(w)
    return a.post(f"/room/{token}/participants", {"newParticipant": w.users.user().uid}).status == 200


ROOMS_DEPTH_PROBES = {
    "one-to-one-partner-removable": partner_removable,
    "demote-owner-allowed": demote_owner_allowed,
    "one-to-one-left-stays-out": left_stays_out,
    "one-to-one-add-allowed": add_to_one_to_one,
}
