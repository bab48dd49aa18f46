"""The contract: the one place that judges an answer against a profile's OpenAPI document and schemas.

A contract is made by its profile (:meth:`talk_conformance.spec.profile.Profile.contract`) for one
server: the profile's document as it applies to the server's release and capabilities. The profile
caches it per (profile, features, Nextcloud version), and each (operation, status) validator is built
once and cached in it. A status the docs do not give for the
operation, a body that breaks that status' schema (each error with its JSON path), and the envelope
rules a schema cannot express (:func:`talk_conformance.spec.envelope.problems`) are all problems; a
known deviation of real servers (the profile's known-deviations file) of the server's release is named next to
the problem it explains, never used to excuse it. A schema problem names the JSON path and the rule,
then the offending value, abbreviated.

Operations are named by operationId, or by method and path template: written in full
(``/ocs/v2.php/apps/spreed/api/v1/room/{token}``) or as the docs name it (``/room/{token}``).
:class:`Judge` subscribes to the exchange stream and writes the problems of each judged exchange
onto it; the client (or the fuzzer) decides when they fail the test.
"""

from __future__ import annotations

import json
import threading
from dataclasses import replace
from functools import cached_property
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import quote

import jsonschema_rs
from jsonschema import Draft202012Validator
from jsonschema.exceptions import best_match
from referencing import Registry, Resource
from referencing.exceptions import NoSuchResource
from referencing.jsonschema import DRAFT202012

from talk_conformance.spec import deviations, envelope, profile, releases
from talk_conformance.spec.problem import ContractViolation, Problem, RuleBroken

__all__ = ["Contract", "ContractViolation", "Judge", "RuleBroken"]

METHODS = ("get", "put", "post", "delete", "patch", "options", "head", "trace")
# Long instances make messages unreadable; the transcript has the full body.
MAX_MESSAGE_CHARS = 300
MAX_VALUE_CHARS = 60  # an offending value quoted in a schema problem


def _load(path: Path) -> Any:
    text = path.read_text(encoding="utf-8")
    return json.loads(text) if path.suffix == ".json" else profile.read_yaml(path)


CAPABILITY_REQUIRED = "x-required-with-capability"
RELEASE_REQUIRED = "x-required-since"
RELEASES = "x-talk-releases"
ALTERNATIVES = ("anyOf", "oneOf", "allOf")


def _for_server(node: Any, features: frozenset[str] | None, release: str | None) -> Any:
    """The document as it applies to one server: what its release and its capabilities promise.

    * ``x-required-with-capability: {cap: [fields]}``: required exactly when ``cap`` is advertised
      ("advertised but broken" is a failure; an older server is not failed for lacking the field);
    * ``x-required-since: {release: [fields]}``: required from that release on;
    * ``x-talk-releases: RANGE`` on a response or a schema alternative: dropped for other releases
      (a status another release documents is not documented for this server).
    Without a feature set (``None``) only the unconditional fields are required.
    """
    if isinstance(node, list):
        return [_for_server(n, features, release) for n in node]
    if not isinstance(node, dict):
        return node
    out = {}
    for key, value in node.items():
        if key in ALTERNATIVES and isinstance(value, list):
            kept = [v for v in value if not (isinstance(v, dict) and not releases.in_range(release, v.get(RELEASES)))]
            if kept:
                out[key] = _for_server(kept, features, release)
        elif key == "responses" and isinstance(value, dict):
            out[key] = {status: _for_server(r, features, release) for status, r in value.items()
                        if not (isinstance(r, dict) and not releases.in_range(release, r.get(RELEASES)))}
        else:
            out[key] = _for_server(value, features, release)
    extra = []
    by_capability = out.get(CAPABILITY_REQUIRED)
    if features and isinstance(by_capability, dict):
        extra += [f for cap, fields in by_capability.items() if cap in features for f in fields]
    by_release = out.get(RELEASE_REQUIRED)
    if isinstance(by_release, dict):
        extra += [f for first, fields in by_release.items() if releases.since(release, first) for f in fields]
    if extra:
        out["required"] = list(dict.fromkeys([*out.get("required", []), *extra]))
    return out


