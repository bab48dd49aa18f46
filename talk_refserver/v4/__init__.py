"""API v4 (Talk 12 and later): the v4 document's routes and views over the shared storage and rules.

``views``: the room, attendee and message objects of API v4; ``rooms``, ``participants``, ``calls``: the
handlers under ``/api/v4``; ``features``: the capabilities current clients rely on (permissions, reactions,
bans, ...); the chat, guest, join, leave and lobby handlers are the shared ones, registered for both
versions. The v4 releases are ``capabilities.V4_PROFILES`` (kept apart from the v1 ones).
"""

from talk_refserver.v4 import calls, features, moderation, participants, rooms  # noqa: F401  (register routes)
