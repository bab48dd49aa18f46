"""Run ownership: the process that owns the run (the xdist controller, or the only process) opens it
once, before the first test (or before the workers start), ships it to the workers as plain data and
closes it at the end, also when interrupted (SIGINT, SIGTERM). When the run cannot be opened, the
reason is one line on stderr and nothing runs."""

from __future__ import annotations

import signal
import sys
import threading
from typing import TYPE_CHECKING

import pytest

from talk_conformance.plugin import boot, selection
from talk_conformance.run import embedded
from talk_conformance.run import run as runs
from talk_conformance.run.exchange import Statistics, Stream
from talk_conformance.spec import profile

if TYPE_CHECKING:
    from talk_conformance.plugin import Options


class RunOwner:
    """Opens the run once per pytest invocation and closes it at the end (controller side)."""

    def __init__(self, config: pytest.Config, options: Options):
        self.config = config
        self.options = options
        self.server: embedded.EmbeddedServer | None = None
        self.run: runs.RunInfo | None = None
        self.last_run: runs.RunInfo | None = None  # kept after closing, for the reports
        self.problem: str | None = None  # why the run could not be opened
        self.removed: list[str] = []
        # How the outputs name the target: its URL, or the embedded server by name (its port says nothing).
        self.description: str | None = options.base_url
        self.interrupted_by: int | None = None
        self.reporting = 0  # inside pytest_runtest_logreport: a signal waits until every plugin saw the report
        self.deferred: int | None = None
        self.previous_handlers: dict = {}
        # The harness's own requests (provisioning, clean-up): the throttled ones are reported too.
        self.statistics = Statistics()
        self.stream = Stream()
        self.stream.subscribe(self.statistics)

    def ensure(self) -> runs.RunInfo | None:
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
            except (runs.SetupError, embedded.ServerDidNotStart, profile.Unsupported) as exc:
                self.problem = str(exc)
                self.close()
                sys.stderr.write(f"talk-conformance: {self.problem}\n")
                sys.stderr.flush()
        return self.run

    def _open(self) -> runs.RunInfo:
        opt = self.options
        runs.check_accounts(opt.user, opt.group, opt.admin if opt.base_url else ("embedded", ""))
        if opt.base_url and opt.release:
            raise runs.SetupError("--release chooses the embedded reference server's release; a --base-url "
                                  "server is judged by the release it advertises (leave --release out)")
        base_url, admin = opt.base_url, opt.admin
        if not base_url:
            self.description = embedded.describe(opt.release)
            release = opt.release or embedded.DEFAULT_RELEASE
            self.server = (boot.take(self.config, release) or embedded.launch(profile=release)).ready()
            base_url, admin = self.server.url, self.server.admin
            self.description = f"{self.server.description} at {base_url}"
        return runs.open_run(base_url, admin=admin, users=opt.user, group=opt.group, timeout=opt.request_timeout,
                             stream=self.stream)

    def close(self, wait: bool = True) -> None:
        """Close the run and stop the embedded server; ``wait=False`` only asks it to stop (a later
        close waits for it)."""
        if self.run is not None:
            run, self.run = self.run, None
            self.removed = runs.close_run(run, self.stream)
        if self.server is not None:
            if not wait:
                self.server.terminate()
                return
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
        if items and not self.config.option.collectonly and not distributed(self.config):
            self.ensure()
        if self.run is not None:
            selection.keep_api(self.config, items, self.run.profile)
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


def distributed(config: pytest.Config) -> bool:
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


