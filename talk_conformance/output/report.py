"""The results document, and the reports written from it: summary.json, junit.xml, report.html.

The collector runs where every test report arrives (the xdist controller, or the only process) and
builds one document; the three files are renderings of that document, and the process's exit status
is its verdict, so the console, the files and the exit code never disagree.
"""

from __future__ import annotations

import functools
import json
import re
import signal
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from talk_conformance.output import junit, pages
from talk_conformance.plugin import selection, verdicts
from talk_conformance.run import masking
from talk_conformance.spec import contract, deviations
from talk_conformance.plugin.verdicts import VERDICTS

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
            "location": getattr(report, "talk_location", ""), "docs": getattr(report, "docs", ""),
            "without_capabilities": list(getattr(report, "without_capabilities", [])),
            "operation": None, "fuzz_seed": None,
        })
        if getattr(report, "fuzz_seed", None) is not None:
            entry["fuzz_seed"] = report.fuzz_seed
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
            entry["operation"] = getattr(report, "operation", None)

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

    def row_of(cap):
        return rows.setdefault(cap, {"counts": Counter({v: 0 for v in VERDICTS}), "failures": [], "works": 0,
                                     "beyond": 0})
    for t in tests:
        # A check beyond the docs is reported, never failed, in its own row; one that failed all the same
        # broke a documented rule on the way (the contract): that failure counts where its capability is.
        beyond = t.get("beyond_docs") and t["verdict"] not in ("failed", "error")
        for cap in [BEYOND] if beyond else (t["capabilities"] or [CORE]):
            row = row_of(cap)
            row["counts"][t["verdict"]] += 1
            row["works"] += bool(t.get("works_not_advertised"))
            if t["id"] in group_of:
                row["failures"].append({"id": t["id"], "name": t["name"], "group": group_of[t["id"]]})
        if beyond:  # its capabilities have a scenario all the same: listed, with the count beyond the docs
            for cap in t["capabilities"]:
                row_of(cap)["beyond"] += 1
    tagged = {c for t in tests for c in [*t["capabilities"], *t.get("without_capabilities", [])]}
    special = [c for c in (CORE, BEYOND) if c in rows]
    ordered = [c for c in special if c == CORE] + sorted(c for c in rows if c not in special) \
        + [c for c in special if c == BEYOND]
    return {
        "rows": [{"capability": cap, "advertised": None if cap in (CORE, BEYOND) else cap in advertised,
                  **{v: rows[cap]["counts"][v] for v in VERDICTS}, "works_not_advertised": rows[cap]["works"],
                  "beyond_docs": rows[cap]["beyond"], "failures": rows[cap]["failures"]} for cap in ordered],
        # Advertised, but no scenario of this run is tagged with it (@capability or @without-capability;
        # deselected ones do not count here).
        "untested": sorted(advertised - tagged),
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
    html = pages.render("report.html", doc=doc, verdicts=VERDICTS, view=triage(doc))
    (report_dir / "report.html").write_text(html, encoding="utf-8")


# --- The HTML report's triage aids, built from the document (summary.json holds the same facts). ---

# A schema problem's JSON path: "$.ocs.data.lastPing: ..." or "`$.ocs.data.lastPing` ...".
_PATH = re.compile(r"(?:(?<=\s)|^)`?(\$(?:\.[^\s.\[:`]+|\[\d+\])*)(?:`|(?=:))(?::)? ")
_STATUS = re.compile(r"answered (\d{3}), the docs say (\d{3}[^;\n]*)")
_CURL = "Reproduce with: curl"
ALWAYS_SHOWN_HEADERS = ("content-type", "x-request-id")


@functools.cache
def _api() -> tuple[dict, frozenset[str]]:
    """The operations of openapi.yaml by operationId (method, path, documented statuses), and every
    response header it documents: a transcript shows those (and X-Request-Id), the rest folded."""
    from talk_conformance.spec import profile

    prof = profile.default()
    operations, headers = {}, set(ALWAYS_SHOWN_HEADERS)
    for op_id, op in prof.operations.items():
        statuses = []
        for code, response in sorted((op.raw.get("responses") or {}).items(), key=lambda kv: str(kv[0])):
            response = prof._resolve(response)
            statuses.append({"status": str(code), "description": (response or {}).get("description", "")})
            headers.update(h.lower() for h in ((response or {}).get("headers") or {}))
        operations[op_id] = {"id": op_id, "title": op.title, "summary": op.raw.get("summary", ""),
                             "description": op.raw.get("description", ""), "statuses": statuses}
    return operations, frozenset(headers)


def _pretty(value, marks: set[str]) -> list[dict]:
    """JSON indented two spaces, one line each, a line marked when it holds a field the problems name
    (the paths are jsonschema's: ``$.ocs.data[0].lastPing``)."""
    lines: list[dict] = []

    def emit(v, path, indent, prefix, last):
        comma = "" if last else ","
        pad = "  " * indent
        marked = path in marks
        if isinstance(v, dict) and v:
            lines.append({"text": f"{pad}{prefix}{{", "marked": marked})
            for i, (k, item) in enumerate(v.items()):
                emit(item, f"{path}.{k}", indent + 1, json.dumps(k, ensure_ascii=False) + ": ", i == len(v) - 1)
            lines.append({"text": f"{pad}}}{comma}", "marked": marked})
        elif isinstance(v, list) and v:
            lines.append({"text": f"{pad}{prefix}[", "marked": marked})
            for i, item in enumerate(v):
                emit(item, f"{path}[{i}]", indent + 1, "", i == len(v) - 1)
            lines.append({"text": f"{pad}]{comma}", "marked": marked})
        else:
            lines.append({"text": f"{pad}{prefix}{json.dumps(v, ensure_ascii=False)}{comma}", "marked": marked})

    emit(value, "$", 0, "", True)
    return lines


def _at(value, path: str):
    """The value at a jsonschema path, or a marker that it is absent."""
    for name, index in re.findall(r"\.([^.\[]+)|\[(\d+)\]", path[1:]):
        try:
            value = value[int(index)] if index else value[name]
        except (KeyError, IndexError, TypeError):
            return "(absent)"
    return json.dumps(value, ensure_ascii=False)


def _expected(what: str) -> str:
    """What the docs want, from the problem's wording (the offending value and notes left out)."""
    what = re.sub(r" \((the value: .*|known deviation .*)\)$", "", what)
    for pattern, replacement in ((r"^(?:.*? )?is not of type (.*)$", r"of type \1"),
                                 (r"^lacks (.*), a required property.*$", r"the property \1"),
                                 (r"^(.*) is a required property.*$", r"the property \1"),
                                 (r"^(?:.*? )?is not one of (.*)$", r"one of \1"),
                                 (r"^(?:.*? )?is not valid under any of the given schemas(.*)$", r"a documented shape\1")):
        if re.match(pattern, what):
            return re.sub(pattern, replacement, what)
    return what


def _comparison(message: str, exchange: dict | None) -> list[dict]:
    """Expected (the docs) versus actual (the server): a row per problem the message states."""
    rows = []
    for line in message.splitlines():
        status = _STATUS.search(line)
        if status:
            rows.append({"field": "HTTP status", "expected": status[2], "actual": status[1]})
            continue
        found = _PATH.search(line)
        if found:
            what = line[found.end():]
            actual = _at(exchange.get("body"), found[1]) if exchange and exchange.get("body") is not None else "?"
            rows.append({"field": found[1], "expected": _expected(what), "actual": actual})
    return rows


def _curl(message: str, actor: str, removed: list[str]) -> tuple[str, str]:
    """The message without its curl line where the account it needs is gone, and a note naming the
    account it needs (its credentials are masked in the line)."""
    if _CURL not in message:
        return message, ""
    role = actor[actor.find("(") + 1:actor.find(")")] if "(" in actor else actor
    gone = next((name for name in removed if name.endswith("-" + role)), None)
    if gone:
        kept = "\n".join(l for l in message.splitlines() if not l.startswith(_CURL))
        return kept, (f"The curl line is left out: it needs the {role} account {gone}, which the run deleted "
                      f"at its end.")
    given = {"owner": "first", "moderator": "second", "user": "third", "stranger": "fourth"}.get(role)
    which = f" (the {given} --user of the run)" if given else ""
    return message, (f"The curl line needs the {role} account{which}: put its user name and app password in "
                     f"place of the masked Authorization header (-u USER:PASSWORD).")


def _replay(t: dict, base_url: str | None) -> str:
    """The command line that replays a fuzz test with its seed (hypothesis' --hypothesis-seed)."""
    if t.get("fuzz_seed") is None:
        return ""
    function, _, param = t["id"].split("::")[-1].partition("[")
    keyword = f"{function} and {param.rstrip(']')}" if param else function
    target = f"--base-url {base_url} " if base_url else ""
    return (f"TALK_ADMIN=ADMIN:PASSWORD talk-conformance run {target}-- -m fuzz -p _hypothesis_pytestplugin "
            f"--hypothesis-seed={t['fuzz_seed']} -k '{keyword}'")


def _exchange_view(e: dict, marks: set[str]) -> dict:
    _, shown = _api()
    headers = e.get("response_headers") or {}
    return {**e, "shown_headers": {k: v for k, v in headers.items() if k.lower() in shown},
            "folded_headers": {k: v for k, v in headers.items() if k.lower() not in shown},
            "pretty": _pretty(e["body"], marks) if e.get("body") is not None else None}


def triage(doc: dict) -> dict:
    """What the HTML report shows beside the document: per failure group its location, operation,
    docs, expected-versus-actual rows, pretty bodies with the offending fields marked, folded
    headers, the curl note and the fuzz replay command; and the operations those failures name."""
    operations, _ = _api()
    removed = doc.get("cleanup", {}).get("removed", [])
    failures, named = [], []
    for g in doc.get("failure_groups", []):
        t = g["example"]
        broke = next((e for e in t.get("exchanges", []) if e.get("broke")), None)
        marks = {m[1] for m in _PATH.finditer(t.get("message", ""))}
        message, curl_note = _curl(t.get("message", ""), (broke or {}).get("actor", "owner"), removed)
        op = t.get("operation") or (broke or {}).get("operation")
        if op in operations and op not in named:
            named.append(op)
        failures.append({
            "message": message, "curl_note": curl_note, "operation": op if op in operations else None,
            "comparison": _comparison(t.get("message", ""), broke), "replay": _replay(t, doc["target"].get("base_url")),
            "exchanges": [_exchange_view(e, marks if e.get("broke") else set()) for e in t.get("exchanges", [])
                          if "status" in e],
            "locations": {s["id"]: next((x.get("location", "") for x in doc["scenarios"] if x["id"] == s["id"]), "")
                          for s in g["scenarios"]},
        })
    return {"failures": failures, "operations": [operations[o] for o in named]}
