"""The API profile: the root of one API version, and the one place that knows its paths.

A profile owns, for one version of the Talk API:

* its OpenAPI document and schema folder (``openapi.yaml`` with ``schemas/``; ``openapi-v4.yaml``
  with ``schemas/v4/``), from which it maps an operationId (``renameRoom``) to its method, path
  template and parameters;
* its release table (the document's ``x-talk-releases``): which release a server is;
* its known deviations (``known-deviations.yaml``; ``known-deviations-v4.yaml``);
* the contract factory: :meth:`Profile.contract` judges answers by the document as it applies to one
  server; a contract is a product of the profile and the server's release (features and Nextcloud
  version), and cached by both;
* its :class:`~talk_conformance.spec.dialect.Dialect`: what the steps ask where the versions differ
  (how a participant is named in a request and found in a list, which operation removes whom, what a
  setter answers, the success status of a create).

Two profiles are registered in :data:`PROFILES`: ``v1`` (the Talk API v1 as documented from Talk 3.2
to Talk 11, for servers that do not advertise ``conversation-v4``) and ``v4`` (rooms, participants
and calls under ``/api/v4``, chat under ``/api/v1``, from the Talk 21.1 docs, for servers that do).
What the server advertises chooses the profile (:func:`for_features`); the scenarios run against
both, each step in the profile's dialect, and a run fuzzes its profile's document only.
``tests/test_units.py`` builds a profile from a small v4-shaped document and runs the real judge,
the dialect and the fuzz collection against it.

The Nextcloud core endpoints the harness needs (provisioning, app passwords) are not part of the Talk
API: they are :data:`CORE` operations, never judged.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any
from urllib.parse import quote

import yaml

from talk_conformance import ROOT

METHODS = ("get", "put", "post", "delete", "patch")
CONVERSATION_V4 = "conversation-v4"


class UnknownOperation(KeyError):
    pass


class Unsupported(RuntimeError):
    """No profile can judge the target; the message is the one line the user sees."""


@dataclass(frozen=True)
class Operation:
    id: str
    method: str
    path: str  # the path template, written in full (/ocs/v2.php/...)
    path_params: tuple[str, ...] = ()
    query_params: tuple[str, ...] = ()
    body_params: tuple[str, ...] = ()
    # The query parameter that asks the server to hold the answer (seconds), and its default.
    long_poll: tuple[str, float] | None = None
    raw: dict = field(default_factory=dict, compare=False, repr=False)

    @property
    def display_path(self) -> str:
        """``/room/{token}``: the path as the docs name it, below the API's base path."""
        marker = "/api/v"
        if marker in self.path:
            rest = self.path.split(marker, 1)[1]
            return rest[rest.index("/"):] if "/" in rest else self.path
        return self.path.removeprefix("/ocs/v2.php")

    @property
    def title(self) -> str:
        return f"{self.method} {self.display_path}"

    @property
    def fuzzed(self) -> bool:
        """False where the document says why fuzzing it would change what the run's shared accounts are
        (``x-talk-not-fuzzed``): the fuzzer leaves it out."""
        return not self.raw.get("x-talk-not-fuzzed")

    def request(self, params: dict[str, Any]) -> tuple[str, dict, dict | None]:
        """(path, query, form body) for ``params``; a name the operation does not take is a suite bug."""
        known = {*self.path_params, *self.query_params, *self.body_params}
        unknown = sorted(set(params) - known)
        if unknown:
            raise TypeError(f"{self.id} takes no parameter {', '.join(unknown)}; it takes: "
                            f"{', '.join(sorted(known)) or 'none'}")
        missing = [p for p in self.path_params if p not in params]
        if missing:
            raise TypeError(f"{self.id} needs the path parameter {', '.join(missing)}")
        path = self.path
        for name in self.path_params:
            path = path.replace("{" + name + "}", quote(str(params[name]), safe=""))
        query = {k: v for k, v in params.items() if k in self.query_params}
        body = {k: v for k, v in params.items() if k in self.body_params}
        return path, query, (body if self.method != "GET" and (body or self.body_params) else None)

    def wait_seconds(self, params: dict[str, Any]) -> float:
        """How long the server may hold this request on purpose (a long poll), from its parameters."""
        if self.long_poll is None:
            return 0.0
        name, default = self.long_poll
        try:
            return max(0.0, float(params.get(name, default)))
        except (TypeError, ValueError):
            return default


