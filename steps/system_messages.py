"""Steps for the system messages each change of a conversation writes (docs/chat.md, "System messages"),
besides the shared tables of steps/tables.py."""

from __future__ import annotations

from pytest_bdd import then

from steps.common import World, step
from steps.tables import READERS


@then(step('the system messages written in "{label}" since it was marked are "{keys}" in any order'))
def written_since_mark(world: World, label: str, keys: str):
    assert label in world.marks, f'mark the chat first: "Given the chat of "{label}" is marked"'
    reader, mark = world.marks[label]
    assert reader in READERS
    reply = world.call(reader, "receiveMessages", room=label, lookIntoFuture=0, setReadMarker=0, limit=200)
    assert reply.status in (200, 304), f"{reader} cannot read the chat of {label!r}: {reply.status}"
    written = [m.get("systemMessage") for m in (reply.data if reply.status == 200 else [])
               if m["id"] > mark and m.get("systemMessage")]
    expected = [k.strip() for k in keys.split(",")]
    assert sorted(written) == sorted(expected), \
        f"since it was marked, {label!r} got the system messages {written} (newest first), expected {expected}"
