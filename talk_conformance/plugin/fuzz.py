"""Schemathesis fuzzing of each profile's OpenAPI document against the target: the harness.

``features/test_fuzz.py`` binds it (as ``features/test_scenarios.py`` binds the features): the
tests, their fixtures and the per-profile parameters live here. The operation tests are
parametrised per profile whose scenarios the suite runs (:func:`collect`), each gated by the
capability the document ties the operation to, and skipped on a target of another profile.

One test per operation (so worker processes share the work and each broken operation is its own
failure), plus one stateful test that chains operations through the document's links (createRoom ->
every ``{token}`` operation). Every request goes through the run's exchange stream like a
scenario's: it is in the transcript, the statistics and the status coverage, and the contract
judge decides; a broken rule is a failure naming the operation, the status, the problem and a
reproducing curl line (credentials masked). Every conversation a fuzz case creates is handed to
``target.track_room`` so the run leaves nothing behind.

An operation whose document gives ``x-talk-not-fuzzed`` (setting the owner's own settings, which the
scenarios running beside the fuzzer rely on) is left out: no test, and the stateful test never calls it.

Only positive (schema-valid) input is generated: real Talk servers turn a missing required
parameter into a PHP TypeError (a 500), which the docs never promise to answer otherwise.
Generation without shrinking: the first broken example is reported as found, with no extra requests.
"""

from __future__ import annotations

import random
import re
import time
from dataclasses import replace

import pytest

from talk_conformance.plugin import verdicts
from talk_conformance.run import client, masking
from talk_conformance.run.exchange import REQUEST_ID_HEADER, Exchange
from talk_conformance.spec import profile
from talk_conformance.spec.problem import ContractViolation, Problem

FEATURE = "Fuzzing (schemathesis)"
STATEFUL_STEPS = 6
PATH_PATTERNS = {"token": re.compile(r"[a-z0-9]{4,30}")}
CREATED = (200, 201)


def _fuzzed(op: profile.Operation):
    """An operation as a test: gated like a scenario by the capability the docs tie it to."""
    marks = [pytest.mark.capability(op.raw["x-talk-capability"])] if op.raw.get("x-talk-capability") else []
    if op.raw.get("x-talk-unless-capability"):
        marks.append(pytest.mark.without_capability(op.raw["x-talk-unless-capability"]))
    return pytest.param(op.id, marks=marks, id=op.id)


def collect(profiles: list[profile.Profile] | None = None) -> list:
    """The fuzzed operations of ``profiles`` (default: those a run judges) as test parameters
    (profile name, operationId); the first profile's keep the bare operationId as their test id."""
    chosen = profiles if profiles is not None else list(profile.PROFILES)
    params = []
    for index, api in enumerate(chosen):
        for _, op in sorted(api.operations.items()):
            if not op.fuzzed:
                continue  # x-talk-not-fuzzed: it would change the shared accounts under other scenarios
            param = _fuzzed(op)
            params.append(pytest.param(api.name, op.id, marks=param.marks,
                                       id=op.id if index == 0 else f"{api.name}:{op.id}"))
    return params


def fuzzed_operations(profiles: list[profile.Profile] | None = None) -> list[str]:
    """The operationIds :func:`collect` makes a test of, by test id."""
    return [p.id for p in collect(profiles)]


OPERATIONS = collect()


# schemathesis and hypothesis are imported where they are used: a worker process that gets no fuzz
# test never pays for them (~0.5 s each start).


@pytest.fixture(scope="session")
def fuzz_schema(target):
    import schemathesis
    from schemathesis import GenerationMode

    owner = target.accounts["owner"]
    left_out = [op.id for op in target.wire.profile.operations.values() if not op.fuzzed]
    loaded = schemathesis.openapi.from_path(target.wire.profile.document_path)
    # Nor may the stateful test call what is not fuzzed.
    schema = loaded.exclude(operation_id=left_out) if left_out else loaded
    schema.config.update(base_url=target.base_url, headers=dict(client.OCS_HEADERS), basic_auth=owner.auth)
    schema.config.generation.update(modes=[GenerationMode.POSITIVE], database="none")
    return schema


