"""Steps for the depth of issue 19 on the chat: deleted messages and their replies (delete-messages,
Talk 11.1; "Parent data" of docs/chat.md), reference ids chosen by the sender (chat-reference-id, Talk
9.0) and fetching without moving the read marker (`setReadMarker`, chat-read-marker).
"""

from __future__ import annotations

from pytest_bdd import given, then

from steps.chat import find, messages_of, post, remember_post, require_release
from steps.chat_later import _by_id, _message_id
from steps.common import World, action, step

# --- reference ids ---------------------------------------------------------------------------


@given(step('{actor:Actor} has posted "{text}" to "{label}" with the reference id "{reference:Quoted}"'))
def has_posted_with_reference(world: World, actor: str, text: str, label: str, reference: str):
    post(world, actor, label, text, referenceId=reference)


@action('{actor:Actor} sends "{text}" to "{label}" with the reference id "{reference:Quoted}"')
def sends_with_given_reference(world: World, actor: str, text: str, label: str, reference: str):
    reply = world.act(actor, "sendMessage", room=label, message=text, referenceId=reference)
    remember_post(world, label, text, reply)


@then(step('the response has the reference id "{reference:Quoted}"'))
def response_has_given_reference(world: World, reference: str):
    got = world.last.data.get("referenceId")
    assert got == reference, f"referenceId is {got!r}, the message was sent with {reference!r}"


# --- fetching without the read marker (setReadMarker, chat-read-marker) ----------------------

@action('{actor:Actor} fetches the messages of "{label}" newer than "{text}" without setting the read marker')
def fetches_without_marker(world: World, actor: str, label: str, text: str):
    # A newer message is there: the long poll answers at once.
    world.act(actor, "receiveMessages", room=label, lookIntoFuture=1, setReadMarker=0, timeout=0,
              lastKnownMessageId=_message_id(world, label, text))


@then(step('the answer holds "{text}"'))
def answer_holds(world: World, text: str):
    find(world.last.data, text)


# --- deleted messages and their replies (delete-messages, Talk 11.1) -------------------------

@then(step('{actor:Actor} sees "{text}" as a reply to the deleted "{parent}" in the chat of "{label}"'))
def sees_reply_to_deleted(world: World, actor: str, text: str, parent: str, label: str):
    got = find(messages_of(world, actor, label), text).get("parent")
    assert isinstance(got, dict), f"the reply {text!r} has no parent (docs: Parent data, when deleted: id and deleted)"
    expected = _message_id(world, label, parent)
    assert got.get("id") == expected, f"the parent's id is {got.get('id')}, the deleted message is {expected}"
    assert got.get("deleted") is True, (
        f"the parent of {text!r} says deleted {got.get('deleted')!r}; {parent!r} was deleted (docs: Parent data, "
        "\"deleted\": true when the parent is deleted)")
    assert got.get("message") != parent, f"the parent of {text!r} still reads {parent!r}, though it was deleted"


@then(step('{actor:Actor} sees that the deleted "{text}" cannot be replied to in "{label}"'))
def deleted_not_replyable(world: World, actor: str, text: str, label: str):
    message = _by_id(messages_of(world, actor, label), _message_id(world, label, text))
    assert message.get("isReplyable") is False, (
        f"the deleted message {text!r} says isReplyable {message.get('isReplyable')!r}, expected false")


@then(step('the message "{text}" of "{label}" is {state}'))
def message_state(world: World, text: str, label: str, state: str):
    assert state in ("deleted", "still there"), f"feature typo: {state!r} (deleted or still there)"
    message = _by_id(messages_of(world, "owner", label), _message_id(world, label, text))
    kind = message.get("messageType")
    if state == "deleted":
        assert kind == "comment_deleted", f"{text!r} is still {kind!r}: {message.get('message')!r}, though deleted"
    else:
        assert kind == "comment" and message.get("message") == text, (
            f"{text!r} is now {kind!r}: {message.get('message')!r}, though its deletion was refused")


@given(step('{actor:Actor} has deleted the message "{text}" in "{label}"'))
def has_deleted(world: World, actor: str, text: str, label: str):
    world.expect(world.call(actor, "deleteMessage", room=label, messageId=_message_id(world, label, text)), 200)


@action('{actor:Actor} sends "{text}" to "{label}" with the reference id "{reference:Quoted}" as a reply to "{parent}"')
def sends_reply_with_reference(world: World, actor: str, text: str, label: str, reference: str, parent: str):
    reply = world.act(actor, "sendMessage", room=label, message=text, referenceId=reference,
                      replyTo=_message_id(world, label, parent))
    remember_post(world, label, text, reply)


@action('{actor:Actor} replies "{text}" to the deleted "{parent}" in "{label}"')
def replies_to_deleted(world: World, actor: str, text: str, parent: str, label: str):
    reply = world.act(actor, "sendMessage", room=label, message=text, replyTo=_message_id(world, label, parent))
    remember_post(world, label, text, reply)


@then(step('{actor:Actor} has {count:d} unread messages in "{label}", as in the code of Talk 9.0 and later'))
def unread_since_9(world: World, actor: str, count: int, label: str):
    require_release(world, "9.0", "Sending marks one's own message read (the code, no doc)")
    now = world.room(actor, label)["unreadMessages"]
    assert now == count, f"unreadMessages is {now}, expected {count}: Talk 9.0 and later mark what one sends read"
