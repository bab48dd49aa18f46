"""Steps for who may remove or promote whom, and for users who joined a public conversation by its link
(features/participants/who-may.feature, self-joined.feature; docs/participant.md)."""

from __future__ import annotations

from pytest_bdd import then

from steps.chat import release, since
from steps.common import World, step
from talk_conformance.spec.dialect import Who

# The code of Talk 11.0 (RoomController::removeSelfFromRoom): the last invited user leaving a group or
# public conversation deletes it; Talk 7 to 10 kept it. No doc says (features/participants/who-may.feature).
LAST_USER_DELETES = "11.0"


@then(step('{who:Actor} no longer finds "{label}" from Talk 11.0 on, and still does before'))
def found_per_release(world: World, who: str, label: str):
    reply = world.call(who, "getRoom", room=label)
    if since(world, LAST_USER_DELETES):
        assert reply.status == 404, (
            f"the last invited user left {label!r}: from Talk {LAST_USER_DELETES} on it is deleted, but "
            f"{reply.title} answers {who} {reply.status}")
    else:
        assert reply.status == 200, (
            f"before Talk {LAST_USER_DELETES} {label!r} outlives its last invited user, but {reply.title} "
            f"answers {who} {reply.status} (Talk {release(world) or 'unknown'})")
        # Nobody left may delete it: the last one leaving takes it along (unjudged clean-up).
        operation, params = world.dialect.removal(Who(), self_removal=True)
        world.call(who, operation, room=label, **params)
