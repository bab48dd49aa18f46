"""Steps for what current clients rely on in the chat of a v4 server (docs/chat.md and docs/capabilities.md
of Talk 21.1; openapi.json of Talk 21.1 for reactions): marking the chat unread (chat-unread, Talk 14),
editing messages (edit-messages, Talk 19), reactions (reactions, Talk 14), sending silently (silent-send,
Talk 15; the message's flag with silent-send-state, Talk 19) and clearing the history (clear-history,
Talk 12.1). Each scenario is gated by its capability; these steps only send and check.
"""

from __future__ import annotations

import time

from pytest_bdd import given, then

from steps.chat import CLOCK_SLACK, chat, find, messages_of, post, remember_post
from steps.chat_later import _by_id, _message_id, _system
from steps.common import World, action, is_guest, step


def _edited(world: World) -> dict:
    """What the scenario edited: the message id and its new text."""
    return chat(world).edited  # type: ignore[attr-defined]


def _remember_edit(world: World, message_id: int, text: str) -> None:
    chat(world).edited = {"id": message_id, "text": text}  # type: ignore[attr-defined]


# --- marking the chat unread (chat-unread, Talk 14) -------------------------------------------

@action('{actor:Actor} marks "{label}" as unread')
def marks_unread(world: World, actor: str, label: str):
    world.act(actor, "markUnread", room=label)


@then(step('the response is "{label}" as {actor:Actor} sees it, where the docs give the conversation'))
def response_is_room_where_given(world: World, label: str, actor: str):
    """docs/chat.md of Talk 21.1: "**Without** `federation-v1` capability empty", "**With** `federation-v1`
    capability" the conversation (the contract checks the shape; this checks which conversation)."""
    data = world.last.data
    if "federation-v1" not in world.target.capabilities.features:
        assert not data, f"{world.last.title} answered {str(data)[:200]}; without federation-v1 the docs give it empty"
        return
    assert isinstance(data, dict), f"{world.last.title} answered {str(data)[:200]}; with federation-v1 the docs give " \
        "the conversation"
    assert data.get("token") == world.token(label), (
        f"the answer is the conversation {data.get('token')!r}, expected {label!r} ({world.token(label)!r})")


@then(step('the response has {count:d} unread messages'))
def response_has_unread(world: World, count: int):
    data = world.last.data
    if "federation-v1" not in world.target.capabilities.features:
        return  # the answer is empty before federation-v1 (Talk 19)
    got = data.get("unreadMessages") if isinstance(data, dict) else None
    assert got == count, f"the answered conversation has unreadMessages {got}, expected {count}"


# --- editing messages (edit-messages, Talk 19) ------------------------------------------------

@action('{actor:Actor} edits the message "{text}" in "{label}" to "{new}"')
def edits(world: World, actor: str, text: str, label: str, new: str):
    message_id = _message_id(world, label, text)
    _remember_edit(world, message_id, new)
    world.act(actor, "editMessage", room=label, messageId=message_id, message=new)


@action('{actor:Actor} edits the message "{text}" of "{other}" in "{label}" to "{new}"')
def edits_elsewhere(world: World, actor: str, text: str, other: str, label: str, new: str):
    world.act(actor, "editMessage", room=label, messageId=_message_id(world, other, text), message=new)


@action('{actor:Actor} edits the system message "{key}" in "{label}" to "{new}"')
def edits_system_message(world: World, actor: str, key: str, label: str, new: str):
    message_id = _system(messages_of(world, actor, label), key)["id"]
    world.act(actor, "editMessage", room=label, messageId=message_id, message=new)


def _check_last_edit(world: World, message: dict, editor: str) -> None:
    account = world.account(editor)
    assert message.get("lastEditActorType") == "users", (
        f"lastEditActorType is {message.get('lastEditActorType')!r}, expected 'users' (docs: set when the message was "
        "actually edited)")
    assert message.get("lastEditActorId") == account.user_id, (
        f"lastEditActorId is {message.get('lastEditActorId')!r}, expected {account.user_id!r}")
    if account.display_name and account.display_name != account.user_id:
        assert message.get("lastEditActorDisplayName") == account.display_name, (
            f"lastEditActorDisplayName is {message.get('lastEditActorDisplayName')!r}, expected {account.display_name!r}")
    stamp = message.get("lastEditTimestamp")
    assert isinstance(stamp, int) and abs(stamp - time.time()) < CLOCK_SLACK, (
        f"lastEditTimestamp is {stamp!r}, not the time of the edit in seconds")
    assert stamp >= message.get("timestamp", 0), f"lastEditTimestamp {stamp} is before the message's own timestamp"


