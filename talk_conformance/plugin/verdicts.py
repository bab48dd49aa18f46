"""Verdicts: what each test's outcome means, said once for the console and every report.

passed · failed (the server broke a documented rule: an AssertionError from a step, the contract or
the fuzzer) · skipped (a capability the server does not advertise) · expected (a failure that does not
count: every problem it reports cites a deviation the user expects with ``--expect-deviations``, or
its title is listed there; or it is of a scenario tagged ``@beyond-the-docs``, which checks what no
document states) · error (anything else: the suite could not judge).

A scenario of a capability the server does not advertise runs anyway (a probe) and is skipped with
that reason whatever happens; when it passes, it is marked ``works_not_advertised``.
The verdict rides on pytest's report, so the console's counts (``pytest_report_teststatus``), the
JUnit XML and the reports built from the same reports agree.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from pytest_bdd.scenario import scenario_wrapper_template_registry
from pytest_bdd.utils import registry_get_safe

from talk_conformance.run import masking
from talk_conformance.spec import capabilities, deviations

STATUS = {"failed": ("failed", "F", "FAILED"), "error": ("error", "E", "ERROR"),
          "expected": ("xfailed", "x", "EXPECTED FAILURE")}
UNKNOWN_ROUTE = 998  # Nextcloud's OCS status for a route it does not have
BEYOND_THE_DOCS_TAG = "beyond-the-docs"  # the Gherkin tag; the mark is beyond_the_docs
_CITED = re.compile(r"known deviation ([a-z0-9-]+)")


def load_expectations(path: str | None) -> set[str]:
    """Deviation ids and scenario titles the user expects to fail (see :func:`deviations.read_expectations`)."""
    return deviations.read_expectations(path)


def problem_lines(message: str) -> list[str]:
    """The problems a failure reports, one a line (a line ending in ":" introduces the ones after it;
    pytest's explanation of a rewritten assert, from its "assert ..." line on, repeats the values)."""
    lines = []
    for line in (message or "").splitlines():
        if line.startswith("assert "):
            break
        if line.strip() and not line.rstrip().endswith(":") and not line.startswith("Step failed"):
            lines.append(line)
    return lines


def explained_by(message: str, expected: set[str]) -> bool:
    """Whether every problem of a failure cites a deviation the user expects."""
    lines = problem_lines(message)
    return bool(lines) and all(set(_CITED.findall(line)) & expected for line in lines)


def matched_expectations(tests: list[dict], expected: set[str]) -> set[str]:
    """The expected ids and titles something of the run met: a scenario of that title, or a failure
    citing that deviation (counted or expected)."""
    met = set()
    for t in tests:
        met |= {t["name"]} & expected
        met |= set(_CITED.findall(t.get("message") or "")) & expected
    return met


def is_rule_broken(exc: BaseException | None) -> bool:
    """An assertion about the server, also inside a group (hypothesis may report several at once)."""
    if isinstance(exc, BaseExceptionGroup):
        return all(is_rule_broken(e) for e in exc.exceptions)
    return isinstance(exc, AssertionError)


# The offending value of a schema problem (contract._describe): it varies, the rule does not.
_VALUE = re.compile(r" \(the value: .*?\)(?= \(known deviation|; |$)")


def cause_of(message: str) -> str:
    """The problem without what varies between scenarios (values, list positions), so the same broken
    rule on the same field of the same operation groups together."""
    line = next(iter(problem_lines(message)), None) or next((ln for ln in message.splitlines() if ln.strip()), "")
    line = re.sub(r"\[\d+\]", "[*]", line)
    return _VALUE.sub("", line)


class Verdicts:
    def __init__(self, recorder, expect_deviations: str | None):
        self.recorder = recorder
        self.expectations_file = expect_deviations
        self.expected = load_expectations(expect_deviations)
        self._http = (0, 0.0)

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_setup(self, item: pytest.Item) -> None:
        self.recorder.transcript.clear()

    def pytest_bdd_step_error(self, request, feature, scenario, step, step_func, step_func_args, exception):
        request.node.talk_failed_step = step

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_makereport(self, item: pytest.Item, call: pytest.CallInfo):
        report = yield
        stats = self.recorder.statistics
        # Plain attributes survive xdist's report serialization; the controller's collector reads them.
        report.http_requests, report.http_seconds = stats.requests - self._http[0], stats.seconds - self._http[1]
        self._http = (stats.requests, stats.seconds)
        report.capabilities = capabilities.required_by(item.iter_markers())
        report.feature, report.scenario, steps = _identity(item)
        report.verdict = _verdict(report, call)
        report.beyond_docs = item.get_closest_marker("beyond_the_docs") is not None
        # For triage: where the scenario is written, the docs its feature quotes, a fuzz test's seed.
        report.talk_location, report.docs = _where(item)
        report.without_capabilities = capabilities.excluded_by(item.iter_markers())
        report.fuzz_seed = getattr(item, "talk_fuzz_seed", None)
        probe = getattr(item, "talk_probe", None)
        if probe is not None:
            return self._probed(item, report, probe)
        if report.when == "teardown":
            report.coverage = self.recorder.coverage.drain()
        if report.verdict in ("failed", "error"):
            self._explain(item, report, call, steps)
        if report.when == "call":
            self._apply_expectations(report, call.excinfo.value if call.excinfo else None)
        return report

    def _probed(self, item, report, reason: str):
        """A probe of an unadvertised capability is skipped whatever it found; a pass is noted."""
        if report.when == "teardown":
            report.coverage = self.recorder.coverage.drain()
        # A refusal proves nothing (a stranger's 404 holds where the route does not exist at all, and
        # an older server refuses for its own reasons): only a pass whose every answer was a success,
        # and none an unknown route (OCS 998), shows the capability at work.
        exchanges = self.recorder.transcript.exchanges
        works = report.when == "call" and report.passed and not any(
            _unknown_route(e.body) or e.status >= 400 for e in exchanges)
        if report.passed and report.when != "call":
            return report  # set-up and teardown that went well say nothing
        report.works_not_advertised = works
        message = f"works, not advertised: {reason}, but its scenario passed" if works else reason
        report.outcome, report.verdict, report.message, report.cause = "skipped", "skipped", message, message
        report.longrepr = (str(item.path), 0, f"Skipped: {message}")
        return report

    def _explain(self, item, report, call, steps) -> None:
        exc = call.excinfo.value if call.excinfo else None
        failed_step = getattr(item, "talk_failed_step", None)
        if is_rule_broken(exc):
            reason = str(exc).strip()
        elif exc is not None:
            where = call.excinfo.traceback[-1] if call.excinfo.traceback else None
            place = f" ({Path(str(where.path)).name}:{where.lineno + 1})" if where else ""
            reason = f"the suite could not judge: {type(exc).__name__}: {exc}{place}"
        else:
            reason = str(report.longrepr)
        report.message = masking.mask(reason)
        report.cause = cause_of(report.message)
        report.steps = _step_states(steps, failed_step)
        broke = getattr(exc, "request_id", None)
        exchanges = self.recorder.transcript.exchanges
        if broke is None and exchanges and is_rule_broken(exc):
            broke = exchanges[-1].request_id
        report.exchanges = [{"request_id": e.request_id, "text": e.render(), "broke": e.request_id == broke,
                             **_parts(e)} for e in exchanges]
        report.operation = next((e.operation for e in exchanges if e.request_id == broke), None)
        report.longrepr = self._console_text(report, failed_step)

    @staticmethod
    def _console_text(report, failed_step) -> str:
        """What the console prints for a failure: no fixture internals, the exchange that broke the rule."""
        lines = [f"Scenario: {report.scenario}  ({report.feature})"]
        if failed_step is not None:
            lines.append(masking.mask(f"Step failed: {failed_step.keyword} {failed_step.name}"))
        lines.append(report.message)
        broken = [e["text"] for e in report.exchanges if e["broke"]]
        if broken:
            lines += ["", "The exchange that broke the rule:", broken[0]]
        return "\n".join(lines)

    def _apply_expectations(self, report, exc: BaseException | None = None) -> None:
        if report.beyond_docs and report.verdict == "failed" and not _documented_rule(exc):
            # No document states what it checks: it is reported beside the matrix, never failed (an
            # answer that breaks the documents on the way still fails it).
            report.verdict, report.outcome = "expected", "skipped"
            report.message = "beyond the docs (reported, not failed): " + report.message
            report.wasxfail = report.message
            return
        if not self.expected:
            return
        # A deviation explains a failure only when it explains every problem the failure reports.
        listed = report.scenario in self.expected or explained_by(getattr(report, "message", ""), self.expected)
        if report.verdict == "failed" and listed:
            report.verdict = "expected"
            report.outcome = "skipped"  # pytest's own exit code must not count it as a failure
            report.wasxfail = report.message
        elif report.verdict == "passed" and report.scenario in self.expected:
            report.verdict, report.outcome = "failed", "failed"
            report.message = (f"expected to fail (listed in {self.expectations_file}), "
                              "but it passed: the server now does what the docs say; remove it from the list")
            report.cause, report.exchanges, report.steps = report.message, [], []
            report.longrepr = f"Scenario: {report.scenario}  ({report.feature})\n{report.message}"

    def pytest_report_teststatus(self, report, config):
        verdict = getattr(report, "verdict", None)
        if report.when == "call" and verdict in STATUS:
            return STATUS[verdict]
        if report.when in ("setup", "teardown") and verdict == "failed":
            return "failed", "F", "FAILED"
        return None


def _documented_rule(exc: BaseException | None) -> bool:
    """An answer that breaks openapi.yaml itself (the contract), not the scenario's own expectation."""
    from talk_conformance.spec.contract import ContractViolation

    return isinstance(exc, ContractViolation)


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
            else None, "body": _masked(body), "problems": [masking.mask(p) for p in e.problems]}


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
    title = getattr(item, "talk_title", None) or item.name
    return getattr(item, "talk_feature", None) or Path(str(item.path)).stem, title, []


def _verdict(report: pytest.TestReport, call: pytest.CallInfo) -> str:
    if report.skipped:
        return "skipped"
    if report.passed:
        return "passed"
    return "failed" if is_rule_broken(call.excinfo.value if call.excinfo else None) else "error"
