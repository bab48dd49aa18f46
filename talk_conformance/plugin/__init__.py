"""The pytest plugin: options, the run's target and actors, selection, capability gating.

One provisioning per run: the process that owns the run (the xdist controller, or the only process)
opens it once, before the first test (or before the workers start), and ships it to the workers as
plain data; it closes the run at the end, also when interrupted. When the run cannot be opened, the
reason is one line on stderr, nothing runs, the reports say why and the exit code is 2.
"""

from __future__ import annotations

import signal
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from talk_conformance.plugin import collector, selection, steplookup, verdicts
from talk_conformance.run import client, embedded, settings
from talk_conformance.spec import capabilities, deviations, profile
from talk_conformance.run import target as targets
from talk_conformance.spec.contract import Judge
from talk_conformance.run.exchange import Coverage, RequestIds, Statistics, Stream, Transcript
from talk_conformance.output import report
from talk_conformance.output.results import RunVerdict

COULD_NOT_JUDGE = RunVerdict.COULD_NOT_JUDGE.exit_code
FAULT_TAG = "fault:"


@dataclass
class Options:
    """The run's settings, parsed (see :mod:`talk_conformance.run.settings`)."""
    base_url: str | None = None
    admin: tuple[str, str] | None = None
    user: list[tuple[str, str]] = field(default_factory=list)
    group: str | None = None
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


def _check_capabilities(wanted: list[str]) -> None:
    """``--capability favorite`` (a typo) is refused before the run, naming the nearest known one."""
    if not wanted:
        return
    from talk_conformance import ROOT, catalogue

    problem = catalogue.unknown_capability(wanted, catalogue.capabilities(catalogue.load(ROOT / "features")))
    if problem:
        raise settings.SettingError(problem)


OPTIONS = pytest.StashKey[Options]()
CHOSEN_FEATURES = pytest.StashKey[set]()
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
    steplookup.install()
    try:
        options = read_options(config)
        _check_capabilities(options.capability)
    except settings.SettingError as exc:
        report_dir = config.getoption("report_dir")
        if report_dir and not hasattr(config, "workerinput"):
            try:
                report.could_not_judge(Path(report_dir), str(exc))
            except OSError:
                pass  # the folder is what is wrong: the one line says so
        raise pytest.UsageError(f"talk-conformance: {exc}") from None
    config.stash[OPTIONS] = options
    config.stash[CHOSEN_FEATURES] = _features_named_in_args(config)
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
        if _distributed(config):
            owner.open_before_workers()
        report_dir = Path(options.report_dir) if options.report_dir else None
        config.pluginmanager.register(collector.ReportCollector(config, report_dir, owner), "talk-report")


@dataclass
class Recorder:
    """This process's view of the exchange stream: the running test's transcript, statistics, coverage."""
    transcript: Transcript = field(default_factory=Transcript)
    statistics: Statistics = field(default_factory=Statistics)
    coverage: Coverage = field(default_factory=Coverage)

    def stream(self, caps: capabilities.Capabilities) -> Stream:
        stream = Stream()
        for subscriber in (self.transcript, self.statistics, self.coverage, Judge(caps)):
            stream.subscribe(subscriber)
        return stream