def _pointer(*segments: str) -> str:
    return "".join("/" + s.replace("~", "~0").replace("/", "~1") for s in segments)


def _short(text: str) -> str:
    return text if len(text) <= MAX_MESSAGE_CHARS else text[: MAX_MESSAGE_CHARS - 3] + "..."


def _status_key(responses: dict, status: int) -> str | None:
    """The key of ``responses`` that covers ``status``: exact, then ``4XX``-style, then ``default``."""
    for key in (str(status), f"{status // 100}XX", f"{status // 100}xx", "default"):
        if key in responses:
            return key
    return None


class _Validators(NamedTuple):
    """One response schema's two validators. Most answers conform, and jsonschema-rs (already
    schemathesis' own) says so some fifty times faster; an answer it rejects is judged again by
    jsonschema, whose errors (path, keyword, message) are what the problems are made of. Only its
    "valid" is trusted: where the two read a rule differently (a regex's ``$``), jsonschema decides."""

    fast: Any  # jsonschema_rs validator, or None when it cannot compile the schema
    full: Draft202012Validator


class Contract:
    """One OpenAPI document and the JSON Schemas it references, ready to judge answers."""

    def __init__(self, api: profile.Profile, features: frozenset[str] | None = None,
                 nextcloud: int | None = None):
        assert api.schema_dir is not None and api.deviations_path is not None  # set by Profile.__post_init__
        self.profile = api
        self.features = features
        self.document_path = api.document_path
        self.schema_dir: Path = api.schema_dir
        self.deviations = deviations.Catalogue(api.deviations_path)
        self.document_uri = self.document_path.as_uri()
        raw = _load(self.document_path)
        self.release = api.release_of(features, nextcloud)
        self.document = _for_server(raw, features, self.release)
        self._validators: dict[tuple[str, str, str], _Validators | None] = {}
        self._lock = threading.Lock()
        self.ops: dict[tuple[str, str], dict] = {}
        self.by_id: dict[str, tuple[str, str]] = {}
        for path, item in (self.document.get("paths") or {}).items():
            for method in METHODS:
                if method in item:
                    self.ops[(method.upper(), path)] = item[method]
                    if "operationId" in item[method]:
                        self.by_id[item[method]["operationId"]] = (method.upper(), path)

    # -- the schema registry: openapi.yaml and schemas/*.json as file:// resources -----------------

    @cached_property
    def _resources(self) -> list[tuple[str, Any]]:
        """(URI, contents) of the document and of every schema beside it, as they apply to the server."""
        return [(self.document_uri, self.document)] + [
            (path.as_uri(), _for_server(_load(path), self.features, self.release))
            for path in sorted(self.schema_dir.glob("*.json"))]

    @cached_property
    def registry(self) -> Registry:
        resources = [(uri, Resource.from_contents(contents, default_specification=DRAFT202012))
                     for uri, contents in self._resources]
        return Registry(retrieve=self._retrieve).with_resources(resources)  # type: ignore[call-arg]

    @cached_property
    def _fast_registry(self) -> jsonschema_rs.Registry:
        return jsonschema_rs.Registry(self._resources, draft=jsonschema_rs.Draft202012,
                                      retriever=self._contents_of)

    def _contents_of(self, uri: str) -> Any:
        """Any other file:// reference beside the document (a schema added later, a YAML file)."""
        path = Path(uri.removeprefix("file://"))
        if not uri.startswith("file://") or not path.is_file():
            raise NoSuchResource(ref=uri)  # type: ignore[call-arg]
        return _for_server(_load(path), self.features, self.release)

    def _retrieve(self, uri: str) -> Resource:
        return Resource.from_contents(self._contents_of(uri), default_specification=DRAFT202012)

    def resolve(self, ref: str, base_uri: str | None = None) -> Any:
        """The target of ``ref`` as seen from ``base_uri`` (default: the document). Raises on failure."""
        return self.registry.resolver(base_uri=base_uri or self.document_uri).lookup(ref).contents

    # -- operations ----------------------------------------------------------------------------------

    def _key(self, method: str, path: str | None = None) -> tuple[str, str]:
        """(METHOD, full path) of an operation named by operationId, or by method and path."""
        if path is None and method in self.by_id:
            return self.by_id[method]
        key = (method.upper(), path or "")
        if key in self.ops:
            return key
        short = [k for k in self.ops if k[0] == key[0] and _display(k[1]) == path]
        if len(short) == 1:
            return short[0]
        known = ", ".join(f"{m} {_display(p)}" for m, p in self.operations())
        raise KeyError(f"{method.upper()} {path} is not an operation of {self.document_path.name}; "
                       f"it documents: {known}")

    def operation(self, method: str, path: str | None = None) -> dict:
        return self.ops[self._key(method, path)]

    def operations(self) -> list[tuple[str, str]]:
        return list(self.ops)

    def documented_statuses(self, method: str, path: str | None = None) -> list[int]:
        responses = self.operation(method, path).get("responses") or {}
        return sorted(int(k) for k in responses if k.isdigit())

    def statuses_for(self, operation_id: str, reason: str) -> list[int]:
        """The statuses the docs of this server's release give ``operation_id`` for ``reason`` (a phrase
        of a response's documented reasons: ``x-talk-reasons`` where the reasons differ by release,
        else its description). One place holds the rule and its releases: the document."""
        wanted = reason.lower()
        found = []
        for key, response in (self.operation(operation_id).get("responses") or {}).items():
            reasons = response.get("x-talk-reasons")
            if reasons is not None:
                texts = [r["reason"] for r in reasons if releases.in_range(self.release, r.get("releases"))]
            else:
                texts = [response.get("description") or ""]
            if key.isdigit() and any(wanted in text.lower() for text in texts):
                found.append(int(key))
        return sorted(found)

    def operation_id(self, method: str, path: str | None = None) -> str:
        return self.operation(method, path).get("operationId", "")

    # -- judging ---------------------------------------------------------------------------------

    def _validator(self, method: str, path: str, status_key: str) -> _Validators | None:
        """The validators of one response's JSON body, or None when the response documents no body."""
        cache_key = (method, path, status_key)
        if cache_key in self._validators:
            return self._validators[cache_key]
        response = self.ops[(method, path)]["responses"][status_key]
        if "$ref" in response:  # a components/responses reference
            response = self.resolve(response["$ref"])
        content = response.get("content") or {}
        media = next((m for m in content if m == "application/json" or m.endswith("+json")), None)
        validator = None
        if media is not None and "schema" in content[media]:
            pointer = _pointer("paths", path, method.lower(), "responses", status_key, "content", media, "schema")
            ref = f"{self.document_uri}#{quote(pointer, safe='/~')}"
            try:
                fast = jsonschema_rs.Draft202012Validator({"$ref": ref}, registry=self._fast_registry)
            except (jsonschema_rs.ValidationError, jsonschema_rs.ReferencingError, ValueError):
                fast = None  # a schema it cannot compile: the full validator alone judges
            validator = _Validators(fast, Draft202012Validator({"$ref": ref}, registry=self.registry))
        with self._lock:
            self._validators[cache_key] = validator
        return validator

    def problems(self, method: str, path: str | None, status: int, body: Any) -> list[Problem]:
        """Every way the answer breaks the document; the operation by operationId (path None) or
        by method and path."""
        method, path = self._key(method, path)
        op = self.ops[(method, path)]
        responses = op.get("responses") or {}
        op_id = op.get("operationId", "")
        here = {"operation": op_id, "method": method, "path": _display(path), "status": status}
        found: list[Problem] = []
        status_key = _status_key(responses, status)
        if status_key is None:
            listed = ", ".join(str(s) for s in self.documented_statuses(method, path)) or "nothing"
            known = self.deviations.for_status(op_id, status, release=self.release)
            found.append(Problem("undocumented-status", **here, expected=listed, actual=str(status),
                                 deviations=tuple(d.id for d in known)))
            # No schema to judge the body by, but the envelope rules hold for every answer.
            return found + self._envelope_problems(status, body, here)

        validator = self._validator(method, path, status_key)
        if validator is None:
            if body not in (None, "", b""):
                found.append(Problem("unexpected-body", **here, expected="no body", actual="a body",
                                     detail="the docs give no body for this answer, but one was sent"))
        elif body is None:
            found.append(Problem("no-body", **here, expected="a JSON body", actual="no body",
                                 detail="no body; the docs give a JSON body for this answer"))
        elif isinstance(body, (str, bytes)):
            found.append(Problem("not-json", **here, expected="a JSON body", actual=_short(repr(body)),
                                 detail=f"the body is not JSON: {_short(repr(body))}"))
        elif validator.fast is None or not validator.fast.is_valid(body):
            for error in sorted(validator.full.iter_errors(body), key=lambda e: list(e.absolute_path)):
                found.append(_describe(error, here, self.release, self.deviations))
        if validator is None or isinstance(body, (dict, list)):
            found += self._envelope_problems(status, body, here)
        return found

    @staticmethod
    def _envelope_problems(status: int, body: Any, here: dict) -> list[Problem]:
        return [replace(p, operation=here["operation"], method=here["method"], path=here["path"])
                for p in envelope.problems(status, body)]

    def check(self, method: str, path: str | None, status: int, body: Any) -> None:
        found = self.problems(method, path, status, body)
        if found:
            raise ContractViolation(found)


