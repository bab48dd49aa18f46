"""`talk-conformance compare DIR...`: several runs' reports side by side, on one self-contained page.

Each DIR is a report directory (its ``summary.json``). The page has a column per server (its URL,
version, release features and the date of the run) and a row per capability (the matrix) and per
scenario, each cell that server's verdict; rows whose verdicts differ are marked and can be shown
alone, so the page answers "what does server A do that server B does not?".
"""

from __future__ import annotations

import json
from pathlib import Path

from talk_conformance import pages
from talk_conformance.report import SCHEMA_ID

SEVERITY = ("failed", "error", "expected", "skipped", "passed")


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


def _matrix_cell(row: dict | None) -> dict:
    """One capability of one server: its verdict in a word, and the counts behind it."""
    if row is None:
        return {"verdict": "absent", "text": "—", "title": "no scenario of this capability ran"}
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
    text = ", ".join(f"{n} {v}" for v, n in counts.items() if n)
    if works:
        text += f" ({works} works, not advertised)"
    advertised = {True: "advertised", False: "not advertised", None: ""}[row.get("advertised")]
    return {"verdict": verdict, "text": text or "0", "title": advertised}


def build(docs: list[dict], names: list[str]) -> dict:
    """The comparison as data: servers (columns), capability rows and scenario rows."""
    servers = [{"name": name, "url": d["target"].get("base_url") or "", "version": d["target"].get("version") or "",
                "started": d.get("started", ""), "verdict": d.get("verdict", ""),
                "features": len(d["target"].get("features") or [])} for d, name in zip(docs, names)]
    caps: list[str] = []
    for d in docs:
        caps += [r["capability"] for r in d["capability_matrix"]["rows"] if r["capability"] not in caps]
    capability_rows = []
    for cap in caps:
        cells = [_matrix_cell(next((r for r in d["capability_matrix"]["rows"] if r["capability"] == cap), None))
                 for d in docs]
        capability_rows.append({"name": cap, "cells": cells, "differs": len({c["verdict"] for c in cells}) > 1})
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
                cells.append({"verdict": "absent", "text": "—", "title": "not in this run"})
                continue
            verdict = "works" if t.get("works_not_advertised") else t["verdict"]
            cells.append({"verdict": verdict, "text": "works, not advertised" if verdict == "works" else t["verdict"],
                          "title": (t.get("message") or "")[:500]})
        scenario_rows.append({"feature": feature, "name": name, "cells": cells,
                              "differs": len({c["verdict"] for c in cells}) > 1})
    return {"servers": servers, "capabilities": capability_rows, "scenarios": scenario_rows,
            "differences": sum(r["differs"] for r in capability_rows + scenario_rows)}


def write(directories: list[Path], output: Path) -> dict:
    if len(directories) < 2:
        raise CompareError("compare needs at least two report directories")
    docs = [load(d) for d in directories]
    names = [Path(d).name or str(d) for d in directories]
    comparison = build(docs, names)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(pages.render("compare.html", c=comparison), encoding="utf-8")
    return comparison
