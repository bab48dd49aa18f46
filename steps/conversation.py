"""Steps for conversation management (docs/conversation.md), and the participant set-up they need."""

from __future__ import annotations

import re

from pytest_bdd import given, then

from steps.chat import require_release
from steps.common import World, action, step

ROOM_TYPES = {"one-to-one": 1, "group": 2, "public": 3}
UNKNOWN_TOKEN = "zz99notaroom"


# --- creating --------------------------------------------------------------------------------

def _create(world: World, role: str, label: str, fields: dict, *members: str):
    if fields.get("roomType") == ROOM_TYPES["one-to-one"]:
        world.exclusive("one-to-one")
    reply = world.act(role, "createRoom", **fields)
    if reply.status in world.dialect.create_statuses and isinstance(reply.data, dict) and "token" in reply.data:
        world.remember_room(label, reply, *(world.account(r) for r in (role, *members) if r in world.target.accounts))
    return reply


@given(step('{actor:Actor} has created a {kind} conversation "{label}"'))
def has_created(world: World, actor: str, kind: str, label: str):
    if kind == "group" and "empty-group-room" not in world.target.capabilities.features:
        # Before Talk 3.1 a group conversation needs a group: invite the test group, then name it.
        world.expect(_create(world, actor, label, {"roomType": 2, "invite": world.target.group_id}),
                     world.dialect.create_status)
        world.expect(world.call(actor, "renameRoom", room=label, roomName=label), 200)
        return
    world.expect(_create(world, actor, label, {"roomType": ROOM_TYPES[kind], "roomName": label}),
                 world.dialect.create_status)


@given(step('{actor:Actor} has created a one-to-one conversation "{label}" with {other:Actor}'))
def has_created_one_to_one(world: World, actor: str, label: str, other: str):
    fields = {"roomType": 1, "invite": world.account(other).user_id}
    world.expect(_create(world, actor, label, fields, other), world.dialect.create_status)


@given(step('{actor:Actor} has created a group conversation "{label}" for the test group'))
def has_created_for_group(world: World, actor: str, label: str):
    fields = {"roomType": 2, "invite": world.target.group_id}
    world.expect(_create(world, actor, label, fields), world.dialect.create_status)


@action('{actor:Actor} creates a {kind} conversation "{label}"')
def creates(world: World, actor: str, kind: str, label: str):
    _create(world, actor, label, {"roomType": ROOM_TYPES[kind], "roomName": label})


@action('{actor:Actor} creates a one-to-one conversation "{label}" with {other:Actor}')
def creates_one_to_one(world: World, actor: str, label: str, other: str):
    _create(world, actor, label, {"roomType": 1, "invite": world.account(other).user_id}, other)


@action('{actor:Actor} creates a group conversation "{label}" for the test group')
def creates_for_group(world: World, actor: str, label: str):
    _create(world, actor, label, {"roomType": 2, "invite": world.target.group_id})


@action('{actor:Actor} creates a group conversation "{label}" for the test group with the source groups')
def creates_for_group_with_source(world: World, actor: str, label: str):
    require_release(world, "9.0", "`source` on creating a conversation")
    _create(world, actor, label, {"roomType": 2, "invite": world.target.group_id, "source": "groups"})


@action("{actor:Actor} creates a public conversation with an empty name")
def creates_public_without_name(world: World, actor: str):
    _create(world, actor, "nameless", {"roomType": 3, "roomName": ""})


@action('{actor:Actor} creates a conversation of type "{room_type}"')
def creates_of_type(world: World, actor: str, room_type: str):
    _create(world, actor, "invalid", {"roomType": room_type, "roomName": "invalid type"})


@action("{actor:Actor} creates a one-to-one conversation with a user who does not exist")
def creates_with_unknown_user(world: World, actor: str):
    _create(world, actor, "unknown", {"roomType": 1, "invite": f"{world.target.run.prefix}-nobody"})


@action("{actor:Actor} creates a group conversation for a group that does not exist")
def creates_with_unknown_group(world: World, actor: str):
    _create(world, actor, "unknown", {"roomType": 2, "invite": f"{world.target.run.prefix}-nogroup"})


@then(step('the response describes the new conversation "{label}" of type {kind}'))
def response_describes(world: World, label: str, kind: str):
    data = world.last.data
    assert data["token"] == world.token(label), f"the answer names conversation {data['token']!r}, not the new one"
    got = world.call("owner", "getRoom", room=label)
    assert got.status == 200, f"the new conversation cannot be read back: {got.status}"
    assert got.data["type"] == ROOM_TYPES[kind], f"type is {got.data['type']}, expected {ROOM_TYPES[kind]} ({kind})"


