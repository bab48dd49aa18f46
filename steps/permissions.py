"""Steps for what API v4 clients rely on beyond the v1 calls: attendee, default and call permissions
(docs/conversation.md, docs/participant.md, docs/constants.md "Attendee permissions" of Talk 21.1), the
call flags (docs/call.md), bans (capability ``ban-v1``; openapi.json of Talk 21.1), mention permissions
(docs/conversation.md "Set mention permissions", docs/constants.md "Mention permissions", docs/chat.md
"Get mention autocomplete suggestions") and attendees named by ``attendeeId`` (docs/participant.md).

An attendee is named by the ``attendeeId`` the conversation gives them (``World.who``); a ban is found
by its banned actor in the list of bans, as a client finds it.
"""

from __future__ import annotations

from pytest_bdd import given, then

from steps.chat import require_release
from steps.common import World, action, step

# docs/constants.md of Talk 21.1, "Attendee permissions": `1` "Custom permissions".
CUSTOM = 1
# docs/chat.md of Talk 21.1: a suggestion of source `calls` is "for mentioning the whole conversation".
EVERYONE_SOURCE = "calls"


# --- attendee, default and call permissions ----------------------------------------------------

def _set_attendee(world: World, actor: str, other: str, label: str, value: int, method: str = "set"):
    attendee = world.who(other, label).attendee_id
    return world.act(actor, "setAttendeePermissions", room=label, attendeeId=attendee, method=method,
                     permissions=value)


@action('{actor:Actor} sets the permissions of {other:Actor} in "{label}" to {value:d}')
def sets_attendee_permissions(world: World, actor: str, other: str, label: str, value: int):
    _set_attendee(world, actor, other, label, value)


@given(step('{actor:Actor} has set the permissions of {other:Actor} in "{label}" to {value:d}'))
def has_set_attendee_permissions(world: World, actor: str, other: str, label: str, value: int):
    world.expect(_set_attendee(world, actor, other, label, value), 200)
    world.report_pending()


@action('{actor:Actor} removes the permissions {value:d} from {other:Actor} in "{label}"')
def removes_attendee_permissions(world: World, actor: str, value: int, other: str, label: str):
    _set_attendee(world, actor, other, label, value, method="remove")


@action('{actor:Actor} adds the permissions {value:d} to {other:Actor} in "{label}"')
def adds_attendee_permissions(world: World, actor: str, value: int, other: str, label: str):
    _set_attendee(world, actor, other, label, value, method="add")


@action('{actor:Actor} sets the permissions of an attendee who does not exist in "{label}" to {value:d}')
def sets_unknown_attendee_permissions(world: World, actor: str, label: str, value: int):
    world.act(actor, "setAttendeePermissions", room=label, attendeeId=world.dialect.absent_guest().attendee_id,
              method="set", permissions=value)


@action('{actor:Actor} sets the default permissions of "{label}" to {value:d}')
def sets_default_permissions(world: World, actor: str, label: str, value: int):
    world.act(actor, "setConversationPermissions", room=label, mode="default", permissions=value)


@given(step('{actor:Actor} has set the default permissions of "{label}" to {value:d}'))
def has_set_default_permissions(world: World, actor: str, label: str, value: int):
    world.expect(world.call(actor, "setConversationPermissions", room=label, mode="default", permissions=value), 200)


@action('{actor:Actor} sets the call permissions of "{label}" to {value:d}')
def sets_call_permissions(world: World, actor: str, label: str, value: int):
    world.act(actor, "setConversationPermissions", room=label, mode="call", permissions=value)


@action('{actor:Actor} sets the permissions of all attendees of "{label}" to {value:d}')
def sets_all_permissions(world: World, actor: str, label: str, value: int):
    world.act(actor, "setAllAttendeesPermissions", room=label, method="set", permissions=value)


