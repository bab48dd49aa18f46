"""Steps for calls (docs/call.md; "Call management" of the Talk 3.2 API docs).

A participant is in the call per the conversation (v1: ``participantInCall``; v4: bit 1 of
``participantFlags``, the dialect's ``in_call``); the call's own list holds
sessions, so a participant is found there by the session id the conversation gives them.
"""

from __future__ import annotations

from pytest_bdd import given, then

from steps.common import World, action, step
from steps.participants import register_doing, session_of

register_doing({
    "listing the call of": ("listCallPeers", {}),
    "joining the call of": ("joinCall", {}),
    "leaving the call of": ("leaveCall", {}),
    "pinging the call of": ("pingCall", {}),
})


@action('{actor:Actor} joins the call of "{label}"')
def joins_call(world: World, actor: str, label: str):
    world.act(actor, "joinCall", room=label)


@given(step('{actor:Actor} has joined the call of "{label}"'))
def has_joined_call(world: World, actor: str, label: str):
    world.expect(world.call(actor, "joinCall", room=label), 200)


@action('{actor:Actor} leaves the call of "{label}"')
def leaves_call(world: World, actor: str, label: str):
    world.act(actor, "leaveCall", room=label)


@action('{actor:Actor} lists the participants in the call of "{label}"')
def lists_call(world: World, actor: str, label: str):
    world.act(actor, "listCallPeers", room=label)


@action('{actor:Actor} pings the call of "{label}"')
def pings_call(world: World, actor: str, label: str):
    world.act(actor, "pingCall", room=label)



@then(step('{actor:Actor} is in the call of "{label}"'))
def in_call(world: World, actor: str, label: str):
    assert world.dialect.in_call(world.room(actor, label)), f"{actor} joined the call, but the room says they are not in it"


@then(step('{actor:Actor} is not in the call of "{label}"'))
def not_in_call(world: World, actor: str, label: str):
    assert not world.dialect.in_call(world.room(actor, label)), f"{actor} left the call, but the room says they are in it"


@then(step('{actor:Actor} sees a call in "{label}"'))
def sees_call(world: World, actor: str, label: str):
    assert world.room(actor, label)["hasCall"] is True, f"someone is in the call of {label!r}, but hasCall is false"


def _peer_sessions(world: World, label: str, reader: str) -> set[str]:
    reply = world.call(reader, "listCallPeers", room=label)
    assert reply.status == 200, f"{reply.title} answered {reply.status} to {reader}"
    return {peer["sessionId"] for peer in reply.data}


@then(step('the call of "{label}" holds {who:Actor}'))
def call_holds(world: World, label: str, who: str):
    session = session_of(world, who, label)
    assert session in _peer_sessions(world, label, who), f"{who} is in the call, but its session is not in the call's list"


@then(step('the call of "{label}" does not hold {who:Actor}'))
def call_not_holds(world: World, label: str, who: str):
    session = session_of(world, who, label)
    assert session not in _peer_sessions(world, label, who), f"{who} is not in the call, but the call's list holds its session"
