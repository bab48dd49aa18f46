"""The reference server: a small Talk 7 (spreed) OCS API on SQLite that follows the docs.

It shares no code with the suite that judges it. Entry points: ``server.serve()`` (a blocking
uvicorn server), ``app.create_app()`` (the ASGI app, for in-process tests), ``faults.catalogue()``
(the rules it can break on purpose) and ``capabilities.TALK_7_FEATURES`` / ``KNOWN_FEATURES``.
"""
