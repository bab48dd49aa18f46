"""Verdicts: what each test's outcome means, said once for the console and every report.

passed · failed (the server broke a documented rule: an AssertionError from a step, the contract or
the fuzzer) · skipped (a capability the server does not advertise) · expected (a failure that does not
count: every problem it reports cites a deviation the user expects with ``--expect-deviations``, or
its title is listed there; or it is of a scenario tagged ``@beyond-the-docs``, which checks what no
document states) · error (anything else: the suite could not judge).

A scenario of a capability the server does not advertise runs anyway (a probe) and is skipped with
that reason whatever happens; when it passes, it is marked ``works_not_advertised``.
The outcome rides on pytest's report as one serialised :class:`~talk_conformance.output.results.Outcome`
(``report.talk_outcome``), so the console's counts (``pytest_report_teststatus``), the JUnit XML and
the reports built from the same reports agree. A failure's problems are values
(:class:`~talk_conformance.spec.problem.Problem`): the contract's, a status check's, and a step's own
assertion as a ``behaviour`` problem. The contract problems of answers whose status was right are
recorded as the scenario goes on and fail it at its end, with whatever else it found.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pytest_bdd.scenario import scenario_wrapper_template_registry
from pytest_bdd.utils import registry_get_safe

from talk_conformance.output.results import Outcome, Verdict, cause_of
from talk_conformance.run import masking
from talk_conformance.spec import capabilities, deviations
from talk_conformance.spec.problem import ContractViolation, Problem, RuleBroken, behaviour, render_all

STATUS = {Verdict.FAILED: ("failed", "F", "FAILED"), Verdict.ERROR: ("error", "E", "ERROR"),
          Verdict.EXPECTED: ("xfailed", "x", "EXPECTED FAILURE")}
UNKNOWN_ROUTE = 998  # Nextcloud's OCS status for a route it does not have
BEYOND_THE_DOCS_TAG = "beyond-the-docs"  # the Gherkin tag; the mark is beyond_the_docs
# An item's side state: the step that failed, the reason it is a probe, a fuzz test's seed and names.
FAILED_STEP = pytest.StashKey[object]()
# The replies a scenario's steps got (fixture ``scenario_replies``), and where each step's replies start.
SCENARIO_REPLIES = pytest.StashKey[list]()
STEP_STARTS = pytest.StashKey[list[tuple[int, object]]]()
FAILED_CHECK = pytest.StashKey[str]()
PROBE = pytest.StashKey[str]()
FUZZ_SEED = pytest.StashKey[int]()
TITLE = pytest.StashKey[str]()
FEATURE = pytest.StashKey[str]()
# The problems of a test's call that were recorded on the way (contract problems of right statuses).
DEFERRED = pytest.StashKey[list[Problem]]()


def outcome_of(report) -> Outcome | None:
    """The outcome a report carries (None for a report of no test of this suite)."""
    data = getattr(report, "talk_outcome", None)
    return Outcome.from_report(data) if data is not None else None


def load_expectations(path: str | None) -> set[str]:
    """Deviation ids and scenario titles the user expects to fail (see :func:`deviations.read_expectations`)."""
    return deviations.read_expectations(path)


def explained_by(problems: list[Problem], expected: set[str]) -> bool:
    """Whether every problem of a failure cites a deviation the user expects."""
    return bool(problems) and all(set(p.deviations) & expected for p in problems)


def matched_expectations(tests: list[dict], expected: set[str]) -> set[str]:
    """The expected ids and titles something of the run met: a scenario of that title, or a failure
    citing that deviation (counted or expected)."""
    met = set()
    for t in tests:
        met |= {t["name"]} & expected
        met |= {d for p in t.get("problems") or [] for d in p.get("deviations") or []} & expected
    return met


def is_rule_broken(exc: BaseException | None) -> bool:
    """An assertion about the server, also inside a group (hypothesis may report several at once)."""
    if isinstance(exc, BaseExceptionGroup):
        return all(is_rule_broken(e) for e in exc.exceptions)
    return isinstance(exc, AssertionError)


def problems_of(exc: BaseException | None, step: str = "", operation: str = "") -> list[Problem]:
    """The problems an exception reports: a RuleBroken's values; a step's plain assertion as one
    behaviour problem; a group's, each."""
    if isinstance(exc, BaseExceptionGroup):
        return [p for e in exc.exceptions for p in problems_of(e, step, operation)]
    if isinstance(exc, RuleBroken):
        return list(exc.problems)
    if isinstance(exc, AssertionError):
        return [behaviour(masking.mask(str(exc).strip()), operation=operation, step=step)]
    return []


