"""Steps for guests: clients without credentials, known by their session cookie (docs/participant.md,
"Guests" of the Talk 3.2 API docs)."""

from __future__ import annotations

from steps.common import World, action
from steps.participants import register_doing, session_of

register_doing({"setting a guest name in": ("setGuestName", {"displayName": "Visitor"})})


@action('{actor:Actor} sets their guest name in "{label}" to "{name}"')
def sets_guest_name(world: World, actor: str, label: str, name: str):
    world.act(actor, "setGuestName", room=label, displayName=name)


@action('{actor:Actor} removes the session of {other:Actor} from "{label}" as a guest')
def removes_user_as_guest(world: World, actor: str, other: str, label: str):
    # v1's removeGuest, given the session a user has in the room (a v1-only scenario).
    world.act(actor, "removeGuest", room=label, participant=session_of(world, other, label))


@action('{actor:Actor} removes a guest who is not in "{label}"')
def removes_absent_guest(world: World, actor: str, label: str):
    # A guest nobody is, named as the dialect names guests (v1: a well-formed session id no participant
    # holds; v4: an attendee id no room gives out).
    operation, params = world.dialect.removal(world.dialect.absent_guest())
    world.act(actor, operation, room=label, **params)


@action('{actor:Actor} sets the guest name in "{label}" without having joined it')
def sets_guest_name_unjoined(world: World, actor: str, label: str):
    world.act(actor, "setGuestName", room=label, displayName="Visitor")