@then(step('{actor:Actor} sees their permissions in "{label}" as {value:d}'))
def sees_permissions(world: World, actor: str, label: str, value: int):
    room = world.room(actor, label)
    assert room["attendeePermissions"] == value, (
        f"{actor}'s attendeePermissions in {label!r} are {room['attendeePermissions']}, expected {value} "
        f"(\"If permissions are not `0` (default), the `1` (custom) permission will always be added\")")
    assert room["permissions"] == value, (
        f"{actor}'s permissions in {label!r} are {room['permissions']}, expected {value}: the attendee's own "
        f"permissions are custom, and \"the first which is `Custom` will apply\"")


@then(step('{actor:Actor} sees their permissions in "{label}" as {own:d}, picking the default {value:d}'))
def sees_default_picked(world: World, actor: str, label: str, own: int, value: int):
    room = world.room(actor, label)
    assert room["attendeePermissions"] == own, (
        f"{actor}'s attendeePermissions in {label!r} are {room['attendeePermissions']}, expected {own}")
    assert room["permissions"] == value, (
        f"{actor}'s permissions in {label!r} are {room['permissions']}, expected the default {value}: "
        f"\"`0` Default permissions (will pick the one from the next level of: user, call, conversation)\"")


@then(step('{actor:Actor} still sees their permissions in "{label}" as {value:d}, the call being a no-op since Talk 20'))
def sees_permissions_unchanged(world: World, actor: str, label: str, value: int):
    # docs/participant.md of Talk 21.1, "Set permissions for all attendees": "Deprecated: 🏁 The API is no-op
    # since Talk 20".
    require_release(world, "20.0", "Setting the permissions of all attendees as a no-op")
    sees_permissions(world, actor, label, value)


@then(step('{actor:Actor} sees the default permissions of "{label}" as {value:d}'))
def sees_default_permissions(world: World, actor: str, label: str, value: int):
    got = world.room(actor, label)["defaultPermissions"]
    assert got == value, f"defaultPermissions of {label!r} are {got}, expected {value}"


@then(step('{actor:Actor} may use every permission in "{label}"'))
def has_every_permission(world: World, actor: str, label: str):
    got = world.room(actor, label)["permissions"]
    # docs/constants.md: 2 start call, 4 join call, 8 ignore lobby, 16 audio, 32 video, 64 screen, 128 chat.
    missing = 254 & ~got
    assert not missing, f"{actor} has the permissions {got} in {label!r}, lacking {missing}"


# --- calls -------------------------------------------------------------------------------------

@action('{actor:Actor} updates their call flags in "{label}" to {flags:d}')
def updates_call_flags(world: World, actor: str, label: str, flags: int):
    world.act(actor, "updateCallFlags", room=label, flags=flags)


# --- bans --------------------------------------------------------------------------------------

def _ban(world: World, actor: str, other: str, label: str):
    return world.act(actor, "banActor", room=label, actorType="users", actorId=world.account(other).user_id,
                     internalNote="talk-conformance")


def _bans(world: World, label: str) -> list[dict]:
    reply = world.call("owner", "listBans", room=label)
    assert reply.status == 200, f"the owner cannot list the bans of {label!r}: {reply.title} answered {reply.status}"
    return reply.data


def _ban_of(world: World, label: str, who: str) -> dict | None:
    uid = world.account(who).user_id
    return next((b for b in _bans(world, label) if (b["bannedActorType"], b["bannedActorId"]) == ("users", uid)),
                None)


@action('{actor:Actor} bans {other:Actor} from "{label}"')
def bans(world: World, actor: str, other: str, label: str):
    _ban(world, actor, other, label)


@given(step('{actor:Actor} has banned {other:Actor} from "{label}"'))
def has_banned(world: World, actor: str, other: str, label: str):
    world.expect(_ban(world, actor, other, label), 200)
    world.report_pending()


@action('{actor:Actor} lists the bans of "{label}"')
def lists_bans(world: World, actor: str, label: str):
    world.act(actor, "listBans", room=label)