class Verdicts:
    def __init__(self, recorder, expect_deviations: str | None):
        self.recorder = recorder
        self.expectations_file = expect_deviations
        self.expected = load_expectations(expect_deviations)
        self._http = (0, 0.0)

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_setup(self, item: pytest.Item) -> None:
        self.recorder.transcript.clear()

    def pytest_bdd_before_step(self, request, feature, scenario, step, step_func):
        replies = request.node.stash.get(SCENARIO_REPLIES, [])
        request.node.stash.setdefault(STEP_STARTS, []).append((len(replies), step))

    def pytest_bdd_step_error(self, request, feature, scenario, step, step_func, step_func_args, exception):
        request.node.stash[FAILED_STEP] = step
        # The rule a step's own assertion checks is the step definition, whatever values it was given.
        request.node.stash[FAILED_CHECK] = f"{step_func.__module__}.{step_func.__name__}"

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_call(self, item: pytest.Item):
        """The contract problems recorded on the way fail the scenario at its end, with what else it found."""
        try:
            result = yield
        except pytest.skip.Exception:
            # Skipped: an action whose status no step checked is not judged (it never was); what the
            # answers before it broke is no skip.
            deferred = self._deferred(item, checked_only=True)
            if deferred and PROBE not in item.stash:
                raise ContractViolation(deferred) from None
            raise
        except Exception:
            if PROBE in item.stash:
                # A probe is skipped whatever it met (_probed): skipped at once, pytest does not format
                # the failure's traceback (parsing every frame's source file, ~0.2 s a probe).
                self._deferred(item)
                raise pytest.skip.Exception(item.stash[PROBE]) from None
            deferred = self._deferred(item)
            if deferred:
                item.stash[DEFERRED] = deferred
            raise
        except BaseException:
            deferred = self._deferred(item)
            if deferred:
                item.stash[DEFERRED] = deferred
            raise
        first = self._first_broken_step(item)
        deferred = self._deferred(item)
        if deferred:
            if first is not None:  # the step whose answer broke the documents first
                item.stash[FAILED_STEP] = first
            raise ContractViolation(deferred, None)
        return result

    @staticmethod
    def _deferred(item: pytest.Item, checked_only: bool = False) -> list[Problem]:
        replies = item.stash.get(SCENARIO_REPLIES, [])
        return [p for reply in replies if not (checked_only and reply.awaiting_status) for p in reply.take_problems()]

    @staticmethod
    def _first_broken_step(item: pytest.Item):
        """The step that got the first answer with problems no step has raised yet."""
        replies = item.stash.get(SCENARIO_REPLIES, [])
        first = next((i for i, reply in enumerate(replies) if reply.problems and not reply.reported), None)
        if first is None:
            return None
        starts: list[tuple[int, object]] = item.stash.get(STEP_STARTS, [])
        return next((step for start, step in reversed(starts) if start <= first), None)

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_makereport(self, item: pytest.Item, call: pytest.CallInfo):
        report = yield
        stats = self.recorder.statistics
        feature, scenario, steps = _identity(item)
        location, docs = _where(item)
        outcome = Outcome(
            id=report.nodeid, feature=feature or report.nodeid.split("::")[0],
            name=scenario or report.nodeid.split("::")[-1],
            capabilities=capabilities.required_by(item.iter_markers()),
            verdict=_verdict(report, call).value,
            beyond_docs=item.get_closest_marker("beyond_the_docs") is not None,
            # For triage: where the scenario is written, the docs its feature quotes, a fuzz test's seed.
            location=location, docs=docs, without_capabilities=capabilities.excluded_by(item.iter_markers()),
            fuzz_seed=item.stash.get(FUZZ_SEED, None),
            http_requests=stats.requests - self._http[0], http_seconds=stats.seconds - self._http[1],
            http_throttled=stats.drain_throttled(), duration=report.duration)
        self._http = (stats.requests, stats.seconds)
        probe = item.stash.get(PROBE, None)
        if probe is not None:
            self._probed(item, report, outcome, probe)
        else:
            if report.when == "teardown":
                outcome.coverage = [list(c) for c in self.recorder.coverage.drain()]
            if outcome.verdict in (Verdict.FAILED, Verdict.ERROR):
                self._explain(item, report, outcome, call, steps)
            elif report.skipped and isinstance(report.longrepr, tuple):
                outcome.message = str(report.longrepr[2]).removeprefix("Skipped: ")
            if report.when == "call":
                self._apply_expectations(report, outcome)
        # One string: it survives xdist's report serialization; the controller's collector reads it.
        report.talk_outcome = outcome.to_report()
        return report

    def _probed(self, item, report, outcome: Outcome, reason: str) -> None:
        """A probe of an unadvertised capability is skipped whatever it found; a pass is noted."""
        if report.when == "teardown":
            outcome.coverage = [list(c) for c in self.recorder.coverage.drain()]
        # A refusal proves nothing (a stranger's 404 holds where the route does not exist at all, and
        # an older server refuses for its own reasons): only a pass whose every answer was a success,
        # and none an unknown route (OCS 998), shows the capability at work.
        exchanges = self.recorder.transcript.exchanges
        works = report.when == "call" and report.passed and not any(
            _unknown_route(e.body) or e.status >= 400 for e in exchanges)
        if report.passed and report.when != "call":
            return  # set-up and teardown that went well say nothing
        outcome.works_not_advertised = works
        message = f"works, not advertised: {reason}, but its scenario passed" if works else reason
        report.outcome, outcome.verdict = "skipped", Verdict.SKIPPED.value
        outcome.message = outcome.cause = message
        report.longrepr = (str(item.path), 0, f"Skipped: {message}")

    def _explain(self, item, report, outcome: Outcome, call, steps) -> None:
        exc = call.excinfo.value if call.excinfo else None
        failed_step = item.stash.get(FAILED_STEP, None)
        exchanges = self.recorder.transcript.exchanges
        check = item.stash.get(FAILED_CHECK, "")
        last_op = exchanges[-1].operation if exchanges else ""
        problems = problems_of(exc, check, last_op or "")
        deferred = item.stash.get(DEFERRED, []) if report.when == "call" else []
        if is_rule_broken(exc):
            reason = render_all(problems) if problems else str(exc).strip()
        elif exc is not None:
            where = call.excinfo.traceback[-1] if call.excinfo.traceback else None
            place = f" ({Path(str(where.path)).name}:{where.lineno + 1})" if where else ""
            reason = f"the suite could not judge: {type(exc).__name__}: {exc}{place}"
            if deferred:  # the answers broke the documents first: that explains what the suite met
                outcome.verdict = Verdict.FAILED.value
                reason = f"and then {reason}"
        else:
            reason = str(report.longrepr)
        if deferred:
            before = render_all(deferred)
            reason = (f"{before}\n{reason}" if not problems else
                      f"{reason}\nand earlier answers broke the documents:\n{before}")
            problems = problems + deferred if problems else deferred
        outcome.problems = [p.to_json() for p in problems]
        outcome.message = masking.mask(reason)
        outcome.cause = cause_of(problems, outcome.message.splitlines()[0] if outcome.message else "")
        outcome.steps = _step_states(steps, failed_step)
        broke = getattr(exc, "request_id", None)
        if broke is None and exchanges and isinstance(exc, ContractViolation):
            broke = next((e.request_id for e in exchanges if e.problems), exchanges[-1].request_id)
        elif broke is None and exchanges and (is_rule_broken(exc) or deferred):
            broke = exchanges[-1].request_id
        outcome.exchanges = [{"request_id": e.request_id, "text": masking.mask(e.render()),
                              "broke": e.request_id == broke, **_parts(e)} for e in exchanges]
        outcome.operation = next((e.operation for e in exchanges if e.request_id == broke), None)
        report.longrepr = self._console_text(outcome, failed_step)

    @staticmethod
    def _console_text(outcome: Outcome, failed_step) -> str:
        """What the console prints for a failure: no fixture internals, the exchange that broke the rule."""
        lines = [f"Scenario: {outcome.name}  ({outcome.feature})"]
        if failed_step is not None:
            lines.append(masking.mask(f"Step failed: {failed_step.keyword} {failed_step.name}"))
        lines.append(outcome.message)
        broken = [e["text"] for e in outcome.exchanges if e["broke"]]
        if broken:
            lines += ["", "The exchange that broke the rule:", broken[0]]
        return "\n".join(lines)

    def _apply_expectations(self, report, outcome: Outcome) -> None:
        problems = outcome.problem_values()
        if outcome.beyond_docs and outcome.verdict == Verdict.FAILED and not any(p.contract for p in problems):
            # No document states what it checks: it is reported beside the matrix, never failed (an
            # answer that breaks the documents on the way still fails it).
            outcome.verdict, report.outcome = Verdict.EXPECTED.value, "skipped"
            outcome.message = "beyond the docs (reported, not failed): " + outcome.message
            report.wasxfail = outcome.message
            return
        if not self.expected:
            return
        # A deviation explains a failure only when it explains every problem the failure reports.
        listed = outcome.name in self.expected or explained_by(problems, self.expected)
        if outcome.verdict == Verdict.FAILED and listed:
            outcome.verdict = Verdict.EXPECTED.value
            report.outcome = "skipped"  # pytest's own exit code must not count it as a failure
            report.wasxfail = outcome.message
        elif outcome.verdict == Verdict.PASSED and outcome.name in self.expected:
            outcome.verdict, report.outcome = Verdict.FAILED.value, "failed"
            outcome.message = (f"expected to fail (listed in {self.expectations_file}), "
                               "but it passed: the server now does what the docs say; remove it from the list")
            outcome.cause, outcome.exchanges, outcome.steps = outcome.message, [], []
            outcome.problems = [behaviour(outcome.message, step="(--expect-deviations)").to_json()]
            report.longrepr = f"Scenario: {outcome.name}  ({outcome.feature})\n{outcome.message}"

    def pytest_report_teststatus(self, report, config):
        outcome = outcome_of(report)
        verdict = Verdict(outcome.verdict) if outcome is not None else None
        if report.when == "call" and verdict in STATUS:
            return STATUS[verdict]
        if report.when in ("setup", "teardown") and verdict == Verdict.FAILED:
            return "failed", "F", "FAILED"
        return None


