"""Steps for the statuses of v4 operations the other scenarios leave out (issue 17, "every documented status
of each"): the call notifications (notification-calls, Talk 13), the message expiration (message-expiration,
Talk 15), the recording consent (recording-consent, Talk 18), the session state (session-state, Talk 18),
a message's context (chat-get-context, Talk 19) and an attendee permissions' method (docs/participant.md,
docs/conversation.md, docs/chat.md of Talk 21.1). These steps only send and check.
"""

from __future__ import annotations

import pytest
from pytest_bdd import given, then

from steps.chat_later import _message_id
from steps.common import World, action, step
from steps.permissions import _set_attendee

# --- notification-calls -----------------------------------------------------------------------


@action('{actor:Actor} sets the call notifications of "{label}" to {level:d}')
def sets_call_notifications(world: World, actor: str, label: str, level: int):
    world.act(actor, "setCallNotificationLevel", room=label, level=level)


@then(step('{actor:Actor} sees the call notifications of "{label}" as {level:d}'))
def sees_call_notifications(world: World, actor: str, label: str, level: int):
    got = world.room(actor, label).get("notificationCalls")
    assert got == level, f"notificationCalls of {label!r} is {got!r}, expected {level}"


# --- message-expiration -----------------------------------------------------------------------

@action('{actor:Actor} sets the message expiration of "{label}" to {seconds:d} seconds')
def sets_message_expiration(world: World, actor: str, label: str, seconds: int):
    world.act(actor, "setMessageExpiration", room=label, seconds=seconds)


@then(step('{actor:Actor} sees the message expiration of "{label}" as {seconds:d} seconds'))
def sees_message_expiration(world: World, actor: str, label: str, seconds: int):
    got = world.room(actor, label).get("messageExpiration")
    assert got == seconds, f"messageExpiration of {label!r} is {got!r}, expected {seconds}"


# --- recording-consent ------------------------------------------------------------------------

@action('{actor:Actor} sets the recording consent of "{label}" to {value:d}')
def sets_recording_consent(world: World, actor: str, label: str, value: int):
    world.act(actor, "setRecordingConsent", room=label, recordingConsent=value)


@given("the server lets moderators require recording consent")
def consent_is_the_conversations(world: World):
    """docs/constants.md of Talk 21.1, "Recording consent required": only with `2` ("Recording consent can
    be enabled by moderators on conversation level") in `config => call => recording-consent` does a
    conversation choose; with 0 or 1 the server's configuration decides for every conversation."""
    value = world.target.capabilities.config_value("call", "recording-consent")
    if value != 2:
        pytest.skip(f"the server's configuration decides recording consent for every conversation "
                    f"(config call.recording-consent is {value!r}, not 2): no conversation may require it")


@given(step('{actor:Actor} has required recording consent in "{label}"'))
def has_required_consent(world: World, actor: str, label: str):
    world.expect(world.call(actor, "setRecordingConsent", room=label, recordingConsent=1), 200)


@then(step('{actor:Actor} sees the recording consent of "{label}" as {value:d}'))
def sees_recording_consent(world: World, actor: str, label: str, value: int):
    got = world.room(actor, label).get("recordingConsent")
    assert got == value, f"recordingConsent of {label!r} is {got!r}, expected {value}"


# --- session-state ----------------------------------------------------------------------------

@action('{actor:Actor} sets their session state in "{label}" to {state:d}')
def sets_session_state(world: World, actor: str, label: str, state: int):
    world.act(actor, "setSessionState", room=label, state=state)


# --- chat-get-context -------------------------------------------------------------------------

@action('{actor:Actor} asks for the context of "{text}" in "{label}"')
def asks_context(world: World, actor: str, text: str, label: str):
    world.act(actor, "getMessageContext", room=label, messageId=_message_id(world, label, text))


@then(step('the response holds "{first}", "{second}" and "{third}" of "{label}", newest first'))
def response_holds_three(world: World, first: str, second: str, third: str, label: str):
    data = world.last.data
    assert isinstance(data, list), f"{world.last.title} answered {data!r}, not a list of messages"
    ids = [m.get("id") for m in data if isinstance(m, dict)]
    wanted = [_message_id(world, label, text) for text in (first, second, third)]
    missing = [text for text, i in zip((first, second, third), wanted) if i not in ids]
    assert not missing, f"the context lacks {missing}: it holds the messages {ids}"
    order = [i for i in ids if i in wanted]
    assert order == wanted, f"the messages come as {order}, not newest first ({wanted})"


# --- conversation-permissions: the method -----------------------------------------------------

@action('{actor:Actor} sets the permissions of {other:Actor} in "{label}" to {value:d} with the method "{method}"')
def sets_permissions_with_method(world: World, actor: str, other: str, label: str, value: int, method: str):
    _set_attendee(world, actor, other, label, value, method)
