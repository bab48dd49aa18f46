"""A participant's own settings of a conversation: favorites (capability `favorites`) and the
notification level (`notification-levels`), docs/conversation.md of each release. Each is the
caller's alone."""

from __future__ import annotations

from talk_refserver.faults import fault
from talk_refserver.guards import UserParticipant
from talk_refserver.ocs import OcsError
from talk_refserver.rooms import UNKNOWN_ROOM_200
from talk_refserver.routing import Ctx, op

FAVORITE_NOT_STORED = fault("favorite-not-stored", "adding a favorite answers 200 but isFavorite stays false")
FAVORITE_FOR_EVERYBODY = fault(
    "favorite-for-everybody", "a favorite is stored for every participant of the conversation, not only the caller")
UNFAVORITE_NOT_STORED = fault("unfavorite-not-stored", "removing a favorite answers 200 but isFavorite stays true")
NOTIFICATION_LEVEL_UNCHECKED = fault(
    "notification-level-unchecked", "any notification level is accepted, 4 or 0 too (docs: 400 outside 1-3)")
NOTIFICATION_LEVEL_NOT_STORED = fault(
    "notification-level-not-stored", "setting the notification level answers 200 but notificationLevel stays")
NOTIFICATION_LEVEL_FOR_EVERYBODY = fault(
    "notification-level-for-everybody", "a notification level is stored for every participant, not only the caller")
NOTIFICATION_LEVEL_DEFAULT_REFUSED = fault(
    "notification-level-default-refused",
    "level 0 is refused with 400, as real servers do (docs from 8.0: `0` Default is a notification level)", since="8.0")


def _mine_or_everyones(ctx: Ctx, everybody: bool) -> list[dict]:
    """The caller's row, or (a fault) every participant's."""
    return ctx.repo.participants.of_room(ctx.room["id"]) if everybody else [ctx.me]


# "404 Not Found When the conversation could not be found for the participant or the participant is a guest"
SETTINGS_GUARD = UserParticipant(missing_answers_200=UNKNOWN_ROOM_200)


@op("addToFavorites", guard=SETTINGS_GUARD, feature="favorites")
def add_favorite(ctx: Ctx):
    if not ctx.faults.active(FAVORITE_NOT_STORED):
        for row in _mine_or_everyones(ctx, ctx.faults.active(FAVORITE_FOR_EVERYBODY)):
            ctx.repo.participants.set_favorite(row, True)


@op("removeFromFavorites", guard=SETTINGS_GUARD, feature="favorites")
def remove_favorite(ctx: Ctx):
    if not ctx.faults.active(UNFAVORITE_NOT_STORED):
        ctx.repo.participants.set_favorite(ctx.me, False)


@op("setNotificationLevel", guard=SETTINGS_GUARD, feature="notification-levels")
def set_notification_level(ctx: Ctx):
    level = ctx.params.int("level")
    # docs/constants.md of Talk 8.0 lists `0` Default among the levels; the Talk 7.0 docs give 1-3.
    levels = (0, 1, 2, 3) if ctx.since("8.0") and not ctx.faults.active(NOTIFICATION_LEVEL_DEFAULT_REFUSED) \
        else (1, 2, 3)
    if level not in levels and not ctx.faults.active(NOTIFICATION_LEVEL_UNCHECKED):
        raise OcsError(400)
    if level not in levels or ctx.faults.active(NOTIFICATION_LEVEL_NOT_STORED):
        return None  # (a fault) accepted, but there is no such level to store
    for row in _mine_or_everyones(ctx, ctx.faults.active(NOTIFICATION_LEVEL_FOR_EVERYBODY)):
        ctx.repo.participants.set_notification_level(row, level)
