"""Steps for sharing a rich object to the chat (docs/chat.md, "Share a rich object to the chat",
capability rich-object-sharing, Talk 11.1): the object's type, id and data (``metaData``, JSON); its
required data are those of Nextcloud's OCP\\RichObjectStrings\\Definitions (a ``call``: ``id``, ``name``,
``call-type``). The message that shares it is a Rich Object String whose placeholder names the object."""

from __future__ import annotations

import json

from pytest_bdd import then

from steps.chat import max_length, messages_of
from steps.common import World, action, step


def _share_call(world: World, actor: str, label: str, object_id: str, data: dict) -> None:
    world.act(actor, "shareRichObject", room=label, objectType="call", objectId=object_id, metaData=json.dumps(data))


@action('{actor:Actor} shares the call "{object_id}" named "{name}" to "{label}"')
def shares_call(world: World, actor: str, object_id: str, name: str, label: str):
    _share_call(world, actor, label, object_id, {"name": name, "call-type": "group"})


@action('{actor:Actor} shares the call "{object_id}" without its name to "{label}"')
def shares_call_without_name(world: World, actor: str, object_id: str, label: str):
    _share_call(world, actor, label, object_id, {"call-type": "group"})


@action('{actor:Actor} shares the call "{object_id}" with a name over the maximum length to "{label}"')
def shares_call_too_long(world: World, actor: str, object_id: str, label: str):
    _share_call(world, actor, label, object_id, {"name": "x" * (max_length(world) + 1), "call-type": "group"})


def _shares_of(world: World, actor: str, label: str, object_id: str) -> list[tuple[dict, str]]:
    """The messages of the chat that share the call ``object_id``, each with its placeholder's key."""
    found = []
    for message in messages_of(world, actor, label):
        params = message.get("messageParameters") or {}
        for key, value in (params.items() if isinstance(params, dict) else ()):
            if isinstance(value, dict) and value.get("type") == "call" and value.get("id") == object_id:
                found.append((message, key))
    return found


@then(step('{actor:Actor} sees the call "{object_id}" named "{name}" shared by {author:Actor} in the chat of "{label}"'))
def sees_shared_call(world: World, actor: str, object_id: str, name: str, author: str, label: str):
    shares = _shares_of(world, actor, label, object_id)
    assert len(shares) == 1, f"the call {object_id!r} is shared {len(shares)} times in the chat, expected once"
    message, key = shares[0]
    shared = message["messageParameters"][key]
    assert shared.get("name") == name, f"the shared call is named {shared.get('name')!r}, expected {name!r}"
    assert "{" + key + "}" in message["message"], (
        f"the message {message['message']!r} has no placeholder {{{key}}} for the shared object")
    account = world.account(author)
    assert (message["actorType"], message["actorId"]) == ("users", account.user_id), (
        f"the share is by {message['actorType']}/{message['actorId']}, expected users/{account.user_id}")


@then(step('{actor:Actor} sees no share of the call "{object_id}" in the chat of "{label}"'))
def sees_no_shared_call(world: World, actor: str, object_id: str, label: str):
    shares = _shares_of(world, actor, label, object_id)
    assert not shares, f"the share was refused, but the chat holds it (message {shares[0][0]['id']})"
