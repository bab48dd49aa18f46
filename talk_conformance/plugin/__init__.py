"""The pytest plugin: options, the session fixtures (the run, the target), and the parts it registers.

The parts, one job each: :mod:`~talk_conformance.plugin.owner` (run ownership: one provisioning per
run, opened once and closed at the end, also when interrupted; a run that cannot be opened is one
line on stderr, nothing runs, the reports say why and the exit code is 2),
:mod:`~talk_conformance.plugin.selection` (every collection hook, in order),
:mod:`~talk_conformance.plugin.gating` (capability, without-capability and profile tags),
:mod:`~talk_conformance.plugin.verdicts`, :mod:`~talk_conformance.plugin.collector` (the reports),
:mod:`~talk_conformance.plugin.fuzz` (the schemathesis harness, bound by features/test_fuzz.py),
:mod:`~talk_conformance.plugin.boot` (loaded apart, with ``-p``: the embedded server boots while pytest
starts up).
"""

from __future__ import annotations

import gc
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from talk_conformance.output import report
from talk_conformance.output.results import RunVerdict
from talk_conformance.plugin import collector, selection, steplookup, verdicts
from talk_conformance.plugin.gating import _capability_gate, pytest_bdd_apply_tag  # noqa: F401  (pytest reads them here)
from talk_conformance.plugin.owner import RunOwner, distributed
from talk_conformance.run import client, embedded, session, settings
from talk_conformance.run import run as runs
from talk_conformance.run.exchange import Coverage, RequestIds, Statistics, Stream, Transcript
from talk_conformance.spec import deviations, profile
from talk_conformance.spec.contract import Contract, Judge

COULD_NOT_JUDGE = RunVerdict.COULD_NOT_JUDGE.exit_code


@dataclass
class Options:
    """The run's settings, parsed (see :mod:`talk_conformance.run.settings`)."""
    base_url: str | None = None
    admin: tuple[str, str] | None = None
    user: list[tuple[str, str]] = field(default_factory=list)
    group: str | None = None
    release: str | None = None
    capability: list[str] = field(default_factory=list)
    fuzz_examples: int = 10
    expect_deviations: str | None = None
    request_timeout: float = 30.0
    report_dir: str | None = None


def read_options(config: pytest.Config) -> Options:
    """Command line first, then the environment, then the default; SettingError names the option."""
    values = {}
    for s in settings.for_command("pytest"):
        given = config.getoption(s.dest)
        if given in (None, []):
            values[s.dest] = s.from_env()
            continue
        try:
            parsed = [s.parse(v) if s.parse else v for v in (given if s.repeat else [given])]
        except settings.SettingError as exc:
            raise settings.SettingError(f"{s.flags[0]}: {exc}") from None
        values[s.dest] = parsed if s.repeat else parsed[0]
    return Options(**values)


OPTIONS = pytest.StashKey[Options]()
RECORDER = pytest.StashKey["Recorder"]()
OWNER = pytest.StashKey["RunOwner"]()


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("talk-conformance", "Talk conformance target")
    for s in settings.for_command("pytest"):
        env = f" (environment: {s.env})" if s.env else ""
        group.addoption(*s.flags, dest=s.dest, action="append" if s.repeat else "store", default=None,
                        metavar=s.metavar, help=s.help + env)


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "fuzz: schemathesis fuzzing of openapi.yaml (deselect with -m 'not fuzz')")
    config.addinivalue_line("markers", "capability(name): needs a capability the target advertises")
    config.addinivalue_line("markers", "without_capability(name): runs only where the target does not advertise it")
    config.addinivalue_line("markers", "fault(name): a reference-server fault this scenario must catch")
    config.addinivalue_line("markers", "beyond_the_docs: checks what no document states; reported, never failed")
    config.addinivalue_line("markers", "profile(name): only for a target of this API profile (v1, v4)")
    config.addinivalue_line("markers", "theme(name): the coverage theme a scenario checks (coverage.yaml)")
    steplookup.install()
    if getattr(config.option, "tbstyle", "auto") == "auto":
        # A failure's own message says what broke (the verdict); pytest's default traceback style parses
        # the source file of every frame for it (~0.2 s a failure). The native one reads lines only.
        config.option.tbstyle = "native"
    try:
        options = read_options(config)
        selection.check_capabilities(options.capability)
    except settings.SettingError as exc:
        report_dir = config.getoption("report_dir")
        if report_dir and not hasattr(config, "workerinput"):
            try:
                report.could_not_judge(Path(report_dir), str(exc))
            except OSError:
                pass  # the folder is what is wrong: the one line says so
        raise pytest.UsageError(f"talk-conformance: {exc}") from None
    config.stash[OPTIONS] = options
    config.stash[selection.CHOSEN_FEATURES] = selection.features_named_in_args(config)
    config.stash[selection.WANTED] = set(options.capability)
    config.stash[RECORDER] = Recorder()
    try:
        judging = verdicts.Verdicts(config.stash[RECORDER], options.expect_deviations)
    except deviations.ExpectationsError as exc:
        # Nothing can be judged as the user meant it: one line, reports saying why, exit 2.
        if options.report_dir and not hasattr(config, "workerinput"):
            report.could_not_judge(Path(options.report_dir), str(exc))
        pytest.exit(f"talk-conformance: {exc}", returncode=COULD_NOT_JUDGE)
    config.pluginmanager.register(judging, "talk-verdicts")
    config.pluginmanager.register(selection, "talk-selection")
    if not hasattr(config, "workerinput"):
        owner = RunOwner(config, options)
        config.stash[OWNER] = owner
        config.pluginmanager.register(owner, "talk-run-owner")
        if distributed(config):
            owner.open_before_workers()
        report_dir = Path(options.report_dir) if options.report_dir else None
        config.pluginmanager.register(collector.ReportCollector(config, report_dir, owner), "talk-report")


