"""The v4 OpenAPI document (openapi-v4.yaml) and its schemas (schemas/v4/*.json).

It is valid OpenAPI 3.1, every `$ref` resolves, operationIds are unique, every path is one of the
API v4 room/call API or the API v1 chat/guest/reaction/ban/user-settings API, the operations the v1 document shares
keep their operationIds, and every way it differs from Nextcloud's generated openapi.json of Talk 21.1
(an operation, a status, the data of a success, a request parameter, a field of an object) is listed with a reason in openapi-v4-differences.yaml:
this is where a user sees what the suite knows beyond the generated spec, and why.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

ROOT = Path(__file__).resolve().parent.parent
DOCUMENT = ROOT / "openapi-v4.yaml"
V1_DOCUMENT = ROOT / "openapi.yaml"
SCHEMAS = ROOT / "schemas" / "v4"
DIFFERENCES = ROOT / "openapi-v4-differences.yaml"
GENERATED = ROOT.parent / "shared" / "reference" / "talk-21.1-docs" / "openapi.json"
METHODS = ("get", "put", "post", "delete", "patch")
# API v1 beside v4: the chat, guest, reaction and ban APIs, and the user's settings (docs/settings.md of Talk
# 21.1: `POST /settings/user`, "Base endpoint: `/ocs/v2.php/apps/spreed/api/v1`"), whose read privacy decides
# the chat's X-Chat-Last-Common-Read.
ALLOWED_PATHS = re.compile(
    r"^/ocs/v2\.php/(cloud/capabilities"
    r"|apps/spreed/api/v4/(room|listed-room|call)(/.*)?"
    r"|apps/spreed/api/v1/(chat|guest|reaction|ban)/.*"
    r"|apps/spreed/api/v1/settings/user)$")
# Our object schema -> the generated spec's component.
OBJECTS = {"room": "Room", "participant": "Participant", "message": "ChatMessage",
           "call-peer": "CallPeer", "mention": "ChatMentionSuggestion"}


def _yaml(path: Path):
    return yaml.safe_load(path.read_text())


@pytest.fixture(scope="module")
def document() -> dict:
    return _yaml(DOCUMENT)


@pytest.fixture(scope="module")
def differences() -> dict:
    return _yaml(DIFFERENCES) or {}


@pytest.fixture(scope="module")
def generated() -> dict:
    if not GENERATED.is_file():
        pytest.skip(f"Nextcloud's generated spec is not here: {GENERATED} (the shared reference of Talk 21.1)")
    return json.loads(GENERATED.read_text())


def _operations(document: dict):
    for path, item in document["paths"].items():
        for method in METHODS:
            if method in item:
                yield method, path, item[method]


# -- the document itself ----------------------------------------------------------------------------

def test_document_is_valid_openapi_3_1(document):
    from openapi_spec_validator import validate
    assert document["openapi"].startswith("3.1")
    validate(document, base_uri=DOCUMENT.as_uri())


def test_schemas_are_valid_json_schema_2020_12():
    files = sorted(SCHEMAS.glob("*.json"))
    assert {"room.json", "participant.json", "message.json", "mention.json", "call-peer.json",
            "error.json", "reaction.json", "ocs-envelope.json"} <= {f.name for f in files}
    for path in files:
        schema = json.loads(path.read_text())
        assert schema.get("$schema") == "https://json-schema.org/draft/2020-12/schema", path.name
        Draft202012Validator.check_schema(schema)


def _refs(node, where="#"):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                yield where, value
            else:
                yield from _refs(value, f"{where}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _refs(value, f"{where}/{i}")


def _registry(document: dict) -> Registry:
    resources = [(DOCUMENT.as_uri(), DRAFT202012.create_resource(document))]
    for path in sorted(SCHEMAS.glob("*.json")):
        resources.append((path.as_uri(), Resource.from_contents(json.loads(path.read_text()),
                                                                default_specification=DRAFT202012)))
    return Registry().with_resources(resources)


def test_every_ref_resolves(document):
    registry = _registry(document)
    unresolved = []
    sources = [(DOCUMENT.as_uri(), document)] + [
        (p.as_uri(), json.loads(p.read_text())) for p in sorted(SCHEMAS.glob("*.json"))]
    for uri, contents in sources:
        resolver = registry.resolver(base_uri=uri)
        for where, ref in _refs(contents):
            try:
                resolver.lookup(ref)
            except Exception as error:  # noqa: BLE001 - report every failure at once
                unresolved.append(f"{Path(uri).name} {where}: {ref} ({type(error).__name__})")
    assert not unresolved, "\n".join(unresolved)


def test_schema_files_are_referenced_as_files_under_schemas_v4(document):
    refs = {ref for _, ref in _refs(document) if not ref.startswith("#")}
    assert refs and all(ref.startswith("schemas/v4/") for ref in refs), sorted(refs)


def test_operation_ids_are_unique(document):
    ids = [op.get("operationId") for _, _, op in _operations(document)]
    assert all(ids), "every operation has an operationId"
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)


def test_every_path_is_under_the_v4_room_api_or_the_v1_chat_api(document):
    wrong = [p for p in document["paths"] if not ALLOWED_PATHS.match(p)]
    assert not wrong, wrong


def test_every_operation_of_the_v1_document_is_here_or_replaced(document):
    """Steps name operations: the v1 operationIds stay, or a v4 operation says it replaces them."""
    v1 = {op["operationId"] for _, _, op in _operations(_yaml(V1_DOCUMENT))}
    ours = {op["operationId"] for _, _, op in _operations(document)}
    replaced = {r for _, _, op in _operations(document) for r in op.get("x-replaces", [])}
    gone = {"pingCall"}  # no-ping (Talk 4.0): no route in any v4 release
    assert not (replaced & ours), "a replaced operationId is not also kept"
    assert v1 - ours - replaced - gone == set()
    for _, _, op in _operations(document):
        for name in op.get("x-replaces", []):
            assert name in v1 and name in op["description"], (op["operationId"], name)


def test_release_table(document):
    table = document["x-talk-releases"]
    assert [e["release"] for e in table][0] == "12.0"
    assert "conversation-v4" in table[0]["features"]
    assert table[-1]["release"] == "22.0" and table[-1]["nextcloud"] == 32
    seen = [f for e in table for f in e["features"]]
    assert len(seen) == len(set(seen)), "a feature is introduced once"


def test_capability_gates_name_a_capability_of_the_docs(document):
    docs = ROOT.parent / "shared" / "reference" / "talk-21.1-docs" / "capabilities.md"
    if not docs.is_file():
        pytest.skip(f"docs/capabilities.md of Talk 21.1 is not here: {docs}")
    known = set(re.findall(r"^[*+] `([a-z0-9-]+)`", docs.read_text(), re.M))
    gates = {v for _, v in _walk_key(document, "x-talk-capability")}
    for path in SCHEMAS.glob("*.json"):
        for _, value in _walk_key(json.loads(path.read_text()), "x-required-with-capability"):
            gates |= set(value)
    assert gates and gates <= known, sorted(gates - known)


def _walk_key(node, key):
    if isinstance(node, dict):
        for k, v in node.items():
            if k == key:
                yield node, v
            yield from _walk_key(v, key)
    elif isinstance(node, list):
        for v in node:
            yield from _walk_key(v, key)


def test_descriptions_cite_the_docs_not_local_paths(document):
    text = DOCUMENT.read_text() + "".join(p.read_text() for p in SCHEMAS.glob("*.json"))
    assert "/work/" not in text and "shared/reference" not in text


# -- the comparison with Nextcloud's generated spec -------------------------------------------------

def _generated_path(path: str) -> str:
    return re.sub(r"/apps/spreed/api/v\d+/", "/apps/spreed/api/{apiVersion}/", path)


def _parameter_names(op: dict) -> set[str]:
    """Query parameters and body fields: the generated spec puts DELETE parameters in the query, this
    document in the body (form fields or JSON), so the names are compared, not where they go."""
    names = {p["name"] for p in op.get("parameters", []) if isinstance(p, dict) and p.get("in") == "query"}
    for media in (op.get("requestBody") or {}).get("content", {}).values():
        schema = media.get("schema", {})
        if "$ref" in schema:
            schema = DOCUMENT_COMPONENTS.get(schema["$ref"].rsplit("/", 1)[1], {})
        names |= set(schema.get("properties", {}))
    return names


DOCUMENT_COMPONENTS = (_yaml(DOCUMENT).get("components") or {}).get("schemas", {})


# What each response component of this document gives as `ocs.data`, in the generated spec's names.
OUR_DATA = {"RoomResponse": "Room", "JoinRoomResponse": "Room", "RoomListResponse": "Room[]",
            "ReadMarkerResponse": "Room", "ParticipantListResponse": "Participant[]",
            "CallPeerListResponse": "CallPeer[]", "MessageListResponse": "ChatMessage[]",
            "MessageResponse": "ChatMessage", "MentionListResponse": "ChatMentionSuggestion[]",
            "ReactionsResponse": "map", "BanResponse": "Ban", "BanListResponse": "Ban[]",
            "AddParticipantResponse": "object{type}",
            "SetterResponse": "not given", "NoDataResponse": "not given"}


def _generated_data(schema) -> str:
    """A short name for the generated spec's `ocs.data` schema (ChatMessageWithParent is a ChatMessage)."""
    if not isinstance(schema, dict):
        return "not given"
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[1]
        return "ChatMessage" if name == "ChatMessageWithParent" else name
    if schema.get("type") == "array":
        return _generated_data(schema.get("items", {})) + "[]"
    if schema.get("nullable") and len(schema) == 1:
        return "null"
    if schema.get("type") == "object":
        if "additionalProperties" in schema and not schema.get("properties"):
            return "map"
        return "object{" + ",".join(sorted(schema.get("properties", {}))) + "}"
    return str(schema.get("type"))


