"""Steps for what current clients rely on in API v4 (docs/conversation.md and docs/constants.md of Talk 21.1;
openapi.json of Talk 21.1 where the pages are silent): listable conversations and the listed-room search,
the description, the note-to-self conversation, and the per-user flags archived, important and sensitive.
"""

from __future__ import annotations

from pytest_bdd import given, then

from steps.chat import since
from steps.common import World, action, phrase_type, step
from steps.conversation import listed_room
from steps.room_settings import _field

# docs/constants.md of Talk 21.1, "Listable scope".
LISTABLE_SCOPES = {"participants only": 0, "regular users": 1, "everyone": 2}
# docs/constants.md of Talk 21.1, "Conversation types": "`6` Note to self"; "`4` Changelog".
NOTE_TO_SELF, CHANGELOG = 6, 4
OWNER = 1  # docs/constants.md, "Participant types": 1 Owner
NOTE_LABEL = "note to self"


def _scope(phrase: str) -> int:
    try:
        return LISTABLE_SCOPES[phrase]
    except KeyError:
        raise ValueError(f"feature typo: no listable scope {phrase!r} (docs/constants.md: {sorted(LISTABLE_SCOPES)})") \
            from None


# --- listable-rooms ------------------------------------------------------------------------------

@action('{actor:Actor} sets the listable scope of "{label}" to "{scope}"')
def sets_listable(world: World, actor: str, label: str, scope: str):
    world.act(actor, "setListable", room=label, scope=_scope(scope))


@action('{actor:Actor} sets the listable scope of "{label}" to {value:d}')
def sets_listable_value(world: World, actor: str, label: str, value: int):
    world.act(actor, "setListable", room=label, scope=value)


@given(step('{actor:Actor} has set the listable scope of "{label}" to "{scope}"'))
def has_set_listable(world: World, actor: str, label: str, scope: str):
    world.expect(world.call(actor, "setListable", room=label, scope=_scope(scope)), 200)


@then(step('{actor:Actor} sees "{label}" with the listable scope "{scope}"'))
def sees_listable(world: World, actor: str, label: str, scope: str):
    got = world.room(actor, label).get("listable")
    assert got == _scope(scope), f"{label!r} has the listable scope {got!r}, expected {_scope(scope)} ({scope})"


@action('{actor:Actor} searches the open conversations for "{label}"')
def searches_open(world: World, actor: str, label: str):
    # The scenario's conversations are named by their label: the search term is the name.
    world.act(actor, "listListedRooms", searchTerm=label)


def _listed(world: World) -> list[str]:
    data = world.last.data if world.last is not None else None
    assert isinstance(data, list), f"the open conversations are not a list: {data!r}"
    return [room.get("token") for room in data if isinstance(room, dict)]


@then(step('the open conversations found hold "{label}"'))
def found_open(world: World, label: str):
    assert world.token(label) in _listed(world), (
        f"{label!r} is listable but missing from the open conversations found ({world.last.title})")


@then(step('the open conversations found do not hold "{label}"'))
def not_found_open(world: World, label: str):
    assert world.token(label) not in _listed(world), (
        f"{label!r} is open to its participants only, yet {world.last.title} lists it")


# --- room-description ----------------------------------------------------------------------------

def max_description(world: World) -> int:
    """docs/conversation.md of Talk 21.1: "limited to 2.000 characters, was 500 before Talk 21"."""
    return 2000 if since(world, "21.0") else 500


@action('{actor:Actor} sets the description of "{label}" to "{text}"')
def sets_description(world: World, actor: str, label: str, text: str):
    world.act(actor, "setDescription", room=label, description=text)


@action('{actor:Actor} removes the description of "{label}"')
def removes_description(world: World, actor: str, label: str):
    # docs/conversation.md: `description` "New description for the conversation"; it "can also be empty".
    world.act(actor, "setDescription", room=label, description="")


@action('{actor:Actor} sets the description of "{label}" to the longest description the docs allow')
def sets_longest_description(world: World, actor: str, label: str):
    # Multi-byte characters: the docs count characters.
    world.act(actor, "setDescription", room=label, description="ä" * max_description(world))


@action('{actor:Actor} sets the description of "{label}" to one character more than the docs allow')
def sets_too_long_description(world: World, actor: str, label: str):
    world.act(actor, "setDescription", room=label, description="ä" * (max_description(world) + 1))


@then(step('{actor:Actor} sees "{label}" with the description "{text}"'))
def sees_description(world: World, actor: str, label: str, text: str):
    got = world.room(actor, label).get("description")
    assert got == text, f"{label!r} has the description {got!r}, expected {text!r}"


@then(step('{actor:Actor} sees "{label}" with the longest description the docs allow'))
def sees_longest_description(world: World, actor: str, label: str):
    got = world.room(actor, label).get("description")
    want = max_description(world)
    assert got == "ä" * want, (
        f"{label!r} has a description of {len(got) if isinstance(got, str) else got!r} characters, expected {want}")


@then(step('{actor:Actor} sees "{label}" without a description'))
def sees_no_description(world: World, actor: str, label: str):
    got = world.room(actor, label).get("description")
    assert got == "", f"{label!r} has the description {got!r}; the refused one must not be stored"


# --- note-to-self --------------------------------------------------------------------------------

@action("{actor:Actor} gets their note-to-self conversation")
def gets_note_to_self(world: World, actor: str):
    reply = world.act(actor, "getNoteToSelf")
    if reply.status == 200 and isinstance(reply.data, dict) and "token" in reply.data:
        # Never deleted by the scenario: it is the user's own, kept across scenarios as on a real server.
        world.rooms.setdefault(NOTE_LABEL, reply.data["token"])


