"""Steps for participants, moderators, joining and leaving (docs/participant.md; "Participant
management" of the Talk 3.2 API docs).

Lists on a real server hold more than a scenario's own entries: checks look for their participant,
never at the length or order of a list. How a participant is named in a request and found in a
list is the target's dialect's (talk_conformance.spec.dialect): in v1 a user by user id, a guest by the
session id it has in the conversation (read from the conversation as the guest sees it).
"""

from __future__ import annotations

import pytest
from pytest_bdd import given, then

from steps.chat import require_release, since
from steps.common import World, action, is_guest, response_status, step
from steps.conversation import ROOM_TYPES, UNKNOWN_TOKEN
from talk_conformance.spec import releases
from talk_conformance.spec.dialect import Who


def uid(world: World, role: str) -> str:
    return world.account(role).user_id


def session_of(world: World, role: str, label: str) -> str:
    """The session id ``role`` has in ``label``, as the conversation tells them ('0' when not joined)."""
    reply = world.call(role, "getRoom", room=label)
    assert reply.status == 200, f"{role} cannot read {label!r}: {reply.title} answered {reply.status}"
    return reply.data["sessionId"]


def participants(world: World, label: str) -> list[dict]:
    """The list as a participant reads it: the owner, or (once the owner left) the moderator or user."""
    for role in ("owner", "moderator", "user"):
        reply = world.call(role, "listParticipants", room=label)
        if reply.status == 200:
            return reply.data
    raise AssertionError(f"no participant of {label!r} can read its participants: {reply.title} answered {reply.status}")


def _entry(world: World, label: str, who: str, *, session: str | None = None) -> dict | None:
    """``who``'s item in the participant list, matched as the target's dialect matches (v1: a user by
    id, a guest by session id)."""
    person = Who(user_id=None if is_guest(who) else uid(world, who), session=session)
    for item in participants(world, label):
        if world.dialect.matches(item, person):
            return item
    return None


# --- listing -----------------------------------------------------------------------------------

@action('{actor:Actor} lists the participants of "{label}"')
def lists_participants(world: World, actor: str, label: str):
    world.act(actor, "listParticipants", room=label)


@action('{actor:Actor} lists the participants of "{label}" with their status')
def lists_participants_with_status(world: World, actor: str, label: str):
    require_release(world, "10.0", "includeStatus")
    world.act(actor, "listParticipants", room=label, includeStatus="true")


@then(step('the participants of "{label}" hold {who:Actor} as type {participant_type:d}'))
def holds(world: World, label: str, who: str, participant_type: int):
    session = session_of(world, who, label) if is_guest(who) else None
    item = _entry(world, label, who, session=session)
    assert item is not None, f"{who} is missing from the participants of {label!r}"
    assert item["participantType"] == participant_type, \
        f"{who} is listed with participantType {item['participantType']}, expected {participant_type}"
    if session is not None or world.dialect.has_session(item):
        assert item["lastPing"] > 0, f"{who} has a session but lastPing {item['lastPing']}"


@then(step('the participants of "{label}" do not hold {who:Actor}'))
def not_holds(world: World, label: str, who: str):
    assert _entry(world, label, who) is None, f"{who} is still listed among the participants of {label!r}"


@then(step('the participants of "{label}" hold the guest named "{name}"'))
def holds_guest_named(world: World, label: str, name: str):
    item = _entry(world, label, "guest", session=session_of(world, "guest", label))
    assert item is not None, f"the guest is missing from the participants of {label!r}"
    assert item["participantType"] == 4, f"the guest is listed with participantType {item['participantType']}"
    assert item["displayName"] == name, f"the guest is listed as {item['displayName']!r}, expected {name!r}"


# --- adding ------------------------------------------------------------------------------------

@action('{actor:Actor} adds {other:Actor} to "{label}"')
def adds(world: World, actor: str, other: str, label: str):
    world.act(actor, "addParticipant", room=label, newParticipant=uid(world, other))


@action('{actor:Actor} adds a user who does not exist to "{label}"')
def adds_unknown_user(world: World, actor: str, label: str):
    world.act(actor, "addParticipant", room=label, newParticipant=f"{world.target.run.prefix}-nobody")


@action('{actor:Actor} adds a group that does not exist to "{label}"')
def adds_unknown_group(world: World, actor: str, label: str):
    world.act(actor, "addParticipant", room=label, newParticipant=f"{world.target.run.prefix}-nogroup",
              source="groups")


@action('{actor:Actor} adds {other:Actor} to "{label}" from the source "{source}"')
def adds_from_source(world: World, actor: str, other: str, label: str, source: str):
    world.act(actor, "addParticipant", room=label, newParticipant=uid(world, other), source=source)