def _display(path: str) -> str:
    """``/ocs/v2.php/apps/spreed/api/v1/room/{token}`` -> ``/room/{token}``, as the docs name it."""
    marker = "/api/v"
    if marker in path:
        rest = path.split(marker, 1)[1]
        return rest[rest.index("/"):] if "/" in rest else path
    return path


def _describe(error, here: dict, release: str | None, catalogue: deviations.Catalogue) -> Problem:
    """The problem one schema error states: where (the path of the offending value), the rule it breaks
    (its keyword, and the sentence "is not of type 'array'"), the value abbreviated, and the known
    deviations about that part of the answer. Rendered, it reads "`$.ocs.data` is not of type 'array'
    (the value: {...})": the path and the rule first and whole, the value last, so a long answer
    never hides the rule."""
    deepest = error
    # anyOf/oneOf/allOf failures: name the most relevant sub-error, it is the useful one.
    while deepest.context:
        deepest = best_match(deepest.context)
    rule, value = _rule(deepest)
    if deepest is not error and error.validator in ("anyOf", "oneOf"):
        rule = f"matches none of the allowed shapes; closest: {rule}"
    known = catalogue.for_body(here["operation"], deepest.json_path, release=release)
    return Problem("schema", **here, at=tuple(deepest.absolute_path), keyword=str(deepest.validator),
                   expected=_expected(deepest), actual=value, detail=rule, deviations=tuple(d.id for d in known))