@given(step("{actor:Actor} has got their note-to-self conversation"))
def has_got_note_to_self(world: World, actor: str):
    reply = world.expect(world.call(actor, "getNoteToSelf"), 200)
    world.rooms[NOTE_LABEL] = reply.data["token"]


@then(step("the response is a note-to-self conversation owned by {actor:Actor}"))
def response_is_note_to_self(world: World, actor: str):
    data = world.last.data
    assert isinstance(data, dict), f"{world.last.title} answered {data!r}, not a conversation"
    assert data.get("type") == NOTE_TO_SELF, f"the conversation has type {data.get('type')!r}, expected 6 (Note to self)"
    assert data.get("participantType") == OWNER, (
        f"{actor} has participantType {data.get('participantType')!r} in it; the docs: \"the user is the owner\"")


@then(step("{actor:Actor} gets the same note-to-self conversation again"))
def same_note_to_self(world: World, actor: str):
    reply = world.call(actor, "getNoteToSelf")
    assert reply.status == 200, f"{reply.title} answered {reply.status} the second time"
    first, again = world.token(NOTE_LABEL), reply.data.get("token") if isinstance(reply.data, dict) else None
    assert again == first, f"the second request gave conversation {again!r}, the first {first!r}: one was generated again"


@then(step("{actor:Actor} sees their note-to-self conversation in the conversation list"))
def sees_note_to_self_listed(world: World, actor: str):
    listed_room(world, actor, NOTE_LABEL)  # asserts it is there


# --- beyond the docs: the conversations a real server gives every user ----------------------------

@then(step("the conversation list holds a changelog conversation"))
def holds_changelog(world: World):
    data = world.last.data
    assert isinstance(data, list), f"{world.last.title} answered {data!r}, not a list"
    types = sorted({room.get("type") for room in data if isinstance(room, dict)})
    assert CHANGELOG in types, f"no changelog conversation (type 4) in the list; its types: {types}"


# --- archived-conversations-v2, important-conversations, sensitive-conversations -------------------

@action('{actor:Actor} archives "{label}"')
def archives(world: World, actor: str, label: str):
    world.act(actor, "archiveConversation", room=label)


@given(step('{actor:Actor} has archived "{label}"'))
def has_archived(world: World, actor: str, label: str):
    world.expect(world.call(actor, "archiveConversation", room=label), 200)


@action('{actor:Actor} unarchives "{label}"')
def unarchives(world: World, actor: str, label: str):
    world.act(actor, "unarchiveConversation", room=label)


@then(step('{actor:Actor} sees "{label}" archived'))
def sees_archived(world: World, actor: str, label: str):
    got = _field(world, actor, label, "isArchived")
    assert got is True, f"{actor} sees isArchived {got!r} for {label!r}, expected true"


@then(step('{actor:Actor} sees "{label}" not archived'))
def sees_not_archived(world: World, actor: str, label: str):
    got = _field(world, actor, label, "isArchived")
    assert got is False, f"{actor} sees isArchived {got!r} for {label!r}, expected false (archived by the user)"


# A flag as the steps word it: the room field that shows it, and the operations that set and clear it.
FLAGS = {"important": ("isImportant", "markConversationAsImportant", "markConversationAsUnimportant"),
         "sensitive": ("isSensitive", "markConversationAsSensitive", "markConversationAsInsensitive")}
MARKINGS = {**{word: ops[1] for word, ops in FLAGS.items()},
            "unimportant": FLAGS["important"][2], "insensitive": FLAGS["sensitive"][2]}


@phrase_type(*MARKINGS)
def Marking(text: str) -> str:  # noqa: N802  (a parse type, named as the step texts name it)
    return MARKINGS[text]


@phrase_type(*FLAGS)
def Flag(text: str) -> str:  # noqa: N802
    return FLAGS[text][0]


@action('{actor:Actor} marks "{label}" as {operation:Marking}')
def marks(world: World, actor: str, label: str, operation: str):
    world.act(actor, operation, room=label)


@given(step('{actor:Actor} has marked "{label}" as {operation:Marking}'))
def has_marked(world: World, actor: str, label: str, operation: str):
    world.expect(world.call(actor, operation, room=label), 200)


@then(step('{actor:Actor} sees "{label}" as {field:Flag}'))
def sees_flag(world: World, actor: str, label: str, field: str):
    got = _field(world, actor, label, field)
    assert got is True, f"{actor} sees {field} {got!r} for {label!r}, expected true"


@then(step('{actor:Actor} does not see "{label}" as {field:Flag}'))
def sees_no_flag(world: World, actor: str, label: str, field: str):
    got = _field(world, actor, label, field)
    assert got is False, f"{actor} sees {field} {got!r} for {label!r}, expected false"


# --- beyond the docs: the answers real servers of API v4 give -------------------------------------

@then(step("the response carries no data"))
def carries_null(world: World):
    data = world.last.data
    assert data is None, f"{world.last.title} answered the data {data!r}; real servers of API v4 answer null"


@then(step('the response names the error "{reason}"'))
def names_error(world: World, reason: str):
    data = world.last.data
    got = data.get("error") if isinstance(data, dict) else None
    assert got == reason, f"{world.last.title} answered the data {data!r}, expected {{\"error\": {reason!r}}}"


@then(step("the response carries the password policy's message"))
def carries_policy_message(world: World):
    data = world.last.data
    message = data.get("message") if isinstance(data, dict) else None
    assert isinstance(message, str) and message.strip(), (
        f"{world.last.title} answered the data {data!r}; the docs: \"Show `ocs.data.message` to the user\"")
