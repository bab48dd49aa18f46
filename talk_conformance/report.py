"""The results document, and the reports written from it: summary.json, junit.xml, report.html.

The collector runs where every test report arrives (the xdist controller, or the only process) and
builds one document; the three files are renderings of that document, and the process's exit status
is its verdict, so the console, the files and the exit code never disagree.
"""

from __future__ import annotations

import json
import signal
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from talk_conformance import contract, deviations, junit, masking, pages, selection, verdicts
from talk_conformance.verdicts import VERDICTS

SCHEMA_ID = "talk-conformance/summary/v1"
CORE = "(no capability needed)"
BEYOND = "(beyond the docs)"  # checks no document states: reported here, never failed
_RANK = {"error": 4, "failed": 3, "expected": 2, "skipped": 1, "passed": 0}
EXIT = {"conformant": 0, "not-conformant": 1, "could-not-judge": 2}


class ReportCollector:
    def __init__(self, config: pytest.Config, report_dir: Path | None, owner):
        self.config = config
        self.report_dir = report_dir
        self.owner = owner
        self.started = time.time()
        self.tests: dict[str, dict] = {}
        self.coverage: set[tuple[str, int]] = set()
        self.http = {"requests": 0, "seconds": 0.0}
        self.interrupted = False
        self.stopped: str | None = None  # -x or --maxfail stopped the run ("stopping after 4 failures")
        self.ran: set[str] = set()  # tests whose outcome is known (a call, or a set-up that did not pass)
        self.document: dict | None = None

    @pytest.hookimpl(optionalhook=True)
    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        if report.when == "call" or (report.when == "setup" and not report.passed):
            self.ran.add(report.nodeid)
        entry = self.tests.setdefault(report.nodeid, {
            "id": report.nodeid,
            "feature": getattr(report, "feature", "") or report.nodeid.split("::")[0],
            "name": getattr(report, "scenario", "") or report.nodeid.split("::")[-1],
            "capabilities": list(getattr(report, "capabilities", [])),
            "verdict": "passed", "message": "", "cause": "", "steps": [], "exchanges": [], "duration": 0.0,
            "beyond_docs": bool(getattr(report, "beyond_docs", False)), "works_not_advertised": False,
        })
        if getattr(report, "works_not_advertised", False):
            entry["works_not_advertised"] = True
        entry["duration"] = round(entry["duration"] + report.duration, 3)
        self.http["requests"] += getattr(report, "http_requests", 0)
        self.http["seconds"] += getattr(report, "http_seconds", 0.0)
        self.coverage.update((op, status) for op, status in getattr(report, "coverage", []))
        verdict = getattr(report, "verdict", report.outcome)
        if _RANK.get(verdict, 0) > _RANK[entry["verdict"]]:
            entry["verdict"] = verdict
            if verdict == "skipped" and isinstance(report.longrepr, tuple):
                entry["message"] = str(report.longrepr[2]).removeprefix("Skipped: ")
            else:
                entry["message"] = masking.mask(getattr(report, "message", "") or str(report.longrepr or ""))
            entry["cause"] = getattr(report, "cause", entry["message"])
            entry["steps"] = getattr(report, "steps", [])
            entry["exchanges"] = [{**e, "text": masking.mask(e["text"])} for e in getattr(report, "exchanges", [])]

    def _expectations(self, run) -> dict | None:
        """The --expect-deviations file and what of it the run did not meet. A deviation whose releases
        exclude the server's release cannot be met there: it is not listed."""
        judging = self.config.pluginmanager.get_plugin("talk-verdicts")
        if judging is None or not judging.expectations_file:
            return None
        release = None
        if run is not None:
            release = contract.for_server(run.capabilities).release
        known = deviations.ids()
        unmet = judging.expected - verdicts.matched_expectations(list(self.tests.values()), judging.expected)
        unmet = {e for e in unmet if e not in known or deviations.named(e, release)}
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

    @pytest.hookimpl(trylast=True)
    def pytest_sessionfinish(self, session: pytest.Session, exitstatus) -> None:
        # Close the run first: the reports then say what clean-up removed.
        self.owner.close()
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
            tests=[t for t in self.tests.values() if t["id"] in self.ran], selection=chosen, problem=problem,
            interrupted=self._interrupted, stopped=self.stopped,
            target=({"base_url": run.base_url, "version": run.version, "features": run.features,
                     "profile": run.profile, "description": description or run.base_url} if run else
                    {"base_url": None, "version": "", "features": [], "profile": None, "description": description}),
            http=self.http, started=self.started, coverage=self.coverage, removed=self.owner.removed,
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
            session.exitstatus = 1 if self.document["verdict"] == "not-conformant" else 128 + signum
            return
        if self.document["verdict"] == "could-not-judge" and self.owner.problem is None:
            sys.stderr.write(f"talk-conformance: could not judge: {self.document['reason']}\n")
        session.exitstatus = EXIT[self.document["verdict"]]

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
        unmet = ((self.document or {}).get("expectations") or {}).get("unmatched") or []
        if unmet:
            terminalreporter.section("expected deviations that matched nothing in this run")
            for entry in unmet:
                terminalreporter.line(entry)
        bad = [t for t in self.tests.values() if t["verdict"] in ("failed", "error") and t["id"] in self.ran]
        if bad:
            terminalreporter.section("scenarios that failed or could not be judged")
            for t in sorted(bad, key=lambda t: (t["feature"], t["name"])):
                terminalreporter.line(f"{t['verdict'].upper():7} {t['feature']}: {t['name']}")

    @staticmethod
    def could_not_judge(report_dir: Path, reason: str) -> None:
        """Reports for a run that never started (a malformed option): CI always finds them."""
        write_reports(build_summary(tests=[], selection=None, problem=reason, interrupted=False,
                                    target={"base_url": None, "version": "", "features": [], "profile": None,
                                            "description": None},
                                    http={"requests": 0, "seconds": 0.0}, started=time.time(), coverage=set(),
                                    removed=[]), report_dir)


