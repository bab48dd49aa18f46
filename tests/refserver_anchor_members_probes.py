"""Probes for the faults of the conversation members' anchor scenarios (features/conversation/
anchor_conversation-members.feature; see test_refserver_faults.py): each answers "is this rule broken?"."""

from __future__ import annotations

from tests.test_refserver_support import create_room


def one_to_one_leave_deletes(w) -> bool:
    a, b = w.users.user(), w.users.user()
    token = create_room(a, 1, invite=b.uid)
    if b.delete(f"/room/{token}/participants/self").status != 200:
        return False
    return a.get(f"/room/{token}").status != 200


def add_group_adds_nobody(w) -> bool:
    member = w.users.user()
    token = create_room(w.owner, 3, "open")
    if w.owner.post(f"/room/{token}/participants", {"newParticipant": w.users.group(member), "source": "groups"}).status != 200:
        return False
    reply = member.get(f"/room/{token}")
    return not (reply.status == 200 and isinstance(reply.data, dict) and reply.data.get("participantType") == 3)


ANCHOR_MEMBERS_PROBES = {
    "add-group-adds-nobody": add_group_adds_nobody,
    "one-to-one-leave-deletes": one_to_one_leave_deletes,
}