# Nextcloud core endpoints the harness uses: not Talk's API, never judged, spelled here and nowhere else.
CORE = {op.id: op for op in (
    Operation("getCapabilities", "GET", "/ocs/v2.php/cloud/capabilities"),
    Operation("getUser", "GET", "/ocs/v2.php/cloud/users/{userid}", path_params=("userid",)),
    Operation("listUsers", "GET", "/ocs/v2.php/cloud/users", query_params=("search",)),
    Operation("createUser", "POST", "/ocs/v2.php/cloud/users", body_params=("userid", "password", "displayName")),
    Operation("deleteUser", "DELETE", "/ocs/v2.php/cloud/users/{userid}", path_params=("userid",)),
    Operation("listGroups", "GET", "/ocs/v2.php/cloud/groups", query_params=("search",)),
    Operation("createGroup", "POST", "/ocs/v2.php/cloud/groups", body_params=("groupid",)),
    Operation("deleteGroup", "DELETE", "/ocs/v2.php/cloud/groups/{groupid}", path_params=("groupid",)),
    Operation("addToGroup", "POST", "/ocs/v2.php/cloud/users/{userid}/groups", path_params=("userid",),
              body_params=("groupid",)),
    Operation("getAppPassword", "GET", "/ocs/v2.php/core/getapppassword"),
    Operation("deleteAppPassword", "DELETE", "/ocs/v2.php/core/apppassword"),
)}


