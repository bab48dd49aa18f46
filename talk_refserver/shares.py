"""Sharing a rich object to the chat (docs/chat.md of Talk 11.3.6 and 21.1, "Share a rich object to the
chat", capability ``rich-object-sharing``, Talk 11.1): ``POST /chat/{token}/share`` posts a message
``{object}`` whose parameter ``object`` is the shared object, its data merged with ``type`` and ``id``
(Talk's ChatController::shareObjectToChat and SystemMessage parser). The object must carry the data
OCP\\RichObjectStrings\\Definitions of Nextcloud requires of its type: "400 Bad Request In case the meta
data is invalid"."""

from __future__ import annotations

import json

from talk_refserver import membership as m
from talk_refserver import messages
from talk_refserver.capabilities import CHAT_MAX_LENGTH
from talk_refserver.chat import (
    CHAT_MAX_LENGTH_UNCHECKED,
    CHAT_PARTICIPANT,
    READ_ONLY_ACCEPTS_CHAT,
    read_status_headers,
    render,
)
from talk_refserver.faults import fault
from talk_refserver.guards import CHAT_PERMISSION_BIT, LOBBY, Permission, ReadOnly
from talk_refserver.ocs import OcsError, Result
from talk_refserver.routing import Ctx, op

RICH_OBJECT_UNCHECKED = fault(
    "rich-object-unchecked", "a rich object without the data its type requires (a call without a name) is shared, "
    "201 (docs: 400 In case the meta data is invalid)", since="11.1")
RICH_OBJECT_NOT_SHARED = fault(
    "rich-object-not-shared", "sharing a rich object answers 201 but nothing is posted to the chat", since="11.1")

# The parameters OCP\RichObjectStrings\Definitions requires of some types (each requires id and name).
REQUIRED = {
    "addressbook": (), "addressbook-contact": (), "announcement": (), "calendar": (), "calendar-event": (),
    "call": ("call-type",), "circle": (), "deck-board": ("link",), "deck-card": ("boardname", "stackname", "link"),
    "email": (), "file": ("path",), "forms-form": ("link",), "guest": (), "highlight": ("link",),
    "systemtag": ("visibility", "assignable"), "user": (), "user-group": (),
}
# Nextcloud 22 (Talk 12) defines geo-location (docs/capabilities.md: geo-location-sharing).
GEO_LOCATION = ("latitude", "longitude")


def _shared_object(ctx: Ctx) -> dict:
    object_type, object_id = ctx.params.str("objectType", ""), ctx.params.str("objectId", "")
    try:
        data = json.loads(ctx.params.str("metaData", "") or "null")
    except ValueError:
        data = None
    required = REQUIRED.get(object_type)
    if object_type == "geo-location" and "geo-location-sharing" in ctx.features:
        required = GEO_LOCATION
    if ctx.faults.active(RICH_OBJECT_UNCHECKED):
        return {**(data if isinstance(data, dict) else {}), "type": object_type, "id": object_id}
    if required is None or not isinstance(data, dict) or object_id == "":
        raise OcsError(400)
    shared = {**data, "type": object_type, "id": object_id}
    if any(not isinstance(shared.get(key), (str, int, float, bool)) or shared.get(key) == ""
           for key in ("name", *required)):
        raise OcsError(400)
    return shared


@op("shareRichObject", api=("v1", "v4"), feature="rich-object-sharing",
    guard=(CHAT_PARTICIPANT, ReadOnly(unless=READ_ONLY_ACCEPTS_CHAT), LOBBY, Permission(CHAT_PERMISSION_BIT)))
def share_rich_object(ctx: Ctx):
    room = ctx.room
    shared = _shared_object(ctx)
    stored = {"message": "object_shared", "parameters": {"objectType": shared["type"], "objectId": shared["id"],
                                                         "metaData": shared}}
    if len(json.dumps(stored)) > CHAT_MAX_LENGTH and not ctx.faults.active(CHAT_MAX_LENGTH_UNCHECKED):
        raise OcsError(413)
    actor_type, actor_id = messages.current_actor(ctx, room)
    name = ctx.params.str("actorDisplayName", "")
    if actor_type == "guests" and name != "":
        ctx.repo.guest_names.set(actor_id, name)
    parameters: dict = {"object": shared}
    reference_id = ctx.params.str("referenceId", "") if "chat-reference-id" in ctx.features else ""
    if reference_id:
        parameters["referenceId"] = reference_id[:64]
    m.refill_one_to_one(ctx, room)
    if ctx.faults.active(RICH_OBJECT_NOT_SHARED):
        row = {"id": (room["last_message_id"] or 0) + 1, "room_id": room["id"], "actor_type": actor_type,
               "actor_id": actor_id, "timestamp": ctx.now, "verb": "comment", "message": messages.SHARED_OBJECT,
               "parameters": json.dumps(parameters)}
        return Result(201, render(ctx, row))
    message_id = messages.post_comment(ctx, room, actor_type, actor_id, messages.SHARED_OBJECT, parameters)
    return Result(201, render(ctx, ctx.repo.messages.by_id(message_id)), headers=read_status_headers(ctx))
