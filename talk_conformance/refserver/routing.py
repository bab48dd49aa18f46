"""The route table: OCS paths (below ``/ocs/v1.php`` or ``/ocs/v2.php``), verbs, and who may call.

Handler modules register with :func:`route`. A path parameter only matches what the real router
accepts (``{token}`` is ``^[a-z0-9]{4,30}$``), so a malformed token is an unknown route (998).
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass, field
from typing import Callable

from talk_conformance.refserver.faults import Faults
from talk_conformance.refserver.params import Params

# auth levels: "public" (users and guests), "user" (logged-in users only: 401 otherwise), "open"
# (public and outside the CSRF check: the capabilities document).
AUTH_LEVELS = ("public", "user", "open")
PATH_PARAMS = {"token": "[a-z0-9]{4,30}", "userid": "[^/]+", "groupid": "[^/]+"}
SPREED = "/apps/spreed/api/v1"


@dataclass
class Caller:
    user_id: str | None  # None for a guest or someone not logged in
    cookie: str | None  # the guest's session cookie; None for Basic-auth users
    is_admin: bool = False

    @property
    def is_user(self) -> bool:
        return self.user_id is not None


@dataclass
class Ctx:
    """One request as the handlers see it."""
    db: sqlite3.Connection
    caller: Caller
    params: Params
    path: dict[str, str]
    features: frozenset[str]
    faults: Faults
    version: int
    now: int
    feature_list: tuple[str, ...] = ()  # as advertised, in order


@dataclass
class Endpoint:
    handler: Callable[[Ctx], object]
    auth: str
    feature: str | None
    # The fault that lets people who are not logged in through a user-only endpoint.
    anonymous_fault: str | None = None


@dataclass
class PathRoute:
    template: str
    pattern: re.Pattern
    methods: dict[str, Endpoint] = field(default_factory=dict)


ROUTES: dict[str, PathRoute] = {}


def _compile(template: str) -> re.Pattern:
    regex = re.sub(r"\{(\w+)\}", lambda m: f"(?P<{m.group(1)}>{PATH_PARAMS[m.group(1)]})", template)
    return re.compile(f"^{regex}$")


def route(method: str, template: str, auth: str = "public", feature: str | None = None,
          anonymous_fault: str | None = None):
    """Register a handler for ``method`` on ``template``; ``feature`` hides it when not advertised."""
    assert auth in AUTH_LEVELS, auth

    def register(handler):
        entry = ROUTES.setdefault(template, PathRoute(template, _compile(template)))
        assert method not in entry.methods, (method, template)
        entry.methods[method] = Endpoint(handler, auth, feature, anonymous_fault)
        return handler
    return register


def resolve(path: str, method: str, features: frozenset[str]) -> tuple[Endpoint | None, dict, bool]:
    """(endpoint, path params, path_known). ``path_known`` without an endpoint means a wrong verb."""
    if "conversation-v4" in features and path.startswith(SPREED + "/room"):
        # A current Talk (12+) dropped the v1 room API: its router no longer knows these paths.
        return None, {}, False
    known = False
    for entry in ROUTES.values():
        match = entry.pattern.match(path)
        if not match:
            continue
        available = {m: e for m, e in entry.methods.items() if e.feature is None or e.feature in features}
        if not available:
            continue
        known = True
        endpoint = available.get("GET" if method == "HEAD" else method)
        if endpoint is not None:
            return endpoint, match.groupdict(), True
    return None, {}, known
