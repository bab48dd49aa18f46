"""Probes of the mention faults of issue 19 for tests/test_refserver_faults.py: the whole answer of the
mention suggestions and mentions inside message text. Each builds its own conversation and says "not
broken" where another fault (a name not saved, parameters missing altogether) took what it reads."""

from __future__ import annotations

import re

from tests.test_refserver_support import create_room

GUEST_NAME = "Ada Probe"


def _mentions(api, token: str, search: str) -> list[dict]:
    reply = api.get(f"/chat/{token}/mentions", {"search": search})
    return reply.data if reply.status == 200 else []


def _sent(w, text: str) -> dict:
    reply = w.owner.post(f"/chat/{w.group_room()}", {"message": text})
    return reply.data if reply.status == 201 else {}


def _naming(sent: dict, uid: str) -> list[str]:
    params = sent.get("messageParameters") or {}
    return [k for k, p in params.items() if isinstance(p, dict) and p.get("type") == "user" and p.get("id") == uid]


def offer_caller(w) -> bool:
    return w.owner.uid in [s["id"] for s in _mentions(w.owner, w.group_room(), w.owner.uid)]


def search_ignored(w) -> bool:
    return bool(_mentions(w.owner, w.group_room(), "zz-nobody-is-named-so"))


def _named_guest(w) -> tuple[str, bool]:
    """A public room with a guest named GUEST_NAME; whether the name was saved (the participant list)."""
    token = w.public_room()
    guest = w.users.guest()
    assert guest.post(f"/room/{token}/participants/active").status == 200
    guest.post(f"/guest/{token}/name", {"displayName": GUEST_NAME})
    listed = w.owner.get(f"/room/{token}/participants").data or []
    return token, any(p.get("displayName") == GUEST_NAME for p in listed)


def without_guests(w) -> bool:
    token, _ = _named_guest(w)
    return not [s for s in _mentions(w.owner, token, "") if s["source"] == "guests"]


def guest_label_guest(w) -> bool:
    token, saved = _named_guest(w)
    guests = [s for s in _mentions(w.owner, token, "") if s["source"] == "guests"]
    return saved and bool(guests) and GUEST_NAME not in [s["label"] for s in guests]


def all_missing(w) -> bool:
    return not [s for s in _mentions(w.owner, w.group_room(), "all") if s["source"] == "calls"]


def all_in_one_to_one(w) -> bool:
    other = w.users.user()
    token = create_room(w.owner, 1, invite=other.uid)
    return bool([s for s in _mentions(w.owner, token, "") if s["source"] == "calls"])


def unknown_user(w) -> bool:
    return bool(_sent(w, "hi @no-such-user-probe").get("messageParameters"))


def per_occurrence(w) -> bool:
    return len(_naming(_sent(w, f"@{w.user.uid} and @{w.user.uid}"), w.user.uid)) > 1


def inside_longer_id(w) -> bool:
    sent = _sent(w, f"@{w.user.uid}x and @{w.user.uid}")
    # "@uidx" read as "@uid" + "x": the same placeholder both times
    return re.fullmatch(r"\{([^}]+)\}x and \{\1\}", sent.get("message", "")) is not None


def quoted_ignored(w) -> bool:
    sent = _sent(w, f'hi @"{w.user.uid}" and @{w.stranger.uid}')
    return bool(_naming(sent, w.stranger.uid)) and not _naming(sent, w.user.uid)


MENTION_PROBES = {
    "mentions-offer-caller": offer_caller,
    "mentions-search-ignored": search_ignored,
    "mentions-without-guests": without_guests,
    "mentions-guest-label-guest": guest_label_guest,
    "mentions-all-missing": all_missing,
    "mentions-all-in-one-to-one": all_in_one_to_one,
    "mention-of-unknown-user": unknown_user,
    "mention-parameter-per-occurrence": per_occurrence,
    "mention-inside-longer-id": inside_longer_id,
    "mention-quoted-ignored": quoted_ignored,
}
