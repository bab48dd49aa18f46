"""Probes of the faults of the chat of Talk 8.0 to 11.1 for tests/test_refserver_faults.py. Each
probe switches the world's server to Talk 11.1 (its features, its Nextcloud, its rules) for as long
as it runs, builds its own conversation and reads only what its rule decides."""

from __future__ import annotations

from contextlib import contextmanager

from talk_refserver import spec
from talk_refserver.capabilities import profile_options
from tests.refserver_chat_probes import _history

SHA256 = "0123456789abcdef" * 4


@contextmanager
def talk_11(w):
    app = w.server.app
    saved = app.feature_list, app.features, app.release, app.nextcloud
    options = profile_options("talk-11")
    app.feature_list, app.features = tuple(options["features"]), frozenset(options["features"])
    app.nextcloud = options["nextcloud"]
    app.release = spec.release_of(app.features, app.nextcloud)
    try:
        yield
    finally:
        app.feature_list, app.features, app.release, app.nextcloud = saved


class Unsaved(Exception):
    """A message the probe builds on was not stored: chat-message-not-saved, not the probe's rule."""


def later(probe):
    def run(w) -> bool:
        with talk_11(w):
            try:
                return probe(w)
            except Unsaved:
                return False
    return run


def _post(w, api, token: str, text: str, **fields) -> dict:
    reply = api.post(f"/chat/{token}", {"message": text, **fields})
    assert reply.status == 201
    if _by_id(w, token, reply.data["id"]) is None:
        raise Unsaved(text)
    return reply.data


def _messages(w, token: str) -> list[dict]:
    reply = _history(w.owner, token)
    return reply.data if reply.status == 200 else []


def _by_id(w, token: str, message_id: int) -> dict | None:
    return next((m for m in _messages(w, token) if m["id"] == message_id), None)


def _system_id(w, token: str) -> int | None:
    return next((m["id"] for m in _messages(w, token) if m["messageType"] == "system"), None)


def _read_only(w) -> str | None:
    """A conversation made read-only, or None where that is not stored (read-only-not-saved)."""
    token = w.group_room()
    assert w.owner.put(f"/room/{token}/read-only", {"state": 1}).status == 200
    return token if w.owner.get(f"/room/{token}").data["readOnly"] == 1 else None


@later
def replyable_missing(w) -> bool:
    return "isReplyable" not in _post(w, w.owner, w.group_room(), "hi")


@later
def system_message_replyable(w) -> bool:
    return any(m.get("isReplyable") is True for m in _messages(w, w.group_room()) if m["messageType"] == "system")


@later
def reply_without_parent(w) -> bool:
    token = w.group_room()
    parent = _post(w, w.owner, token, "question")["id"]
    reply = w.user.post(f"/chat/{token}", {"message": "answer", "replyTo": parent})
    return reply.status == 201 and "parent" not in reply.data  # a refused reply is reply-to-refused


@later
def parent_nested(w) -> bool:
    token = w.group_room()
    first = _post(w, w.owner, token, "question")["id"]
    second = w.user.post(f"/chat/{token}", {"message": "answer", "replyTo": first})
    if second.status != 201:
        return False  # reply-to-refused
    third = w.owner.post(f"/chat/{token}", {"message": "thanks", "replyTo": second.data["id"]})
    return third.status == 201 and "parent" in (third.data.get("parent") or {})


@later
def reference_id_dropped(w) -> bool:
    return _post(w, w.owner, w.group_room(), "tracked", referenceId=SHA256)["referenceId"] == ""


@later
def reference_id_cut_to_40(w) -> bool:
    return _post(w, w.owner, w.group_room(), "tracked", referenceId=SHA256)["referenceId"] == SHA256[:40]


@later
def common_read_header_missing(w) -> bool:
    token = w.group_room()
    return "x-chat-last-common-read" not in w.user.post(f"/chat/{token}/read", {"lastReadMessage": 1}).headers


