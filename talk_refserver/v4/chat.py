"""The chat of API v4 servers stays under ``/api/v1`` (docs/chat.md of Talk 21.1): the shared chat
handlers (``talk_refserver.chat``, registered for both versions) answer with v4's message view and
answer shapes. This module holds what only the v4 document has."""
