"""The results document, and the reports written from it: summary.json, junit.xml, report.html.

The collector runs where every test report arrives (the xdist controller, or the only process) and
builds one document; the three files are renderings of that document, and the process's exit status
is its verdict, so the console, the files and the exit code never disagree.
"""

from __future__ import annotations

import functools
import json
import time
from collections import Counter
from pathlib import Path

from talk_conformance.output import junit, pages, results
from talk_conformance.output.results import RunVerdict
from talk_conformance.spec import capabilities
from talk_conformance.spec.problem import Problem

SCHEMA_ID = "talk-conformance/summary/v1"
CORE = "(no capability needed)"
BEYOND = "(beyond the docs)"  # checks no document states: reported here, never failed
# Every verdict a test can get, in the order the outputs list them.
VERDICTS = results.VERDICTS


def _verdict(totals: Counter, problem: str | None, chosen: dict | None, causes: list[dict]) -> tuple[str, str]:
    if problem:
        return RunVerdict.COULD_NOT_JUDGE.value, problem
    if chosen is not None and chosen["selected"] == 0:
        return RunVerdict.COULD_NOT_JUDGE.value, "no scenario was selected: nothing was checked"
    if totals["failed"]:
        return RunVerdict.NOT_CONFORMANT.value, results.headline(causes, totals["failed"])
    if totals["error"]:
        return RunVerdict.COULD_NOT_JUDGE.value, f"the suite could not judge {totals['error']} checks"
    if totals["passed"] + totals["expected"] == 0:
        return RunVerdict.COULD_NOT_JUDGE.value, "nothing was checked: every selected scenario was skipped"
    return RunVerdict.CONFORMANT.value, "every selected check that applies to this server passed"


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
        # The same capabilities as the reports show them: advertised, not judged (never passed), each
        # with the family the suite deliberately leaves out, if it is one of those.
        "not_judged": not_judged(advertised - tagged),
    }


def not_judged(names) -> list[dict]:
    """Advertised capabilities no scenario judged: the deliberately unjudged families first, in the
    order of capabilities.NOT_JUDGED, then the rest by name."""
    entries = []
    for name in names:
        family = capabilities.not_judged_family(name)
        entries.append({"capability": name, "family": family.family if family else None,
                        "reason": f"the suite does not judge {family.family} yet ({family.why})" if family
                        else "no scenario of this run is tagged with it"})
    order = {c: i for i, c in enumerate(c for f in capabilities.NOT_JUDGED for c in f.capabilities)}
    return sorted(entries, key=lambda e: (e["family"] is None, order.get(e["capability"], 0), e["capability"]))


def not_judged_rows(matrix: dict) -> list[dict]:
    """The not-judged capabilities as rows of the report's matrix: one per deliberately unjudged family,
    then one for the rest."""
    rows: dict[str | None, list[str]] = {}
    for entry in matrix.get("not_judged") or []:
        rows.setdefault(entry["family"], []).append(entry["capability"])
    return [{"family": family, "capabilities": caps,
             "reason": next(e["reason"] for e in matrix["not_judged"] if e["capability"] == caps[0])}
            for family, caps in rows.items()]


def _groups(tests: list[dict]) -> list[dict]:
    """Failures grouped by cause: the same broken rule is one group naming every scenario it broke."""
    groups: dict[tuple, dict] = {}
    for t in tests:
        if t["verdict"] not in ("failed", "error"):
            continue
        group = groups.setdefault(results.group_key(t), {"verdict": t["verdict"], "cause": t["cause"],
                                                         "example": t, "scenarios": []})
        group["scenarios"].append({"feature": t["feature"], "name": t["name"], "id": t["id"]})
    return sorted(groups.values(), key=lambda g: (g["verdict"] != "failed", -len(g["scenarios"])))


THROTTLED_LISTED = 200  # the throttled requests summary.json names one by one (all are counted)


def throttling(http: dict) -> dict:
    """The requests the server throttled (429 Too Many Requests) that were sent again after its
    Retry-After: how many, the retries, the seconds waited, and each (the first THROTTLED_LISTED)."""
    entries = sorted(http.get("throttled") or [], key=lambda e: e["request_id"])
    return {"throttled": len(entries), "retries": sum(e["retries"] for e in entries),
            "waited_s": round(sum(e["waited_s"] for e in entries), 3),
            "throttled_requests": entries[:THROTTLED_LISTED]}


def throttling_line(http: dict) -> str:
    """One sentence for the console and the report; empty when nothing was throttled."""
    n = http.get("throttled") or 0
    if not n:
        return ""
    retries = http.get("retries", 0)
    return (f"{n} request{'s were' if n != 1 else ' was'} throttled by the server (429 Too Many Requests) and "
            f"sent again after its Retry-After: {retries} retr{'ies' if retries != 1 else 'y'}, "
            f"{http.get('waited_s', 0):g} s waited; a 429 is never judged")


def build_summary(*, tests, selection, problem, interrupted, target, http, started, coverage, removed,
                  stopped: str | None = None, expectations: dict | None = None) -> dict:
    totals = Counter({v: 0 for v in VERDICTS})
    for t in tests:
        totals[t["verdict"]] += 1
    causes = results.causes(tests)
    verdict, reason = _verdict(totals, problem, selection, causes)
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
        "http": {"requests": http["requests"], "seconds": round(http["seconds"], 3), **throttling(http)},
        "capability_matrix": _matrix(tests, set(target.get("features") or []), groups),
        "failure_groups": groups,
        "causes": causes,
        "scenarios": sorted(tests, key=lambda t: (t["feature"], t["name"])),
        "status_coverage": sorted([list(s) for s in coverage]),
        "cleanup": {"removed": list(removed)},
        **({"expectations": expectations} if expectations is not None else {}),
    }


