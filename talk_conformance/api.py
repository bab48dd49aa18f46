"""Where each API family lives: the one base-path map.

Steps and the client name endpoints the way the docs do (``/room/{token}``); this map turns them into
URL paths. Talk 12+ serves rooms and calls under ``/api/v4`` while chat stays under ``/api/v1``: a later
profile swaps the entries here (and its OpenAPI document), never a step.
"""

from __future__ import annotations

SPREED_V1 = "/ocs/v2.php/apps/spreed/api/v1"
CLOUD = "/ocs/v2.php/cloud"

# First segment of a documented endpoint -> the base path that serves it.
BASE_PATHS = {
    "room": SPREED_V1,
    "call": SPREED_V1,
    "chat": SPREED_V1,
    "guest": SPREED_V1,
    "signaling": SPREED_V1,
}


def url_path(endpoint: str) -> str:
    """``/room/{token}`` -> ``/ocs/v2.php/apps/spreed/api/v1/room/{token}``; ``/ocs/...`` stays as it is."""
    if endpoint.startswith("/ocs/"):
        return endpoint
    family = endpoint.lstrip("/").split("/", 1)[0]
    try:
        return BASE_PATHS[family] + endpoint
    except KeyError:
        raise KeyError(f"no API family serves {endpoint!r}; known: {sorted(BASE_PATHS)}") from None