@then(step('the response names the conversation "{name}"'))
def response_names(world: World, name: str):
    data = world.last.data
    assert data["name"] == name, f"name is {data['name']!r}, expected {name!r}"
    assert data["displayName"] == name, f"displayName is {data['displayName']!r}; it must be the name when one is set"


@then(step('the response is the conversation "{label}"'))
def response_is_room(world: World, label: str):
    assert world.last.data["token"] == world.token(label), (
        f"got token {world.last.data['token']!r}, expected the existing conversation {world.token(label)!r}")


# --- participants (set-up) -------------------------------------------------------------------

@given(step('{actor:Actor} is a participant of "{label}"'))
def is_participant(world: World, actor: str, label: str):
    reply = world.call("owner", "addParticipant", room=label, newParticipant=world.account(actor).user_id)
    world.expect(reply, 200)


@given(step('{actor:Actor} is a moderator of "{label}"'))
def is_moderator(world: World, actor: str, label: str):
    is_participant(world, actor, label)
    operation, params = world.dialect.promotion(world.who(actor, label))
    world.expect(world.call("owner", operation, room=label, **params), 200)


@given(step('{actor:Actor} has joined "{label}"'))
def has_joined(world: World, actor: str, label: str):
    world.expect(world.call(actor, "joinRoom", room=label), 200)


@action('{actor:Actor} joins "{label}" with the password "{password}"')
def joins_with_password(world: World, actor: str, label: str, password: str):
    world.act(actor, "joinRoom", room=label, password=password)


# --- reading ---------------------------------------------------------------------------------

@action("{actor:Actor} lists the conversations")
def lists(world: World, actor: str):
    world.act(actor, "listRooms")


@action('{actor:Actor} gets "{label}"')
def gets(world: World, actor: str, label: str):
    world.act(actor, "getRoom", room=label)


@action("{actor:Actor} gets a conversation that does not exist")
def gets_unknown(world: World, actor: str):
    world.act(actor, "getRoom", token=UNKNOWN_TOKEN)


def listed_rooms(world: World, role: str) -> list:
    """The conversations ``role``'s conversation list gives now (GET /room must answer 200)."""
    reply = world.call(role, "listRooms")
    assert reply.status == 200, f"{reply.title} answered {reply.status}"
    return reply.data


def _listed_tokens(world: World, role: str) -> list[str]:
    return [room["token"] for room in listed_rooms(world, role)]


def listed_room(world: World, role: str, label: str) -> dict:
    """``label`` as ``role``'s conversation list gives it (it must be there)."""
    found = [room for room in listed_rooms(world, role) if isinstance(room, dict) and room.get("token") == world.token(label)]
    assert found, f"{label!r} is missing from {role}'s conversations"
    return found[0]


@then(step('{actor:Actor} sees "{label}" in the conversation list'))
def sees_in_list(world: World, actor: str, label: str):
    assert world.token(label) in _listed_tokens(world, actor), f"{label!r} is missing from {actor}'s conversations"


@then(step('{actor:Actor} does not see "{label}" in the conversation list'))
def not_in_list(world: World, actor: str, label: str):
    assert world.token(label) not in _listed_tokens(world, actor), f"{actor} is shown {label!r} without being a participant"



@then(step('{actor:Actor} sees the count of "{label}" as 0 in the answer, in the conversation list and in the conversation'))
def sees_count_zero(world: World, actor: str, label: str):
    require_release(world, "9.0", "`count` as always 0")
    answer = world.last.data
    found = [("the conversation list", listed_room(world, actor, label)), ("the conversation", world.room(actor, label))]
    if isinstance(answer, dict) and "count" in answer:  # the join answer: the docs give only sessionId
        found.insert(0, ("the answer", answer))
    for where, room in found:
        assert room["count"] == 0, f"{where} gives {label!r} count {room['count']}; the docs: \"always returns 0\""


TALK_HASH = "X-Nextcloud-Talk-Hash"


@then(step("the response carries the configuration hash, the same as another request gets"))
def carries_talk_hash(world: World):
    require_release(world, "10.0", f"the {TALK_HASH} header")
    first = world.last
    hashes = []
    for reply in (first, _repeat(world, first)):
        value = next((v for k, v in reply.headers.items() if k.lower() == TALK_HASH.lower()), None)
        assert value is not None, f"{reply.title} sent no {TALK_HASH} header"
        assert re.fullmatch(r"[0-9a-f]{40}", value), f"{TALK_HASH} is {value!r}, not a sha1 (40 hex digits)"
        hashes.append(value)
    assert hashes[0] == hashes[1], f"{TALK_HASH} changed between two requests with no change of configuration: {hashes}"