def settle_heap() -> None:
    """What exists once the tests are collected (modules, documents, schemas, the tests themselves) lives
    until the process ends: frozen, the cyclic collector stops walking it again on every full collection,
    and a larger youngest generation makes collections rarer. Fuzzing allocates heavily: this halves the
    collector's share of a worker's time (about 0.3 s each in the main job)."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(7000, 20, 100)


@pytest.hookimpl(trylast=True)
def pytest_sessionstart(session: pytest.Session) -> None:
    # The xdist controller collects nothing (its workers do): its heap is settled once it is set up.
    if distributed(session.config):
        settle_heap()


@pytest.hookimpl(trylast=True)
def pytest_collection_finish(session: pytest.Session) -> None:
    settle_heap()


@dataclass
class Recorder:
    """This process's view of the exchange stream: the running test's transcript, statistics, coverage."""
    transcript: Transcript = field(default_factory=Transcript)
    statistics: Statistics = field(default_factory=Statistics)
    coverage: Coverage = field(default_factory=Coverage)

    def stream(self, contract: Contract) -> Stream:
        stream = Stream()
        for subscriber in (self.transcript, self.statistics, self.coverage, Judge(contract)):
            stream.subscribe(subscriber)
        return stream


def pytest_report_header(config: pytest.Config) -> str | None:
    """The console names the target first; the embedded server by name (its port says nothing)."""
    owner = config.stash.get(OWNER, None)
    options = config.stash.get(OPTIONS, None)
    if options is None:
        return None
    what = (owner.description if owner is not None and owner.description else None) or options.base_url \
        or embedded.describe(options.release)
    return f"talk-conformance target: {what}"


@pytest.fixture
def scenario_replies(request: pytest.FixtureRequest) -> list:
    """Every answer a scenario's steps got (the steps' World appends them): the contract problems of
    those whose status was right fail the scenario at its end (see :mod:`talk_conformance.plugin.verdicts`)."""
    return request.node.stash.setdefault(verdicts.SCENARIO_REPLIES, [])


@pytest.fixture(scope="session")
def run_options(request: pytest.FixtureRequest) -> Options:
    """The run's settings, parsed (never read the raw pytest options: they are unparsed text)."""
    return request.config.stash[OPTIONS]


@pytest.fixture(scope="session")
def run_info(request: pytest.FixtureRequest) -> runs.RunInfo:
    workerinput = getattr(request.config, "workerinput", None)
    run = (runs.RunInfo.from_json(workerinput["talk_run"]) if workerinput and workerinput.get("talk_run")
           else None if workerinput else request.config.stash[OWNER].ensure())
    if run is None:
        pytest.exit("talk-conformance: the run could not be opened", returncode=COULD_NOT_JUDGE)
    return run


@pytest.fixture(scope="session")
def target(run_info: runs.RunInfo, request: pytest.FixtureRequest):
    options = request.config.stash[OPTIONS]
    recorder = request.config.stash[RECORDER]
    process = getattr(request.config, "workerinput", {}).get("workerid", "main")
    api = profile.by_name(run_info.profile)
    wire = client.Wire(run_info.base_url, api, recorder.stream(api.contract_for(run_info.capabilities)),
                       RequestIds(run_info.prefix, process), options.request_timeout)
    t = session.Target(run_info, wire)
    yield t
    t.close()
