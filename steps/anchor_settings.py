"""Steps of the conversation settings that Talk's own integration suite checks (issue 19, anchor
conversation-settings): the open-conversation search by a term, and the description as the conversation list
gives it (docs/conversation.md of Talk 21.1, "Get open conversations" and "Get user´s conversations")."""

from __future__ import annotations

from pytest_bdd import then

from steps.common import World, action, step
from steps.conversation import listed_room


@action('{actor:Actor} searches the open conversations for the term "{term}"')
def searches_open_for_term(world: World, actor: str, term: str):
    world.act(actor, "listListedRooms", searchTerm=term)


@then(step('{actor:Actor} sees "{label}" with the description "{text}" in the conversation list'))
def sees_description_in_list(world: World, actor: str, label: str, text: str):
    got = listed_room(world, actor, label).get("description")
    assert got == text, f"the conversation list gives {label!r} the description {got!r}, expected {text!r}"


@then(step('{actor:Actor} sees "{label}" without a description in the conversation list'))
def sees_no_description_in_list(world: World, actor: str, label: str):
    sees_description_in_list(world, actor, label, "")


@then(step('{actor:Actor} is not shown the last message of "{label}"'))
def not_shown_last_message(world: World, actor: str, label: str):
    # docs/conversation.md: `lastMessage` is the "Last message in a conversation if available, otherwise empty";
    # real servers leave the key out.
    got = world.room(actor, label).get("lastMessage")
    assert not got, f"{actor} is held in the lobby of {label!r}, yet shown the last message {got!r}"