@pytest.fixture(scope="session")
def fuzz_session(target):
    """The owner's HTTP session for fuzzing: an app password (or the login cookie) keeps requests cheap.
    The owner has a conversation of its own first, so that listing conversations answers with room
    objects to judge (an empty list says nothing about them) whatever else runs meanwhile."""
    setup = client.Actor(target.wire, "fuzzing set-up", target.accounts["owner"], judged=False)
    try:
        reply = setup.call("createRoom", roomType=3, roomName="fuzzing")
        if reply.status == 201 and isinstance(reply.data, dict) and isinstance(reply.data.get("token"), str):
            target.track_room(reply.data["token"], target.accounts["owner"])
    finally:
        setup.close()
    session = client.new_session(target.wire.base_url)
    session.auth = target.accounts["owner"].auth
    yield session
    session.close()


def _settings(run_options, **extra):
    import hypothesis

    return hypothesis.settings(
        max_examples=run_options.fuzz_examples, deadline=None, database=None,
        phases=[hypothesis.Phase.explicit, hypothesis.Phase.generate], report_multiple_bugs=False,
        suppress_health_check=list(hypothesis.HealthCheck), **extra)


def _outside_the_contract(case) -> bool:
    """A path parameter the document's pattern forbids: no route can match it, so the answer (an OCS
    998 "Invalid query" from the framework) is not the operation's to judge. Schemathesis' stateful
    value reuse sometimes puts another operation's value (a room name) into {token}."""
    for name, value in (case.path_parameters or {}).items():
        pattern = PATH_PATTERNS.get(name)
        if pattern and not (isinstance(value, str) and pattern.fullmatch(value)):
            return True
    return False


def _prepare(case, target) -> dict:
    """``?format=json`` on the case itself (so the curl line reproduces it) and a request id."""
    case.query = {**(case.query or {}), **client.OCS_QUERY}
    return {REQUEST_ID_HEADER: target.wire.ids.new()}


class FirstFinding:
    """The first broken answer a fuzz test found. Hypothesis replays a failing example before it
    reports it, and against a live server the replay can differ (the state changed, so it calls
    the result flaky); the finding itself is what the run saw first, so that is what is reported."""

    def __init__(self):
        self.violation: ContractViolation | None = None

    def run(self, test) -> None:
        try:
            test()
        except Exception:
            if self.violation is None:
                raise
        if self.violation is not None:
            raise self.violation


def _judge(target, case, response, headers: dict, finding: FirstFinding,
           throttling: client.Throttling | None = None) -> None:
    """Publish the exchange to the run's stream; raise what the contract judge (and we) found. A 429
    Too Many Requests still there after every retry is no answer to judge: the suite could not judge."""
    op_id = case.operation.definition.raw.get("operationId")
    throttling = throttling or client.Throttling()
    gave_up = response.status_code == client.TOO_MANY_REQUESTS
    body = _parsed(response)
    exchange = Exchange(
        request_id=headers[REQUEST_ID_HEADER], actor="fuzzer (owner)", operation=op_id, method=case.method,
        url=response.request.url, request_headers=masking.mask_headers(dict(response.request.headers)),
        request_fields=masking.mask_fields(case.body if isinstance(case.body, dict) else None),
        status=response.status_code, response_headers=masking.mask_headers(
            {k: ", ".join(v) if isinstance(v, list) else v for k, v in response.headers.items()}),
        body=body, text=response.content.decode("utf-8", "replace"), seconds=response.elapsed, source="fuzz",
        judged=not gave_up, retries=throttling.retries, waited=throttling.waited)
    target.wire.stream.publish(exchange)
    if gave_up:
        raise client.Throttled(client.throttled_message(case.method, response.request.url, throttling))
    problems = list(exchange.problems)
    where = {"operation": op_id or "", "method": case.method, "path": case.operation.path,
             "status": response.status_code}
    if response.status_code >= 500:
        problems.insert(0, Problem("server-error", **where, expected="no server error",
                                   actual=str(response.status_code)))
    if exchange.body is not None and not isinstance(exchange.body, (dict, list)) and response.status_code != 304:
        problems.append(Problem("not-json", **where, expected="a JSON body", actual="not JSON",
                                detail="the body is not JSON although application/json was asked for"))
    if op_id == "createRoom" and response.status_code in CREATED:
        token = ((body or {}).get("ocs") or {}).get("data", {}) if isinstance(body, dict) else {}
        if isinstance(token, dict) and isinstance(token.get("token"), str):
            target.track_room(token["token"], target.accounts["owner"])
    if problems:
        curl = masking.mask(case.as_curl_command(headers={**headers, "Authorization": masking.MASK}))
        problems[-1] = replace(problems[-1], extra=(f"Reproduce with: {curl}",))
        violation = ContractViolation(problems, exchange.request_id)
        finding.violation = finding.violation or violation
        raise violation


