"""``GET /cloud/capabilities``: Nextcloud 17 with Talk 7's feature list (`lib/Capabilities.php` of
spreed at v7.0.0).

The advertised list is also what the server implements: a server started with fewer features drops
the fields and behaviour of the missing ones (see ``roomview.FEATURE_FIELDS``) and their routes.
"""

from __future__ import annotations

from talk_refserver import spec
from talk_refserver.routing import Ctx, op

TALK_7_FEATURES = [
    "audio", "video", "chat-v2", "guest-signaling", "empty-group-room", "guest-display-names",
    "multi-room-users", "favorites", "last-room-activity", "no-ping", "system-messages",
    "mention-flag", "in-call-flags", "notification-levels", "invite-groups-and-mails",
    "locked-one-to-one-rooms", "read-only-rooms", "chat-read-marker", "webinary-lobby",
    "start-call-flag",
]
# Names other releases advertised: "chat" (3.0, superseded by chat-v2), "invite-by-mail" (5.0,
# superseded by invite-groups-and-mails), "chat-replies" (8.0), and "conversation-v4" (12.0, which
# drops the v1 room API). The server advertises them when asked; only conversation-v4 changes
# behaviour (see ``routing.Router.resolve``).
KNOWN_FEATURES = [*TALK_7_FEATURES, "chat", "invite-by-mail", "chat-replies", "conversation-v4"]
CHAT_MAX_LENGTH = 32000

# Named profiles: the server as an older release, ``serve --profile talk-5``. Each advertises the
# Talk 7 features that release already had (which release introduced each one is the document's
# ``x-talk-releases`` table) and, advertising no more, also implements no more: the routes and room
# fields of the others are gone, and where the docs changed between releases the server follows
# the rule of its own release (``Ctx.since``).
PROFILE_RELEASES = {"talk-3.2": "3.2", "talk-4": "4.0", "talk-5": "5.0", "talk-6": "6.0", "talk-7": "7.0"}


def introduced_in(feature: str) -> str | None:
    return next((release for release, features in spec.release_table() if feature in features), None)


def profile_features(name: str) -> list[str]:
    """The features of a named profile, in Talk 7's order; KeyError for an unknown name."""
    last = spec.release_key(PROFILE_RELEASES[name])
    return [f for f in TALK_7_FEATURES if introduced_in(f) and spec.release_key(introduced_in(f)) <= last]


# The Nextcloud release each Talk release ran on (appinfo/info.xml of spreed at each tag).
NEXTCLOUD_OF = {(3, 2): 13, (4, 0): 14, (5, 0): 15, (6, 0): 16}


@op("getCapabilities", csrf=False)
def get_capabilities(ctx: Ctx):
    major = NEXTCLOUD_OF.get(ctx.release, 17)
    return {
        "version": {"major": major, "minor": 0, "micro": 0, "string": f"{major}.0.0", "edition": ""},
        "capabilities": {
            "core": {"pollinterval": 60, "webdav-root": "remote.php/webdav"},
            "spreed": {
                "features": list(ctx.feature_list),
                "config": {"chat": {"max-length": CHAT_MAX_LENGTH}},
            },
        },
    }