@then(step('the response gives the new conversation type {kind}'))
def response_type(world: World, kind: str):
    data = world.last.data
    assert isinstance(data, dict) and "type" in data, f"no new type in the answer: {data!r}"
    # The Talk 3.2 docs type it as a string, the Talk 7.0 docs as an int; the contract judges which.
    assert str(data["type"]) == str(ROOM_TYPES[kind]), f"type is {data['type']!r}, expected {ROOM_TYPES[kind]} ({kind})"


# --- removing ----------------------------------------------------------------------------------

def _others_clean_up(world: World, label: str) -> None:
    # Whoever left, the conversation must still go at the end: every account tries (unjudged; a
    # non-participant's delete answers 404 and changes nothing).
    token = world.token(label)
    world.created.extend((token, world.account(role)) for role in world.target.accounts)


def named(world: World, role: str, label: str) -> Who:
    """``role`` as a request about a participant of ``label`` names them (``World.who``); where the API
    names attendees and ``role`` is none of ``label`` (the conversation answers them 404), by an attendee
    id no room gives out."""
    if world.dialect.names_attendees and not is_guest(role):
        reply = world.call(role, "getRoom", room=label)
        if reply.status == 404:
            return Who(user_id=uid(world, role), attendee_id=world.dialect.absent_guest().attendee_id)
    return world.who(role, label)


@action('{actor:Actor} removes {other:Actor} from "{label}"')
def removes(world: World, actor: str, other: str, label: str):
    if other != "guest":  # "Remove a guest from a conversation" (v1: by the guest's session id)
        _others_clean_up(world, label)
    operation, params = world.dialect.removal(named(world, other, label))
    world.act(actor, operation, room=label, **params)


@action('{actor:Actor} removes themself from "{label}"')
def removes_self(world: World, actor: str, label: str):
    _others_clean_up(world, label)
    operation, params = world.dialect.removal(Who(), self_removal=True)
    world.act(actor, operation, room=label, **params)


@then(step('{who:Actor} is no longer a participant of "{label}"'))
def no_longer_participant(world: World, who: str, label: str):
    not_holds(world, label, who)
    reply = world.call(who, "getRoom", room=label)
    assert reply.status == 404, f"{who} was removed, but {reply.title} answers them {reply.status}"


# --- joining and leaving -----------------------------------------------------------------------

@action('{actor:Actor} joins "{label}"')
def joins(world: World, actor: str, label: str):
    world.act(actor, "joinRoom", room=label)


@given(step('{actor:Actor} has joined "{label}" with the password "{password}"'))
def has_joined_with_password(world: World, actor: str, label: str, password: str):
    world.expect(world.call(actor, "joinRoom", room=label, password=password), 200)


@action('{actor:Actor} joins "{label}" again without forcing')
def joins_without_force(world: World, actor: str, label: str):
    require_release(world, "10.0", "Joining with force=false")
    world.act(actor, "joinRoom", room=label, force="false")


@then(step('the response gives the session {actor:Actor} already has in "{label}"'))
def response_gives_held_session(world: World, actor: str, label: str):
    data = world.last.data
    held = session_of(world, actor, label)
    assert isinstance(data, dict) and data.get("sessionId") == held, \
        f"the conflict names the session {str((data or {}).get('sessionId'))[:12]!r}…, {actor} holds {held[:12]!r}…"


@action('{actor:Actor} leaves "{label}"')
def leaves(world: World, actor: str, label: str):
    world.act(actor, "leaveRoom", room=label)


@then(step('the response gives {actor:Actor} the session they have in "{label}"'))
def response_gives_session(world: World, actor: str, label: str):
    given_session = world.last.data["sessionId"]
    assert given_session not in ("", "0"), f"the join answered the session id {given_session!r}"
    held = session_of(world, actor, label)
    assert held == given_session, f"{label!r} gives {actor} the session {held[:12]!r}…, the join answered " \
                                  f"{given_session[:12]!r}…"


@then(step('{actor:Actor} has a session in "{label}"'))
def has_session(world: World, actor: str, label: str):
    room = world.call(actor, "getRoom", room=label).data
    assert room["sessionId"] != "0", f"{actor} joined {label!r}, but its sessionId is '0'"
    assert room["lastPing"] > 0, f"{actor} joined {label!r}, but its lastPing is {room['lastPing']}"


@then(step('{actor:Actor} has no session in "{label}"'))
def has_no_session(world: World, actor: str, label: str):
    got = session_of(world, actor, label)
    assert got == "0", f"{actor} left {label!r}, but its sessionId is still {got[:12]!r}… (docs: '0')"


@then(step('{actor:Actor} sees "{label}" with at least {n:d} active participants'))
def sees_count(world: World, actor: str, label: str, n: int):
    if not world.dialect.counts_in_room():
        got = sum(1 for item in participants(world, label) if world.dialect.has_session(item))
        assert got >= n, f"{label!r} lists {got} participants with a session, but {n} have just joined it"
        return
    if since(world, "9.0"):
        return  # docs/conversation.md of Talk 9.0: v1 `count` "always returns 0" (judged with the room)
    got = world.call(actor, "getRoom", room=label).data["count"]
    if releases.since(world.target.release, "9.0"):
        return  # v1 `count` "always returns 0" from Talk 9.0 (checked in features/conversation/get.feature)
    assert got >= n, f"{label!r} has count {got}, but {n} participants have just joined it"