def _verdict(totals: Counter, problem: str | None, chosen: dict | None) -> tuple[str, str]:
    if problem:
        return "could-not-judge", problem
    if chosen is not None and chosen["selected"] == 0:
        return "could-not-judge", "no scenario was selected: nothing was checked"
    if totals["failed"]:
        return "not-conformant", f"{totals['failed']} checks found a documented rule broken"
    if totals["error"]:
        return "could-not-judge", f"the suite could not judge {totals['error']} checks"
    if totals["passed"] + totals["expected"] == 0:
        return "could-not-judge", "nothing was checked: every selected scenario was skipped"
    return "conformant", "every selected check that applies to this server passed"


def _matrix(tests: list[dict], advertised: set[str], groups: list[dict]) -> dict:
    """Capability x verdict counts. A scenario counts in the row of each capability it needs, or in the
    core row; one beyond the docs only in the beyond-the-docs row. Each row links its failures (the
    failure group that explains each) and counts the probes that worked though not advertised."""
    group_of = {s["id"]: i for i, g in enumerate(groups, 1) for s in g["scenarios"]}
    rows: dict[str, dict] = {}
    for t in tests:
        for cap in [BEYOND] if t.get("beyond_docs") else (t["capabilities"] or [CORE]):
            row = rows.setdefault(cap, {"counts": Counter({v: 0 for v in VERDICTS}), "failures": [], "works": 0})
            row["counts"][t["verdict"]] += 1
            row["works"] += bool(t.get("works_not_advertised"))
            if t["id"] in group_of:
                row["failures"].append({"id": t["id"], "name": t["name"], "group": group_of[t["id"]]})
    special = [c for c in (CORE, BEYOND) if c in rows]
    ordered = [c for c in special if c == CORE] + sorted(c for c in rows if c not in special) \
        + [c for c in special if c == BEYOND]
    return {
        "rows": [{"capability": cap, "advertised": None if cap in (CORE, BEYOND) else cap in advertised,
                  **{v: rows[cap]["counts"][v] for v in VERDICTS}, "works_not_advertised": rows[cap]["works"],
                  "failures": rows[cap]["failures"]} for cap in ordered],
        # Advertised, but no scenario of this run is tagged with it (deselected ones do not count here).
        "untested": sorted(advertised - set(rows)),
    }


