"""Documented rules the server can break on purpose, one per name, to prove a scenario can fail.

Each fault is a single ``if ctx.faults.active(...)`` at the one place that enforces its rule, so a
fault never changes anything but that rule.
"""

from __future__ import annotations

FAULTS: dict[str, str] = {
    "rename-one-to-one-allowed": "renaming a one-to-one conversation answers 200 and renames it (docs: 405)",
    "rename-one-to-one-400": "renaming a one-to-one conversation answers 400, as real Talk 4 to 7 servers do (docs: 405)",
    "rename-length-unchecked": "empty or over-long names are accepted with 200 (docs: 400)",
    "rename-by-non-moderator": "plain participants may rename (docs: 403)",
    "rename-not-saved": "a rename answers 200 but the name is not stored",
    "delete-by-non-moderator": "plain participants may delete the conversation (docs: 403)",
    "stranger-sees-room": "GET /room/{token} of a non-public room by a non-participant answers 200 with the full room (docs: 404)",
    "room-list-leaks": "GET /room also lists conversations the caller is not in",
    "create-invalid-type": "a roomType outside 1-3 creates a conversation with 201 (docs: 400)",
    "create-unknown-invitee": "inviting an unknown user or group creates a conversation with 201 (docs: 404)",
    "anonymous-room-list": "GET /room without login answers 200 [] (docs: 401)",
    "anonymous-create": "POST /room without login answers 201 with a conversation (docs: 401)",
    "one-to-one-duplicated": "asking for an existing one-to-one pair creates a new conversation, 201 (docs: 200 with the existing one)",
    "public-by-non-moderator": "plain participants may make a conversation public (docs: 403)",
    "private-by-non-moderator": "plain participants may make a conversation private (docs: 403)",
    "password-by-non-moderator": "plain participants may set the password (docs: 403)",
    "password-on-non-public": "a password can be set on a group conversation, 200 (docs: 403)",
    "statuscode-mismatch": "meta.statuscode is always 100 on /ocs/v2.php (it must equal the HTTP status)",
    "room-shape": "the room object sends lastPing as a string (docs: int)",
    "unknown-room-200": "an unknown token answers 200 with an empty object on GET/PUT/DELETE /room/{token} (docs: 404)",
    "password-not-checked": "a public conversation's password is ignored on join (docs: 403 when wrong)",
    "create-wrong-type": "POST /room with roomType 3 creates a group conversation, type 2 (docs: a public one)",
    "group-invite-adds-nobody": "a group conversation created for a group gets none of the group's members",
    "one-to-one-invitee-missing": "a new one-to-one conversation holds only its creator, not the invited user",
    "empty-group-room-refused": "roomType 2 without invite is refused, 400, though empty-group-room is advertised",
    "room-list-missing": "GET /room lists only the conversations the caller owns, not those they were added to",
    "guest-cannot-get-room": "GET /room/{token} by a guest who joined the public conversation answers 404 (docs: 200)",
    "delete-not-saved": "DELETE /room/{token} answers 200 but the conversation stays",
    "moderators-are-plain-users": "moderators (participant type 2) get 403 on moderator-only actions, like plain users",
    "strangers-get-403": "a non-participant gets 403 on moderator-only actions (docs: 404, as for an unknown room)",
    "public-not-saved": "POST /room/{token}/public answers 200 but the conversation stays a group conversation",
    "private-not-saved": "DELETE /room/{token}/public answers 200 but the conversation stays public",
    "password-not-saved": "setting a password answers 200 but no password is stored",
    "password-not-removed": "removing the password (\"\") answers 200 but the old password stays",
    "password-join-refused": "joining a protected conversation with the right password answers 403 (docs: 200)",
    "rename-length-in-bytes": "the 1-200 name limit counts UTF-8 bytes: 200 \"ä\" are refused, 400 (docs: characters)",
}


class Faults:
    def __init__(self, names=()):
        unknown = set(names) - set(FAULTS)
        if unknown:
            raise ValueError(f"unknown faults: {', '.join(sorted(unknown))}")
        self.names = frozenset(names)

    def active(self, name: str) -> bool:
        # A typo in a fault name at a check site must not silently disable the fault.
        assert name in FAULTS, name
        return name in self.names
