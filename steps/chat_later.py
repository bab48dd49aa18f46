"""Steps for what Talk 8.0 to 11.1 added to the chat, each judged by the docs of the release that
states it: replies and `isReplyable` (chat-replies, Talk 8.0), the parent of a reply (docs/chat.md of
Talk 10.0, "Parent data"), reference ids (chat-reference-id, Talk 9.0), the last common read
(chat-read-status, Talk 11.0) and deleting messages (delete-messages, Talk 11.1).
"""

from __future__ import annotations

import hashlib
import secrets

from pytest_bdd import given, then

from steps.chat import chat, find, header, messages_of, post, remember_post, require_release
from steps.common import World, action, step

COMMON_READ = "X-Chat-Last-Common-Read"


def _message_id(world: World, label: str, text: str) -> int:
    """A message this scenario posted (its id even once it is deleted and its text replaced)."""
    message_id = chat(world).id_of(label, text)
    return message_id if message_id is not None else find(messages_of(world, "owner", label), text)["id"]


def _by_id(messages: list[dict], message_id: int) -> dict:
    found = [m for m in messages if m.get("id") == message_id]
    assert found, f"no message with id {message_id} in the answer"
    return found[0]


def _system(messages: list[dict], key: str) -> dict:
    found = [m for m in messages if m.get("systemMessage") == key]
    assert found, f"no system message {key!r} in the answer"
    return found[0]


# --- replies (chat-replies, Talk 8.0; parent: docs/chat.md of Talk 10.0) ----------------------

@then(step('"{text}" can be replied to'))
def can_be_replied_to(world: World, text: str):
    message = find(world.last.data, text)
    assert message.get("isReplyable") is True, f"isReplyable of {text!r} is {message.get('isReplyable')!r}, expected true"


@then(step('the system message "{key}" cannot be replied to'))
def cannot_be_replied_to(world: World, key: str):
    message = _system(world.last.data, key)
    assert message.get("isReplyable") is False, (
        f"isReplyable of the system message {key!r} is {message.get('isReplyable')!r}; a system message cannot be "
        "replied to (docs: replyTo only for messages that are not system or command)")


@given(step('{actor:Actor} has replied "{text}" to "{parent}" in "{label}"'))
def has_replied(world: World, actor: str, text: str, parent: str, label: str):
    post(world, actor, label, text, replyTo=_message_id(world, label, parent))


def _check_parent(world: World, message: dict, label: str, parent: str) -> dict:
    require_release(world, "10.0", "The parent of a reply")
    got = message.get("parent")
    assert isinstance(got, dict), f"the reply {message.get('message')!r} has no parent (docs: \"parent\", Parent data)"
    expected = _message_id(world, label, parent)
    assert got.get("id") == expected, f"the parent's id is {got.get('id')}, expected {expected} ({parent!r})"
    assert got.get("message") == parent, f"the parent's message is {got.get('message')!r}, expected {parent!r}"
    return got


@then(step('the response is a reply to "{parent}" in "{label}"'))
def response_is_reply(world: World, parent: str, label: str):
    _check_parent(world, world.last.data, label, parent)


@then(step('{actor:Actor} sees "{text}" as a reply to "{parent}" in the chat of "{label}"'))
def sees_reply(world: World, actor: str, text: str, parent: str, label: str):
    _check_parent(world, find(messages_of(world, actor, label), text), label, parent)


@then(step("the parent of the response has no parent"))
def parent_has_no_parent(world: World):
    require_release(world, "10.0", "The parent of a reply")
    parent = world.last.data.get("parent") or {}
    assert "parent" not in parent, f"the parent carries a parent of its own: {parent['parent']} (docs: never set)"


# --- reference ids (chat-reference-id, Talk 9.0) --------------------------------------------

@action('{actor:Actor} sends "{text}" to "{label}" with a sha256 reference id')
def sends_with_reference(world: World, actor: str, text: str, label: str):
    # "should be a random sha256" (docs/chat.md of Talk 9.0): 64 hex digits.
    world.reference_id = hashlib.sha256(secrets.token_bytes(16)).hexdigest()
    reply = world.act(actor, "sendMessage", room=label, message=text, referenceId=world.reference_id)
    remember_post(world, label, text, reply)