def _unknown_route(body) -> bool:
    meta = body.get("ocs", {}).get("meta", {}) if isinstance(body, dict) and isinstance(body.get("ocs"), dict) else {}
    return isinstance(meta, dict) and meta.get("statuscode") == UNKNOWN_ROUTE


def _step_states(steps: list, failed) -> list[dict]:
    """The scenario's steps, the failing one marked, those after it "not run". The hook's step is the
    rendered scenario's object, not the template's: compare by position in the feature file (an
    outline's example renders the step's text, ``<level>`` becomes ``1``; its line stays)."""
    where = failed.line_number if failed is not None else None
    states, seen_failure = [], False
    for step in steps:
        if where is not None and step.line_number == where:
            state, seen_failure = "failed", True
        else:
            state = "not run" if seen_failure else ("passed" if where is not None else "")
        states.append({"keyword": step.keyword, "text": masking.mask(step.name), "state": state})
    return states


def _parts(e) -> dict:
    """An exchange's parts, masked, for the report's structured view (pretty bodies, folded headers)."""
    body = e.body if isinstance(e.body, (dict, list)) else None
    return {"operation": e.operation, "actor": e.actor, "method": e.method, "url": masking.mask(e.url),
            "status": e.status, "seconds": round(e.seconds, 3),
            "request_headers": masking.mask_headers(dict(e.request_headers)),
            "response_headers": masking.mask_headers(dict(e.response_headers)),
            "request_fields": _masked(masking.mask_fields(e.request_fields)) if isinstance(e.request_fields, dict)
            else None, "body": _masked(body), "problems": [masking.mask(p.render()) for p in e.problems]}


