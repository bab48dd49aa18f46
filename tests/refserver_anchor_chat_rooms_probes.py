"""Probes of the faults of the chat in each kind of conversation (issue 19, the anchor's chat folder:
password-protected conversations) for test_refserver_faults.py: each answers "is this rule broken?"."""

from __future__ import annotations

import json


def refused_join_lets_in(w) -> bool:
    token = w.public_room()
    if w.owner.put(f"/room/{token}/password", {"password": "right"}).status != 200 \
            or not w.owner.get(f"/room/{token}").data["hasPassword"]:
        return False  # no password stored (password-not-saved): nothing to refuse
    guest = w.users.guest()
    # A join that passes with the wrong password is another rule broken (password-not-checked).
    return guest.post(f"/room/{token}/participants/active", {"password": "wrong"}).status == 403 \
        and guest.post(f"/chat/{token}", {"message": "in after all"}).status == 201


def mention_of_outsider_stays_text(w) -> bool:
    token = w.group_room()  # the owner and the user are in it, the stranger is not
    reply = w.owner.post(f"/chat/{token}", {"message": f"@{w.user.uid} meet @{w.stranger.uid}"})
    named = {p.get("id") for p in ((reply.data or {}).get("messageParameters") or {}).values()
             if isinstance(p, dict) and p.get("type") == "user"} if reply.status == 201 else set()
    # No placeholder at all is another rule broken (mention-parameters-missing).
    return w.user.uid in named and w.stranger.uid not in named


def _share_call(w, token: str, data: dict):
    return w.owner.post(f"/chat/{token}/share", {"objectType": "call", "objectId": "probe-call",
                                                 "metaData": json.dumps(data)})


def rich_object_unchecked(w) -> bool:
    return _share_call(w, w.group_room(), {"call-type": "group"}).status == 201


def rich_object_not_shared(w) -> bool:
    token = w.group_room()
    if _share_call(w, token, {"name": "Probe call", "call-type": "group"}).status != 201:
        return False
    history = w.user.get(f"/chat/{token}", {"lookIntoFuture": 0}).data or []
    return not [m for m in history if isinstance(m.get("messageParameters"), dict)
                and any(isinstance(p, dict) and p.get("id") == "probe-call" for p in m["messageParameters"].values())]


ANCHOR_CHAT_ROOMS_PROBES = {
    "rich-object-unchecked": rich_object_unchecked,
    "rich-object-not-shared": rich_object_not_shared,
    "mention-of-outsider-stays-text": mention_of_outsider_stays_text,
    "refused-join-lets-in": refused_join_lets_in,
}
