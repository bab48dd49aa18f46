"""Schemathesis fuzzing of openapi.yaml against the target, as part of the conformance run.

Every operation of the document is called with generated, schema-valid input as the owner (HTTP
Basic, no cookies kept between cases), and every answer is judged by the same contract as the
scenarios (:mod:`talk_conformance.contract`: documented status, body schema, envelope rules), plus
"no 5xx" and the documented content type. A stateful test chains operations through the document's
links (createRoom -> every ``{token}`` operation). Every conversation a fuzz case creates is handed
to ``target.track_room`` so the run leaves nothing behind.

Budget: ``--fuzz-examples N`` (default 10) examples per operation and stateful scenarios of at most
``STATEFUL_STEPS`` steps. Only positive (schema-valid) input is generated: a real Talk 7 server turns
a missing required parameter into a PHP TypeError (a 500, BEHAVIOUR §1.4), which the docs never
promise to answer otherwise, so negative fuzzing would only measure that.
"""

from __future__ import annotations

import re

import hypothesis
import pytest
import schemathesis
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance

from talk_conformance import ROOT, client, contract

pytestmark = pytest.mark.fuzz

OCS_HEADERS = {"OCS-APIRequest": "true", "Accept": "application/json"}
# Framework-level errors (no route, bad token) answer XML unless ?format=json (BEHAVIOUR §1.1).
OCS_QUERY = {"format": "json"}
STATEFUL_STEPS = 6
PATH_PATTERNS = {"token": re.compile(r"[a-z0-9]{4,30}")}
CREATED = (200, 201)
# What the target advertises, set by the talk_api fixture: capability fields are required when claimed.
advertised: frozenset[str] | None = None


@schemathesis.check
def talk_contract(ctx, response, case) -> bool | None:
    """openapi.yaml as talk_conformance.contract reads it: status, body schema, envelope rules."""
    contract.check(case.method, case.operation.path, response.status_code, client.parse_body(response), advertised)
    return True


CHECKS = [not_a_server_error, content_type_conformance, talk_contract]


def _outside_the_contract(case) -> bool:
    """A path parameter the document's pattern forbids: no route can match it, so the answer (an OCS
    998 "Invalid query" from the framework) is not the operation's to judge. Schemathesis' stateful
    value reuse sometimes puts another operation's value (a room name) into {token}."""
    for name, value in (case.path_parameters or {}).items():
        pattern = PATH_PATTERNS.get(name)
        if pattern and not (isinstance(value, str) and pattern.fullmatch(value)):
            return True
    return False


def _ask_for_json(case) -> None:
    """``?format=json`` on the case itself, so a failure's curl line reproduces it exactly."""
    case.query = {**(case.query or {}), **OCS_QUERY}


def _track_created_room(target, owner, case, response) -> None:
    if case.operation.definition.raw.get("operationId") != "createRoom" or response.status_code not in CREATED:
        return
    body = client.parse_body(response)
    try:
        token = body["ocs"]["data"]["token"]
    except (TypeError, KeyError):
        return  # the contract check reports the malformed answer
    if isinstance(token, str) and token:
        target.track_room(token, owner)


@pytest.fixture(scope="module")
def talk_api(target, request):
    global advertised
    advertised = target.capabilities.features
    owner = target.accounts["owner"]
    schema = schemathesis.openapi.from_path(ROOT / "openapi.yaml")
    schema.config.update(base_url=target.base_url, headers=dict(OCS_HEADERS),
                         basic_auth=(owner.user_id, owner.password))
    schema.config.generation.update(
        max_examples=request.config.getoption("fuzz_examples", 10),
        modes=[GenerationMode.POSITIVE],
        database="none",  # no .hypothesis/ directory in the user's tree, no replay across targets
    )
    # The coverage phase sends hundreds of boundary cases per operation; examples + fuzzing stay fast.
    # ("stateful" only keeps the links usable by as_state_machine().)
    schema.config.phases.update(phases=["examples", "fuzzing", "stateful"])
    return schema


@pytest.fixture(autouse=True)
def _node_id_for_schemathesis(request):
    """schemathesis 4.32's lazy loader reads and rewrites ``request.node._nodeid``; pytest 9.2 keeps the
    id in ``_id`` and has no such attribute. A plain attribute of the same name satisfies it."""
    if not hasattr(request.node, "_nodeid"):
        request.node._nodeid = request.node.nodeid


lazy = schemathesis.pytest.from_fixture("talk_api")


@lazy.parametrize()
def test_operation_conforms(case, target):
    owner = target.accounts["owner"]
    if _outside_the_contract(case):
        hypothesis.reject()
    # No session: requests makes a fresh one per call, so no case inherits another's cookies.
    _ask_for_json(case)
    with client.timed():
        response = case.call()
    _track_created_room(target, owner, case, response)
    case.validate_response(response, checks=CHECKS)


def test_stateful_sequences_conform(talk_api, target, request):
    owner = target.accounts["owner"]
    budget = max(1, request.config.getoption("fuzz_examples", 10))

    class TalkStateMachine(talk_api.as_state_machine()):
        def before_call(self, case):
            super().before_call(case)
            if _outside_the_contract(case):
                hypothesis.reject()
            _ask_for_json(case)

        def call(self, case, **kwargs):
            with client.timed():
                return super().call(case, **kwargs)

        def after_call(self, response, case):
            super().after_call(response, case)
            _track_created_room(target, owner, case, response)

        def validate_response(self, response, case, additional_checks=None, **kwargs):
            __tracebackhide__ = True
            case.validate_response(response, checks=CHECKS, transport_kwargs=kwargs or None)

    TalkStateMachine.run(settings=hypothesis.settings(
        max_examples=budget,
        stateful_step_count=STATEFUL_STEPS,
        deadline=None,
        database=None,
        phases=[hypothesis.Phase.generate],
        suppress_health_check=list(hypothesis.HealthCheck),
    ))
