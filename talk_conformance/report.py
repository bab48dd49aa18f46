"""Reports: summary.json and a self-contained report.html (JUnit XML is pytest's own --junitxml).

The collector runs where every test report arrives (the xdist controller, or the only process) and
builds one results document; the HTML is rendered from that same document, so the two never disagree.
"""

from __future__ import annotations

import json
import time
from collections import Counter, defaultdict
from pathlib import Path

import jinja2
import pytest

from talk_conformance import secrets

VERDICTS = ("passed", "failed", "skipped", "error")
# Worst first: the verdict of a test is the worst of its phases.
_RANK = {"error": 3, "failed": 2, "skipped": 1, "passed": 0}
CORE = "(no capability needed)"


class ReportCollector:
    def __init__(self, config: pytest.Config, report_dir: Path):
        self.config = config
        self.report_dir = report_dir
        self.started = time.time()
        self.tests: dict[str, dict] = {}
        self.seen_statuses: set[tuple] = set()
        self.http = {"requests": 0, "seconds": 0.0}

    @pytest.hookimpl(optionalhook=True)
    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        entry = self.tests.setdefault(report.nodeid, {
            "id": report.nodeid,
            "feature": getattr(report, "feature", "") or report.nodeid.split("::")[0],
            "name": getattr(report, "scenario", "") or report.nodeid.split("::")[-1],
            "capabilities": list(getattr(report, "capabilities", [])),
            "verdict": "passed", "message": "", "transcript": "", "duration": 0.0,
        })
        entry["duration"] += report.duration
        self.http["requests"] += getattr(report, "http_requests", 0)
        self.http["seconds"] += getattr(report, "http_seconds", 0.0)
        self.seen_statuses.update(tuple(s) for s in getattr(report, "seen_statuses", []))
        verdict = getattr(report, "verdict", report.outcome)
        if _RANK.get(verdict, 0) > _RANK[entry["verdict"]]:
            entry["verdict"] = verdict
            if report.skipped and isinstance(report.longrepr, tuple):
                entry["message"] = str(report.longrepr[2]).removeprefix("Skipped: ")
            elif report.longrepr is not None:
                entry["message"] = secrets.mask(getattr(report, "message", "") or str(report.longrepr))
            entry["transcript"] = secrets.mask(getattr(report, "transcript", "") or "")

    def pytest_sessionfinish(self, session: pytest.Session, exitstatus) -> None:
        owner = self.config.pluginmanager.get_plugin("talk-run-owner")
        run = owner.run if owner else None
        doc = build_summary(
            tests=list(self.tests.values()),
            target=({"base_url": run.base_url, "version": run.version, "features": run.features}
                    if run else {"base_url": None, "version": "", "features": []}),
            http=self.http, started=self.started, seen_statuses=self.seen_statuses,
        )
        write_reports(doc, self.report_dir)


def build_summary(*, tests, target, http, started, seen_statuses) -> dict:
    totals = Counter({v: 0 for v in VERDICTS})
    matrix: dict[str, Counter] = defaultdict(lambda: Counter({v: 0 for v in VERDICTS}))
    for t in tests:
        totals[t["verdict"]] += 1
        for cap in t["capabilities"] or [CORE]:
            matrix[cap][t["verdict"]] += 1
    advertised = set(target["features"])
    for cap in advertised:
        matrix[cap]  # every advertised capability gets a row, tested or not
    rows = {cap: {**counts, "advertised": cap == CORE or cap in advertised} for cap, counts in sorted(matrix.items())}
    return {
        "target": target,
        "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(started)),
        "duration_s": round(time.time() - started, 3),
        "totals": dict(totals),
        "http": {"requests": http["requests"], "seconds": round(http["seconds"], 3)},
        "capability_matrix": rows,
        "scenarios": sorted(tests, key=lambda t: (t["feature"], t["name"])),
        "status_coverage": sorted([list(s) for s in seen_statuses]),
    }


def write_reports(doc: dict, report_dir: Path) -> None:
    report_dir.mkdir(parents=True, exist_ok=True)
    (report_dir / "summary.json").write_text(json.dumps(doc, indent=2, ensure_ascii=False), encoding="utf-8")
    env = jinja2.Environment(loader=jinja2.PackageLoader("talk_conformance", "templates"),
                             autoescape=True, trim_blocks=True, lstrip_blocks=True)
    html = env.get_template("report.html").render(doc=doc, verdicts=VERDICTS)
    (report_dir / "report.html").write_text(html, encoding="utf-8")
