"""Steps of the newcomer, a user one scenario makes and deletes through the admin, and of what deleting a
user does (docs/constants.md of Talk 21.1: "`deleted_users` - Former logged-in users that got deleted
(actor id is hardcoded to `deleted_users` and the display name is empty)").

The newcomer exists only where the run has the admin (``--admin``): with pre-made accounts (``--user``)
the scenario is skipped, saying why. The newcomer is deleted at the scenario's end whatever its verdict.
"""

from __future__ import annotations

import pytest
from pytest_bdd import given, then, when

from steps.chat import require_release
from steps.common import World, step

NEWCOMER = "newcomer"
DELETED = "deleted_users"


@given(step("a newcomer has an account"))
def newcomer(world: World, request):
    target = world.target
    if not target.can_provision:
        pytest.skip("the newcomer is a user the run makes and deletes through the admin (--admin); "
                    "the run uses pre-made accounts (--user)")
    account = target.provision_user()
    target.adopt(NEWCOMER, account)

    def gone():
        try:
            target.delete_user(account.user_id)  # already gone where the scenario deleted them
        finally:
            target.drop(NEWCOMER)

    request.addfinalizer(gone)


@when(step("the admin deletes the newcomer"))
def admin_deletes_newcomer(world: World):
    uid = world.account(NEWCOMER).user_id
    assert world.target.delete_user(uid), f"the admin could not delete the newcomer {uid!r}"


@then(step('"{text}" in "{label}" is by a deleted user as {actor:Actor} sees it'))
def by_deleted_user(world: World, text: str, label: str, actor: str):
    require_release(world, "21.1", "The actor type deleted_users (docs/constants.md)")
    reply = world.call(actor, "receiveMessages", room=label, lookIntoFuture=0, setReadMarker=0, limit=200)
    assert reply.status == 200, f"{actor} cannot read the chat of {label!r}: {reply.status}"
    found = [m for m in reply.data if m.get("message") == text and not m.get("systemMessage")]
    assert found, f"{text!r} is no longer in the chat of {label!r}: a deleted user's messages stay"
    author = {k: found[0].get(k) for k in ("actorType", "actorId", "actorDisplayName")}
    assert author == {"actorType": DELETED, "actorId": DELETED, "actorDisplayName": ""}, \
        f"{text!r} is by {author}; a deleted user's messages are by actorType and actorId {DELETED!r} " \
        "with an empty display name"


@given(step('{actor:Actor} can read "{label}"'))
def can_read(world: World, actor: str, label: str):
    world.room(actor, label)  # 200, or the scenario stops here