@then(step('the response is the system message "message_edited" with the edited message as its parent, '
           'edited by {editor:Actor}'))
def response_is_edit(world: World, editor: str):
    data = world.last.data
    edited = _edited(world)
    assert data.get("systemMessage") == "message_edited", (
        f"the answer is {data.get('systemMessage') or data.get('messageType')!r}; the docs give the system message "
        "message_edited")
    parent = data.get("parent") or {}
    assert parent.get("id") == edited["id"], f"the parent is {parent.get('id')}, the edited message is {edited['id']}"
    assert parent.get("message") == edited["text"], (
        f"the parent reads {parent.get('message')!r}; the docs give \"the edited message with the new content\" "
        f"({edited['text']!r})")
    _check_last_edit(world, parent, editor)


@then(step('{actor:Actor} sees the message "{text}" edited by {editor:Actor} in the chat of "{label}"'))
def sees_edited(world: World, actor: str, text: str, editor: str, label: str):
    edited = _edited(world)
    message = _by_id(messages_of(world, actor, label), edited["id"])
    assert message.get("message") == text, f"the edited message reads {message.get('message')!r}, expected {text!r}"
    _check_last_edit(world, message, editor)


# --- clearing the history (clear-history, Talk 12.1) ------------------------------------------

@action('{actor:Actor} clears the history of "{label}"')
def clears(world: World, actor: str, label: str):
    world.act(actor, "clearHistory", room=label)


@then(step('the response is the system message "history_cleared" by {actor:Actor}'))
def response_is_cleared(world: World, actor: str):
    data = world.last.data
    assert data.get("systemMessage") == "history_cleared", (
        f"the answer is {data.get('systemMessage') or data.get('messageType')!r}; the docs give the system message "
        "history_cleared (\"You cleared the history of the conversation\")")
    assert data.get("actorId") == world.account(actor).user_id, (
        f"the history_cleared message is by {data.get('actorId')!r}, expected {world.account(actor).user_id!r}")


@then(step('{actor:Actor} sees none of the messages posted before in the chat of "{label}"'))
def sees_nothing_before(world: World, actor: str, label: str):
    messages = messages_of(world, actor, label)
    texts = {m.get("message") for m in messages}
    kept = [t for t, _ in chat(world).posted.get(label, []) if t in texts]
    assert not kept, f"the history was cleared, but it still holds {kept[:5]}"
    _system(messages, "history_cleared")


# --- reactions (reactions, Talk 14; openapi.json of Talk 21.1) --------------------------------

@given(step('{actor:Actor} has reacted with "{emoji}" to "{text}" in "{label}"'))
def has_reacted(world: World, actor: str, emoji: str, text: str, label: str):
    world.expect(world.call(actor, "addReaction", room=label, messageId=_message_id(world, label, text),
                            reaction=emoji), 201)


@action('{actor:Actor} reacts with "{emoji}" to "{text}" in "{label}"')
def reacts(world: World, actor: str, emoji: str, text: str, label: str):
    world.act(actor, "addReaction", room=label, messageId=_message_id(world, label, text), reaction=emoji)


@action('{actor:Actor} reacts with "{emoji}" to "{text}" of "{other}" in "{label}"')
def reacts_elsewhere(world: World, actor: str, emoji: str, text: str, other: str, label: str):
    world.act(actor, "addReaction", room=label, messageId=_message_id(world, other, text), reaction=emoji)


@action('{actor:Actor} removes the reaction "{emoji}" from "{text}" in "{label}"')
def removes_reaction(world: World, actor: str, emoji: str, text: str, label: str):
    world.act(actor, "deleteReaction", room=label, messageId=_message_id(world, label, text), reaction=emoji)