def _data_differences(op: dict, gen: dict) -> dict:
    found = {}
    for status, response in (op.get("responses") or {}).items():
        if not status.startswith("2") or status not in (gen.get("responses") or {}):
            continue
        ref = (response.get("content", {}).get("application/json", {}).get("schema", {}).get("$ref", ""))
        ours = OUR_DATA.get(ref.rsplit("/", 1)[-1], "not given")
        try:
            theirs = _generated_data(gen["responses"][status]["content"]["application/json"]["schema"]
                                     ["properties"]["ocs"]["properties"]["data"])
        except KeyError:
            theirs = "not given"
        if ours != theirs:
            found[status] = f"ours {ours}, generated {theirs}"
    return found


def _types(schema: dict, components: dict) -> frozenset[str]:
    """The JSON types a (generated or our) schema allows, as far as a field comparison needs."""
    if not isinstance(schema, dict):
        return frozenset()
    if "$ref" in schema:
        target = schema["$ref"]
        if target.startswith("#/components/schemas/"):
            return _types(components[target.rsplit("/", 1)[1]], components)
        return frozenset({"object"})  # one of our schema files: an object (message)
    found: set[str] = set()
    kind = schema.get("type")
    if isinstance(kind, str):
        found.add(kind)
    elif isinstance(kind, list):
        found |= set(kind)
    for combinator in ("anyOf", "oneOf", "allOf"):
        for part in schema.get(combinator, []):
            found |= _types(part, components)
    if schema.get("nullable"):
        found.add("null")
    return frozenset(found)


