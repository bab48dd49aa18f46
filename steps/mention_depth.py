"""Steps for the whole answer of the mention suggestions and for mentions inside message text
(docs/chat.md "Get mention autocomplete suggestions"; a message's ``message`` and ``messageParameters``
are a Rich Object String, the chat-v2 capability of the Talk 3.2 API docs).

Message texts name people by their actor phrases in braces, written out as the server knows them:
``{the user}`` is the user's id, and in an expected rendering ``{mention of the user}`` is the placeholder
of the one parameter that names the user (its key is the server's: docs give none).
"""

from __future__ import annotations

import re

from pytest_bdd import given, then

from steps.chat import chat, messages_of, remember_post, require_release
from steps.common import ACTORS, World, action, step
from steps.tables import suggestions_are

PERSON = re.compile(r"\{(?:(mention of) )?(" + "|".join(sorted(ACTORS, key=len, reverse=True)) + r")\}")
EVERYONE_SOURCE = "calls"  # docs/chat.md from Talk 8.0: "`calls` (for mentioning the whole conversation"


def _written(world: World, template: str) -> str:
    """``template`` with every ``{the user}`` written as the user's id."""
    def person(match: re.Match) -> str:
        assert not match.group(1), f"feature typo: write {{mention of …}} only in the expected rendering: {template!r}"
        return world.account(ACTORS[match.group(2)]).user_id
    return PERSON.sub(person, template)


# --- release gates -----------------------------------------------------------------------------

@given(step("the docs of the server's release name guests and the whole conversation among the suggestions"))
def docs_name_more_sources(world: World):
    """docs/chat.md of Talk 8.0: `source` "currently only `users`, `guests` or `calls` (for mentioning the
    whole conversation"; the docs of Talk 3.2 and 7.0 give "currently only `users`"."""
    require_release(world, "8.0", "A suggestion of source guests or calls")


@given(step("the docs of the server's release tell to send mentions in double quotes"))
def docs_quote_mentions(world: World):
    """docs/chat.md of Talk 8.0: ids "need to be wrapped in double-quotes when sending in a message:
    `@"space user"` and `@"guest/random-string"`"."""
    require_release(world, "8.0", "A mention in double quotes")


# --- suggestions -------------------------------------------------------------------------------

@given(step('{actor:Actor} has joined "{label}" with the guest name "{name}"'))
def has_joined_named(world: World, actor: str, label: str, name: str):
    world.expect(world.call(actor, "joinRoom", room=label), 200)
    world.expect(world.call(actor, "setGuestName", room=label, displayName=name), 200)


@then(step('the mention suggestions for the id of {other:Actor} in "{label}" are exactly:'))
@then(step('the mention suggestions for the id of {other:Actor} in "{label}" as {actor:Actor} sees them are exactly:'))
def suggestions_for_id(world: World, other: str, label: str, datatable, actor: str = "owner"):
    suggestions_are(world, world.account(other).user_id, label, datatable, actor)


@then(step("no suggestion mentions the whole conversation"))
def no_everyone(world: World):
    offered = [s for s in world.last.data if s.get("source") == EVERYONE_SOURCE or s.get("id") == "all"]
    assert not offered, f"the whole conversation is offered where there is none to mention: {offered}"


# --- mentions in text --------------------------------------------------------------------------

@action('{actor:Actor} writes "{text}" to "{label}"')
def writes(world: World, actor: str, label: str, text: str):
    """Sends ``text`` with each ``{the user}`` written as the user's id; "it" is that message."""
    message = _written(world, text)
    remember_post(world, label, message, world.act(actor, "sendMessage", room=label, message=message))


@then(step('{actor:Actor} reads it in "{label}" as "{text}"'))
def reads_it_as(world: World, actor: str, label: str, text: str):
    """The message as ``actor`` reads it: the rendering ``text`` (``{mention of the user}`` the placeholder
    of the parameter naming the user), with exactly one parameter, of type user, per person mentioned."""
    posted = chat(world).posted.get(label, [])
    assert posted and posted[-1][1] is not None, f"no message was written to {label!r}"
    message_id = posted[-1][1]
    found = [m for m in messages_of(world, actor, label) if m["id"] == message_id]
    assert found, f"the message {message_id} is not in the chat of {label!r} as {actor} reads it"
    message, params = found[0]["message"], found[0]["messageParameters"] or {}
    assert isinstance(params, dict), f"messageParameters is {params!r}, not an object of parameters"
    keys: dict[str, str] = {}
    wrong = []
    for role in dict.fromkeys(ACTORS[m.group(2)] for m in PERSON.finditer(text) if m.group(1)):
        account = world.account(role)
        naming = [k for k, p in params.items()
                  if isinstance(p, dict) and p.get("type") == "user" and p.get("id") == account.user_id]
        if len(naming) != 1:
            wrong.append(f"{len(naming)} parameters of type user name {account.user_id!r} (expected one): {naming}")
            continue
        keys[role] = naming[0]
        name = params[naming[0]].get("name")
        # a premade account (--user) knows no display name of its own: its id stands in for it
        if account.display_name and account.display_name != account.user_id and name != account.display_name:
            wrong.append(f"the parameter {naming[0]!r} names {account.user_id!r} {name!r}, "
                         f"expected their display name {account.display_name!r}")
    others = sorted(set(params) - set(keys.values()))
    if others:
        wrong.append(f"parameters that name nobody mentioned: { {k: params[k] for k in others} }")

    def rendered(match: re.Match) -> str:
        role = ACTORS[match.group(2)]
        if not match.group(1):
            return world.account(role).user_id
        return "{" + keys.get(role, f"<no parameter for {role}>") + "}"
    expected = PERSON.sub(rendered, text)
    if not wrong and message != expected:
        wrong.append(f"the message reads {message!r}, expected {expected!r}")
    assert not wrong, f"the message as {actor} reads it differs:\n  " + "\n  ".join(wrong) + f"\n  parameters: {params}"