def _masked(value):
    """A JSON value with every known secret masked, wherever it sits."""
    return None if value is None else json.loads(masking.mask(json.dumps(value, ensure_ascii=False)))


def _where(item: pytest.Item) -> tuple[str, str]:
    """("features/chat/sending.feature:12", the feature's and the scenario's descriptions), or for a
    test written in Python its file and line."""
    scenario = scenario_of(item)
    if scenario is None:
        path, line, _ = item.location
        return f"{path}:{(line or 0) + 1}", ""
    feature = scenario.feature
    docs = "\n".join(d.strip() for d in (feature.description, getattr(scenario, "description", "")) if d and d.strip())
    return f"features/{feature.rel_filename}:{scenario.line_number}", docs


def scenario_of(item: pytest.Item):
    """The pytest-bdd scenario an item runs, or None (fuzzing)."""
    return registry_get_safe(scenario_wrapper_template_registry, getattr(item, "obj", None))


def _identity(item: pytest.Item) -> tuple[str, str, list]:
    """(feature, title, steps) of a scenario; fuzz items name themselves."""
    scenario = scenario_of(item)
    if scenario is not None:
        title = scenario.name
        callspec = getattr(item, "callspec", None)
        if callspec is not None and "_pytest_bdd_example" in callspec.params:
            example = callspec.params["_pytest_bdd_example"]
            title += " [" + ", ".join(f"{k}={v}" for k, v in example.items()) + "]" if example else ""
        return scenario.feature.name, title, list(scenario.steps)
    return item.stash.get(FEATURE, Path(str(item.path)).stem), item.stash.get(TITLE, item.name), []


def _verdict(report: pytest.TestReport, call: pytest.CallInfo) -> Verdict:
    if report.skipped:
        return Verdict.SKIPPED
    if report.passed:
        return Verdict.PASSED
    return Verdict.FAILED if is_rule_broken(call.excinfo.value if call.excinfo else None) else Verdict.ERROR