def read_yaml(path: Path):
    """A YAML document of the repository (openapi.yaml, known-deviations.yaml), with libyaml when the
    machine has it: ten times faster, and every worker process reads the documents."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(Path(path).read_text(encoding="utf-8"), Loader=loader)


def _names(params: list[dict], where: str) -> tuple[str, ...]:
    return tuple(p["name"] for p in params if p.get("in") == where)


@dataclass(eq=False)
class Profile:
    name: str
    document_path: Path
    # Whether this profile can judge a server advertising these features.
    serves: Callable[[frozenset[str]], bool]
    refusal: str = ""  # why it cannot, in one line
    schema_dir: Path | None = None  # default: schemas/ beside the document
    deviations_path: Path | None = None  # default: known-deviations.yaml beside the document
    dialect_name: str = "v1"  # the steps' dialect (talk_conformance.spec.dialect.DIALECTS)

    def __post_init__(self) -> None:
        self.document_path = Path(self.document_path).resolve()
        self.schema_dir = Path(self.schema_dir).resolve() if self.schema_dir else self.document_path.parent / "schemas"
        self.deviations_path = (Path(self.deviations_path).resolve() if self.deviations_path
                                else self.document_path.parent / "known-deviations.yaml")
        self._contracts: dict[tuple[frozenset[str] | None, int | None], Any] = {}
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"Profile({self.name!r}, {self.document_path.name})"

    @cached_property
    def release_table(self) -> list[dict]:
        """The document's ``x-talk-releases``: each release, the features it added, its Nextcloud version."""
        return list(self.document.get("x-talk-releases") or [])

    def release_of(self, features, nextcloud: int | None = None) -> str | None:
        from talk_conformance.spec import releases

        return releases.release_of(features or (), self.release_table, nextcloud)

    def contract(self, features: frozenset[str] | None = None, nextcloud: int | None = None):
        """The :class:`~talk_conformance.spec.contract.Contract` of this profile's document as it applies
        to a server advertising ``features`` on Nextcloud ``nextcloud`` (with the features, they fix the
        release); built once per (profile, features, Nextcloud version)."""
        from talk_conformance.spec.contract import Contract

        key = (frozenset(features) if features is not None else None, nextcloud)
        found = self._contracts.get(key)
        if found is None:
            with self._lock:
                found = self._contracts.get(key)
                if found is None:
                    found = self._contracts[key] = Contract(self, features=key[0], nextcloud=nextcloud)
        return found

    def contract_for(self, caps):
        """The contract for a server of these :class:`~talk_conformance.spec.capabilities.Capabilities`."""
        return self.contract(caps.features, caps.nextcloud)

    @cached_property
    def dialect(self):
        from talk_conformance.spec import dialect

        return dialect.DIALECTS[self.dialect_name](self)

    @cached_property
    def document(self) -> dict:
        return read_yaml(self.document_path)

    def _resolve(self, node: Any) -> Any:
        while isinstance(node, dict) and "$ref" in node and node["$ref"].startswith("#/"):
            target: Any = self.document
            for part in node["$ref"][2:].split("/"):
                target = target[part.replace("~1", "/").replace("~0", "~")]
            node = target
        return node

    def _body_params(self, op: dict) -> tuple[str, ...]:
        content = (self._resolve(op.get("requestBody")) or {}).get("content") or {}
        names: list[str] = []
        for media in content.values():
            schema = self._resolve(media.get("schema") or {})
            for part in [schema, *[self._resolve(s) for s in schema.get("allOf", [])]]:
                names += [n for n in (part.get("properties") or {}) if n not in names]
        return tuple(names)

    @cached_property
    def operations(self) -> dict[str, Operation]:
        found: dict[str, Operation] = {}
        for path, item in (self.document.get("paths") or {}).items():
            shared = [self._resolve(p) for p in item.get("parameters", [])]
            for method in METHODS:
                if method not in item:
                    continue
                op = item[method]
                params = shared + [self._resolve(p) for p in op.get("parameters", [])]
                long_poll = None
                if op.get("x-long-poll-parameter"):
                    name = op["x-long-poll-parameter"]
                    default = next((p.get("schema", {}).get("default", 30) for p in params if p["name"] == name), 30)
                    long_poll = (name, float(default))
                found[op["operationId"]] = Operation(
                    op["operationId"], method.upper(), path, _names(params, "path"), _names(params, "query"),
                    self._body_params(op), long_poll, raw=op)
        return found

    def operation(self, operation_id: str) -> Operation:
        if operation_id in self.operations:
            return self.operations[operation_id]
        if operation_id in CORE:
            return CORE[operation_id]
        raise UnknownOperation(f"{operation_id} is not an operation of {self.document_path.name} "
                               f"(profile {self.name}); it has: {', '.join(sorted(self.operations))}")

    def find(self, method: str, path: str) -> Operation | None:
        """The operation of ``method`` on the path template ``path`` (as schemathesis names it)."""
        return next((op for op in self.operations.values() if op.method == method.upper() and op.path == path), None)


V1 = Profile(
    "v1", ROOT / "openapi.yaml", serves=lambda features: CONVERSATION_V4 not in features,
    refusal="the target advertises conversation-v4 (Talk 12 or later): it serves rooms under /api/v4 and "
            "has dropped the v1 room API that this suite's profile tests")
V4 = Profile(
    "v4", ROOT / "openapi-v4.yaml", serves=lambda features: CONVERSATION_V4 in features,
    schema_dir=ROOT / "schemas" / "v4", deviations_path=ROOT / "known-deviations-v4.yaml", dialect_name="v4")
PROFILES: list[Profile] = [V1, V4]


def for_features(features: frozenset[str]) -> Profile:
    """The profile that judges a server advertising ``features``; :class:`Unsupported` when none does."""
    for profile in PROFILES:
        if profile.serves(features):
            return profile
    raise Unsupported("; ".join(p.refusal for p in PROFILES if p.refusal) or "no API profile fits the target")


def by_name(name: str) -> Profile:
    found = next((p for p in PROFILES if p.name == name), None)
    if found is None:
        raise KeyError(f"no API profile {name!r}; there are: {', '.join(p.name for p in PROFILES)}")
    return found
