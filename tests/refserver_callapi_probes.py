"""Probes for the faults of the call in every conversation type (features/call/anchor_callapi.feature; see
test_refserver_faults.py): each answers "is this rule broken?"."""

from __future__ import annotations


def call_list_needs_session(w) -> bool:
    # The user is a participant of the group conversation and has not joined it.
    return w.user.get(f"/call/{w.group_room()}").status == 404


CALLAPI_PROBES = {
    "call-list-needs-session": call_list_needs_session,
}