@then(step('{actor:Actor} sees "{label}" with at least {n:d} guests'))
def sees_guests(world: World, actor: str, label: str, n: int):
    if not world.dialect.counts_in_room():  # no numGuests: count the guests of the participant list
        got = sum(1 for item in participants(world, label) if world.dialect.is_guest_entry(item))
        assert got >= n, f"{label!r} lists {got} guests, but {n} guests have just joined it"
        return
    got = world.call(actor, "getRoom", room=label).data["numGuests"]
    assert got >= n, f"{label!r} has numGuests {got}, but {n} guests have just joined it"


# --- moderators --------------------------------------------------------------------------------

def _promotion(world: World, who: str, label: str, promote: bool = True) -> tuple[str, dict]:
    # v1: guests are named by their session id (not in the Talk 3.2 or 7.0 docs; see ModeratorRequest).
    return world.dialect.promotion(named(world, who, label), promote=promote)


@action('{actor:Actor} promotes {other:Actor} in "{label}"')
def promotes(world: World, actor: str, other: str, label: str):
    operation, params = _promotion(world, other, label)
    world.act(actor, operation, room=label, **params)


@action('{actor:Actor} demotes {other:Actor} in "{label}"')
def demotes(world: World, actor: str, other: str, label: str):
    operation, params = _promotion(world, other, label, promote=False)
    world.act(actor, operation, room=label, **params)


@action('{actor:Actor} demotes themself in "{label}"')
def demotes_self(world: World, actor: str, label: str):
    operation, params = _promotion(world, actor, label, promote=False)
    world.act(actor, operation, room=label, **params)


@given(step('{actor:Actor} has promoted the guest in "{label}"'))
def has_promoted_guest(world: World, actor: str, label: str):
    require_release(world, "8.0", "Promoting a guest by its sessionId")
    operation, params = _promotion(world, "guest", label)
    world.expect(world.call(actor, operation, room=label, **params), 200)


@then(step("the response is 200 OK, or the server does not promote guests as the docs do not say how"))
def guest_promotion_answered(world: World):
    """docs/participant.md of Talk 8.0 names guests by `sessionId`; the Talk 3.2 and 7.0 docs do not."""
    reply = world.last
    if since(world, "8.0"):
        response_status(world, "200", "OK")
        return
    if reply.status != 200:
        reply.reported = True  # not judged: recorded in the skip reason
        pytest.skip(f"the docs do not say how a guest is promoted; {reply.title} answered {reply.status}")
    world.report_pending()


# --- a conversation that does not exist --------------------------------------------------------

DOING = {
    "listing the participants of": ("listParticipants", {}),
    "adding the user to": ("addParticipant", {"newParticipant": "user"}),
    "removing the user from": ("removeParticipant", {"participant": "user"}),
    "removing a guest from": ("removeGuest", {"participant": "x" * 40}),
    "removing themself from": ("removeSelf", {}),
    "joining": ("joinRoom", {}),
    "leaving": ("leaveRoom", {}),
    "promoting the user in": ("promoteModerator", {"participant": "user"}),
    "demoting the moderator in": ("demoteModerator", {"participant": "moderator"}),
    "deleting": ("deleteRoom", {}),
}


@then(step("{actor:Actor} gets 404 Not Found when {doing} a conversation that does not exist"))
def unknown_room_404(world: World, actor: str, doing: str):
    if doing in NAMING:  # the dialect names the participant (v4: by an attendee id, none known here)
        kind, role = NAMING[doing]
        who = world.dialect.absent_guest() if role is None else Who(
            user_id=uid(world, role), attendee_id=world.dialect.absent_guest().attendee_id)
        operation, params = (world.dialect.removal(who) if kind == "remove"
                             else world.dialect.promotion(who, promote=kind == "promote"))
    else:
        operation, params = (DOING | _extra_doing())[doing]
        params = {k: (uid(world, v) if v in world.target.accounts else v) for k, v in params.items()}
    reply = world.call(actor, operation, token=UNKNOWN_TOKEN, **params)
    assert reply.status == 404, f"{reply.title} of an unknown conversation answered {reply.status}, the docs say 404"


# Requests that name a participant: (remove/promote/demote, role; None: a guest), named by the dialect.
NAMING = {
    "removing the user from": ("remove", "user"),
    "removing a guest from": ("remove", None),
    "promoting the user in": ("promote", "user"),
    "demoting the moderator in": ("demote", "moderator"),
}

_EXTRA: dict = {}


def _extra_doing() -> dict:
    return _EXTRA


def register_doing(phrases: dict) -> None:
    """More "when ..." phrases for the unknown-conversation step (the call and guest steps add theirs)."""
    _EXTRA.update(phrases)