@action('{actor:Actor} asks for the reactions to "{text}" in "{label}"')
def asks_reactions(world: World, actor: str, text: str, label: str):
    world.act(actor, "getReactions", room=label, messageId=_message_id(world, label, text))


def _reactors(data, emoji: str) -> list[dict]:
    if not isinstance(data, dict):
        return []  # [] is PHP's empty map
    return list(data.get(emoji) or [])


def _reactor_is(world: World, entry: dict, actor: str) -> bool:
    if is_guest(actor):
        return entry.get("actorType") == "guests"
    return entry.get("actorType") == "users" and entry.get("actorId") == world.account(actor).user_id


@then(step('the response lists {actor:Actor} once under "{emoji}"'))
def response_lists(world: World, actor: str, emoji: str):
    entries = _reactors(world.last.data, emoji)
    mine = [e for e in entries if _reactor_is(world, e, actor)]
    assert len(mine) == 1, (f"the reactions list {actor} {len(mine)} times under {emoji!r}, expected once: "
                            f"{str(world.last.data)[:300]}")


@then(step('the response lists nobody under "{emoji}"'))
def response_lists_nobody(world: World, emoji: str):
    entries = _reactors(world.last.data, emoji)
    assert not entries, f"the reaction {emoji!r} was removed, but the answer still lists {entries}"


def _message_reactions(world: World, actor: str, label: str, text: str) -> dict:
    message = _by_id(messages_of(world, actor, label), _message_id(world, label, text))
    return message


@then(step('{actor:Actor} sees "{text}" with {count:d} "{emoji}" in the chat of "{label}"'))
def sees_reaction_count(world: World, actor: str, text: str, count: int, emoji: str, label: str):
    message = _message_reactions(world, actor, label, text)
    reactions = message.get("reactions")
    got = reactions.get(emoji, 0) if isinstance(reactions, dict) else 0
    assert got == count, (f"the message's reactions count {got} {emoji!r}, expected {count} (docs: \"total count of "
                          f"reactions with this emoji\"): {reactions!r}")


@then(step('{actor:Actor} sees their own "{emoji}" on "{text}" in the chat of "{label}"'))
def sees_own_reaction(world: World, actor: str, emoji: str, text: str, label: str):
    message = _message_reactions(world, actor, label, text)
    mine = message.get("reactionsSelf") or []
    assert emoji in mine, (f"reactionsSelf is {message.get('reactionsSelf')!r}; the docs give \"the list of emojis the "
                           f"user reacted with\", which holds {emoji!r}")


@then(step('{actor:Actor} sees "{text}" without reactions in the chat of "{label}"'))
def sees_no_reactions(world: World, actor: str, text: str, label: str):
    message = _message_reactions(world, actor, label, text)
    reactions = message.get("reactions")
    assert not reactions, f"the reaction was removed, but the message still counts {reactions!r}"


# --- sending silently (silent-send, Talk 15; silent-send-state, Talk 19) ----------------------

@action('{actor:Actor} sends "{text}" to "{label}" silently')
def sends_silently(world: World, actor: str, text: str, label: str):
    remember_post(world, label, text, world.act(actor, "sendMessage", room=label, message=text, silent=True))


@given(step('{actor:Actor} has posted "{text}" to "{label}" silently'))
def has_posted_silently(world: World, actor: str, text: str, label: str):
    post(world, actor, label, text, silent=True)


@then(step("the response is a message sent silently"))
def response_is_silent(world: World):
    got = world.last.data.get("silent")
    assert got is True, f"silent is {got!r}; the message was sent with silent=true (docs: \"Whether the message was sent silently\")"


@then(step('{actor:Actor} sees "{text}" sent silently in the chat of "{label}"'))
def sees_silent(world: World, actor: str, text: str, label: str):
    got = find(messages_of(world, actor, label), text).get("silent")
    assert got is True, f"silent of {text!r} is {got!r}; it was sent with silent=true"


@then(step('{actor:Actor} sees "{text}" not sent silently in the chat of "{label}"'))
def sees_not_silent(world: World, actor: str, text: str, label: str):
    got = find(messages_of(world, actor, label), text).get("silent", False)
    assert got is False, f"silent of {text!r} is {got!r}; it was sent without silent"
