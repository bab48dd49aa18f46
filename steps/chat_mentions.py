"""Steps for mentions (a mention in a message becomes a Rich Object String placeholder; mention
suggestions, docs/chat.md "Get mention autocomplete suggestions") and for the system messages the
server writes (docs/chat.md "System messages")."""

from __future__ import annotations

import pytest
from pytest_bdd import given, then

from steps.chat import PLACEHOLDER, UNKNOWN_TOKEN, messages_of, post, remember_post, since
from steps.common import World, action, step
from talk_conformance.spec.problem import RuleBroken, behaviour

# --- mentions in messages --------------------------------------------------------------------

@action('{actor:Actor} sends a message mentioning {other:Actor} to "{label}"')
def sends_mention(world: World, actor: str, other: str, label: str):
    text = f"Hello @{world.account(other).user_id}, how are you?"
    remember_post(world, label, text, world.act(actor, "sendMessage", room=label, message=text))


@given(step('{actor:Actor} has sent a message mentioning {other:Actor} to "{label}"'))
def has_sent_mention(world: World, actor: str, other: str, label: str):
    post(world, actor, label, f"Hello @{world.account(other).user_id}, how are you?")


@then(step('{actor:Actor} sees the mention of {other:Actor} as a user placeholder in the chat of "{label}"'))
def sees_mention_placeholder(world: World, actor: str, other: str, label: str):
    uid = world.account(other).user_id
    found = [m for m in messages_of(world, actor, label)
             if m["message"].startswith("Hello ") and m["message"].endswith(", how are you?")]
    assert found, "the message with the mention is not in the chat"
    message = found[0]
    assert f"@{uid}" not in message["message"], f"the mention is plain text: {message['message']!r}"
    params = message["messageParameters"] or {}
    users = [key for key in PLACEHOLDER.findall(message["message"])
             if isinstance(params.get(key), dict) and params[key].get("type") == "user" and params[key].get("id") == uid]
    assert users, (f"no placeholder in {message['message']!r} names the user {uid!r} "
                   f"(a messageParameters entry of type user); parameters: {params}")


# --- system messages -------------------------------------------------------------------------

def _system(world: World, label: str, key: str) -> dict:
    found = [m for m in messages_of(world, "owner", label) if m.get("systemMessage") == key]
    assert found, f"no system message {key!r} in the chat of {label!r}"
    message = found[0]
    if since(world, "7.0"):
        assert message["messageType"] == "system", f"{key}: messageType is {message['messageType']!r}, expected 'system'"
    return message


@then(step('the chat of "{label}" has the system message "{key}"'))
def has_system_message(world: World, label: str, key: str):
    _system(world, label, key)


@then(step('the chat of "{label}" has the system message "{key}" about {actor:Actor}'))
def has_system_message_about(world: World, label: str, key: str, actor: str):
    params = _system(world, label, key)["messageParameters"] or {}
    user = params.get("user") or {}
    assert user.get("id") == world.account(actor).user_id, f"{key}: messageParameters.user is {user}"


# --- mention suggestions ---------------------------------------------------------------------

def _common_part(world: World) -> str:
    a, b = world.account("moderator").user_id, world.account("user").user_id
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    if n == 0:
        pytest.skip("the moderator's and the user's ids share no beginning to search for")
    return a[:n]


@action('{actor:Actor} asks "{label}" for mention suggestions matching {other:Actor}')
def asks_suggestions(world: World, actor: str, label: str, other: str):
    world.act(actor, "getMentionSuggestions", room=label, search=world.account(other).user_id)


@action('{actor:Actor} asks "{label}" for mention suggestions matching the moderator and the user')
def asks_suggestions_both(world: World, actor: str, label: str):
    world.act(actor, "getMentionSuggestions", room=label, search=_common_part(world))


@action('{actor:Actor} asks "{label}" for {limit:d} mention suggestion matching the moderator and the user')
def asks_suggestions_limited(world: World, actor: str, label: str, limit: int):
    world.act(actor, "getMentionSuggestions", room=label, search=_common_part(world), limit=limit)


@action('{actor:Actor} asks a conversation that does not exist for mention suggestions')
def asks_unknown(world: World, actor: str):
    world.act(actor, "getMentionSuggestions", token=UNKNOWN_TOKEN, search="a")


@then(step("the suggestions offer {actor:Actor}"))
def suggestions_offer(world: World, actor: str):
    account = world.account(actor)
    found = [s for s in world.last.data if s["id"] == account.user_id]
    assert found, f"{account.user_id!r} is not offered: {world.last.data}"
    assert found[0]["source"] == "users", f"source is {found[0]['source']!r}, expected 'users'"
    if account.display_name and account.display_name != account.user_id:
        assert found[0]["label"] == account.display_name, f"label is {found[0]['label']!r}, expected {account.display_name!r}"


@then(step("the suggestions do not offer {actor:Actor}"))
def suggestions_do_not_offer(world: World, actor: str):
    uid = world.account(actor).user_id
    assert uid not in [s["id"] for s in world.last.data], f"{uid!r} is offered but is not a participant"


@then(step("the suggestions hold at most {count:d} entry"))
def suggestions_at_most(world: World, count: int):
    catalogue = world.target.contract.deviations
    known = catalogue.named("mention-limit-ignored", world.target.release)
    if len(world.last.data) > count:  # the known deviation rides on the problem as its id
        raise RuleBroken([behaviour(f"{len(world.last.data)} suggestions; the limit asked for {count}",
                                    operation=world.last.operation.id, step="the suggestions hold at most N entries",
                                    deviation_ids=[d.id for d in known])], world.last.request_id)