class RunOwner:
    """Opens the run once per pytest invocation and closes it at the end (controller side)."""

    def __init__(self, config: pytest.Config, options: Options):
        self.config = config
        self.options = options
        self.server: embedded.EmbeddedServer | None = None
        self.run: targets.RunInfo | None = None
        self.last_run: targets.RunInfo | None = None  # kept after closing, for the reports
        self.problem: str | None = None  # why the run could not be opened
        self.removed: list[str] = []
        # How the outputs name the target: its URL, or the embedded server by name (its port says nothing).
        self.description: str | None = options.base_url
        self.interrupted_by: int | None = None
        self.reporting = 0  # inside pytest_runtest_logreport: a signal waits until every plugin saw the report
        self.deferred: int | None = None
        self.previous_handlers: dict = {}

    def ensure(self) -> targets.RunInfo | None:
        if self.run is None and self.problem is None:
            # Before anything is created on the target: an interruption from here on cleans up.
            _install_signal_handlers(self)
            try:
                self.run = self.last_run = self._open()
            except Interrupted as exc:
                # Before any test: nothing runs, the reports say so (see report.py's interrupted path).
                self.removed = getattr(exc, "talk_removed", [])
                self.problem = str(exc)
                self.close()
                return None
            except (targets.SetupError, embedded.ServerDidNotStart, profile.Unsupported) as exc:
                self.problem = str(exc)
                self.close()
                sys.stderr.write(f"talk-conformance: {self.problem}\n")
                sys.stderr.flush()
        return self.run

    def _open(self) -> targets.RunInfo:
        opt = self.options
        targets.check_accounts(opt.user, opt.group, opt.admin if opt.base_url else ("embedded", ""))
        base_url, admin = opt.base_url, opt.admin
        if not base_url:
            self.description = embedded.describe()
            self.server = embedded.start()
            base_url, admin = self.server.url, self.server.admin
            self.description = f"{self.server.description} at {base_url}"
        return targets.open_run(base_url, admin=admin, users=opt.user, group=opt.group, timeout=opt.request_timeout)

    def close(self) -> None:
        if self.run is not None:
            run, self.run = self.run, None
            self.removed = targets.close_run(run)
        if self.server is not None:
            self.server.stop()
            self.server = None

    def open_before_workers(self) -> None:
        """With workers: the run is opened at configure time, before xdist's own configure decides to
        start them. A run that cannot be opened needs none of them (each would start, import and
        collect for nothing): the session goes on in this process alone and deselects everything."""
        self.ensure()
        if self.problem is not None:
            self.config.option.dist = "no"

    @pytest.hookimpl(trylast=True)
    def pytest_collection_modifyitems(self, items: list) -> None:
        # One process: open the run once the selection is known, if anything is selected.
        if items and not self.config.option.collectonly and not _distributed(self.config):
            self.ensure()
        if self.problem is not None and items:
            self.config.hook.pytest_deselected(items=list(items))
            items[:] = []

    @pytest.hookimpl(wrapper=True, tryfirst=True)
    def pytest_runtest_logreport(self, report):
        """A report reaches the console and the collector alike, or neither: a signal that arrives while
        one plugin has it and another not yet is raised once all have it (else the console and
        summary.json disagree by the tests in flight)."""
        self.reporting += 1
        try:
            return (yield)
        finally:
            self.reporting -= 1
            if not self.reporting and self.deferred is not None:
                signum, self.deferred = self.deferred, None
                raise Interrupted(f"interrupted by {signal.Signals(signum).name}: removing what the run created")

    @pytest.hookimpl(optionalhook=True)
    def pytest_configure_node(self, node) -> None:
        node.workerinput["talk_run"] = self.run.to_json() if self.run else None

    def pytest_unconfigure(self) -> None:
        self.close()
        for sig, handler in self.previous_handlers.items():
            signal.signal(sig, handler)
        self.previous_handlers = {}


# Options that only show something (help, markers, fixtures): no run is opened for them.
SHOW_ONLY = ("help", "version", "markers", "showfixtures", "show_fixtures_per_test", "collectonly")


def _distributed(config: pytest.Config) -> bool:
    """Tests will run in xdist workers (not just be collected, listed or explained)."""
    return bool(getattr(config.option, "numprocesses", None)) and \
        not any(getattr(config.option, name, False) for name in SHOW_ONLY)


class Interrupted(KeyboardInterrupt):
    """SIGINT or SIGTERM: pytest unwinds as for Ctrl-C (reports, clean-up); a KeyboardInterrupt of
    another name, so pytest says it in one line instead of printing where it struck."""


EXIT_BY_SIGNAL = {signal.SIGINT: 130, signal.SIGTERM: 143}


def _install_signal_handlers(owner: RunOwner) -> None:
    if owner.previous_handlers or threading.current_thread() is not threading.main_thread():
        return

    def stop(signum, frame):
        owner.interrupted_by = signum
        for sig in EXIT_BY_SIGNAL:  # a second signal must not cut the clean-up short
            signal.signal(sig, signal.SIG_IGN)
        if owner.reporting:
            owner.deferred = signum  # raised once every plugin has the report in hand
            return
        raise Interrupted(f"interrupted by {signal.Signals(signum).name}: removing what the run created")

    owner.previous_handlers = {sig: signal.signal(sig, stop) for sig in EXIT_BY_SIGNAL}


def _features_named_in_args(config: pytest.Config) -> set[Path]:
    """``pytest features/conversation/rename.feature``: a feature file selects its scenarios, which
    ``features/test_scenarios.py`` binds; the path is swapped for that module, the rest deselected."""
    named = [a for a in config.args if a.split("::")[0].endswith(".feature")]
    if not named:
        return set()
    binder = str(Path(config.rootpath) / "features" / "test_scenarios.py")
    config.args[:] = [a for a in config.args if a not in named] + [binder]
    return {Path(a.split("::")[0]).resolve() for a in named}