def _generated_object(name: str, components: dict) -> tuple[dict, set[str]]:
    schema = components[name]
    props: dict = {}
    required: set[str] = set()
    parts = schema.get("allOf", []) + [schema]
    for part in parts:
        if "$ref" in part:
            p, r = _generated_object(part["$ref"].rsplit("/", 1)[1], components)
            props.update(p)
            required |= r
        else:
            props.update(part.get("properties", {}))
            required |= set(part.get("required", []))
    return props, required


def _our_object(name: str) -> tuple[dict, set[str], set[str]]:
    """Properties, required fields, and fields required only with a capability or release."""
    schema = json.loads((SCHEMAS / f"{name}.json").read_text())
    props = dict(schema.get("properties", {}))
    required = set(schema.get("required", []))
    conditional: set[str] = set()
    for part in schema.get("allOf", []):
        if part.get("$ref", "").startswith("#/$defs/"):
            props.update(schema["$defs"][part["$ref"].rsplit("/", 1)[1]].get("properties", {}))
        props.update(part.get("properties", {}))
        required |= set(part.get("required", []))
        for key in ("x-required-with-capability", "x-required-since"):
            for fields in (part.get(key) or {}).values():
                conditional |= set(fields)
    return props, required, conditional


def _found_differences(document: dict, generated: dict) -> dict:
    components = generated["components"]["schemas"]
    found: dict = {"operations": {}, "objects": {}}
    for method, path, op in _operations(document):
        if path.startswith("/ocs/v2.php/cloud/"):
            continue  # Nextcloud core, not in Talk's generated spec
        gen = generated["paths"].get(_generated_path(path), {}).get(method)
        entry: dict = {}
        if gen is None:
            entry["operation"] = "not in the generated spec"
        else:
            ours = {k for k in op.get("responses", {}) if k.isdigit()}
            theirs = {k for k in gen.get("responses", {}) if k.isdigit()}
            statuses = {s: "only ours" for s in ours - theirs}
            statuses.update({s: "only generated" for s in theirs - ours})
            if statuses:
                entry["statuses"] = statuses
            data = _data_differences(op, gen)
            if data:
                entry["data"] = data
            mine, theirs = _parameter_names(op), _parameter_names(gen)
            parameters = {n: "only ours" for n in mine - theirs}
            parameters.update({n: "only generated" for n in theirs - mine})
            if parameters:
                entry["parameters"] = parameters
        if entry:
            found["operations"][op["operationId"]] = entry
    for ours_name, theirs_name in OBJECTS.items():
        props, required, conditional = _our_object(ours_name)
        gen_props, gen_required = _generated_object(theirs_name, components)
        fields: dict = {}
        for field in sorted(set(props) | set(gen_props)):
            if field not in gen_props:
                fields[field] = "only ours"
                continue
            if field not in props:
                fields[field] = "only generated"
                continue
            our_types = _types(props[field], {}) - {"null"} if "$ref" not in props[field] else None
            their_types = _types(gen_props[field], components) - {"null"}
            problems = []
            if our_types is not None and our_types and their_types and our_types != their_types:
                problems.append(f"type {sorted(our_types)} vs {sorted(their_types)}")
            mine = "required" if field in required else "conditional" if field in conditional else "optional"
            theirs = "required" if field in gen_required else "optional"
            if mine != theirs:
                problems.append(f"{mine} vs {theirs}")
            if problems:
                fields[field] = "; ".join(problems)
        if fields:
            found["objects"][ours_name] = fields
    return found


