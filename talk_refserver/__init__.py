"""The reference server: a small Talk (spreed) OCS API on SQLite that follows the docs.

It speaks one API version per server (``apis``): API v1 (``openapi.yaml``; Talk 3.2 to 11, Talk 7 by
default) or, when it advertises ``conversation-v4``, API v4 (``openapi-v4.yaml``; Talk 12, 17 and 22:
``capabilities.V4_PROFILES``). The storage (``repo``) and the rules are shared; each version has its
routes, views and answer shapes (the v4 ones in ``v4/``).

It shares no code with the suite that judges it. Entry points: ``server.serve()`` (a blocking
uvicorn server), ``app.create_app()`` (the ASGI app, for in-process tests), ``faults.catalogue()``
(the rules it can break on purpose; ``catalogue("v4")`` those of API v4) and
``capabilities.TALK_7_FEATURES`` / ``KNOWN_FEATURES``.
"""
