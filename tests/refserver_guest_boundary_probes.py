"""Probes of the faults of guests at the boundary (issue 19: guests outside a conversation, read-only and
the lobby with guests and guest moderators) for test_refserver_faults.py: each answers "is this rule
broken?" on a fresh public room."""

from __future__ import annotations


def _joined_guest(w, token: str):
    guest = w.users.guest()
    reply = guest.post(f"/room/{token}/participants/active")
    return guest, reply.data.get("sessionId", "0") if reply.status == 200 else "0"


def _lobby_on(w, token: str) -> bool:
    """Whether the lobby could be switched on (other lobby faults may keep it off: not this rule)."""
    return w.owner.put(f"/room/{token}/webinary/lobby", {"state": 1}).status == 200 \
        and w.owner.get(f"/room/{token}").data["lobbyState"] == 1


def outside_guests_get_401(w) -> bool:
    return w.users.guest().post(f"/chat/{w.public_room()}", {"message": "anybody?"}).status == 401


def read_only_spares_guests(w) -> bool:
    token = w.public_room()
    guest, session = _joined_guest(w, token)
    if session == "0" or w.owner.put(f"/room/{token}/read-only", {"state": 1}).status != 200 \
            or w.owner.get(f"/room/{token}").data["readOnly"] != 1:
        return False
    # Only guests pass: a read-only conversation that lets everyone write is another rule broken.
    return w.user.post(f"/chat/{token}", {"message": "locked"}).status == 403 \
        and guest.post(f"/chat/{token}", {"message": "still here"}).status == 201


def lobby_spares_guests(w) -> bool:
    token = w.public_room()
    guest, session = _joined_guest(w, token)
    # Only guests pass: a lobby that lets everyone through is another rule broken.
    return session != "0" and _lobby_on(w, token) and w.user.post(f"/chat/{token}", {"message": "held"}).status == 412 \
        and guest.post(f"/chat/{token}", {"message": "in"}).status == 201


def lobby_holds_guest_moderators(w) -> bool:
    token = w.public_room()
    guest, session = _joined_guest(w, token)
    if session == "0" or w.owner.post(f"/room/{token}/moderators", {"sessionId": session}).status != 200 \
            or guest.get(f"/room/{token}").data["participantType"] != 6:
        return False
    # Only guest moderators are held: a lobby that holds every moderator is another rule broken.
    return _lobby_on(w, token) and w.owner.post(f"/chat/{token}", {"message": "in"}).status == 201 \
        and guest.post(f"/chat/{token}", {"message": "in"}).status == 412


def lobby_refuses_joining(w) -> bool:
    token = w.public_room()
    return _lobby_on(w, token) and w.users.guest().post(f"/room/{token}/participants/active").status == 412


def lobby_spares_self_joined(w) -> bool:
    token = w.public_room()
    joiner = w.users.user()
    if joiner.post(f"/room/{token}/participants/active").status != 200:
        return False
    # Only self-joined users pass: a lobby that lets everyone through is another rule broken.
    return _lobby_on(w, token) and w.user.post(f"/chat/{token}", {"message": "held"}).status == 412 \
        and joiner.post(f"/chat/{token}", {"message": "in"}).status == 201


def lobby_refuses_leaving(w) -> bool:
    token = w.public_room()
    return _lobby_on(w, token) and w.user.delete(f"/room/{token}/participants/self").status == 412


def lobby_shows_last_message(w) -> bool:
    token = w.public_room()
    if not _lobby_on(w, token) or w.owner.post(f"/chat/{token}", {"message": "moderators only"}).status != 201:
        return False
    return bool(w.user.get(f"/room/{token}").data.get("lastMessage"))


GUEST_BOUNDARY_PROBES = {
    "outside-guests-get-401": outside_guests_get_401,
    "read-only-spares-guests": read_only_spares_guests,
    "lobby-spares-guests": lobby_spares_guests,
    "lobby-holds-guest-moderators": lobby_holds_guest_moderators,
    "lobby-refuses-joining": lobby_refuses_joining,
    "lobby-spares-self-joined": lobby_spares_self_joined,
    "lobby-refuses-leaving": lobby_refuses_leaving,
    "lobby-shows-last-message": lobby_shows_last_message,
}
