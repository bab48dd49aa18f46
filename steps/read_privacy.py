"""Steps of read privacy (capability chat-read-status, Talk 11.0): a user's setting `read_status_privacy`
set through "Set user´s settings" (docs/settings.md: `POST /settings/user` with `key` and `value`), shown
to them as `config => chat => read-privacy` (docs/capabilities.md), and what it does to
`X-Chat-Last-Common-Read` (docs/chat.md): "When the user themself has it set to private the value the
header is not set".

Only the newcomer (steps/user_deletion.py), whom the scenario makes and deletes, is made private: the
accounts the run shares keep the default, public, which the other read-status scenarios rely on.
"""

from __future__ import annotations

from pytest_bdd import given, then

from steps.chat import header
from steps.chat_later import COMMON_READ
from steps.common import World, action, phrase_type, step

READ_PRIVACY = "read_status_privacy"
# docs/constants.md, "Participant read status privacy": `0` Read status is public, `1` Read status is private.
PRIVACIES = {"public": 0, "private": 1}


@phrase_type(*PRIVACIES)
def Privacy(text: str) -> int:  # noqa: N802  (a parse type, named as the step texts name it)
    return PRIVACIES[text]


@action('{actor:Actor} sets their read privacy to {privacy:Privacy}')
def sets_read_privacy(world: World, actor: str, privacy: int):
    world.act(actor, "setUserSetting", key=READ_PRIVACY, value=privacy)


@given(step('{actor:Actor} has set their read privacy to {privacy:Privacy}'))
def has_set_read_privacy(world: World, actor: str, privacy: int):
    world.expect(world.call(actor, "setUserSetting", key=READ_PRIVACY, value=privacy), 200)


@action('{actor:Actor} sets the user setting "{key}" to "{value}"')
def sets_user_setting(world: World, actor: str, key: str, value: str):
    world.act(actor, "setUserSetting", key=key, value=value)


@then(step("the response does not tell the last common read"))
def tells_no_common_read(world: World):
    value = header(world.last, COMMON_READ)
    assert value is None, (f"{world.last.title} answered {COMMON_READ}: {value} to a user whose read privacy is "
                           "private (docs/chat.md: \"When the user themself has it set to private the value the "
                           "header is not set\")")


@then(step("the capabilities show {actor:Actor} the read privacy {privacy:Privacy}"))
def capabilities_show_read_privacy(world: World, actor: str, privacy: int):
    reply = world.call(actor, "getCapabilities")
    assert reply.status == 200, f"{actor} cannot read the capabilities: {reply.status}"
    spreed = ((reply.data or {}).get("capabilities") or {}).get("spreed") or {}
    got = ((spreed.get("config") or {}).get("chat") or {}).get("read-privacy")
    assert got == privacy, (f"config => chat => read-privacy is {got!r} for {actor}, who set {privacy} "
                            "(docs/capabilities.md: \"The user's value can be found in `config => chat => "
                            "read-privacy`\")")
