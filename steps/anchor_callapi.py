"""Steps for the call in every conversation type, as spreed's own callapi suite walks it
(features/call/anchor_callapi.feature): a conversation made with a second member, whichever its type, and
the call's whole list as one participant reads it (docs/call.md; "Call management" of the Talk 3.2 API
docs: the list holds the sessions in the call).
"""

from __future__ import annotations

from pytest_bdd import given, then

from steps.common import ACTORS, World, step
from steps.conversation import has_created, has_created_one_to_one, is_participant
from steps.participants import session_of


@given(step('{actor:Actor} has created a {kind} conversation "{label}" with {other:Actor} in it'))
def has_created_with(world: World, actor: str, kind: str, label: str, other: str):
    if kind == "one-to-one":
        has_created_one_to_one(world, actor, label, other)
        return
    has_created(world, actor, kind, label)
    is_participant(world, other, label)


@then(step('the call of "{label}" as {reader:Actor} sees it holds exactly:'))
def call_holds_exactly(world: World, label: str, reader: str, datatable):
    header, *rows = datatable
    assert header == ["actor"], f"the table names its actors in one column 'actor', not {header}"
    assert all(row[0] in ACTORS for row in rows), f"unknown actors in {rows}"
    wanted = {row[0]: session_of(world, ACTORS[row[0]], label) for row in rows}
    reply = world.call(reader, "listCallPeers", room=label)
    assert reply.status == 200, f"{reader} cannot list the call of {label!r}: {reply.title} answered {reply.status}"
    found = sorted(peer["sessionId"] for peer in reply.data)
    assert found == sorted(wanted.values()), (
        f"the call of {label!r} as {reader} sees it holds the sessions {found}, "
        f"expected those of {', '.join(wanted) or 'nobody'}: {sorted(wanted.values())}")


@then(step("the conversation list is empty"))
def list_is_empty(world: World):
    reply = world.last
    assert reply is not None and reply.status == 200, "the conversation list was not read"
    tokens = [room.get("token") for room in reply.data]
    assert tokens == [], f"a user who takes part in no conversation is listed {tokens}"
