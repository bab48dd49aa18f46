"""``GET /cloud/capabilities``: Nextcloud 17 with Talk 7's feature list (API-INVENTORY §4).

The advertised list is also what the server implements: ``--capabilities`` with fewer features
removes the fields and behaviour of the missing ones (see ``roomview.FEATURE_FIELDS``).
"""

from __future__ import annotations

from talk_conformance.refserver.routing import Ctx, route

TALK_7_FEATURES = [
    "audio", "video", "chat-v2", "guest-signaling", "empty-group-room", "guest-display-names",
    "multi-room-users", "favorites", "last-room-activity", "no-ping", "system-messages",
    "mention-flag", "in-call-flags", "notification-levels", "invite-groups-and-mails",
    "locked-one-to-one-rooms", "read-only-rooms", "chat-read-marker", "webinary-lobby",
    "start-call-flag",
]
CHAT_MAX_LENGTH = 32000


@route("GET", "/cloud/capabilities", auth="open")
def get_capabilities(ctx: Ctx):
    return {
        "version": {"major": 17, "minor": 0, "micro": 0, "string": "17.0.0", "edition": ""},
        "capabilities": {
            "core": {"pollinterval": 60, "webdav-root": "remote.php/webdav"},
            "spreed": {
                "features": list(ctx.feature_list),
                "config": {"chat": {"max-length": CHAT_MAX_LENGTH}},
            },
        },
    }