def pytest_report_header(config: pytest.Config) -> str | None:
    """The console names the target first; the embedded server by name (its port says nothing)."""
    owner = config.stash.get(OWNER, None)
    options = config.stash.get(OPTIONS, None)
    if options is None:
        return None
    what = (owner.description if owner is not None and owner.description else None) or options.base_url \
        or embedded.describe()
    return f"talk-conformance target: {what}"


def pytest_itemcollected(item: pytest.Item) -> None:
    """``-k`` matches the words of the scenario's title, its feature's name and its file's name
    (``-k rename`` and ``-k Renaming`` both find every scenario of rename.feature)."""
    scenario = verdicts.scenario_of(item)
    if scenario is not None:
        item.extra_keyword_matches.update({scenario.name, scenario.feature.name,
                                           Path(scenario.feature.filename).stem})


def pytest_collection_modifyitems(session: pytest.Session, config: pytest.Config, items: list) -> None:
    """``--capability NAME`` and feature paths keep their scenarios; a run that cannot start keeps none."""
    workerinput = getattr(config, "workerinput", None)
    cannot_run = workerinput is not None and workerinput.get("talk_run") is None
    wanted = set(config.stash[OPTIONS].capability)
    features = config.stash[CHOSEN_FEATURES]
    if not (cannot_run or wanted or features):
        return

    def chosen(item) -> bool:
        scenario = verdicts.scenario_of(item)
        if features and (scenario is None or Path(scenario.feature.filename).resolve() not in features):
            return False
        return not wanted or bool(wanted & set(capabilities.required_by(item.iter_markers())))

    keep = [] if cannot_run else [i for i in items if chosen(i)]
    dropped = [i for i in items if i not in keep]
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = keep


@pytest.fixture(scope="session")
def run_options(request: pytest.FixtureRequest) -> Options:
    """The run's settings, parsed (never read the raw pytest options: they are unparsed text)."""
    return request.config.stash[OPTIONS]


@pytest.fixture(scope="session")
def run_info(request: pytest.FixtureRequest) -> targets.RunInfo:
    workerinput = getattr(request.config, "workerinput", None)
    run = (targets.RunInfo.from_json(workerinput["talk_run"]) if workerinput and workerinput.get("talk_run")
           else None if workerinput else request.config.stash[OWNER].ensure())
    if run is None:
        pytest.exit("talk-conformance: the run could not be opened", returncode=COULD_NOT_JUDGE)
    return run


@pytest.fixture(scope="session")
def target(run_info: targets.RunInfo, request: pytest.FixtureRequest):
    options = request.config.stash[OPTIONS]
    recorder = request.config.stash[RECORDER]
    process = getattr(request.config, "workerinput", {}).get("workerid", "main")
    wire = client.Wire(run_info.base_url, profile.by_name(run_info.profile), recorder.stream(run_info.capabilities),
                       RequestIds(run_info.prefix, process), options.request_timeout)
    t = targets.Target(run_info, wire)
    yield t
    t.close()


def pytest_bdd_apply_tag(tag: str, function):
    """``@capability:<name>`` and ``@fault:<name>`` become the marks ``capability(name)``, ``fault(name=…)``."""
    if tag.startswith(capabilities.TAG_PREFIX):
        pytest.mark.capability(tag[len(capabilities.TAG_PREFIX):])(function)
        return True
    if tag.startswith(capabilities.ABSENT_TAG_PREFIX):
        pytest.mark.without_capability(tag[len(capabilities.ABSENT_TAG_PREFIX):])(function)
        return True
    if tag == verdicts.BEYOND_THE_DOCS_TAG:
        pytest.mark.beyond_the_docs(function)
        return True
    if tag.startswith(FAULT_TAG):  # select a fault's guards with -m "fault(name='NAME')"
        pytest.mark.fault(name=tag[len(FAULT_TAG):])(function)
        return True
    return None


@pytest.fixture(autouse=True)
def _capability_gate(request: pytest.FixtureRequest) -> None:
    """A scenario of a capability the target does not advertise still runs, as a probe: whatever
    happens it is skipped with that reason, and one that passes is noted "works, not advertised"
    (see :mod:`talk_conformance.plugin.verdicts`). A scenario of what a capability removed is skipped."""
    required = capabilities.required_by(request.node.iter_markers())
    absent = capabilities.excluded_by(request.node.iter_markers())
    if required or absent:
        caps = request.getfixturevalue("target").capabilities
        reason = caps.skip_reason([], absent)
        if reason:
            pytest.skip(reason)
        reason = caps.skip_reason(required)
        if reason:
            request.node.stash[verdicts.PROBE] = reason
