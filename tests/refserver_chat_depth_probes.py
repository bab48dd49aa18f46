"""Probes of the faults issue 19 added to the chat (deleting, replies, read status, reference ids) for
tests/test_refserver_faults.py. Each builds its own conversation and reads only what its rule decides;
where another fault would give the same answer, the probe tells them apart."""

from __future__ import annotations

from tests.refserver_chat_later_probes import _by_id, _post, _system_id, later
from tests.test_refserver_support import create_room


def _deleted(w, api, token: str, message_id: int) -> bool:
    """Deleted and stored as deleted (not delete-not-deleted, not a refusal)."""
    return (api.delete(f"/chat/{token}/{message_id}").status == 200
            and (_by_id(w, token, message_id) or {}).get("messageType") == "comment_deleted")


@later
def deleted_parent_not_flagged(w) -> bool:
    token = w.group_room()
    question = _post(w, w.owner, token, "question")["id"]
    answer = w.user.post(f"/chat/{token}", {"message": "answer", "replyTo": question})
    if answer.status != 201 or not _deleted(w, w.owner, token, question):
        return False  # reply-to-refused, delete-not-deleted
    parent = (_by_id(w, token, answer.data["id"]) or {}).get("parent")
    return isinstance(parent, dict) and parent.get("deleted") is not True  # no parent: reply-without-parent


@later
def delete_partner_message_in_one_to_one(w) -> bool:
    group = w.group_room()
    if w.user.delete(f"/chat/{group}/{_post(w, w.owner, group, 'theirs')['id']}").status != 403:
        return False  # delete-others-messages lets anyone delete anything
    pair = create_room(w.owner, 1, invite=w.user.uid)
    theirs = _post(w, w.user, pair, "partner's")["id"]
    return w.owner.delete(f"/chat/{pair}/{theirs}").status == 200


@later
def reply_to_deleted_accepted(w) -> bool:
    token = w.group_room()
    system = _system_id(w, token)
    if system is None or w.owner.post(f"/chat/{token}", {"message": "x", "replyTo": system}).status != 400:
        return False  # reply-to-unchecked accepts every replyTo
    mine = _post(w, w.user, token, "oops")["id"]
    if not _deleted(w, w.user, token, mine):
        return False
    return w.owner.post(f"/chat/{token}", {"message": "what was it?", "replyTo": mine}).status == 201


def read_marker_set_despite_opt_out(w) -> bool:
    token = w.group_room()
    first = w.owner.post(f"/chat/{token}", {"message": "one"})
    w.owner.post(f"/chat/{token}", {"message": "two"})
    before = w.user.get(f"/room/{token}").data["lastReadMessage"]
    w.user.get(f"/chat/{token}", {"lookIntoFuture": 1, "setReadMarker": 0, "timeout": 0,
                                  "lastKnownMessageId": first.data["id"]})
    return w.user.get(f"/room/{token}").data["lastReadMessage"] != before


def system_messages_counted_unread(w) -> bool:
    # The user was added after the marker a new participant starts with: user_added is newer, a system message.
    return w.user.get(f"/room/{w.group_room()}").data["unreadMessages"] != 0


@later
def reference_id_reused_dropped(w) -> bool:
    token = w.group_room()
    first = _post(w, w.owner, token, "one", referenceId="same")["referenceId"]
    second = _post(w, w.user, token, "two", referenceId="same")["referenceId"]
    return first == "same" and second == ""  # both "": reference-id-dropped


DEPTH_CHAT_PROBES = {
    "deleted-parent-not-flagged": deleted_parent_not_flagged,
    "delete-partner-message-in-one-to-one": delete_partner_message_in_one_to_one,
    "reply-to-deleted-accepted": reply_to_deleted_accepted,
    "read-marker-set-despite-opt-out": read_marker_set_despite_opt_out,
    "system-messages-counted-unread": system_messages_counted_unread,
    "reference-id-reused-dropped": reference_id_reused_dropped,
}


@later
def added_user_reads_nothing(w) -> bool:
    token = w.group_room()
    _post(w, w.owner, token, "before you came")
    newcomer = w.users.user()
    assert w.owner.post(f"/room/{token}/participants", {"newParticipant": newcomer.uid}).status == 200
    return newcomer.get(f"/room/{token}").data["lastReadMessage"] == 0


DEPTH_CHAT_PROBES["added-user-reads-nothing"] = added_user_reads_nothing
