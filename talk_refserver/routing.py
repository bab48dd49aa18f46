"""The route table: which handler answers which verb and path, behind which guards.

A spreed handler names its operation (``@op("renameRoom", guard=...)``) and the API version it serves
(``api="v1"`` by default, ``api="v4"``; several: ``api=("v1", "v4")``); the verb and path come from that
version's document (see :mod:`talk_refserver.apis`): the route table of a server is its API version's. Endpoints outside that document (provisioning,
app passwords, a few spreed ones the suite does not judge) name their path with ``@route``. Paths
are relative to ``/ocs/v1.php`` and ``/ocs/v2.php``, both served alike.

A path parameter only matches what the real router accepts (``{token}`` is ``^[a-z0-9]{4,30}$``,
``appinfo/routes.php`` of spreed at v7.0.0), so a malformed token is an unknown route (998).
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from talk_refserver import apis
from talk_refserver.faults import Faults
from talk_refserver.params import Params

if TYPE_CHECKING:
    from talk_refserver.notify import RoomNotifier
    from talk_refserver.repo import Repo

PATH_PARAMS = {"token": "[a-z0-9]{4,30}", "userid": "[^/]+", "groupid": "[^/]+", "messageId": "[0-9]+",
               "mode": "default|call", "banId": "[0-9]+"}


@dataclass
class Caller:
    user_id: str | None  # None for a guest or someone not logged in
    cookie: str | None  # the session cookie a guest is known by; None for users
    is_admin: bool = False
    # How a user proved who they are: "password" (the login password), "app-password", "session".
    via: str | None = None
    app_password_hash: str | None = None

    @property
    def is_user(self) -> bool:
        return self.user_id is not None


@dataclass
class Ctx:
    """One request as the guards and handlers see it."""
    repo: Repo
    caller: Caller
    params: Params
    path: dict[str, str]
    features: frozenset[str]
    faults: Faults
    version: int
    now: int
    feature_list: tuple[str, ...] = ()  # as advertised, in order
    # The release the features (and the Nextcloud version) make the server (``spec.release_of``); None:
    # older than every release known.
    release: tuple[int, ...] | None = None
    nextcloud: int = 17  # the Nextcloud major version the server claims
    notifier: RoomNotifier | None = None
    api: apis.ApiVersion = apis.V1  # the API version of the route that answers
    room: dict | None = None  # resolved by the room guards
    me: dict | None = None  # the caller's participant row in ``room``, if any

    def since(self, release: str) -> bool:
        """Whether the server follows the rules of ``release`` or a newer one (where the docs changed)."""
        return self.release is not None and self.release >= tuple(int(p) for p in release.split("."))

    def before(self, release: str) -> bool:
        """Whether the emulated release is older than ``release`` (an unknown release counts as the newest)."""
        return self.release is not None and self.release < tuple(int(p) for p in release.split("."))

    def transaction(self):
        """A short synchronous block of database work (for ``async`` handlers; sync ones run inside one)."""
        return self.repo.transaction()

    async def wait_for_change(self, room: dict, timeout: float) -> bool:
        """Wait, outside any transaction, until a write touches ``room``: True, or False on timeout."""
        return await self.notifier.wait(room["id"], timeout)


@dataclass(frozen=True)
class Endpoint:
    handler: Callable[[Ctx], Any]
    guards: tuple = ()
    feature: str | None = None  # hidden (an unknown route) unless the server advertises it
    csrf: bool = True  # False: outside SecurityMiddleware's CSRF check (the capabilities)
    name: str = ""
    # Hidden (an unknown route) when the server advertises it: the capability announced its removal.
    removed_by: str | None = None
    api: str = "v1"
    # Hidden (an unknown route) on a server of an older release: the release whose docs first give it.
    since: tuple[int, ...] | None = None

    def served_with(self, features: frozenset[str], release: tuple[int, ...] | None = None) -> bool:
        return (self.feature is None or self.feature in features) and \
            (self.removed_by is None or self.removed_by not in features) and \
            (self.since is None or release is None or release >= self.since)

    @property
    def is_async(self) -> bool:
        return inspect.iscoroutinefunction(self.handler)


def _guards(guard) -> tuple:
    if guard is None:
        return ()
    return tuple(guard) if isinstance(guard, (tuple, list)) else (guard,)


_BY_OPERATION: dict[tuple[str, str], Endpoint] = {}  # (API version, operationId) -> endpoint
_BY_PATH: list[tuple[str, str, Endpoint]] = []


def op(operation_id: str, *, guard=None, feature: str | None = None, csrf: bool = True,
       removed_by: str | None = None, api: str | tuple[str, ...] = "v1", since: str | None = None):
    """Register the handler of an operation of the ``api`` version's document (one or several versions);
    ``guard`` is one guard or a sequence; ``since`` the release that introduced it, without a capability."""
    first = tuple(int(p) for p in since.split(".")) if since else None

    def register(handler):
        for version in (api,) if isinstance(api, str) else api:
            assert version in apis.VERSIONS, version
            assert (version, operation_id) not in _BY_OPERATION, (version, operation_id)
            _BY_OPERATION[version, operation_id] = Endpoint(handler, _guards(guard), feature, csrf, operation_id,
                                                           removed_by, version, first)
        return handler
    return register


def route(method: str, template: str, *, guard=None, feature: str | None = None, csrf: bool = True):
    """Register a handler for an endpoint the API document does not describe."""
    def register(handler):
        _BY_PATH.append((method, template, Endpoint(handler, _guards(guard), feature, csrf, f"{method} {template}")))
        return handler
    return register


def handled_operations(api: str = "v1") -> set[str]:
    return {operation_id for version, operation_id in _BY_OPERATION if version == api}


@dataclass
class PathRoute:
    template: str
    pattern: re.Pattern
    methods: dict[str, Endpoint] = field(default_factory=dict)


def _compile(template: str) -> re.Pattern:
    regex = re.sub(r"\{(\w+)\}", lambda m: f"(?P<{m.group(1)}>{PATH_PARAMS[m.group(1)]})", template)
    return re.compile(f"^{regex}$")


class Router:
    """One server's route table."""

    def __init__(self) -> None:
        self.paths: dict[str, PathRoute] = {}

    def add(self, method: str, template: str, endpoint: Endpoint) -> None:
        entry = self.paths.setdefault(template, PathRoute(template, _compile(template)))
        assert method not in entry.methods, (method, template)
        entry.methods[method] = endpoint

    @classmethod
    def standard(cls, api: apis.ApiVersion = apis.V1) -> Router:
        """Every registered handler of one API version, spreed's at the paths its document gives them."""
        router = cls()
        documented = api.document.operations
        mine = {operation_id: e for (version, operation_id), e in _BY_OPERATION.items() if version == api.name}
        undocumented = sorted(set(mine) - set(documented))
        if undocumented:
            raise LookupError(f"handlers for operations {api.document_file} does not have: {', '.join(undocumented)}")
        for operation_id, endpoint in mine.items():
            router.add(*documented[operation_id], endpoint)
        for method, template, endpoint in _BY_PATH:
            router.add(method, template, endpoint)
        return router

    def resolve(self, path: str, method: str, features: frozenset[str],
                release: tuple[int, ...] | None = None) -> tuple[Endpoint | None, dict, bool]:
        """(endpoint, path params, path_known). ``path_known`` without an endpoint means a wrong verb.

        A server advertising ``conversation-v4`` has the v4 table, which has no v1 room paths: a current
        Talk (12+) dropped the v1 room API, its router no longer knows them (998)."""
        known = False
        for entry in self.paths.values():
            match = entry.pattern.match(path)
            if not match:
                continue
            available = {m: e for m, e in entry.methods.items() if e.served_with(features, release)}
            if not available:
                continue
            known = True
            endpoint = available.get("GET" if method == "HEAD" else method)
            if endpoint is not None:
                return endpoint, match.groupdict(), True
        return None, {}, known