@later
def common_read_wrong(w) -> bool:
    token = w.group_room()
    assert w.owner.post(f"/chat/{token}/read", {"lastReadMessage": 1}).status == 200
    marked = w.user.post(f"/chat/{token}/read", {"lastReadMessage": 5})
    # What the markers really are (read-marker-not-saved keeps them): the common read is the lowest.
    common = min(api.get(f"/room/{token}").data["lastReadMessage"] for api in (w.owner, w.user))
    return marked.headers.get("x-chat-last-common-read") not in (None, str(common))


@later
def send_keeps_read_marker(w) -> bool:
    token = w.group_room()
    sent = _post(w, w.user, token, "mine")["id"]
    return w.user.get(f"/room/{token}").data["lastReadMessage"] != sent


@later
def delete_not_deleted(w) -> bool:
    token = w.group_room()
    mine = _post(w, w.user, token, "oops")["id"]
    if w.user.delete(f"/chat/{token}/{mine}").status != 200:
        return False  # not stored (chat-message-not-saved): nothing to delete
    return (_by_id(w, token, mine) or {}).get("messageType") == "comment"


@later
def delete_answer_without_parent(w) -> bool:
    token = w.group_room()
    mine = _post(w, w.user, token, "oops")["id"]
    deleted = w.user.delete(f"/chat/{token}/{mine}")
    return deleted.status == 200 and "parent" not in deleted.data


@later
def delete_others_messages(w) -> bool:
    token = w.group_room()
    theirs = _post(w, w.owner, token, "owner's")["id"]
    return w.user.delete(f"/chat/{token}/{theirs}").status != 403


@later
def delete_by_moderator_refused(w) -> bool:
    token = w.group_room()
    theirs = _post(w, w.user, token, "user's")["id"]
    return w.owner.delete(f"/chat/{token}/{theirs}").status != 200


@later
def delete_system_message(w) -> bool:
    token = w.group_room()
    system = _system_id(w, token)
    return system is not None and w.owner.delete(f"/chat/{token}/{system}").status != 405


@later
def delete_unknown_message_200(w) -> bool:
    elsewhere = _post(w, w.owner, w.group_room(), "elsewhere")["id"]
    return w.owner.delete(f"/chat/{w.group_room()}/{elsewhere}").status != 404


@later
def delete_in_read_only(w) -> bool:
    token = w.group_room()
    mine = _post(w, w.owner, token, "locked in")["id"]
    assert w.owner.put(f"/room/{token}/read-only", {"state": 1}).status == 200
    if w.owner.get(f"/room/{token}").data["readOnly"] != 1:
        return False  # read-only-not-saved
    return w.owner.delete(f"/chat/{token}/{mine}").status != 403


@later
def delete_message_guest_401(w) -> bool:
    token = w.public_room()
    guest = w.users.guest()
    assert guest.post(f"/room/{token}/participants/active").status == 200
    mine = _post(w, guest, token, "wrong room")["id"]
    return guest.delete(f"/chat/{token}/{mine}").status != 200


@later
def mentions_in_read_only(w) -> bool:
    token = _read_only(w)
    return token is not None and w.owner.get(f"/chat/{token}/mentions", {"search": ""}).status != 403


LATER_CHAT_PROBES = {
    "replyable-missing": replyable_missing,
    "system-message-replyable": system_message_replyable,
    "reply-without-parent": reply_without_parent,
    "parent-nested": parent_nested,
    "reference-id-dropped": reference_id_dropped,
    "reference-id-cut-to-40": reference_id_cut_to_40,
    "common-read-header-missing": common_read_header_missing,
    "common-read-wrong": common_read_wrong,
    "send-keeps-read-marker": send_keeps_read_marker,
    "delete-not-deleted": delete_not_deleted,
    "delete-answer-without-parent": delete_answer_without_parent,
    "delete-others-messages": delete_others_messages,
    "delete-by-moderator-refused": delete_by_moderator_refused,
    "delete-system-message": delete_system_message,
    "delete-unknown-message-200": delete_unknown_message_200,
    "delete-in-read-only": delete_in_read_only,
    "delete-message-guest-401": delete_message_guest_401,
    "mentions-in-read-only": mentions_in_read_only,
}
