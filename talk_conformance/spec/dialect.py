"""What the steps ask of an API version where the versions differ: a profile's dialect.

Steps name operations by the v1 operationIds the features were written with (``removeParticipant``)
and people by role; a dialect says, for its API version:

* how a participant is named in a request (v1: ``participant=<userId>``, a guest by its session id;
  v4: ``attendeeId``), and how an entry of a participant list is matched (v1: by ``userId``, a guest
  by ``sessionId``; v4: by ``actorType`` and ``actorId``);
* which operation removes whom, promotes or demotes (v1: removeParticipant / removeGuest / removeSelf;
  v4: removeAttendee by attendeeId), and so which operation of the profile a v1 name stands for
  (v4 operations name what they replace in ``x-replaces``);
* what a setter answers (v1: nothing the docs give; v4: the room), and the success status of a create;
* what the harness does with a room it cannot delete (a one-to-one answers 400 to a delete: leave it).

A participant is a :class:`Who`: what the step knows of them (user id, session id in the room,
attendee id). The dialect never sends a request itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

GUEST_ACTOR_TYPE = "guests"
USER_ACTOR_TYPE = "users"


@dataclass(frozen=True)
class Who:
    """A participant as a step knows them: a user by id, a guest by the session it has in the room,
    and, where the API names attendees, the attendee id read from the room as they see it."""
    user_id: str | None = None
    session: str | None = None
    attendee_id: int | None = None

    @property
    def is_guest(self) -> bool:
        return self.user_id is None


class Dialect:
    """The v1 dialect (Talk 3.2 to 11): participants by user id, guests by session id."""

    name = "v1"
    # Whether a step must read the participant's attendee id (from the room as they see it) to name them.
    names_attendees = False
    # What a setter (rename, set password, ...) answers on success: nothing documented in v1.
    setter_answers_room = False
    # The success statuses of createRoom: 201 created; 200 for a one-to-one that already existed.
    create_statuses: tuple[int, ...] = (201, 200)
    create_status = 201

    def __init__(self, api) -> None:
        self.profile = api

    # -- operations ------------------------------------------------------------------------------

    def operation(self, v1_name: str) -> str:
        """The operationId of this profile that does what the v1 operation ``v1_name`` does."""
        if v1_name in self.profile.operations:
            return v1_name
        for op in self.profile.operations.values():
            if v1_name in (op.raw.get("x-replaces") or ()):
                return op.id
        return v1_name  # the profile's operation() names what it lacks

    def removal(self, who: Who, *, self_removal: bool = False) -> tuple[str, dict[str, Any]]:
        """(operationId, parameters) that remove ``who`` from a room (themself when ``self_removal``)."""
        if self_removal:
            return "removeSelf", {}
        if who.is_guest:
            return "removeGuest", {"participant": who.session}
        return "removeParticipant", {"participant": who.user_id}

    def promotion(self, who: Who, *, promote: bool = True) -> tuple[str, dict[str, Any]]:
        """(operationId, parameters) that promote (or demote) ``who``: a guest by its ``sessionId``
        (docs/participant.md of Talk 8.0), a user by ``participant``."""
        operation = "promoteModerator" if promote else "demoteModerator"
        return operation, ({"sessionId": who.session} if who.is_guest else {"participant": who.user_id})

    def names(self, who: Who) -> dict[str, Any]:
        """How ``who`` is named in a request about a participant."""
        return {"participant": who.session if who.is_guest else who.user_id}

    # -- lists -----------------------------------------------------------------------------------

    def matches(self, entry: dict, who: Who) -> bool:
        """Whether ``entry`` of a participant list is ``who``."""
        if who.is_guest:
            return entry.get("userId") == "" and entry.get("sessionId") == who.session
        return entry.get("userId") == who.user_id

    def guest_actor_id(self, room: dict) -> str:
        """The actorId a guest's messages carry, from ``room`` as the guest reads it: v1 gives the guest
        no actorId there; its messages name it by the sha1 of its session id (as spreed does)."""
        import hashlib
        return hashlib.sha1(room["sessionId"].encode()).hexdigest()

    # -- the harness -----------------------------------------------------------------------------

    def undeletable(self, status: int) -> tuple[str, dict[str, Any]] | None:
        """What to do with a room whose delete answered ``status``: a one-to-one answers 400 (it cannot
        be deleted, only left), so its user leaves it."""
        return ("removeSelf", {}) if status == 400 else None

    # -- what a room and a participant list say (added for the participants, guests and calls) ----

    def in_call(self, room: dict) -> bool:
        """Whether the reader of ``room`` (GET /room/{token}) is in its call: v1's ``participantInCall``."""
        return room["participantInCall"] is True

    def has_session(self, entry: dict) -> bool:
        """Whether the participant of list entry ``entry`` has a session in the room (v1: ``sessionId``
        is not '0')."""
        return entry["sessionId"] != "0"

    def is_guest_entry(self, entry: dict) -> bool:
        """Whether list entry ``entry`` is a guest (v1: no ``userId``)."""
        return entry.get("userId") == ""

    def counts_in_room(self) -> bool:
        """Whether the room itself counts its participants (v1: ``count``, ``numGuests``); where it does
        not, a step counts the participant list."""
        return True

    def absent_guest(self) -> Who:
        """A guest no room holds, well formed: v1 names it by a session id of 255 characters of the
        real servers' alphabet."""
        return Who(session="A" * 255)

    # -- conversations ---------------------------------------------------------------------------

    # The longest name a conversation may have, in characters: "1-200 characters" (the v1 docs of
    # renaming, docs/conversation.md of Talk 7.0).
    max_room_name = 200