def _repeat(world: World, reply):
    """The same read once more, by the owner (who made the scenario's conversations)."""
    if reply.operation.id == "getRoom":
        return world.call("owner", "getRoom", token=reply.data["token"])
    return world.call("owner", reply.operation.id)


@then(step('{actor:Actor} sees "{label}" named "{name}"'))
def sees_named(world: World, actor: str, label: str, name: str):
    got = world.room(actor, label)["name"]
    assert got == name, f"{label!r} is named {got!r}, expected {name!r}"


@then(step('{actor:Actor} sees "{label}" as a {kind} conversation'))
def sees_kind(world: World, actor: str, label: str, kind: str):
    got = world.room(actor, label)["type"]
    assert got == ROOM_TYPES[kind], f"{label!r} has type {got}, expected {ROOM_TYPES[kind]} ({kind})"


@then(step('{actor:Actor} sees "{label}" with a password'))
def sees_password(world: World, actor: str, label: str):
    assert world.room(actor, label)["hasPassword"] is True, f"{label!r} has no password"


@then(step('{actor:Actor} sees "{label}" without a password'))
def sees_no_password(world: World, actor: str, label: str):
    assert world.room(actor, label)["hasPassword"] is False, f"{label!r} still has a password"


@then(step('{actor:Actor} is a participant of "{label}" of type {participant_type:d}'))
def participant_type(world: World, actor: str, label: str, participant_type: int):
    got = world.room(actor, label)["participantType"]
    assert got == participant_type, f"{actor} has participantType {got} in {label!r}, expected {participant_type}"


@then(step('"{label}" no longer exists for {actor:Actor}'))
def no_longer_exists(world: World, label: str, actor: str):
    reply = world.call(actor, "getRoom", room=label)
    assert reply.status == 404, f"{label!r} was deleted, but {reply.title} still answers {reply.status}"


# --- changing --------------------------------------------------------------------------------

@action('{actor:Actor} renames "{label}" to "{name}"')
def renames(world: World, actor: str, label: str, name: str):
    world.act(actor, "renameRoom", room=label, roomName=name)


@action('{actor:Actor} renames "{label}" to an empty name')
def renames_empty(world: World, actor: str, label: str):
    world.act(actor, "renameRoom", room=label, roomName="")


@action('{actor:Actor} renames "{label}" to a name of {length:d} characters')
def renames_length(world: World, actor: str, label: str, length: int):
    # Multi-byte characters: the docs count characters, so 200 of them is still a valid name.
    world.act(actor, "renameRoom", room=label, roomName="ä" * length)


@then(step('{actor:Actor} sees "{label}" named with {length:d} characters'))
def sees_named_length(world: World, actor: str, label: str, length: int):
    sees_named(world, actor, label, "ä" * length)


@action('{actor:Actor} renames a conversation that does not exist')
def renames_unknown(world: World, actor: str):
    world.act(actor, "renameRoom", token=UNKNOWN_TOKEN, roomName="nothing")


@action('{actor:Actor} deletes "{label}"')
def deletes(world: World, actor: str, label: str):
    world.act(actor, "deleteRoom", room=label)


@action('{actor:Actor} makes "{label}" public')
def makes_public(world: World, actor: str, label: str):
    world.act(actor, "makePublic", room=label)


@given(step('{actor:Actor} has made "{label}" public'))
def has_made_public(world: World, actor: str, label: str):
    world.expect(world.call(actor, "makePublic", room=label), 200)


@action('{actor:Actor} makes "{label}" private')
def makes_private(world: World, actor: str, label: str):
    world.act(actor, "makePrivate", room=label)


@action('{actor:Actor} sets the password of "{label}" to "{password}"')
def sets_password(world: World, actor: str, label: str, password: str):
    world.act(actor, "setPassword", room=label, password=password)


@given(step('{actor:Actor} has set the password of "{label}" to "{password}"'))
def has_set_password(world: World, actor: str, label: str, password: str):
    world.expect(world.call(actor, "setPassword", room=label, password=password), 200)


@action('{actor:Actor} removes the password of "{label}"')
def removes_password(world: World, actor: str, label: str):
    world.act(actor, "setPassword", room=label, password="")


@action('{actor:Actor} renames "{label}" to the longest name the docs allow')
def renames_longest(world: World, actor: str, label: str):
    renames_length(world, actor, label, world.dialect.max_room_name)


@action('{actor:Actor} renames "{label}" to a name one character longer than the docs allow')
def renames_too_long(world: World, actor: str, label: str):
    renames_length(world, actor, label, world.dialect.max_room_name + 1)


@then(step('{actor:Actor} sees "{label}" named with the longest name the docs allow'))
def sees_named_longest(world: World, actor: str, label: str):
    sees_named_length(world, actor, label, world.dialect.max_room_name)
