"""The controller's collector: every test's outcome as it arrives, then at the end of the session the
summary document and its renderings (talk_conformance.output.report), the verdict and the exit code."""

from __future__ import annotations

import signal
import sys
import time
from pathlib import Path

import pytest

from talk_conformance.output import results
from talk_conformance.output.report import build_summary, throttling_line, write_reports
from talk_conformance.output.results import Outcome, RunVerdict, Verdict
from talk_conformance.plugin import selection, verdicts
from talk_conformance.run import masking
from talk_conformance.spec import deviations, profile

# pytest's exit codes of a session whose test loop ended by itself (not interrupted, not stopped by -x).
RAN_TO_THE_END = (pytest.ExitCode.OK, pytest.ExitCode.TESTS_FAILED, pytest.ExitCode.NO_TESTS_COLLECTED)


class ReportCollector:
    def __init__(self, config: pytest.Config, report_dir: Path | None, owner):
        self.config = config
        self.report_dir = report_dir
        self.owner = owner
        self.started = time.time()
        self.tests: dict[str, Outcome] = {}
        self.coverage: set[tuple[str, int]] = set()
        self.http: dict = {"requests": 0, "seconds": 0.0, "throttled": []}
        self.interrupted = False
        self.stopped: str | None = None  # -x or --maxfail stopped the run ("stopping after 4 failures")
        self.ran: set[str] = set()  # tests whose outcome is known (a call, or a set-up that did not pass)
        self.document: dict | None = None

    @pytest.hookimpl(optionalhook=True)
    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        if report.when == "call" or (report.when == "setup" and not report.passed):
            self.ran.add(report.nodeid)
        phase = verdicts.outcome_of(report)
        if phase is None:  # a report this suite's plugin did not make (it is not loaded in that process)
            verdict = report.outcome if report.outcome in results.VERDICTS else Verdict.ERROR.value
            phase = Outcome(id=report.nodeid, feature=report.nodeid.split("::")[0],
                            name=report.nodeid.split("::")[-1], verdict=verdict,
                            message=masking.mask(str(report.longrepr or "")), duration=report.duration)
        self.http["requests"] += phase.http_requests
        self.http["seconds"] += phase.http_seconds
        self.http["throttled"].extend(phase.http_throttled)
        self.coverage.update((op, status) for op, status in phase.coverage)
        known = self.tests.get(report.nodeid)
        if known is None:
            # The first phase names the test; the worst phase gives its verdict and explanation.
            known = self.tests[report.nodeid] = Outcome(
                id=phase.id, feature=phase.feature, name=phase.name, capabilities=phase.capabilities,
                beyond_docs=phase.beyond_docs, location=phase.location, docs=phase.docs,
                without_capabilities=phase.without_capabilities)
        known.fuzz_seed = phase.fuzz_seed if phase.fuzz_seed is not None else known.fuzz_seed
        known.works_not_advertised = known.works_not_advertised or phase.works_not_advertised
        known.duration = round(known.duration + report.duration, 3)
        if Verdict(phase.verdict).rank > Verdict(known.verdict).rank:
            known.verdict, known.message, known.cause = phase.verdict, phase.message, phase.cause or phase.message
            known.problems, known.steps, known.exchanges = phase.problems, phase.steps, phase.exchanges
            known.operation = phase.operation

    def entries(self) -> list[dict]:
        """The summary's entries of the tests whose outcome is known."""
        return [t.summary_entry() for t in self.tests.values() if t.id in self.ran]

    def _expectations(self, run) -> dict | None:
        """The --expect-deviations file and what of it the run did not meet. A deviation whose releases
        exclude the server's release cannot be met there: it is not listed."""
        judging = self.config.pluginmanager.get_plugin("talk-verdicts")
        if judging is None or not judging.expectations_file:
            return None
        release = None
        catalogue = deviations.V1
        if run is not None:
            judge = profile.by_name(run.profile).contract_for(run.capabilities)
            release, catalogue = judge.release, judge.deviations
        known = catalogue.ids()
        unmet = judging.expected - verdicts.matched_expectations(self.entries(), judging.expected)
        unmet = {e for e in unmet if e not in known or catalogue.named(e, release)}
        return {"file": str(judging.expectations_file), "unmatched": sorted(unmet)}

    def pytest_keyboard_interrupt(self, excinfo) -> None:
        # xdist stops a run at --maxfail/-x by raising pytest's Interrupted: a stop, not an interruption.
        message = str(excinfo.value)
        if self.owner.interrupted_by is None and message.startswith("stopping after"):
            self.stopped = message
        else:
            self.interrupted = True

    @property
    def _interrupted(self) -> bool:
        return self.interrupted or self.owner.interrupted_by is not None

    @pytest.hookimpl(tryfirst=True)
    def pytest_sessionfinish(self, session: pytest.Session, exitstatus) -> None:
        """A session that ran to its end (every worker finished its tests) is reported first thing: the
        reports are written while xdist waits for the worker processes to exit (about 0.3 s)."""
        if exitstatus in RAN_TO_THE_END:
            self._finish(session)

    @pytest.hookimpl(trylast=True, specname="pytest_sessionfinish")
    def pytest_sessionfinish_after_workers(self, session: pytest.Session, exitstatus) -> None:
        """An interrupted or stopped session is reported last, once xdist has stopped the workers: the
        run's users are deleted only when no test can still be using them. (pytest takes only methods
        named pytest_… for hooks, whatever their specname.)"""
        if self.document is None:
            self._finish(session)

    def _finish(self, session: pytest.Session) -> None:
        # Close the run first: the reports then say what clean-up removed. The embedded server stops
        # meanwhile; pytest_unconfigure waits for it.
        self.owner.close(wait=False)
        chosen = selection.of(self.config)
        problem = self.owner.problem
        if problem is None and self.config.option.collectonly:
            problem = "the tests were only collected (--collect-only): nothing was checked"
        run = self.owner.last_run
        if problem is None and chosen is not None and chosen["selected"] and not self.ran \
                and not self._interrupted and not self.stopped:
            # Neither interrupted nor stopped, yet nothing ran: pytest refused something (a -k expression).
            problem = "no selected test ran (see the error above): nothing was checked"
        if self.stopped is None and isinstance(session.shouldfail, str):
            self.stopped = session.shouldfail  # -x or --maxfail in one process
        description = getattr(self.owner, "description", None)
        self.document = build_summary(
            tests=self.entries(), selection=chosen, problem=problem,
            interrupted=self._interrupted, stopped=self.stopped,
            target=({"base_url": run.base_url, "version": run.version, "features": run.features,
                     "profile": run.profile, "description": description or run.base_url} if run else
                    {"base_url": None, "version": "", "features": [], "profile": None, "description": description}),
            http={**self.http, "throttled": [*self.owner.statistics.throttled, *self.http["throttled"]]},
            started=self.started, coverage=self.coverage, removed=self.owner.removed,
            expectations=self._expectations(run))
        if self.report_dir is not None:
            write_reports(self.document, self.report_dir)
        if self._interrupted:
            signum = self.owner.interrupted_by or signal.SIGINT
            removed = self.document["cleanup"]["removed"]
            where = f"; reports in {self.report_dir}" if self.report_dir else ""
            never = f"; {self.document['not_run']} tests never ran" if self.document["not_run"] else ""
            sys.stderr.write(f"talk-conformance: interrupted by {signal.Signals(signum).name}: removed "
                             f"{len(removed)} users and groups the run had created, and their rooms{never}{where}\n")
            # A rule found broken stays the verdict whatever stopped the run.
            session.exitstatus = (RunVerdict.NOT_CONFORMANT.exit_code
                                  if self.document["verdict"] == RunVerdict.NOT_CONFORMANT else 128 + signum)
            return
        if self.document["verdict"] == "could-not-judge" and self.owner.problem is None:
            sys.stderr.write(f"talk-conformance: could not judge: {self.document['reason']}\n")
        session.exitstatus = RunVerdict(self.document["verdict"]).exit_code

    def pytest_terminal_summary(self, terminalreporter) -> None:
        """The closing summary names the scenarios that failed, as the reports do, how many never ran,
        and the expected deviations the run never met (the server may have been fixed: the list can shrink)."""
        chosen = selection.of(self.config)
        if chosen is not None and self.owner.problem is None and not self.config.option.collectonly:
            never = max(0, chosen["selected"] - len(self.ran))
            if never:
                why = self.stopped or ("interrupted" if self._interrupted else "stopped")
                terminalreporter.line(f"talk-conformance: {never} of {chosen['selected']} selected tests never ran "
                                      f"({why})", yellow=True, bold=True)
        unjudged = [e for e in ((self.document or {}).get("capability_matrix") or {}).get("not_judged") or []
                    if e["family"]]
        if unjudged and self.owner.problem is None:
            terminalreporter.line("talk-conformance: advertised, not judged (the suite has no scenario for them yet): "
                                  + ", ".join(e["capability"] for e in unjudged))
        throttled = throttling_line((self.document or {}).get("http") or {})
        if throttled:
            terminalreporter.line(f"talk-conformance: {throttled}", yellow=True)
        unmet = ((self.document or {}).get("expectations") or {}).get("unmatched") or []
        if unmet:
            terminalreporter.section("expected deviations that matched nothing in this run")
            for entry in unmet:
                terminalreporter.line(entry)
        bad = [t for t in self.entries() if t["verdict"] in (Verdict.FAILED, Verdict.ERROR)]
        if bad:
            terminalreporter.section("scenarios that failed or could not be judged")
            for t in sorted(bad, key=lambda t: (t["feature"], t["name"])):
                terminalreporter.line(f"{t['verdict'].upper():7} {t['feature']}: {t['name']}")
        broken = (self.document or {}).get("causes") or []
        if broken:
            terminalreporter.section(results.headline(broken, len({s["id"] for c in broken for s in c["scenarios"]})))
            for cause in broken:
                known = f" (known deviation {', '.join(cause['deviations'])})" if cause["deviations"] else ""
                rule = cause["rule"] if len(cause["rule"]) <= 200 else cause["rule"][:199] + "…"
                terminalreporter.line(f"{rule}{known}: in {len(cause['scenarios'])} scenario"
                                      f"{'s' if len(cause['scenarios']) != 1 else ''}")
