"""Steps of features/chat/anchor_chat-messages.feature: what spreed's own chat suite (system messages,
mentions, deletion) checks that the other chat features leave out."""

from __future__ import annotations

import pytest
from pytest_bdd import then

from steps.chat import messages_of
from steps.chat_later import _message_id
from steps.common import World, action, step
from steps.tables import _actor_of, suggestions_are


@then(step('{viewer:Actor} sees in the chat of "{label}" that {deleter:Actor} deleted "{text}"'))
def sees_message_deleted(world: World, viewer: str, label: str, deleter: str, text: str):
    """The follow-up system message of a deletion, "a follow up system message will make sure clients and
    users update it" (docs/capabilities.md of Talk 11.1, delete-messages): `message_deleted` by whoever
    deleted, newer than the deleted message, whose parent (when given) is that message."""
    message_id = _message_id(world, label, text)
    kind, actor_id = _actor_of(world, deleter, label)
    chat = messages_of(world, viewer, label)
    found = [m for m in chat if m.get("systemMessage") == "message_deleted" and m.get("id", 0) > message_id]
    assert found, (f"{viewer} finds no message_deleted after the message {text!r} in {label!r}: "
                   f"{[(m.get('systemMessage'), m.get('actorId')) for m in chat]}")
    by = [m for m in found if (m.get("actorType"), m.get("actorId")) == (kind, actor_id)]
    assert by, f"message_deleted is not by {deleter} ({actor_id}): {[(m['actorType'], m['actorId']) for m in found]}"
    parent = by[0].get("parent")
    if isinstance(parent, dict) and parent:
        assert parent.get("id") == message_id, (
            f"message_deleted names the message {parent.get('id')} as its parent, not {message_id} ({text!r})")


@then(step('the mention suggestions for what the ids of {a:Actor} and {b:Actor} begin with in "{label}" are exactly:'))
def suggestions_for_shared_beginning(world: World, a: str, b: str, label: str, datatable):
    first, second = world.account(a).user_id, world.account(b).user_id
    n = 0
    while n < min(len(first), len(second)) and first[n] == second[n]:
        n += 1
    if n == 0:
        pytest.skip(f"the ids of {a} and {b} begin with nothing in common to search for")
    suggestions_are(world, first[:n], label, datatable)


@then(step('the whole conversation is suggested to {actor:Actor} in "{label}" under the name of the conversation'))
def everyone_under_the_name(world: World, actor: str, label: str):
    room = world.call("owner", "getRoom", room=label)
    assert room.status == 200, f"the owner cannot read {label!r}: {room.status}"
    name = room.data.get("name")
    reply = world.call(actor, "getMentionSuggestions", room=label, search="all")
    assert reply.status == 200, f"{actor} gets no mention suggestions in {label!r}: {reply.status}"
    everyone = [s for s in reply.data if s.get("id") == "all"]
    assert len(everyone) == 1, f"{len(everyone)} suggestions mention the whole conversation: {reply.data}"
    assert everyone[0].get("label") == name, (
        f"the whole conversation is suggested as {everyone[0].get('label')!r}, not under its name {name!r}")


# --- replies and reference ids -------------------------------------------------------------------

@then(step('the answer from "{label}" is, oldest first:'))
def answer_oldest_first(world: World, label: str, datatable):
    """The messages of the last answer as they came (a read forward, lookIntoFuture=1, gives them oldest
    first); a ``parent`` column is judged from Talk 10.0 on (docs/chat.md, "Parent data")."""
    from steps.chat import require_release
    from steps.tables import _compare_messages, rows

    if "parent" in rows(datatable)[0]:
        require_release(world, "10.0", "The parent of a reply")
    assert isinstance(world.last.data, list), f"the answer holds no messages: {world.last.status}"
    _compare_messages(world, label, [m for m in world.last.data if not m.get("systemMessage")], datatable)


LONG_REFERENCE = "too long a reference id is cut off " + "0123456789" * 7  # 105 characters, a sha256 has 64


@action('{actor:Actor} sends "{text}" to "{label}" with a reference id longer than a sha256')
def sends_with_long_reference(world: World, actor: str, text: str, label: str):
    world.act(actor, "sendMessage", room=label, message=text, referenceId=LONG_REFERENCE)


@then(step("the response keeps the beginning of that reference id"))
def keeps_beginning_of_reference(world: World):
    got = (world.last.data or {}).get("referenceId") or ""
    assert len(got) >= 40 and LONG_REFERENCE.startswith(got), (
        f"referenceId is {got!r}, not the beginning (40 characters or more) of {LONG_REFERENCE!r}")
