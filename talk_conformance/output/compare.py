"""`talk-conformance compare DIR...`: several runs' reports side by side, on one self-contained page.

Each DIR is a report directory (its ``summary.json``). The page has a column per run, named by the
server's URL, its Nextcloud version and the date of the run (never the folder's name), with partial
and stopped runs marked; a row per capability (the matrix) and per scenario, each cell that server's
verdict. A row differs when two runs that ran it disagree: a scenario a run did not run (deselected,
or never reached before the run stopped) is "not run", never a difference. The rows that differ can
be shown alone, so the page answers "what does server A do that server B does not?".
"""

from __future__ import annotations

import json
from pathlib import Path

from talk_conformance.output import pages
from talk_conformance.output.report import BEYOND, SCHEMA_ID
from talk_conformance.output.results import BY_SEVERITY

SEVERITY = BY_SEVERITY


class CompareError(ValueError):
    """A report directory cannot be compared; the message is one line."""


def load(directory: Path) -> dict:
    path = Path(directory) / "summary.json"
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CompareError(f"{directory} holds no summary.json (is it a report directory?)") from None
    except ValueError as exc:
        raise CompareError(f"{path} is not JSON: {exc}") from None
    if doc.get("schema") != SCHEMA_ID:
        raise CompareError(f"{path} is not a talk-conformance summary ({SCHEMA_ID})")
    return doc


NOT_RUN = "absent"  # the cell's verdict where the run did not run the row: never a difference


def _differs(cells: list[dict]) -> bool:
    return len({c["verdict"] for c in cells if c["verdict"] != NOT_RUN}) > 1


def _stopped(doc: dict) -> str:
    """"stopped" (with how many selected tests never ran) for a run a signal, -x or --maxfail ended early."""
    reason = str(doc.get("reason", ""))
    never = doc.get("not_run") or 0
    if not (never or "the run was interrupted" in reason or "the run was stopped" in reason):
        return ""
    selected = (doc.get("selection") or {}).get("selected", 0)
    return "stopped" + (f": {never} of {selected} selected tests never ran" if never else "")


def label(doc: dict) -> dict:
    """A run's column: the server's URL, its Nextcloud version, the date; partial and stopped marked."""
    target = doc.get("target") or {}
    started = str(doc.get("started", ""))
    date = started.replace("T", " ").removesuffix("Z")[:16] + (" UTC" if started.endswith("Z") else "")
    chosen = doc.get("selection") or {}
    marks = []
    if _stopped(doc):
        marks.append(_stopped(doc))
    if chosen.get("partial"):
        marks.append(f"partial: {chosen.get('selected', 0)} of {chosen.get('total', 0)} scenarios")
    server = target.get("base_url") or target.get("description") or "embedded server"
    name = f"{server} · Nextcloud {target.get('version') or '?'} · {date or '?'}"
    return {"name": name, "marks": marks}


def _matrix_cell(row: dict | None) -> dict:
    """One capability of one server: its verdict in a word, and the counts behind it."""
    if row is None:
        return {"verdict": NOT_RUN, "text": "not run", "title": "no scenario of this capability ran"}
    counts = {v: row.get(v, 0) for v in SEVERITY}
    works = row.get("works_not_advertised", 0)
    if counts["failed"]:
        verdict = "failed"
    elif counts["error"]:
        verdict = "error"
    elif counts["passed"] and not counts["skipped"]:
        verdict = "passed"
    elif works:
        verdict = "works"
    elif counts["skipped"] and not counts["passed"]:
        verdict = "skipped"
    else:
        verdict = "mixed" if counts["passed"] else "expected"
    if row.get("capability") == BEYOND and verdict == "expected":
        verdict = "reported"  # checks no document states: reported, never failed
    text = ", ".join(f"{n} {'reported' if v == 'expected' and row.get('capability') == BEYOND else v}"
                     for v, n in counts.items() if n)
    if not any(counts.values()) and row.get("beyond_docs"):
        # its only scenarios are checks beyond the docs, counted in that row
        verdict, text = "reported", f"{row['beyond_docs']} beyond the docs"
    if works:
        text += f" ({works} works, not advertised)"
    advertised = {True: "advertised", False: "not advertised", None: ""}[row.get("advertised")]
    return {"verdict": verdict, "text": text or "0", "title": advertised}


def build(docs: list[dict], folders: list[str] | None = None) -> dict:
    """The comparison as data: servers (columns), capability rows and scenario rows."""
    folders = folders or [""] * len(docs)
    servers = [{**label(d), "folder": folder, "url": d["target"].get("base_url") or "",
                "version": d["target"].get("version") or "", "started": d.get("started", ""),
                "verdict": d.get("verdict", ""), "features": len(d["target"].get("features") or [])}
               for d, folder in zip(docs, folders)]
    seen: dict[str, int] = {}
    for server in servers:  # two runs of one server in the same minute: numbered, never confused
        seen[server["name"]] = seen.get(server["name"], 0) + 1
        if seen[server["name"]] > 1:
            server["name"] += f" (#{seen[server['name']]})"
    caps: list[str] = []
    for d in docs:
        caps += [r["capability"] for r in d["capability_matrix"]["rows"] if r["capability"] not in caps]
    capability_rows = []
    for cap in caps:
        cells = [_matrix_cell(next((r for r in d["capability_matrix"]["rows"] if r["capability"] == cap), None))
                 for d in docs]
        capability_rows.append({"name": cap, "cells": cells, "differs": _differs(cells)})
    keys: list[tuple[str, str]] = []
    by_server = []
    for d in docs:
        tests = {(t["feature"], t["name"]): t for t in d["scenarios"]}
        by_server.append(tests)
        keys += [k for k in tests if k not in keys]
    scenario_rows = []
    for feature, name in sorted(keys):
        cells = []
        for tests in by_server:
            t = tests.get((feature, name))
            if t is None:
                cells.append({"verdict": NOT_RUN, "text": "not run", "title": "this run did not run it"})
                continue
            verdict = "works" if t.get("works_not_advertised") else t["verdict"]
            cells.append({"verdict": verdict, "text": "works, not advertised" if verdict == "works" else t["verdict"],
                          "title": (t.get("message") or "")[:500]})
        scenario_rows.append({"feature": feature, "name": name, "cells": cells, "differs": _differs(cells)})
    rows: list[dict] = capability_rows + scenario_rows
    return {"servers": servers, "capabilities": capability_rows, "scenarios": scenario_rows,
            "differences": sum(r["differs"] for r in rows),
            # rows at least two runs ran: the only ones that can differ
            "comparable": sum(len([c for c in r["cells"] if c["verdict"] != NOT_RUN]) > 1 for r in rows)}


def write(directories: list[Path], output: Path) -> dict:
    if len(directories) < 2:
        raise CompareError("compare needs at least two report directories")
    docs = [load(d) for d in directories]
    comparison = build(docs, [str(d) for d in directories])
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(pages.render("compare.html", c=comparison), encoding="utf-8")
    return comparison
