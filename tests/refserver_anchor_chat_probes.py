"""Probes of the faults of features/chat/anchor_chat-messages.feature (spreed's chat suite: mentions in every
kind of conversation, the follow-up message_deleted) for tests/test_refserver_faults.py. Each builds its own
conversation and says "not broken" where another fault took what it reads."""

from __future__ import annotations

from tests.refserver_chat_depth_probes import _deleted
from tests.refserver_chat_later_probes import _messages, _post, later
from tests.refserver_mention_probes import _mentions


def without_owners(w) -> bool:
    return w.owner.uid not in [s["id"] for s in _mentions(w.user, w.group_room(), w.owner.uid)]


def without_self_joined(w) -> bool:
    token = w.public_room()
    joined = w.stranger.post(f"/room/{token}/participants/active").status == 200
    listed = [p.get("userId") for p in (w.owner.get(f"/room/{token}/participants").data or [])]
    if not joined or w.stranger.uid not in listed:
        return False  # a self-join refused or not saved: another fault's rule
    return w.stranger.uid not in [s["id"] for s in _mentions(w.owner, token, w.stranger.uid)]


@later
def all_label_not_name(w) -> bool:
    token = w.group_room()
    name = w.owner.get(f"/room/{token}").data["name"]
    everyone = [s for s in _mentions(w.user, token, "all") if s["source"] == "calls"]
    return bool(everyone) and everyone[0]["label"] != name  # none at all: mentions-all-missing


@later
def message_deleted_not_in_chat(w) -> bool:
    token = w.group_room()
    mine = _post(w, w.user, token, "oops")["id"]
    if not _deleted(w, w.user, token, mine):
        return False  # delete-not-deleted, a refusal
    return not [m for m in _messages(w, token) if m.get("systemMessage") == "message_deleted"]


@later
def reference_id_too_long_refused(w) -> bool:
    return w.owner.post(f"/chat/{w.group_room()}", {"message": "long", "referenceId": "x" * 100}).status == 400


ANCHOR_CHAT_PROBES = {
    "mentions-without-owners": without_owners,
    "mentions-without-self-joined": without_self_joined,
    "mentions-all-label-not-name": all_label_not_name,
    "message-deleted-not-in-chat": message_deleted_not_in_chat,
    "reference-id-too-long-refused": reference_id_too_long_refused,
}
