"""Steps for the same rules in every room type, and for one-to-one conversations: a conversation of any
type that two users share, set up in one step so a Scenario Outline runs over the types."""

from __future__ import annotations

from pytest_bdd import given

from steps.common import World, step
from steps.conversation import has_created, has_created_one_to_one, has_set_password, is_participant

# The room types an outline's Examples name: the docs' three types, and a public one behind a password.
SHARED_KINDS = ("one-to-one", "group", "public", "password-protected")
PASSWORD = "correct horse battery staple"


@given(step('{actor:Actor} and {other:Actor} share a {kind} conversation "{label}"'))
def share(world: World, actor: str, other: str, kind: str, label: str):
    """``kind`` one of SHARED_KINDS: ``other`` is the partner of a one-to-one, else invited by ``actor``
    (an invited user needs no password: docs/participant.md, "only required for users which are self
    joined or guests")."""
    assert kind in SHARED_KINDS, f"feature typo: {kind!r} is none of {SHARED_KINDS}"
    if kind == "one-to-one":
        has_created_one_to_one(world, actor, label, other)
        return
    has_created(world, actor, "group" if kind == "group" else "public", label)
    if kind == "password-protected":
        has_set_password(world, actor, label, PASSWORD)
    assert actor == "owner", "feature bug: the owner invites the partner of a shared conversation"
    is_participant(world, other, label)
