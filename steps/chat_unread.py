"""Steps for the unread state of a conversation and the read marker (docs/chat.md "Mark chat as read";
the room's unreadMessages, unreadMention, lastReadMessage and lastMessage in docs/conversation.md).

Where a participant starts is not documented (how many messages are unread when one is added), so
counts are checked as changes from what the participant saw before, or after marking everything read.
"""

from __future__ import annotations

from pytest_bdd import given, then

from steps.chat import UNKNOWN_TOKEN, chat, find, messages_of, newest_id, require_release, since
from steps.common import World, action, is_guest, step


@given(step('{actor:Actor} has noted the unread messages of "{label}"'))
def noted_unread(world: World, actor: str, label: str):
    chat(world).unread[(actor, label)] = world.room(actor, label)["unreadMessages"]


@given(step('{actor:Actor} has marked "{label}" as read'))
def has_marked_read(world: World, actor: str, label: str):
    newest = newest_id(world, actor, label)
    world.expect(world.call(actor, "setReadMarker", room=label, lastReadMessage=newest), 200)


@action('{actor:Actor} marks "{label}" as read')
def marks_read(world: World, actor: str, label: str):
    newest = newest_id(world, "owner", label) if is_guest(actor) or actor == "stranger" else newest_id(world, actor, label)
    world.act(actor, "setReadMarker", room=label, lastReadMessage=newest)


@action('{actor:Actor} marks "{label}" as read up to "{text}"')
def marks_read_up_to(world: World, actor: str, label: str, text: str):
    message_id = find(messages_of(world, actor, label), text)["id"]
    world.act(actor, "setReadMarker", room=label, lastReadMessage=message_id)


@action('{actor:Actor} marks a conversation that does not exist as read')
def marks_unknown_read(world: World, actor: str):
    world.act(actor, "setReadMarker", token=UNKNOWN_TOKEN, lastReadMessage=1)


@then(step('{actor:Actor} has {count:d} more unread messages in "{label}"'))
def more_unread(world: World, actor: str, count: int, label: str):
    before = chat(world).unread[(actor, label)]
    now = world.room(actor, label)["unreadMessages"]
    assert now == before + count, f"unreadMessages went from {before} to {now}; {count} messages were posted since"


@then(step('{actor:Actor} has {count:d} unread messages in "{label}"'))
def unread(world: World, actor: str, count: int, label: str):
    now = world.room(actor, label)["unreadMessages"]
    assert now == count, f"unreadMessages is {now}, expected {count}"


@then(step('{actor:Actor} is flagged as mentioned in "{label}"'))
def mentioned(world: World, actor: str, label: str):
    assert world.room(actor, label)["unreadMention"] is True, "unreadMention is not true after a mention"


@then(step('{actor:Actor} is not flagged as mentioned in "{label}"'))
def not_mentioned(world: World, actor: str, label: str):
    assert world.room(actor, label)["unreadMention"] is False, "unreadMention is still true though everything is read"


@then(step('{actor:Actor} has read "{label}" up to "{text}"'))
def read_up_to(world: World, actor: str, label: str, text: str):
    expected = find(messages_of(world, actor, label), text)["id"]
    got = world.room(actor, label)["lastReadMessage"]
    assert got == expected, f"lastReadMessage is {got}, expected {expected} (the id of {text!r})"


@then(step('the last message of "{label}" for {actor:Actor} is "{text}"'))
def last_message(world: World, label: str, actor: str, text: str):
    if not since(world, "4.0"):
        return  # lastMessage came after the Talk 3.2 docs
    last = world.room(actor, label)["lastMessage"]
    assert isinstance(last, dict) and last.get("message") == text, f"lastMessage is {last}, expected the message {text!r}"


@then(step('{actor:Actor} has read "{label}" up to "{text}", as in the code of Talk 9.0 and later'))
def read_up_to_since_9(world: World, actor: str, label: str, text: str):
    require_release(world, "9.0", "Moving the sender's read marker (the code of Talk 9.0)")
    read_up_to(world, actor, label, text)