class DialectV4(Dialect):
    """The v4 dialect (Talk 12 and later, from the Talk 21.1 docs): participants by attendee id."""

    name = "v4"
    names_attendees = True
    # docs/conversation.md of Talk 21.1: the setters of API v4 answer the room.
    setter_answers_room = True

    def removal(self, who: Who, *, self_removal: bool = False) -> tuple[str, dict[str, Any]]:
        if self_removal:
            return "removeSelf", {}
        return "removeAttendee", {"attendeeId": self._attendee(who)}

    def promotion(self, who: Who, *, promote: bool = True) -> tuple[str, dict[str, Any]]:
        return ("promoteAttendee" if promote else "demoteAttendee"), {"attendeeId": self._attendee(who)}

    def names(self, who: Who) -> dict[str, Any]:
        return {"attendeeId": self._attendee(who)}

    def matches(self, entry: dict, who: Who) -> bool:
        if who.attendee_id is not None and "attendeeId" in entry:
            return entry["attendeeId"] == who.attendee_id
        if who.is_guest:
            return entry.get("actorType") == GUEST_ACTOR_TYPE and who.session is not None and \
                who.session in (entry.get("sessionIds") or [])
        return entry.get("actorType") == USER_ACTOR_TYPE and entry.get("actorId") == who.user_id

    @staticmethod
    def _attendee(who: Who) -> int:
        if who.attendee_id is None:
            raise ValueError(f"API v4 names a participant by attendeeId; none is known for {who}")
        return who.attendee_id

    def guest_actor_id(self, room: dict) -> str:
        return room["actorId"]  # API v4: the room names its reader (actorType, actorId)

    def in_call(self, room: dict) -> bool:
        # API v2 removed participantInCall (docs/conversation.md of Talk 21.1): bit 1 of
        # participantFlags is "in call" (docs/constants.md "Participant in-call flag").
        return bool(room["participantFlags"] & 1)

    def has_session(self, entry: dict) -> bool:
        return bool(entry.get("sessionIds"))

    def is_guest_entry(self, entry: dict) -> bool:
        return entry.get("actorType") == GUEST_ACTOR_TYPE

    def counts_in_room(self) -> bool:
        return False  # API v2 removed count and numGuests: "count the participant list"

    def absent_guest(self) -> Who:
        return Who(session="A" * 255, attendee_id=2 ** 31 - 1)  # an attendee id no room gives out

    # docs/conversation.md of Talk 21.1: "`roomName` | string | New name for the conversation (up to 255
    # characters)".
    max_room_name = 255


DIALECTS: dict[str, type[Dialect]] = {"v1": Dialect, "v4": DialectV4}
