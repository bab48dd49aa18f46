"""The reference server: a small Talk 7 (spreed) OCS API that follows the docs.

It is what the suite runs against when no --base-url is given, and, with ``--fault NAME``, the
proof that each scenario can fail. ``server.serve()`` is the entry point; ``faults.FAULTS`` names
the rules it can break on purpose.
"""
