"""``GET /cloud/capabilities``: by default Nextcloud 17 with Talk 7's feature list (`lib/Capabilities.php`
of spreed at v7.0.0); a named profile is another release, on the Nextcloud it ran on.

The advertised list is also what the server implements: a server started with fewer features drops
the fields and behaviour of the missing ones (see ``roomview.FEATURE_FIELDS``) and their routes.
"""

from __future__ import annotations

from talk_refserver import settings, spec
from talk_refserver.faults import fault
from talk_refserver.routing import Ctx, op

TALK_7_FEATURES = [
    "audio", "video", "chat-v2", "guest-signaling", "empty-group-room", "guest-display-names",
    "multi-room-users", "favorites", "last-room-activity", "no-ping", "system-messages",
    "mention-flag", "in-call-flags", "notification-levels", "invite-groups-and-mails",
    "locked-one-to-one-rooms", "read-only-rooms", "chat-read-marker", "webinary-lobby",
    "start-call-flag",
]
# What Talk 8.0 to 11.3 added (lib/Capabilities.php at each tag; ERA-8-11 of the suite's reference).
# Those that change the v1 API are implemented here for the releases that have them: chat-replies,
# circles-support (``source=circles`` is refused, as without the Circles app), chat-reference-id,
# chat-read-status, delete-messages, rich-object-sharing (talk_refserver.shares). The others name APIs the
# v1 profile has no part of (the v2/v3 room APIs, signaling, SIP, phonebook search, avatars): a real server of the
# release advertises them, so the emulation does, and they change nothing on the v1 endpoints.
LATER_FEATURES = [
    "chat-replies", "circles-support",  # 8.0
    "force-mute", "conversation-v2", "chat-reference-id",  # 9.0 (10.0 added none)
    "conversation-v3", "sip-support",  # 10.1
    "chat-read-status", "listable-rooms", "phonebook-search", "raise-hand", "room-description",  # 11.0
    "delete-messages", "rich-object-sharing", "conversation-call-flags", "temp-user-avatar-api",  # 11.1
]
ALL_V1_FEATURES = [*TALK_7_FEATURES, *LATER_FEATURES]
# Names other releases advertised: "chat" (3.0, superseded by chat-v2), "invite-by-mail" (5.0,
# superseded by invite-groups-and-mails), and "conversation-v4" (12.0, which drops the v1 room API).
# The server advertises them when asked; conversation-v4 makes it speak API v4 (``apis.spoken_by``).
KNOWN_FEATURES = [*ALL_V1_FEATURES, "chat", "invite-by-mail", "conversation-v4"]
# API v2 and v3 are gone with v4 (docs/capabilities.md of Talk 21.1, ``conversation-v4``).
SUPERSEDED_BY_V4 = ("conversation-v2", "conversation-v3")
CHAT_MAX_LENGTH = 32000

# Named profiles: the server as a given release, ``serve --profile talk-5``: (release, the Nextcloud
# major version it ran on). Each advertises the features that release already had (which release
# introduced each one is the document's ``x-talk-releases`` table) and, advertising no more, also
# implements no more: the routes and room fields of the others are gone, and where the docs changed
# between releases the server follows the rule of its own release (``Ctx.since``). Talk 10.0 advertises
# what 9.0 does: its Nextcloud version (20) tells them apart. talk-11 is Talk 11.1 to 11.3.6.
PROFILES = {
    "talk-3.2": ("3.2", 13), "talk-4": ("4.0", 14), "talk-5": ("5.0", 15), "talk-6": ("6.0", 16),
    "talk-7": ("7.0", 17), "talk-8": ("8.0", 18), "talk-9": ("9.0", 19), "talk-10": ("10.0", 20),
    "talk-11": ("11.1", 21),
}
PROFILE_RELEASES = {name: release for name, (release, _) in PROFILES.items()}


