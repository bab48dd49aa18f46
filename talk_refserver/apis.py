"""The API versions the server speaks: which document's operations each one serves, and how it answers.

The storage (``repo``) and the rules (``membership``, the guards, the handlers' checks) are shared; an
API version owns what a client sees of them:

- its document (``openapi.yaml`` for v1; ``openapi-v4.yaml`` for v4, whose chat, guest, reaction and
  ban paths stay under ``/api/v1``), from which the routes' verbs and paths come, and its release table;
- its views: the room, participant and message objects (``view``);
- its answer shapes: what a setter answers (v1: ``[]``; v4: the full room), what a delete answers (v1:
  ``[]``; v4: ``null``), and what an error carries (v1: ``[]``; v4: ``{"error": reason}`` where the
  controller names one, docs/conversation.md of Talk 21.1).

A server speaks exactly one room API: v4 when it advertises ``conversation-v4`` (docs/capabilities.md
of Talk 21.1: "This also means that v1, v2 and v3 are **not** available anymore"), else v1. Adding a
version is a document, a view module, and handlers registered with ``@op(..., api=NAME)``.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any

from talk_refserver import spec

# The JSON null a v4 controller answers (``ocs.envelope`` turns a plain None into PHP's empty array).
NULL = type("Null", (), {"__repr__": lambda self: "NULL"})()


@dataclass(frozen=True)
class ApiVersion:
    name: str
    document_file: str
    # The module of its views: ``room(ctx, room, me)``, ``participant(ctx, row)``, ``message(ctx, row, viewer)``.
    views: str
    # The feature a server advertises when it speaks this version (None: the default, v1).
    feature: str | None = None
    setters_answer_room: bool = False
    deletes_answer_null: bool = False
    errors_carry_reason: bool = False
    session_id_length: int = 512
    # v4: a guest stays an attendee when it leaves, named by its first session's sha1 when it comes back
    # with the same cookie (v1: leaving removes the guest; its id is its current session's sha1).
    guest_id_from_first_session: bool = False

    @property
    def document(self) -> spec.Document:
        return spec.document(self.document_file)

    @property
    def view(self):
        return importlib.import_module(self.views)

    def setter_answer(self, ctx) -> Any:
        """What a setter answers once it has changed the room: v1 nothing, v4 the room as it now is."""
        if not self.setters_answer_room:
            return None
        from talk_refserver import membership

        room = membership.reload(ctx, ctx.room)
        me = membership.my_participant(ctx, room) or ctx.me
        return self.view.room(ctx, room, me)

    def deleted_answer(self) -> Any:
        return NULL if self.deletes_answer_null else None

    def error_data(self, data: Any, reason: str | None, message: str | None = None) -> Any:
        """The data of an error answer: a handler's own data, else (v4) the controller's reason."""
        if data is not None or not self.errors_carry_reason or reason is None:
            return data
        return {"error": reason, **({"message": message} if message else {})}


V1 = ApiVersion("v1", spec.V1_DOCUMENT, "talk_refserver.roomview")
V4 = ApiVersion("v4", spec.V4_DOCUMENT, "talk_refserver.v4.views", feature="conversation-v4",
                setters_answer_room=True, deletes_answer_null=True, errors_carry_reason=True,
                session_id_length=255, guest_id_from_first_session=True)
VERSIONS = {api.name: api for api in (V1, V4)}


def spoken_by(features) -> ApiVersion:
    """The room API a server with these features speaks."""
    return V4 if V4.feature in features else V1
