"""The pytest plugin: options, the run's target and actors, capability gating, verdicts, reports.

One provisioning per run: the xdist controller (or the only process) opens the run lazily, the first
time something needs it, and ships it to the workers as plain data; it closes the run at the end.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

import pytest
from pytest_bdd.scenario import scenario_wrapper_template_registry
from pytest_bdd.utils import registry_get_safe

from talk_conformance import capabilities, client, embedded, secrets
from talk_conformance import target as targets
from talk_conformance.cli import parse_credentials
from talk_conformance.report import ReportCollector


def _credentials(text: str) -> tuple[str, str]:
    try:
        return parse_credentials(text)
    except argparse.ArgumentTypeError as exc:
        raise pytest.UsageError(f"talk-conformance: {exc}") from None


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("talk-conformance", "Talk conformance target")
    group.addoption("--base-url", default=os.environ.get("TALK_BASE_URL"), metavar="URL",
                    help="server root of the target (env TALK_BASE_URL); without it the embedded reference server runs")
    group.addoption("--admin", default=os.environ.get("TALK_ADMIN"), metavar="USER:PASS",
                    help="admin account used to provision throwaway users and a group (env TALK_ADMIN)")
    group.addoption("--user", action="append", default=[u for u in os.environ.get("TALK_USERS", "").split("\n") if u],
                    metavar="USER:PASS",
                    help="pre-made account, four times: owner, moderator, user, stranger (env TALK_USERS, one a line)")
    group.addoption("--group", default=os.environ.get("TALK_GROUP"), metavar="ID",
                    help="pre-made group holding the moderator and user accounts (env TALK_GROUP)")
    group.addoption("--fuzz-examples", type=int, default=10, metavar="N",
                    help="schemathesis examples per operation (default 10)")
    group.addoption("--report-dir", default=None, metavar="DIR",
                    help="write report.html, junit.xml and summary.json here")


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "fuzz: schemathesis fuzzing of openapi.yaml (deselect with -m 'not fuzz')")
    config.addinivalue_line("markers", "capability(name): needs a capability the target advertises")
    report_dir = config.getoption("report_dir")
    if report_dir and not config.option.xmlpath:
        config.option.xmlpath = str(Path(report_dir) / "junit.xml")
    if not hasattr(config, "workerinput"):
        config.pluginmanager.register(RunOwner(config), "talk-run-owner")
        if report_dir:
            config.pluginmanager.register(ReportCollector(config, Path(report_dir)), "talk-report")


class RunOwner:
    """Opens the run once per pytest invocation and closes it at the end (controller side)."""

    def __init__(self, config: pytest.Config):
        self.config = config
        # Parsed at configure time, so a malformed option stops pytest once instead of failing every test.
        self.admin = _credentials(config.getoption("admin")) if config.getoption("admin") else None
        self.users = [_credentials(u) for u in config.getoption("user")]
        self.server: embedded.EmbeddedServer | None = None
        self.run: targets.RunInfo | None = None

    def ensure(self) -> targets.RunInfo:
        if self.run is None:
            self.run = self._open()
        return self.run

    def _open(self) -> targets.RunInfo:
        opt = self.config.getoption
        base_url, admin, users = opt("base_url"), self.admin, self.users
        if not base_url:
            try:
                self.server = embedded.start()
            except embedded.ServerDidNotStart as exc:
                pytest.exit(f"talk-conformance: {exc}", returncode=2)
            base_url, admin = self.server.url, self.server.admin
        try:
            run = targets.open_run(base_url, admin=admin, users=users, group=opt("group"))
        except targets.SetupError as exc:
            self.close()
            pytest.exit(f"talk-conformance: {exc}", returncode=2)
        reason = run.capabilities.unsupported_profile()
        if reason:
            targets.close_run(run)
            self.close()
            pytest.exit(f"talk-conformance: {reason}", returncode=2)
        return run

    def close(self) -> None:
        if self.run is not None:
            targets.close_run(self.run)
            self.run = None
        if self.server is not None:
            self.server.stop()
            self.server = None

    @pytest.hookimpl(optionalhook=True)
    def pytest_configure_node(self, node) -> None:
        node.workerinput["talk_run"] = self.ensure().to_json()

    def pytest_unconfigure(self) -> None:
        self.close()


@pytest.fixture(scope="session")
def run_info(request: pytest.FixtureRequest) -> targets.RunInfo:
    workerinput = getattr(request.config, "workerinput", None)
    if workerinput is not None:
        return targets.RunInfo.from_json(workerinput["talk_run"])
    return request.config.pluginmanager.get_plugin("talk-run-owner").ensure()


@pytest.fixture(scope="session")
def target(run_info: targets.RunInfo):
    t = targets.Target(run_info)
    yield t
    t.close()


def pytest_bdd_apply_tag(tag: str, function):
    """``@capability:<name>`` becomes the registered mark ``capability(name)`` (select with -m capability)."""
    if tag.startswith(capabilities.TAG_PREFIX):
        pytest.mark.capability(tag[len(capabilities.TAG_PREFIX):])(function)
        return True
    return None


def pytest_bdd_step_error(request, feature, scenario, step, step_func, step_func_args, exception) -> None:
    # The report names the step that failed: the sentence a reader can find in the feature file.
    request.node.talk_failed_step = f"Step failed: {step.keyword} {step.name}"


@pytest.fixture(autouse=True)
def _capability_gate(request: pytest.FixtureRequest) -> None:
    required = capabilities.required_by(request.node.iter_markers())
    if required:
        reason = request.getfixturevalue("target").capabilities.skip_reason(required)
        if reason:
            pytest.skip(reason)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    client.current = client.Transcript()


_http_mark = [0, 0.0]


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    report = yield
    # Plain attributes survive xdist's report serialization; the controller's collector reads them.
    report.http_requests = client.stats.requests - _http_mark[0]
    report.http_seconds = client.stats.seconds - _http_mark[1]
    _http_mark[:] = [client.stats.requests, client.stats.seconds]
    report.capabilities = capabilities.required_by(item.iter_markers())
    scenario = registry_get_safe(scenario_wrapper_template_registry, getattr(item, "obj", None))
    if scenario is not None:
        report.feature, report.scenario = scenario.feature.name, scenario.name
    report.verdict = _verdict(report, call)
    if report.failed:
        # Masked here, where every secret of this process is known (room passwords included).
        exc = call.excinfo.value if call.excinfo else None
        crash = getattr(report.longrepr, "reprcrash", None)
        message = str(exc) if isinstance(exc, AssertionError) else (crash.message if crash else str(report.longrepr))
        step = getattr(item, "talk_failed_step", None)
        report.message = secrets.mask(f"{step}\n{message}" if step else message)
        report.transcript = client.current.render()
    if report.when == "teardown":
        report.seen_statuses = sorted(client.seen_statuses)
        client.seen_statuses.clear()
    return report


def _verdict(report: pytest.TestReport, call: pytest.CallInfo) -> str:
    """passed, failed (the server broke a rule), skipped, or error (the suite could not judge)."""
    if report.skipped:
        return "skipped"
    if report.passed:
        return "passed"
    # An assertion about the server (a step, a contract check) is its failure; anything else, such
    # as an unreachable target or a broken suite, means the suite could not judge.
    exc = call.excinfo.value if call.excinfo else None
    return "failed" if isinstance(exc, AssertionError) else "error"