def _groups(tests: list[dict]) -> list[dict]:
    """Failures grouped by cause: the same broken rule is one group naming every scenario it broke."""
    groups: dict[tuple[str, str], dict] = {}
    for t in tests:
        if t["verdict"] not in ("failed", "error"):
            continue
        group = groups.setdefault((t["verdict"], t["cause"]), {"verdict": t["verdict"], "cause": t["cause"],
                                                             "example": t, "scenarios": []})
        group["scenarios"].append({"feature": t["feature"], "name": t["name"], "id": t["id"]})
    return sorted(groups.values(), key=lambda g: (g["verdict"] != "failed", -len(g["scenarios"])))


def build_summary(*, tests, selection, problem, interrupted, target, http, started, coverage, removed,
                  stopped: str | None = None, expectations: dict | None = None) -> dict:
    totals = Counter({v: 0 for v in VERDICTS})
    for t in tests:
        totals[t["verdict"]] += 1
    verdict, reason = _verdict(totals, problem, selection)
    # Selected but never run: the run was interrupted (a signal) or stopped (-x, --maxfail).
    not_run = max(0, selection["selected"] - len(tests)) if selection is not None and not problem else 0
    how = "the run was interrupted" if interrupted else f"the run was stopped ({stopped})" if stopped else ""
    never = f"{not_run} of {selection['selected']} selected tests never ran" if not_run else ""
    if verdict == "not-conformant":
        # A broken rule is the verdict whatever stopped the run; what never ran is said beside it.
        if how or never:
            reason += "; " + ", ".join(x for x in (how, never) if x)
    elif interrupted or not_run:
        ran = f"{len(tests)} ran ({totals['passed']} passed, {totals['skipped']} skipped, {totals['expected']} " \
              f"expected failures, {totals['error']} errors)"
        verdict = "could-not-judge"
        reason = "; ".join(x for x in (how, never, ran if not problem else problem) if x)
    partial = selection is not None and 0 < selection["selected"] < selection["total"]
    groups = _groups(tests)
    line = verdict + (f" (partial: {selection['selected']} of {selection['total']} scenarios)" if partial else "")
    return {
        "schema": SCHEMA_ID,
        "verdict": verdict,
        "verdict_line": line,
        "reason": reason,
        "selection": selection or {"selected": 0, "total": 0, "partial": False},
        "not_run": not_run,
        "target": target,
        "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(started)),
        "duration_s": round(time.time() - started, 3),
        "totals": dict(totals),
        "http": {"requests": http["requests"], "seconds": round(http["seconds"], 3)},
        "capability_matrix": _matrix(tests, set(target.get("features") or []), groups),
        "failure_groups": groups,
        "scenarios": sorted(tests, key=lambda t: (t["feature"], t["name"])),
        "status_coverage": sorted([list(s) for s in coverage]),
        "cleanup": {"removed": list(removed)},
        **({"expectations": expectations} if expectations is not None else {}),
    }


def write_reports(doc: dict, report_dir: Path) -> None:
    report_dir.mkdir(parents=True, exist_ok=True)
    (report_dir / "summary.json").write_text(json.dumps(doc, indent=2, ensure_ascii=False), encoding="utf-8")
    (report_dir / "junit.xml").write_text(junit.render(doc), encoding="utf-8")
    html = pages.render("report.html", doc=doc, verdicts=VERDICTS)
    (report_dir / "report.html").write_text(html, encoding="utf-8")