@action('{actor:Actor} lifts the ban of {other:Actor} from "{label}"')
def unbans(world: World, actor: str, other: str, label: str):
    ban = _ban_of(world, label, other)
    assert ban is not None, f"set-up failed: the bans of {label!r} do not hold {other}"
    world.act(actor, "unbanActor", room=label, banId=ban["id"])


@then(step('the response is the ban of {who:Actor} by {by:Actor}'))
def response_is_ban(world: World, who: str, by: str):
    data = world.last.data
    uid, moderator = world.account(who).user_id, world.account(by).user_id
    assert (data["bannedActorType"], data["bannedActorId"]) == ("users", uid), (
        f"the ban names {data['bannedActorType']}/{data['bannedActorId']}, expected users/{uid}")
    assert (data["moderatorActorType"], data["moderatorActorId"]) == ("users", moderator), (
        f"the ban is by {data['moderatorActorType']}/{data['moderatorActorId']}, expected users/{moderator}")


@then(step('the bans of "{label}" hold {who:Actor}'))
def bans_hold(world: World, label: str, who: str):
    assert _ban_of(world, label, who) is not None, f"the bans of {label!r} do not hold {who}"


@then(step('the bans of "{label}" do not hold {who:Actor}'))
def bans_do_not_hold(world: World, label: str, who: str):
    assert _ban_of(world, label, who) is None, f"the bans of {label!r} still hold {who}"


# --- mention permissions -----------------------------------------------------------------------

@action('{actor:Actor} sets the mention permissions of "{label}" to {value:d}')
def sets_mention_permissions(world: World, actor: str, label: str, value: int):
    world.act(actor, "setMentionPermissions", room=label, mentionPermissions=value)


@given(step('{actor:Actor} has let only moderators mention everyone in "{label}"'))
def has_let_only_moderators(world: World, actor: str, label: str):
    world.expect(world.call(actor, "setMentionPermissions", room=label, mentionPermissions=1), 200)


@then(step('{actor:Actor} sees the mention permissions of "{label}" as {value:d}'))
def sees_mention_permissions(world: World, actor: str, label: str, value: int):
    got = world.room(actor, label)["mentionPermissions"]
    assert got == value, f"mentionPermissions of {label!r} is {got}, expected {value}"


@action('{actor:Actor} asks "{label}" for the suggestions to mention everyone')
def asks_everyone(world: World, actor: str, label: str):
    world.act(actor, "getMentionSuggestions", room=label, search="all")


@then(step("the suggestions do not offer the whole conversation"))
def no_everyone(world: World):
    offered = [s for s in world.last.data if s.get("source") == EVERYONE_SOURCE]
    assert not offered, (f"a participant who may not mention everyone (\"Only moderators can mention using "
                         f"`@all`\") is offered {offered}")


@then(step("the suggestions offer the whole conversation"))
def offers_everyone(world: World):
    offered = [s for s in world.last.data if s.get("source") == EVERYONE_SOURCE]
    assert offered, f"no suggestion of source {EVERYONE_SOURCE!r} (the whole conversation): {world.last.data}"


# --- attendees ---------------------------------------------------------------------------------

@then(step('every participant in the response has an attendeeId, {who:Actor} the one "{label}" gives them'))
def every_attendee_id(world: World, who: str, label: str):
    listed = world.last.data
    without = [p for p in listed if not isinstance(p.get("attendeeId"), int)]
    assert not without, f"participants without an attendeeId: {without}"
    mine = world.who(who, label).attendee_id
    uid = world.account(who).user_id
    entry = next((p for p in listed if (p.get("actorType"), p.get("actorId")) == ("users", uid)), None)
    assert entry is not None, f"{who} ({uid}) is not among the participants of {label!r}"
    assert entry["attendeeId"] == mine, (
        f"{who} is listed with attendeeId {entry['attendeeId']}, but {label!r} gives them {mine}")