def _check_reference(world: World, message: dict) -> None:
    got = message.get("referenceId")
    assert got == world.reference_id, f"referenceId is {got!r}, the message was sent with {world.reference_id!r}"


@then(step("the response has that reference id"))
def response_has_reference(world: World):
    _check_reference(world, world.last.data)


@then(step('{actor:Actor} sees "{text}" with that reference id in the chat of "{label}"'))
def sees_reference(world: World, actor: str, text: str, label: str):
    _check_reference(world, find(messages_of(world, actor, label), text))


# --- the last common read (chat-read-status, Talk 11.0) -------------------------------------

@given(step('{actor:Actor} has marked "{label}" as read up to "{text}"'))
def has_marked_read_up_to(world: World, actor: str, label: str, text: str):
    world.expect(world.call(actor, "setReadMarker", room=label, lastReadMessage=_message_id(world, label, text)), 200)


@action('{actor:Actor} reads the chat of "{label}" asking for the last common read')
def reads_with_common_read(world: World, actor: str, label: str):
    world.act(actor, "receiveMessages", room=label, lookIntoFuture=0, setReadMarker=0, lastCommonReadId=0)


def _common_read(world: World) -> int:
    value = header(world.last, COMMON_READ)
    assert value is not None, f"{world.last.title} answered without the {COMMON_READ} header (docs/chat.md of Talk 11.0)"
    assert value.strip().isdigit(), f"{COMMON_READ} is {value!r}, not a message id"
    return int(value)


@then(step("the response tells the last common read"))
def tells_common_read(world: World):
    _common_read(world)


@then(step('the last common read of the response is "{text}" in "{label}"'))
def common_read_is(world: World, text: str, label: str):
    expected = _message_id(world, label, text)
    got = _common_read(world)
    assert got == expected, (f"{COMMON_READ} is {got}; every participant has read up to {text!r} ({expected}) "
                             "and no further")


# --- deleting messages (delete-messages, Talk 11.1) -----------------------------------------

@action('{actor:Actor} deletes the message "{text}" in "{label}"')
def deletes(world: World, actor: str, text: str, label: str):
    world.deleted = _message_id(world, label, text)
    world.act(actor, "deleteMessage", room=label, messageId=world.deleted)


@action('{actor:Actor} deletes the message "{text}" of "{other}" in "{label}"')
def deletes_elsewhere(world: World, actor: str, text: str, other: str, label: str):
    world.act(actor, "deleteMessage", room=label, messageId=_message_id(world, other, text))


@action('{actor:Actor} deletes the system message "{key}" in "{label}"')
def deletes_system_message(world: World, actor: str, key: str, label: str):
    world.act(actor, "deleteMessage", room=label, messageId=_system(messages_of(world, actor, label), key)["id"])


@then(step('the response is the system message "message_deleted" with the deleted message as its parent'))
def response_is_deletion(world: World):
    data = world.last.data
    assert data.get("systemMessage") == "message_deleted", (
        f"the answer is {data.get('systemMessage') or data.get('messageType')!r}, the docs give the system message "
        "message_deleted")
    parent = data.get("parent") or {}
    assert parent.get("id") == world.deleted, f"the parent is {parent.get('id')}, the deleted message is {world.deleted}"
    assert parent.get("messageType") == "comment_deleted", (
        f"the deleted message's messageType is {parent.get('messageType')!r}, expected 'comment_deleted'")


@then(step('{actor:Actor} sees "{text}" deleted in the chat of "{label}"'))
def sees_deleted(world: World, actor: str, text: str, label: str):
    message = _by_id(messages_of(world, actor, label), _message_id(world, label, text))
    assert message.get("messageType") == "comment_deleted", (
        f"the deleted message is still {message.get('messageType')!r}: {message.get('message')!r}")
    assert message.get("message") != text, f"the deleted message still reads {text!r} (docs: the text is replaced)"
