"""Steps for the system messages each change of a conversation writes (docs/chat.md, "System messages"),
besides the shared tables of steps/tables.py."""

from __future__ import annotations

from pytest_bdd import then

from steps.common import World, step
from steps.tables import READERS


def _written_since_mark(world: World, label: str) -> list[str]:
    """The system messages written in ``label`` since it was marked, newest first."""
    assert label in world.marks, f'mark the chat first: "Given the chat of "{label}" is marked"'
    reader, mark = world.marks[label]
    assert reader in READERS, f"{reader} reads no chat here"
    reply = world.call(reader, "receiveMessages", room=label, lookIntoFuture=0, setReadMarker=0, limit=200)
    assert reply.status in (200, 304), f"{reader} cannot read the chat of {label!r}: {reply.status}"
    return [m.get("systemMessage") for m in (reply.data if reply.status == 200 else [])
            if m["id"] > mark and m.get("systemMessage")]


@then(step('"{key}" is among the system messages written in "{label}" since it was marked'))
def among_written_since_mark(world: World, key: str, label: str):
    """One message among those written since, whatever else came (the docs give no order)."""
    written = _written_since_mark(world, label)
    assert key in written, f"since it was marked, {label!r} got the system messages {written} (newest first), " \
        f"none of them {key!r}"