def _expected(error) -> str:
    """What the schema wants there, in a few words ("of type 'integer'", "the property 'token'")."""
    if error.validator == "required":
        return "the property " + error.message.removesuffix(" is a required property")
    if error.validator == "type":
        return "of type " + repr(error.validator_value) if isinstance(error.validator_value, str) \
            else "of type " + " or ".join(map(repr, error.validator_value))
    if error.validator == "enum":
        return "one of " + repr(error.validator_value)
    if error.validator == "const":
        return repr(error.validator_value)
    return f"{error.validator}: {_abbreviated(error.validator_value)}"


def _rule(error) -> tuple[str, str | None]:
    """What ``error`` says about its value, without repeating the value; and the value, abbreviated,
    when the sentence quotes it."""
    message, value = error.message, repr(error.instance)
    if error.validator == "required":
        missing = message.removesuffix(" is a required property")
        return f"lacks {missing}, a required property", None
    if message.startswith(value):
        return message[len(value):].strip(), _abbreviated(error.instance)
    return _short(message), None


def _abbreviated(instance) -> str:
    text = json.dumps(instance, ensure_ascii=False) if isinstance(instance, (dict, list)) else repr(instance)
    return text if len(text) <= MAX_VALUE_CHARS else text[: MAX_VALUE_CHARS - 1] + "…"


class Judge:
    """The exchange-stream subscriber that judges every judged exchange against the contract of the
    target (its profile's document as it applies to the target's release and advertised features),
    and writes the problems onto the exchange."""

    def __init__(self, contract: Contract):
        self.contract = contract

    def __call__(self, exchange) -> None:
        if exchange.judged and exchange.operation:
            exchange.problems = self.contract.problems(exchange.operation, None, exchange.status, exchange.body)