def _parsed(response):
    if not response.content:
        return None
    try:
        return response.json()
    except ValueError:
        return response.content.decode("utf-8", "replace")


def _seed(request) -> int:
    """The seed of a fuzz test's examples, kept on the item for the report, which prints the command
    line that replays it: ``-p hypothesispytest --hypothesis-seed=N`` makes hypothesis use N."""
    import hypothesis.core

    seed = hypothesis.core.global_force_seed
    request.node.stash[verdicts.FUZZ_SEED] = random.getrandbits(32) if seed is None else seed
    return request.node.stash[verdicts.FUZZ_SEED]


@pytest.fixture(autouse=True)
def _fuzz_identity(request):
    """The name a person reads in the reports: the operation, as the docs name it."""
    request.node.stash[verdicts.FEATURE] = FEATURE
    params = getattr(getattr(request.node, "callspec", None), "params", {})
    op_id = params.get("operation_id")
    if op_id:
        op = profile.by_name(params.get("profile_name", profile.PROFILES[0].name)).operation(op_id)
        request.node.stash[verdicts.TITLE] = f"{op.title} ({op_id}) answers as documented to generated input"
    else:
        request.node.stash[verdicts.TITLE] = "Sequences of operations linked by the document answer as documented"


@pytest.mark.fuzz
@pytest.mark.parametrize(("profile_name", "operation_id"), OPERATIONS)
def test_operation_conforms(profile_name, operation_id, target, run_options, request):
    import hypothesis
    from schemathesis import GenerationMode

    if target.profile.name != profile_name:
        pytest.skip(f"the target speaks API {target.profile.name}, not {profile_name}")
    fuzz_schema = request.getfixturevalue("fuzz_schema")
    fuzz_session = request.getfixturevalue("fuzz_session")

    operation = fuzz_schema.find_operation_by_id(operation_id)
    fixed = {}
    finding = FirstFinding()
    long_poll = target.wire.profile.operation(operation_id).long_poll
    if long_poll:  # never sit in a long poll: ask for the shortest wait
        fixed["query"] = {long_poll[0]: 1}

    @hypothesis.seed(_seed(request))
    @_settings(run_options)
    @hypothesis.given(case=operation.as_strategy(GenerationMode.POSITIVE, **fixed))
    def check(case):
        if _outside_the_contract(case):
            hypothesis.reject()
        headers = _prepare(case, target)
        started = time.perf_counter()
        response, throttling = client.send_patiently(
            lambda: case.call(session=fuzz_session, headers=headers, timeout=target.wire.timeout + 1))
        response.elapsed = response.elapsed or time.perf_counter() - started
        _judge(target, case, response, headers, finding, throttling)

    finding.run(check)


@pytest.mark.fuzz
def test_stateful_sequences_conform(fuzz_schema, fuzz_session, target, run_options, request):
    import hypothesis

    finding = FirstFinding()

    class TalkStateMachine(fuzz_schema.as_state_machine()):  # type: ignore[misc]
        def before_call(self, case):
            super().before_call(case)
            if _outside_the_contract(case):
                hypothesis.reject()

        def call(self, case, **kwargs):
            self._headers = _prepare(case, target)
            response, self._throttling = client.send_patiently(
                lambda: case.call(session=fuzz_session, headers=self._headers, timeout=target.wire.timeout + 1))
            return response

        def validate_response(self, response, case, additional_checks=None, **kwargs):
            __tracebackhide__ = True
            _judge(target, case, response, self._headers, finding, self._throttling)

    hypothesis.seed(_seed(request))(TalkStateMachine)
    finding.run(lambda: TalkStateMachine.run(settings=_settings(run_options, stateful_step_count=STATEFUL_STEPS)))