def write_reports(doc: dict, report_dir: Path) -> None:
    report_dir.mkdir(parents=True, exist_ok=True)
    (report_dir / "summary.json").write_text(json.dumps(doc, indent=2, ensure_ascii=False), encoding="utf-8")
    (report_dir / "junit.xml").write_text(junit.render(doc), encoding="utf-8")
    html = pages.render("report.html", doc=doc, verdicts=VERDICTS, view=triage(doc),
                        throttled=throttling_line(doc["http"]), not_judged=not_judged_rows(doc["capability_matrix"]))
    (report_dir / "report.html").write_text(html, encoding="utf-8")


def could_not_judge(report_dir: Path, reason: str) -> None:
    """Reports for a run that never started (a malformed option): CI always finds them."""
    write_reports(build_summary(tests=[], selection=None, problem=reason, interrupted=False,
                                target={"base_url": None, "version": "", "features": [], "profile": None,
                                        "description": None},
                                http={"requests": 0, "seconds": 0.0}, started=time.time(), coverage=set(),
                                removed=[]), report_dir)


# --- The HTML report's triage aids, built from the document (summary.json holds the same facts). ---

_CURL = "Reproduce with: curl"
ALWAYS_SHOWN_HEADERS = ("content-type", "x-request-id")


@functools.cache
def _api(api: str | None) -> tuple[dict, frozenset[str]]:
    """The operations of the run's API version's document (openapi.yaml, openapi-v4.yaml) by
    operationId (method, path, documented statuses), and every response header it documents: a
    transcript shows those (and X-Request-Id), the rest folded."""
    from talk_conformance.spec import profile

    prof = profile.by_name(api) if api else profile.PROFILES[0]
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


def _at(value, at: list) -> str:
    """The value at a problem's place in the body (the segments of its JSON pointer), or a marker
    that it is absent."""
    for segment in at:
        try:
            value = value[segment]
        except (KeyError, IndexError, TypeError):
            return "(absent)"
    return json.dumps(value, ensure_ascii=False)


def _comparison(problems: list[Problem], exchange: dict | None) -> list[dict]:
    """Expected (the docs) versus actual (the server): a row per problem about a status or a field."""
    rows = []
    for p in problems:
        if p.kind == "status":
            rows.append({"field": "HTTP status", "expected": f"{p.expected} {p.detail}".strip(),
                         "actual": str(p.status)})
        elif p.kind == "undocumented-status":
            rows.append({"field": "HTTP status", "expected": f"one of {p.expected}", "actual": str(p.status)})
        elif p.kind == "schema":
            body = exchange.get("body") if exchange else None
            rows.append({"field": p.json_path, "expected": p.expected,
                         "actual": _at(body, list(p.at)) if body is not None else "?"})
    return rows


def _curl(message: str, actor: str, removed: list[str]) -> tuple[str, str]:
    """The message without its curl line where the account it needs is gone, and a note naming the
    account it needs (its credentials are masked in the line)."""
    if _CURL not in message:
        return message, ""
    role = actor[actor.find("(") + 1:actor.find(")")] if "(" in actor else actor
    gone = next((name for name in removed if name.endswith("-" + role)), None)
    if gone:
        kept = "\n".join(ln for ln in message.splitlines() if not ln.startswith(_CURL))
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


def _exchange_view(e: dict, marks: set[str], shown: frozenset[str]) -> dict:
    headers = e.get("response_headers") or {}
    return {**e, "shown_headers": {k: v for k, v in headers.items() if k.lower() in shown},
            "folded_headers": {k: v for k, v in headers.items() if k.lower() not in shown},
            "pretty": _pretty(e["body"], marks) if e.get("body") is not None else None}


def triage(doc: dict) -> dict:
    """What the HTML report shows beside the document: per failure group its location, operation,
    docs, expected-versus-actual rows, pretty bodies with the offending fields marked, folded
    headers, the curl note and the fuzz replay command; and the operations those failures name."""
    operations, shown = _api(doc["target"].get("profile"))
    removed = doc.get("cleanup", {}).get("removed", [])
    failures, named = [], []
    for g in doc.get("failure_groups", []):
        t = g["example"]
        broke = next((e for e in t.get("exchanges", []) if e.get("broke")), None)
        problems = results.problems_of(t)
        marks = {p.json_path for p in problems if p.kind in ("schema", "envelope") and p.at}
        message, curl_note = _curl(t.get("message", ""), (broke or {}).get("actor", "owner"), removed)
        op = t.get("operation") or (broke or {}).get("operation")
        if op in operations and op not in named:
            named.append(op)
        failures.append({
            "message": message, "curl_note": curl_note, "operation": op if op in operations else None,
            "comparison": _comparison(problems, broke), "replay": _replay(t, doc["target"].get("base_url")),
            "exchanges": [_exchange_view(e, marks if e.get("broke") else set(), shown) for e in t.get("exchanges", [])
                          if "status" in e],
            "locations": {s["id"]: next((x.get("location", "") for x in doc["scenarios"] if x["id"] == s["id"]), "")
                          for s in g["scenarios"]},
        })
    return {"failures": failures, "operations": [operations[o] for o in named]}
