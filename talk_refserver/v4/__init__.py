"""API v4 (Talk 12 and later): the v4 document's routes and views over the shared storage and rules.

``views``: the room, attendee and message objects of API v4; ``rooms`` and ``participants``: the
handlers under ``/api/v4``; the chat and guest handlers are the shared ones, registered for both
versions; ``releases``: the v4 releases the server can be (kept apart from the v1 ones).
"""

from talk_refserver.v4 import calls, chat, features, participants, rooms  # noqa: F401  (register routes)