def test_every_difference_from_the_generated_spec_is_listed_with_a_reason(document, generated, differences):
    found = _found_differences(document, generated)
    missing, stale = [], []
    for op_id, entry in found["operations"].items():
        listed = (differences.get("operations") or {}).get(op_id) or {}
        if "operation" in entry and not str(listed.get("operation", "")).strip():
            missing.append(f"operation {op_id}: {entry['operation']}")
        for status, how in (entry.get("statuses") or {}).items():
            reason = (listed.get("statuses") or {}).get(status) or (listed.get("statuses") or {}).get(int(status))
            if not str(reason or "").strip():
                missing.append(f"{op_id} {status}: {how}")
        for name, how in (entry.get("parameters") or {}).items():
            if not str((listed.get("parameters") or {}).get(name) or "").strip():
                missing.append(f"{op_id} parameter {name}: {how}")
        for status, how in (entry.get("data") or {}).items():
            if not str((listed.get("data") or {}).get(status) or "").strip():
                missing.append(f"{op_id} {status} data: {how}")
    for name, fields in found["objects"].items():
        listed = (differences.get("objects") or {}).get(name) or {}
        for field, how in fields.items():
            if not str(listed.get(field) or "").strip():
                missing.append(f"{name}.{field}: {how}")
    # Nothing listed that is not (or no longer) a difference.
    for op_id, listed in (differences.get("operations") or {}).items():
        entry = found["operations"].get(op_id, {})
        if "operation" in listed and "operation" not in entry:
            stale.append(f"operation {op_id}")
        for status in (listed.get("statuses") or {}):
            if str(status) not in (entry.get("statuses") or {}):
                stale.append(f"{op_id} {status}")
        for name in (listed.get("parameters") or {}):
            if name not in (entry.get("parameters") or {}):
                stale.append(f"{op_id} parameter {name}")
        for status in (listed.get("data") or {}):
            if str(status) not in (entry.get("data") or {}):
                stale.append(f"{op_id} {status} data")
    for name, listed in (differences.get("objects") or {}).items():
        for field in listed:
            if field not in found["objects"].get(name, {}):
                stale.append(f"{name}.{field}")
    assert not missing, "differences without a reason in openapi-v4-differences.yaml:\n" + "\n".join(missing)
    assert not stale, "listed in openapi-v4-differences.yaml but not a difference:\n" + "\n".join(stale)


def test_differences_file_names_its_kinds(differences):
    assert set(differences) <= {"description", "kinds", "operations", "objects"}
    for op_id, entry in (differences.get("operations") or {}).items():
        assert set(entry) <= {"operation", "statuses", "parameters", "data"}, op_id