# The v4 releases (API v4, ``openapi-v4.yaml``'s ``x-talk-releases``): Talk N on Nextcloud N+10. Kept out
# of PROFILES and PROFILE_RELEASES, which the v1 suite is run against (tests/test_matrix.py), until the
# suite has a v4 profile. talk-22 is the current release; talk-17 one between, so release rules show.
V4_PROFILES = {"talk-12": ("12.0", 22), "talk-17": ("17.0", 27), "talk-22": ("22.0", 32)}
V4_PROFILE_RELEASES = {name: release for name, (release, _) in V4_PROFILES.items()}


def v4_features_until(release: str) -> list[str]:
    """What a server of a v4 release advertises: every v1 feature but the superseded APIs, then each
    v4 release's features up to ``release``, in the order they came."""
    last = spec.release_key(release)
    later = [f for name, introduced in spec.document(spec.V4_DOCUMENT).release_table()
             if spec.release_key(name) <= last for f in introduced]
    return [*(f for f in ALL_V1_FEATURES if f not in SUPERSEDED_BY_V4), *later]


V4_FEATURES = [f for f in v4_features_until("22.0") if f not in ALL_V1_FEATURES]
KNOWN_FEATURES += [f for f in V4_FEATURES if f not in KNOWN_FEATURES]


def introduced_in(feature: str) -> str | None:
    return next((release for release, features in spec.release_table() if feature in features), None)


def profile_features(name: str) -> list[str]:
    """The features of a named profile, in the order Talk advertises them; KeyError for an unknown name."""
    if name in V4_PROFILES:
        return v4_features_until(V4_PROFILE_RELEASES[name])
    last = spec.release_key(PROFILE_RELEASES[name])
    return [f for f in ALL_V1_FEATURES if introduced_in(f) and spec.release_key(introduced_in(f)) <= last]


def profile_options(name: str) -> dict:
    """``create_app`` keywords that make the server the named profile: its features and its Nextcloud."""
    return {"features": profile_features(name), "nextcloud": {**PROFILES, **V4_PROFILES}[name][1]}


READ_PRIVACY_CAPABILITY_FIXED = fault(
    "read-privacy-capability-fixed", "config.chat.read-privacy is always 0, whatever the user set (docs: \"The "
    "user's value can be found in `config => chat => read-privacy`\")", since="11.0")


def _chat_config(ctx: Ctx) -> dict:
    """``config => chat``: max-length, and the caller's read privacy (chat-read-status) and typing privacy
    (typing-privacy); 0 for guests."""
    config = {"max-length": CHAT_MAX_LENGTH}
    if "chat-read-status" in ctx.features:
        fixed = ctx.faults.active(READ_PRIVACY_CAPABILITY_FIXED)
        config["read-privacy"] = settings.PUBLIC if fixed else settings.read_privacy(ctx, ctx.caller.user_id)
    if "typing-privacy" in ctx.features:  # "User defined numeric value" (Talk 17)
        config["typing-privacy"] = settings.typing_privacy(ctx, ctx.caller.user_id)
    return config


@op("getCapabilities", csrf=False, api=("v1", "v4"))
def get_capabilities(ctx: Ctx):
    major = ctx.nextcloud
    return {
        "version": {"major": major, "minor": 0, "micro": 0, "string": f"{major}.0.0", "edition": ""},
        # "spreed.version" (Talk 15 and later): the release it is.
        "capabilities": {
            "core": {"pollinterval": 60, "webdav-root": "remote.php/webdav"},
            "spreed": {
                "features": list(ctx.feature_list),
                "config": {"chat": _chat_config(ctx),
                           # 2: "Recording consent can be enabled by moderators on conversation level"
                           **({"call": {"recording-consent": 2}} if "recording-consent" in ctx.features else {})},
                **({"version": ".".join(map(str, ctx.release)) + (".0" if len(ctx.release) == 2 else "")}
                   if ctx.api.name == "v4" and ctx.release and ctx.release >= (15,) else {}),
            },
        },
    }
